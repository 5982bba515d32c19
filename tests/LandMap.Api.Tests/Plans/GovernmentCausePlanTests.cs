using System.Net;
using LandMap.Core.Plans;
using LandMap.Core.Revitalisation;

namespace LandMap.Api.Tests.Plans;

/// <summary>
/// A parcel found idle through the government's fault (《闲置土地处置办法》art. 8) is disposed of only by the methods art. 12
/// allows, as data/idle_land_rules.csv lists them: a plan with another method is refused naming disposalMethod.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class GovernmentCausePlanTests(LandMapFixture fx)
{
    private readonly PlanTestRows _rows = new(fx);

    [Fact]
    public async Task A_plan_for_land_idle_through_the_government_takes_only_the_methods_the_rules_allow()
    {
        var government = await _rows.ParcelAsync(offsetDeg: 0.002);
        var enterprise = await _rows.ParcelAsync(offsetDeg: 0.003);
        try
        {
            await FindingAsync(government, IdleCause.Government, "planning-changed");
            await FindingAsync(enterprise, IdleCause.Enterprise, null);

            var (status, body, _) = await _rows.SendAsync(HttpMethod.Post, "/api/plans",
                new { resourceKind = "parcel", resourceCode = government, disposalMethod = "依法收回", responsibleUnit = "自然资源分局" });
            Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{(int)status} {body}");
            var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
            Assert.Equal("disposalMethod", error.GetProperty("field").GetString());
            Assert.Contains("延长开工期限", error.GetProperty("reason").GetString());

            // Every method of the rules is accepted (one after another: a parcel has one open plan at a time).
            Assert.Contains("调整用途/规划条件", IdleLandRuleSet.Load().GovernmentCauseMethods);
            var (plan, etag) = await _rows.PlanAsync(government, method: "调整用途/规划条件");

            // Changing it to a method the rules do not allow is refused the same way; to another allowed one, accepted.
            (status, body, _) = await _rows.SendAsync(HttpMethod.Patch, $"/api/plans/{plan.GetProperty("id").GetInt64()}", new { disposalMethod = "征收闲置费" }, etag);
            Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{(int)status} {body}");
            Assert.Equal("disposalMethod", body.GetProperty("errors")[0].GetProperty("field").GetString());
            (status, body, _) = await _rows.SendAsync(HttpMethod.Patch, $"/api/plans/{plan.GetProperty("id").GetInt64()}", new { disposalMethod = "置换土地" }, etag);
            Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
            // The idle cause a plan (and the meeting view and report) shows is the finding's, not the ledger's free text.
            Assert.Equal("政府原因（已认定）：规划调整", body.GetProperty("idleReason").GetString());

            // The enterprise's fault: recovery is one of the methods.
            var (enterprisePlan, _) = await _rows.PlanAsync(enterprise, method: "依法收回");
            Assert.Equal("企业原因（已认定）", enterprisePlan.GetProperty("idleReason").GetString());

            var lists = await fx.GetJsonAsync("/api/plans/lists");
            var allowed = lists.GetProperty("disposalMethods").EnumerateArray()
                .Where(m => m.GetProperty("governmentCause").GetBoolean()).Select(m => m.GetProperty("name").GetString()!).ToList();
            Assert.Equal(PlanLists.GovernmentCauseMethods, allowed);
        }
        finally
        {
            await _rows.ExecAsync("DELETE FROM idle_findings WHERE parcel_code = ANY($1)", (object)new[] { government, enterprise });
            await _rows.DropAsync();
        }
    }

    private Task FindingAsync(string code, string cause, string? type) => _rows.ExecAsync("""
        INSERT INTO idle_findings (parcel_code, found_on, cause, government_cause_type, created_by)
        VALUES ($1, DATE '2025-06-01', $2, $3, 'test')
        """, code, cause, (object?)type ?? DBNull.Value);
}
