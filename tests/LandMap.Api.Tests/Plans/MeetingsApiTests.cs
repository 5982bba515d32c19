using System.Net;
using System.Text.Json;
using LandMap.Core.Access;
using MiniExcelLibs;

namespace LandMap.Api.Tests.Plans;

/// <summary>Dispatch meetings on real PostGIS: the meeting view (groups, progress since the previous meeting), decisions, the XLSX report.</summary>
[Collection(LandMapCollection.Name)]
public sealed class MeetingsApiTests(LandMapFixture fx)
{
    private readonly PlanTestRows _rows = new(fx);

    private static string Day(DateOnly d) => PlanTestRows.Day(d);

    private static DateOnly Today => PlanTestRows.Today;

    private static JsonElement PlanIn(JsonElement view, long planId) => view.GetProperty("groups").EnumerateArray()
        .SelectMany(g => g.GetProperty("plans").EnumerateArray()).Single(p => p.GetProperty("plan").GetProperty("id").GetInt64() == planId);

    [Fact]
    public async Task The_meeting_view_groups_open_plans_and_shows_progress_since_the_previous_meeting()
    {
        try
        {
            var unitA = "甲单位" + Guid.NewGuid().ToString("N")[..6];
            var unitB = "乙单位" + Guid.NewGuid().ToString("N")[..6];
            var (a, _) = await _rows.PlanAsync(await _rows.ParcelAsync(), unit: unitA);
            var (b, _) = await _rows.PlanAsync(await _rows.ParcelAsync(0.001), unit: unitB);
            var (closed, closedEtag) = await _rows.PlanAsync(await _rows.ParcelAsync(0.002), unit: unitA);
            var (aId, bId, closedId) = (a.GetProperty("id").GetInt64(), b.GetProperty("id").GetInt64(), closed.GetProperty("id").GetInt64());

            // Two meetings a month apart, in the past; progress before the first, between them, and after the second.
            var first = await _rows.MeetingAsync(Today.AddDays(-60), "第一次调度会");
            var second = await _rows.MeetingAsync(Today.AddDays(-30), "第二次调度会");
            foreach (var (days, text) in new[] { (-70, "首次约谈"), (-45, "企业同意转让"), (-10, "转让合同草拟") })
            {
                var (status, body, _) = await _rows.SendAsync(HttpMethod.Post, $"/api/plans/{aId}/progress", new { text, on = Day(Today.AddDays(days)) });
                Assert.True(status == HttpStatusCode.Created, body.ToString());
            }
            var (abandoned, _, _) = await _rows.SendAsync(HttpMethod.Patch, $"/api/plans/{closedId}", new { status = "abandoned", notes = "企业自行复工" }, closedEtag);
            Assert.Equal(HttpStatusCode.OK, abandoned);

            var view = await fx.GetJsonAsync($"/api/meetings/{second}");
            Assert.Equal(first, view.GetProperty("previous").GetProperty("id").GetInt64());
            Assert.Equal(["企业同意转让"], PlanIn(view, aId).GetProperty("progressSinceLast").EnumerateArray().Select(p => p.GetProperty("text").GetString()));
            Assert.Equal(0, PlanIn(view, bId).GetProperty("progressSinceLast").GetArrayLength());
            var groups = view.GetProperty("groups").EnumerateArray().Select(g => (g.GetProperty("zoneCode").GetString(), g.GetProperty("responsibleUnit").GetString(),
                g.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("plan").GetProperty("id").GetInt64()).ToList())).ToList();
            Assert.Contains(groups, g => g.Item1 == PlanTestRows.Zone && g.Item2 == unitA && g.Item3.SequenceEqual([aId]));  // the abandoned plan is left out
            Assert.Contains(groups, g => g.Item1 == PlanTestRows.Zone && g.Item2 == unitB && g.Item3.SequenceEqual([bId]));
            Assert.DoesNotContain(groups, g => g.Item3.Contains(closedId));

            // The first meeting has no previous one: everything up to its day.
            view = await fx.GetJsonAsync($"/api/meetings/{first}");
            Assert.Equal(JsonValueKind.Null, view.GetProperty("previous").ValueKind);
            Assert.Equal(["首次约谈"], PlanIn(view, aId).GetProperty("progressSinceLast").EnumerateArray().Select(p => p.GetProperty("text").GetString()));

            // Decisions are recorded against plans and shown in the view.
            var (decided, decision, _) = await _rows.SendAsync(HttpMethod.Post, $"/api/meetings/{second}/decisions", new { planId = bId, decision = "由乙单位牵头，一个月内完成企业约谈" });
            Assert.Equal(HttpStatusCode.Created, decided);
            Assert.Equal(("key:test-editor-key", bId), (decision.GetProperty("by").GetString(), decision.GetProperty("planId").GetInt64()));
            view = await fx.GetJsonAsync($"/api/meetings/{second}");
            Assert.Equal(["由乙单位牵头，一个月内完成企业约谈"], PlanIn(view, bId).GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("decision").GetString()));
            Assert.Equal(0, PlanIn(view, aId).GetProperty("decisions").GetArrayLength());

            var (status2, problem, _) = await _rows.SendAsync(HttpMethod.Post, $"/api/meetings/{second}/decisions", new { planId = 999999999, decision = "x" });
            Assert.Equal((HttpStatusCode.UnprocessableEntity, "planId"), (status2, problem.GetProperty("errors")[0].GetProperty("field").GetString()));
            (status2, _, _) = await _rows.SendAsync(HttpMethod.Post, $"/api/meetings/{second}/decisions", new { planId = bId, decision = "x" }, client: fx.ClientFor(Roles.Staff));
            Assert.Equal(HttpStatusCode.Forbidden, status2);
            using var anonymous = await fx.Anonymous.GetAsync($"/api/meetings/{second}");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        finally
        {
            await _rows.DropAsync();
        }
    }

    [Fact]
    public async Task The_meeting_report_is_an_xlsx_with_the_meeting_columns_and_one_row_per_open_plan()
    {
        try
        {
            var unit = "报告单位" + Guid.NewGuid().ToString("N")[..6];
            var parcel = await _rows.ParcelAsync(idleReason: "规划调整未交地");
            var factory = await _rows.FactoryAsync(3200);
            var (p, _) = await _rows.PlanAsync(parcel, unit: unit, method: "延长开工期限", milestones: [new { title = "办理延期手续", dueOn = Day(Today.AddDays(-5)) }]);
            var (f, _) = await _rows.PlanAsync(factory, kind: "factory", unit: unit, method: "转让/出租");
            var pId = p.GetProperty("id").GetInt64();
            // A meeting on a day no other test uses: the one before it in zone PLN, if any, is long before.
            var meeting = await _rows.MeetingAsync(Today.AddDays(-1), "报告测试调度会");
            await _rows.SendAsync(HttpMethod.Post, $"/api/plans/{pId}/progress", new { text = "已报请规划局调整", on = Day(Today.AddDays(-2)) });
            await _rows.SendAsync(HttpMethod.Post, $"/api/meetings/{meeting}/decisions", new { planId = pId, decision = "规划局两周内答复" });

            using var res = await fx.ClientFor(Roles.Staff).GetAsync($"/api/meetings/{meeting}/report?format=xlsx");
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", res.Content.Headers.ContentType?.MediaType);
            using var stream = new MemoryStream(await res.Content.ReadAsByteArrayAsync());
            var rows = MiniExcel.Query(stream, useHeaderRow: true, sheetName: "调度会").Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(["序号", "地块/厂房", "面积", "闲置原因", "处置方式", "责任单位", "进展", "下步计划"], rows[0].Keys);
            Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (double)i), rows.Select(r => Convert.ToDouble(r["序号"], System.Globalization.CultureInfo.InvariantCulture)));

            var parcelRow = rows.Single(r => (string?)r["地块/厂房"] == "地块 " + parcel);
            Assert.Equal("12.50 亩", parcelRow["面积"]);
            Assert.Equal("规划调整未交地", parcelRow["闲置原因"]);
            Assert.Equal("延长开工期限", parcelRow["处置方式"]);
            Assert.Equal($"{unit}（王科长）", parcelRow["责任单位"]);
            Assert.Equal($"{Day(Today.AddDays(-2))} 已报请规划局调整", parcelRow["进展"]);
            Assert.Equal($"会议决定：规划局两周内答复\n办理延期手续（{Day(Today.AddDays(-5))}前，已逾期）", parcelRow["下步计划"]);

            var factoryRow = rows.Single(r => (string?)r["地块/厂房"] == "厂房 " + factory);
            Assert.Equal(("3200 平方米（空置）", "转让/出租"), (factoryRow["面积"], factoryRow["处置方式"]));
            Assert.True(string.IsNullOrEmpty(factoryRow["进展"] as string));

            // The two plans are next to each other: same zone, same unit.
            var index = rows.FindIndex(r => (string?)r["地块/厂房"] == "地块 " + parcel);
            Assert.Equal("厂房 " + factory, rows[index + 1]["地块/厂房"]);

            using var bad = await fx.Client.GetAsync($"/api/meetings/{meeting}/report?format=pdf");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            using var anonymous = await fx.Anonymous.GetAsync($"/api/meetings/{meeting}/report?format=xlsx");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        finally
        {
            await _rows.DropAsync();
        }
    }

    [Fact]
    public async Task The_meeting_list_is_newest_first_for_staff_and_filters_by_zone()
    {
        try
        {
            var older = await _rows.MeetingAsync(Today.AddDays(-400), "列表测试·较早");
            var newer = await _rows.MeetingAsync(Today.AddDays(-399), "列表测试·较晚");
            using var staff = fx.ClientFor(Roles.Staff);
            using var res = await staff.GetAsync($"/api/meetings?zone={PlanTestRows.Zone}");
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            var items = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().ToList();
            var ids = items.Select(m => m.GetProperty("id").GetInt64()).ToList();
            Assert.True(ids.IndexOf(newer) >= 0 && ids.IndexOf(newer) < ids.IndexOf(older), string.Join(",", ids));
            Assert.All(items, m => Assert.True(m.GetProperty("zoneCode").ValueKind == JsonValueKind.Null || m.GetProperty("zoneCode").GetString() == PlanTestRows.Zone));
            var mine = items.Single(m => m.GetProperty("id").GetInt64() == newer);
            Assert.Equal(("列表测试·较晚", Day(Today.AddDays(-399))), (mine.GetProperty("title").GetString(), mine.GetProperty("heldOn").GetString()));

            using var bad = await fx.Client.GetAsync("/api/meetings?zone=NOPE");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            using var unknown = await fx.Client.GetAsync("/api/meetings?colour=red");
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            using var anonymous = await fx.Anonymous.GetAsync("/api/meetings");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        finally
        {
            await _rows.DropAsync();
        }
    }
}
