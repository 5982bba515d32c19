using System.Net;
using System.Text;
using System.Text.Json;
using LandMap.Core.Access;

namespace LandMap.Api.Tests.Plans;

/// <summary>一地一策 on real PostGIS: lifecycle, If-Match, milestones and overdue flags, filters, access, hostile bodies.</summary>
[Collection(LandMapCollection.Name)]
public sealed class PlansApiTests(LandMapFixture fx)
{
    private readonly PlanTestRows _rows = new(fx);

    private static string Day(DateOnly d) => PlanTestRows.Day(d);

    private static DateOnly Today => PlanTestRows.Today;

    [Fact]
    public async Task A_plan_goes_from_open_through_milestones_and_progress_to_done_with_its_outcome()
    {
        try
        {
            var code = await _rows.ParcelAsync();
            var (plan, etag) = await _rows.PlanAsync(code, milestones:
            [
                new { title = "完成企业约谈", dueOn = Day(Today.AddDays(10)) },
                new { title = "签订盘活协议", dueOn = Day(Today.AddDays(40)) },
            ]);
            Assert.Equal("\"1\"", etag);
            var id = plan.GetProperty("id").GetInt64();
            Assert.Equal((PlanTestRows.Zone, "open", 12.5, "企业资金不足"), (plan.GetProperty("zoneCode").GetString(), plan.GetProperty("status").GetString(),
                plan.GetProperty("areaMu").GetDouble(), plan.GetProperty("idleReason").GetString()));
            Assert.Equal("完成企业约谈", plan.GetProperty("nextStep").GetProperty("title").GetString());
            Assert.False(plan.GetProperty("overdue").GetBoolean());

            // A second open plan for the same parcel is refused.
            var (status, body, _) = await _rows.SendAsync(HttpMethod.Post, "/api/plans",
                new { resourceKind = "parcel", resourceCode = code, disposalMethod = "置换土地", responsibleUnit = "国土分局" });
            Assert.Equal((HttpStatusCode.Conflict, "plan-exists"), (status, body.GetProperty("code").GetString()));

            // Change the method with If-Match; the version moves to 2.
            (status, body, etag) = await _rows.SendAsync(HttpMethod.Patch, $"/api/plans/{id}", new { disposalMethod = "企业改扩建", notes = "企业有扩产意向" }, etag);
            Assert.Equal((HttpStatusCode.OK, "\"2\""), (status, etag));
            Assert.Equal(("企业改扩建", "招商中心"), (body.GetProperty("disposalMethod").GetString(), body.GetProperty("responsibleUnit").GetString()));

            // The first milestone done: the next step moves on.
            var first = body.GetProperty("milestones")[0].GetProperty("id").GetInt64();
            (status, body, _) = await _rows.SendAsync(HttpMethod.Post, $"/api/plans/{id}/milestones/{first}/complete", new { doneOn = Day(Today) });
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal((Day(Today), "key:test-editor-key"), (body.GetProperty("doneOn").GetString(), body.GetProperty("doneBy").GetString()));
            (status, body, _) = await _rows.SendAsync(HttpMethod.Post, $"/api/plans/{id}/milestones/{first}/complete", new { });
            Assert.Equal((HttpStatusCode.Conflict, "milestone-done"), (status, body.GetProperty("code").GetString()));

            (status, body, _) = await _rows.SendAsync(HttpMethod.Post, $"/api/plans/{id}/progress", new { text = "企业提交扩建方案", on = Day(Today.AddDays(-1)) });
            Assert.Equal(HttpStatusCode.Created, status);
            Assert.Equal(("key:test-editor-key", Day(Today.AddDays(-1))), (body.GetProperty("by").GetString(), body.GetProperty("on").GetString()));

            var got = await fx.GetJsonAsync($"/api/plans/{id}");
            Assert.Equal("签订盘活协议", got.GetProperty("nextStep").GetProperty("title").GetString());
            Assert.Equal(["企业提交扩建方案"], got.GetProperty("progress").EnumerateArray().Select(p => p.GetProperty("text").GetString()));
            Assert.Equal(2, got.GetProperty("version").GetInt32()); // milestones and progress do not move the version

            // The outcome closes the plan.
            var project = await CreateProjectAsync();
            (status, body, etag) = await _rows.SendAsync(HttpMethod.Post, $"/api/plans/{id}/outcome",
                new { kind = "expanded", projectId = project, investmentAddedWan = 8000, expectedOutputWan = 15000, revitalisedOn = Day(Today) }, "\"2\"");
            Assert.True(status == HttpStatusCode.OK, body.ToString());
            Assert.Equal(("done", "\"3\""), (body.GetProperty("status").GetString(), etag));
            var outcome = body.GetProperty("outcome");
            Assert.Equal(("expanded", project, 8000.0, 15000.0), (outcome.GetProperty("kind").GetString(), outcome.GetProperty("projectId").GetInt64(),
                outcome.GetProperty("investmentAddedWan").GetDouble(), outcome.GetProperty("expectedOutputWan").GetDouble()));

            // Done is done: no more progress, no second outcome, no edits; a new plan for the parcel may be opened.
            (status, body, _) = await _rows.SendAsync(HttpMethod.Post, $"/api/plans/{id}/progress", new { text = "再补充" });
            Assert.Equal((HttpStatusCode.Conflict, "plan-closed"), (status, body.GetProperty("code").GetString()));
            (status, body, _) = await _rows.SendAsync(HttpMethod.Patch, $"/api/plans/{id}", new { status = "open" }, "\"3\"");
            Assert.Equal((HttpStatusCode.Conflict, "plan-closed"), (status, body.GetProperty("code").GetString()));
            await _rows.PlanAsync(code, method: "转让/出租");
        }
        finally
        {
            await _rows.DropAsync();
        }
    }

    [Fact]
    public async Task The_lists_name_every_disposal_method_and_mark_those_allowed_for_a_government_cause()
    {
        var lists = await fx.GetJsonAsync("/api/plans/lists");
        var methods = lists.GetProperty("disposalMethods").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("governmentCause").GetBoolean());
        Assert.Equal(11, methods.Count);
        Assert.True(methods["延长开工期限"] && methods["协议有偿收回"] && methods["置换土地"]);
        Assert.False(methods["依法收回"] || methods["征收闲置费"]);
        Assert.Equal(["open", "done", "abandoned"], lists.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()));
        using var res = await fx.Anonymous.GetAsync("/api/plans/lists");
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
    }

    [Fact]
    public async Task Stale_or_missing_if_match_changes_nothing()
    {
        try
        {
            var (plan, etag) = await _rows.PlanAsync(await _rows.FactoryAsync(1200), kind: "factory");
            var id = plan.GetProperty("id").GetInt64();
            Assert.Equal(1200, plan.GetProperty("vacantFloorM2").GetDouble());
            var (status, body, _) = await _rows.SendAsync(HttpMethod.Patch, $"/api/plans/{id}", new { responsibleUnit = "经发局" });
            Assert.Equal((HttpStatusCode.PreconditionRequired, "if-match-required"), (status, body.GetProperty("code").GetString()));
            (status, _, etag) = await _rows.SendAsync(HttpMethod.Patch, $"/api/plans/{id}", new { responsibleUnit = "经发局" }, etag);
            Assert.Equal((HttpStatusCode.OK, "\"2\""), (status, etag));
            (status, body, _) = await _rows.SendAsync(HttpMethod.Patch, $"/api/plans/{id}", new { responsibleUnit = "园区办" }, "\"1\"");
            Assert.Equal((HttpStatusCode.PreconditionFailed, "version-mismatch"), (status, body.GetProperty("code").GetString()));
            (status, body, _) = await _rows.SendAsync(HttpMethod.Post, $"/api/plans/{id}/outcome",
                new { kind = "new_project", investmentAddedWan = 1, expectedOutputWan = 1, revitalisedOn = Day(Today) }, "\"1\"");
            Assert.Equal((HttpStatusCode.PreconditionFailed, "version-mismatch"), (status, body.GetProperty("code").GetString()));

            var got = await fx.GetJsonAsync($"/api/plans/{id}");
            Assert.Equal(("经发局", "open", 2), (got.GetProperty("responsibleUnit").GetString(), got.GetProperty("status").GetString(), got.GetProperty("version").GetInt32()));

            // The same values again: no new version.
            (status, _, etag) = await _rows.SendAsync(HttpMethod.Patch, $"/api/plans/{id}", new { responsibleUnit = "经发局" }, "\"2\"");
            Assert.Equal((HttpStatusCode.OK, "\"2\""), (status, etag));
        }
        finally
        {
            await _rows.DropAsync();
        }
    }

    [Fact]
    public async Task Missed_milestones_are_flagged_and_the_overdue_filter_finds_their_plans()
    {
        try
        {
            var unit = "逾期测试单位" + Guid.NewGuid().ToString("N")[..6];
            var (late, _) = await _rows.PlanAsync(await _rows.ParcelAsync(), unit: unit, milestones:
            [
                new { title = "已过期", dueOn = Day(Today.AddDays(-20)) },
                new { title = "未到期", dueOn = Day(Today.AddDays(20)) },
            ]);
            var (onTime, _) = await _rows.PlanAsync(await _rows.ParcelAsync(0.001), unit: unit, milestones:
            [
                new { title = "今天到期", dueOn = Day(Today.AddDays(1)) },
            ]);
            var lateId = late.GetProperty("id").GetInt64();
            Assert.True(late.GetProperty("overdue").GetBoolean());
            Assert.Equal([true, false], late.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("overdue").GetBoolean()));
            Assert.Equal("已过期", late.GetProperty("nextStep").GetProperty("title").GetString());
            Assert.False(onTime.GetProperty("overdue").GetBoolean());

            var unitQuery = Uri.EscapeDataString(unit);
            var all = await fx.GetJsonAsync($"/api/plans?zone={PlanTestRows.Zone}&unit={unitQuery}");
            Assert.Equal(2, all.GetProperty("total").GetInt64());
            var overdue = await fx.GetJsonAsync($"/api/plans?zone={PlanTestRows.Zone}&unit={unitQuery}&overdue=true&status=open");
            Assert.Equal([lateId], overdue.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));

            // Done late is no longer overdue.
            var milestone = late.GetProperty("milestones")[0].GetProperty("id").GetInt64();
            var (status, _, _) = await _rows.SendAsync(HttpMethod.Post, $"/api/plans/{lateId}/milestones/{milestone}/complete", null);
            Assert.Equal(HttpStatusCode.OK, status);
            overdue = await fx.GetJsonAsync($"/api/plans?zone={PlanTestRows.Zone}&unit={unitQuery}&overdue=true");
            Assert.Equal(0, overdue.GetProperty("total").GetInt64());

            // A milestone added later that is already past due is flagged at once.
            var (added, body, _) = await _rows.SendAsync(HttpMethod.Post, $"/api/plans/{lateId}/milestones", new { title = "补登节点", dueOn = Day(Today.AddDays(-1)) });
            Assert.Equal(HttpStatusCode.Created, added);
            Assert.True(body.GetProperty("overdue").GetBoolean());
        }
        finally
        {
            await _rows.DropAsync();
        }
    }

    [Fact]
    public async Task The_public_gets_401_and_staff_403_on_writes()
    {
        try
        {
            var (plan, _) = await _rows.PlanAsync(await _rows.ParcelAsync());
            var id = plan.GetProperty("id").GetInt64();
            foreach (var url in new[] { "/api/plans", $"/api/plans/{id}" })
            {
                using var res = await fx.Anonymous.GetAsync(url);
                Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
                Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
            }
            var staff = fx.ClientFor(Roles.Staff);
            using (var res = await staff.GetAsync($"/api/plans/{id}")) Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            var writes = new (HttpMethod, string, object)[]
            {
                (HttpMethod.Post, "/api/plans", new { resourceKind = "parcel", resourceCode = "X", disposalMethod = "其他", responsibleUnit = "U" }),
                (HttpMethod.Patch, $"/api/plans/{id}", new { notes = "x" }),
                (HttpMethod.Post, $"/api/plans/{id}/progress", new { text = "x" }),
                (HttpMethod.Post, $"/api/plans/{id}/milestones", new { title = "x", dueOn = "2026-01-01" }),
                (HttpMethod.Post, $"/api/plans/{id}/outcome", new { kind = "expanded" }),
                (HttpMethod.Post, "/api/meetings", new { heldOn = "2026-01-01", title = "x" }),
            };
            foreach (var (method, url, body) in writes)
            {
                var (status, problem, _) = await _rows.SendAsync(method, url, body, "\"1\"", staff);
                Assert.True(status == HttpStatusCode.Forbidden, $"{method} {url} as staff → {(int)status}");
                Assert.Equal("forbidden", problem.GetProperty("code").GetString());
                (status, _, _) = await _rows.SendAsync(method, url, body, "\"1\"", fx.Anonymous);
                Assert.Equal(HttpStatusCode.Unauthorized, status);
            }
            var got = await fx.GetJsonAsync($"/api/plans/{id}");
            Assert.Equal((1, "open"), (got.GetProperty("version").GetInt32(), got.GetProperty("status").GetString()));
        }
        finally
        {
            await _rows.DropAsync();
        }
    }

    public static TheoryData<string, string, HttpStatusCode, string> HostileCreates => new()
    {
        { "not json", "{", HttpStatusCode.BadRequest, "body" },
        { "array", "[]", HttpStatusCode.BadRequest, "body" },
        { "unknown field", """{"resourceKind":"parcel","resourceCode":"A","disposalMethod":"其他","responsibleUnit":"U","zone":"X"}""", HttpStatusCode.BadRequest, "zone" },
        { "wrong type", """{"resourceKind":"parcel","resourceCode":5,"disposalMethod":"其他","responsibleUnit":"U"}""", HttpStatusCode.BadRequest, "resourceCode" },
        { "NUL", """{"resourceKind":"parcel","resourceCode":"A\u0000","disposalMethod":"其他","responsibleUnit":"U"}""", HttpStatusCode.BadRequest, "resourceCode" },
        { "bad date", """{"resourceKind":"parcel","resourceCode":"A","disposalMethod":"其他","responsibleUnit":"U","milestones":[{"title":"t","dueOn":"2026-02-30"}]}""", HttpStatusCode.BadRequest, "milestones[0].dueOn" },
        { "year 9999", """{"resourceKind":"parcel","resourceCode":"A","disposalMethod":"其他","responsibleUnit":"U","milestones":[{"title":"t","dueOn":"9999-01-01"}]}""", HttpStatusCode.UnprocessableEntity, "milestones[0].dueOn" },
        { "unknown method", """{"resourceKind":"parcel","resourceCode":"A","disposalMethod":"拍卖","responsibleUnit":"U"}""", HttpStatusCode.UnprocessableEntity, "disposalMethod" },
        { "unknown kind", """{"resourceKind":"zone","resourceCode":"A","disposalMethod":"其他","responsibleUnit":"U"}""", HttpStatusCode.UnprocessableEntity, "resourceKind" },
        { "blank unit", """{"resourceKind":"parcel","resourceCode":"A","disposalMethod":"其他","responsibleUnit":"   "}""", HttpStatusCode.UnprocessableEntity, "responsibleUnit" },
        { "no such parcel", """{"resourceKind":"parcel","resourceCode":"NO-SUCH-PARCEL","disposalMethod":"其他","responsibleUnit":"U"}""", HttpStatusCode.UnprocessableEntity, "resourceCode" },
        { "milestone null", """{"resourceKind":"parcel","resourceCode":"A","disposalMethod":"其他","responsibleUnit":"U","milestones":[null]}""", HttpStatusCode.UnprocessableEntity, "milestones[0]" },
    };

    [Theory]
    [MemberData(nameof(HostileCreates))]
    public async Task Hostile_plan_bodies_get_a_problem_naming_the_field(string _, string json, HttpStatusCode expected, string field)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var res = await fx.Client.PostAsync("/api/plans", content);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == expected, $"{(int)res.StatusCode} {text}");
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Contains(field, problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task Hostile_requests_on_plan_routes_get_4xx_never_500()
    {
        try
        {
            var (plan, _) = await _rows.PlanAsync(await _rows.ParcelAsync());
            var id = plan.GetProperty("id").GetInt64();
            (HttpMethod, string, string?, string?)[] cases =
            [
                (HttpMethod.Post, $"/api/plans/{id}/progress", """{"text":"x","on":"2999-01-01"}""", null),
                (HttpMethod.Post, $"/api/plans/{id}/progress", """{"text":""}""", null),
                (HttpMethod.Post, $"/api/plans/{id}/progress", """{"text":"x","meetingId":999999999}""", null),
                (HttpMethod.Post, $"/api/plans/{id}/progress", "{\"text\":\"" + new string('长', 4001) + "\"}", null),
                (HttpMethod.Post, $"/api/plans/{id}/milestones/999999999/complete", "{}", null),
                (HttpMethod.Post, $"/api/plans/{id}/outcome", """{"kind":"expanded","investmentAddedWan":-1,"expectedOutputWan":1,"revitalisedOn":"2026-01-01"}""", "\"1\""),
                (HttpMethod.Post, $"/api/plans/{id}/outcome", """{"kind":"expanded","investmentAddedWan":1e309,"expectedOutputWan":1,"revitalisedOn":"2026-01-01"}""", "\"1\""),
                (HttpMethod.Post, $"/api/plans/{id}/outcome", """{"kind":"expanded","projectId":999999999,"investmentAddedWan":1,"expectedOutputWan":1,"revitalisedOn":"2026-01-01"}""", "\"1\""),
                (HttpMethod.Patch, $"/api/plans/{id}", """{"status":"done"}""", "\"1\""),
                (HttpMethod.Patch, $"/api/plans/{id}", """{"notes":1}""", "\"1\""),
                (HttpMethod.Patch, $"/api/plans/{id}", """{"notes":"x"}""", "W/\"x\""),
                (HttpMethod.Patch, "/api/plans/999999999", """{"notes":"x"}""", "\"1\""),
                (HttpMethod.Get, "/api/plans?status=closed", null, null),
                (HttpMethod.Get, "/api/plans?overdue=maybe", null, null),
                (HttpMethod.Get, "/api/plans?sort=id", null, null),
                (HttpMethod.Get, "/api/plans?limit=-1", null, null),
                (HttpMethod.Get, "/api/plans/999999999", null, null),
                (HttpMethod.Post, "/api/meetings", """{"heldOn":"2026-01-01","title":"x","zoneCode":"NO-SUCH-ZONE"}""", null),
                (HttpMethod.Post, "/api/meetings", """{"heldOn":"2026-13-01","title":"x"}""", null),
                (HttpMethod.Get, "/api/meetings/999999999", null, null),
                (HttpMethod.Get, "/api/meetings/999999999/report?format=xlsx", null, null),
            ];
            foreach (var (method, url, json, ifMatch) in cases)
            {
                using var req = new HttpRequestMessage(method, url) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };
                if (ifMatch is not null) req.Headers.TryAddWithoutValidation("If-Match", ifMatch);
                using var res = await fx.Client.SendAsync(req);
                var code = (int)res.StatusCode;
                Assert.True(code is >= 400 and < 500, $"{method} {url} {json} → {code} {await res.Content.ReadAsStringAsync()}");
                Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
            }
            // A form post is refused before anything is read.
            using var form = new FormUrlEncodedContent([new("text", "x")]);
            using (var res = await fx.Client.PostAsync($"/api/plans/{id}/progress", form)) Assert.Equal(HttpStatusCode.UnsupportedMediaType, res.StatusCode);
            var got = await fx.GetJsonAsync($"/api/plans/{id}");
            Assert.Equal(0, got.GetProperty("progress").GetArrayLength());
            Assert.Equal(1, got.GetProperty("version").GetInt32());
        }
        finally
        {
            await _rows.DropAsync();
        }
    }

    private async Task<long> CreateProjectAsync()
    {
        var (status, body, _) = await _rows.SendAsync(HttpMethod.Post, "/api/projects",
            new { name = "一地一策测试项目" + Guid.NewGuid().ToString("N")[..6], pollutionClass = "1", investmentWan = 8000, landNeedMu = 10, stage = "producing" });
        Assert.True(status == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetInt64();
    }
}
