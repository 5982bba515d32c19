using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LandMap.Core.History;

namespace LandMap.Api.Tests.Matching;

/// <summary>
/// Issue 13 §5 on real PostGIS: land found idle through the enterprise's fault is never among the candidates (not even
/// when its ledger says idle); it is listed apart as available after recovery, dated by art. 14 (two full years idle);
/// land found idle through the government's fault is neither. Zone ARZ (103°E 33°N) is this test's own.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class AfterRecoveryMatchTests(LandMapFixture fx)
{
    private const string Zone = "ARZ";
    private static DateOnly Today => ChinaDay.Today(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Land_found_idle_through_the_enterprise_is_available_after_recovery_with_its_date_never_free()
    {
        await fx.ExecuteAsync("""
            INSERT INTO zones (code, name_zh, name_en, level, city, geom, area_mu)
            VALUES ($1, '回收测试区', 'Recovery test zone', 'provincial', '测试', ST_Multi(ST_MakeEnvelope(102.99, 32.99, 103.02, 33.02, 4490)), 1000)
            ON CONFLICT (code) DO NOTHING
            """, Zone);
        var agreedLongAgo = new DateOnly(2022, 1, 10);            // idle since: recovery due 2024-01-10, reached
        var agreedLastYear = Today.AddYears(-1).AddDays(-30);     // recovery due a year from now, not yet
        await ParcelAsync("ARZ-DUE", 0, "allocated", agreedLongAgo, ("enterprise", null, new DateOnly(2023, 3, 1)));
        await ParcelAsync("ARZ-SOON", 1, "idle", agreedLastYear, ("enterprise", null, Today.AddDays(-10)));
        await ParcelAsync("ARZ-FREE", 2, "idle", null, null);
        await ParcelAsync("ARZ-GOV", 3, "allocated", agreedLongAgo, ("government", "planning-changed", new DateOnly(2023, 3, 1)));

        using var res = await fx.Client.PostAsJsonAsync("/api/match",
            new { project = new { name = "回收后用地项目", pollutionClass = "1", investmentWan = 15000, landNeedMu = 30 }, zones = new[] { Zone } });
        var m = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.True(res.StatusCode == HttpStatusCode.OK, m.ToString());

        string[] Codes(string list) => [.. m.GetProperty(list).EnumerateArray().Select(c => c.GetProperty("code").GetString()!)];
        Assert.Equal(["ARZ-FREE"], Codes("candidates"));
        Assert.Empty(Codes("nearMisses"));
        var later = m.GetProperty("afterRecovery").EnumerateArray().ToList();
        Assert.Equal(["ARZ-DUE", "ARZ-SOON"], later.Select(x => x.GetProperty("candidate").GetProperty("code").GetString()!)); // soonest first
        Assert.Equal(("2024-01-10", true, "idle-recovery"), (later[0].GetProperty("availableFrom").GetString(), later[0].GetProperty("recoveryDue").GetBoolean(),
            later[0].GetProperty("rule").GetProperty("ruleId").GetString()));
        Assert.Equal((PlanDay(agreedLastYear.AddYears(2)), false), (later[1].GetProperty("availableFrom").GetString(), later[1].GetProperty("recoveryDue").GetBoolean()));
        Assert.Equal(30, later[0].GetProperty("candidate").GetProperty("areaMu").GetDouble(), 2);
        Assert.True(later[0].GetProperty("candidate").GetProperty("score").GetDouble() > 0);
    }

    private static string PlanDay(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A 30-mu class-1 parcel, supplied (出让, not started since <paramref name="agreed"/>) with a finding when given.</summary>
    private async Task ParcelAsync(string code, int slot, string status, DateOnly? agreed, (string Cause, string? Type, DateOnly On)? finding)
    {
        await fx.ExecuteAsync("DELETE FROM idle_findings WHERE parcel_code = $1", code);
        await fx.ExecuteAsync("DELETE FROM parcels WHERE code = $1", code);
        await fx.ExecuteAsync("""
            INSERT INTO parcels (code, zone_code, geom, area_mu, gk_central_meridian, land_use, land_use_original, ownership, status,
                                 supply_type, agreed_start_on, land_price_wan)
            VALUES ($1, $2, ST_Multi(ST_MakeEnvelope(103.0 + $3 * 0.004, 33.0, 103.003 + $3 * 0.004, 33.003, 4490)), 30, 105, '100101', '100101', 'state', $4,
                    CASE WHEN $5::date IS NULL THEN NULL ELSE '出让' END, $5::date, 900)
            """, code, Zone, (double)slot, status, (object?)agreed ?? DBNull.Value);
        if (finding is { } f)
            await fx.ExecuteAsync("""
                INSERT INTO idle_findings (parcel_code, found_on, cause, government_cause_type, created_by) VALUES ($1, $2, $3, $4, 'test')
                """, code, f.On, f.Cause, (object?)f.Type ?? DBNull.Value);
    }
}
