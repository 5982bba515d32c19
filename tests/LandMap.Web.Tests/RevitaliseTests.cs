using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LandMap.Core.History;
using Microsoft.Playwright;
using MiniExcelLibs;
using static Microsoft.Playwright.Assertions;

namespace LandMap.Web.Tests;

/// <summary>
/// The 盘活 tab: the idle-land warning list and a finding with its fee and recovery date, a plan edited end to end, the
/// dispatch-meeting view with a decision and its report, staff reading without write controls, and the English page.
/// Each test seeds its own zone through the API (WRV1…WRV5), so demo data and other tests change nothing it counts.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RevitaliseTests(BrowserFixture fx) : BrowserTest(fx)
{
    private static readonly DateOnly Today = ChinaDay.Today(DateTimeOffset.UtcNow);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Sets a parcel's supplied-land facts as an editor would (PATCH with If-Match).</summary>
    private async Task SuppliedAsync(string code, DateOnly agreed, double priceWan)
    {
        using var get = await fx.Client.GetAsync($"/collections/parcels/items/{code}");
        get.EnsureSuccessStatusCode();
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/collections/parcels/items/{code}")
        {
            Content = JsonContent.Create(new { properties = new { supplyType = "出让", agreedStartOn = Iso(agreed), landPriceWan = priceWan }, note = "供地信息" }),
        };
        patch.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.ToString());
        using var res = await fx.Client.SendAsync(patch);
        Assert.True(res.IsSuccessStatusCode, await res.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> PostAsync(string url, object body)
    {
        using var res = await fx.Client.PostAsJsonAsync(url, body);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"POST {url}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<long> PlanAsync(string code, string unit, string method = "招商盘活") =>
        (await PostAsync("/api/plans", new { resourceKind = "parcel", resourceCode = code, disposalMethod = method, responsibleUnit = unit, officer = "王科长" }))
        .GetProperty("id").GetInt64();

    /// <summary>Opens the tab (by its name in the page's language), picks the zone, and the section.</summary>
    private static async Task OpenAsync(IPage page, string zone, string section, string tab = "盘活")
    {
        await page.GetByRole(AriaRole.Tab, new() { Name = tab, Exact = true }).ClickAsync();
        var panel = page.GetByTestId("revitalise-panel");
        await Expect(panel).ToHaveAttributeAsync("data-ready", "warnings");
        await page.GetByTestId("rv-zone").SelectOptionAsync(zone);
        await page.GetByTestId($"rv-section-{section}").ClickAsync();
        await Expect(panel).ToHaveAttributeAsync("data-ready", section);
    }

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), $"revitalise-{name}.png") });

    [Fact]
    public async Task The_warning_list_shows_a_parcel_nearing_one_year_and_an_enterprise_finding_shows_the_fee_and_the_recovery_date()
    {
        await OwnZone.CreateAsync(fx, "WRV1", 117.4, 38.3, new OwnZone.Parcel("WRV1-01", 150, 100), new OwnZone.Parcel("WRV1-02", 150, 100),
            new OwnZone.Parcel("WRV1-03", 150, 100));
        var agreed = Today.AddYears(-1).AddDays(20);
        await SuppliedAsync("WRV1-01", agreed, 800);
        await SuppliedAsync("WRV1-02", Today.AddYears(-1).AddDays(200), 800); // beyond 90 days: not on the list
        var idleAgreed = Today.AddYears(-1).AddDays(-30);
        await SuppliedAsync("WRV1-03", idleAgreed, 1234.5);                  // a year and a month without a start: idle
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await page.SetViewportSizeAsync(1366, 768);
        await OpenAsync(page, "WRV1", "warnings");

        var warning = page.GetByTestId("rv-warning");
        await Expect(warning).ToHaveCountAsync(1);
        await Expect(warning).ToContainTextAsync("WRV1-01");
        await Expect(warning.GetByTestId("rv-days-left")).ToHaveTextAsync($"还剩 {agreed.AddYears(1).DayNumber - Today.DayNumber} 天");
        await Expect(warning.GetByTestId("rv-cite")).ToHaveAttributeAsync("data-rule", "idle-no-start");
        await ShotAsync(page, "warnings");

        // A click zooms the map to the parcel (its card opens) and opens its idle-land detail.
        await warning.ClickAsync();
        await Expect(page.Locator(".leaflet-popup [data-testid=popup][data-code='WRV1-01']")).ToBeVisibleAsync();
        var detail = page.GetByTestId("rv-idle-detail");
        await Expect(detail).ToHaveAttributeAsync("data-code", "WRV1-01");
        await Expect(detail.GetByTestId("rv-idle-status")).ToHaveTextAsync("临近满一年"); // not idle yet, on the warning list

        // Not idle under the rules yet: it cannot be found idle (art. 2), and nothing is recorded.
        await page.GetByTestId("rv-finding-save").ClickAsync();
        await Expect(page.GetByTestId("rv-error")).ToContainTextAsync("尚未构成闲置");
        await Expect(detail.GetByTestId("rv-idle-status")).ToHaveTextAsync("临近满一年");

        // A parcel a year and a month past its agreed start is suspected idle, and a finding with the enterprise's fault
        // shows the fee and the recovery date.
        await page.GetByTestId("rv-idle-code").FillAsync("WRV1-03");
        await page.GetByTestId("rv-idle-code").PressAsync("Enter");
        await Expect(detail).ToHaveAttributeAsync("data-code", "WRV1-03");
        await Expect(detail.GetByTestId("rv-idle-status")).ToHaveTextAsync("疑似闲置");
        await page.GetByTestId("rv-finding-no").FillAsync("认字〔2026〕9号");
        await page.GetByTestId("rv-finding-save").ClickAsync();
        await Expect(page.GetByTestId("rv-saved")).ToHaveTextAsync("已记录认定");
        await Expect(detail.GetByTestId("rv-idle-status")).ToHaveTextAsync("认定闲置");
        await Expect(page.GetByTestId("rv-fee-amount")).ToHaveTextAsync("246.9 万元"); // 20 % of 1 234.5 万元 (art. 14)
        await Expect(page.GetByTestId("rv-recovery-date")).ToHaveTextAsync(Iso(idleAgreed.AddYears(2)));
        await Expect(page.GetByTestId("rv-fee").GetByTestId("rv-cite")).ToHaveAttributeAsync("data-rule", "idle-fee");
        await Expect(page.GetByTestId("rv-finding")).ToContainTextAsync("认字〔2026〕9号");
        await ShotAsync(page, "finding");

        // The same detail from the parcel's popup on the map.
        await page.GetByTestId("rv-section-warnings").ClickAsync();
        var popupCode = await page.Locator(".leaflet-popup [data-testid=popup]").GetAttributeAsync("data-code");
        Assert.StartsWith("WRV1-0", popupCode);
        await page.Locator(".leaflet-popup [data-testid=rv-popup-idle]").ClickAsync();
        await Expect(detail).ToHaveAttributeAsync("data-code", popupCode!);
        // The browser logs the refused finding's 422 itself; anything else is a page error.
        var unexpected = errors.Where(e => !e.Contains("status of 422", StringComparison.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected)); // in full: the assertion would cut a page error short
    }

    [Fact]
    public async Task A_plan_is_written_and_edited_end_to_end_milestone_progress_field_change_and_outcome()
    {
        await OwnZone.CreateAsync(fx, "WRV2", 117.6, 38.3, new OwnZone.Parcel("WRV2-01", 150, 100));
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await page.SetViewportSizeAsync(1366, 768);
        await OpenAsync(page, "WRV2", "plans");

        await page.GetByTestId("rv-plan-new").ClickAsync();
        await page.GetByTestId("rv-plan-code").FillAsync("WRV2-01");
        await page.GetByTestId("rv-plan-code").DispatchEventAsync("change");
        await page.GetByTestId("rv-plan-method").SelectOptionAsync("招商盘活");
        await page.GetByTestId("rv-plan-unit").FillAsync("招商服务中心");
        await page.GetByTestId("rv-plan-officer").FillAsync("李科长");
        await page.GetByTestId("rv-plan-create").ClickAsync();
        var plan = page.GetByTestId("rv-plan-detail");
        await Expect(page.GetByTestId("rv-saved")).ToHaveTextAsync("方案已建立");
        await Expect(plan.GetByTestId("rv-plan-badge")).ToHaveTextAsync("进行中");

        // A milestone due yesterday is flagged overdue in words; marked done, the flag goes.
        await page.GetByTestId("rv-milestone-title").FillAsync("完成企业约谈");
        await page.GetByTestId("rv-milestone-due").FillAsync(Iso(Today.AddDays(-1)));
        await page.GetByTestId("rv-milestone-add").ClickAsync();
        await Expect(page.GetByTestId("rv-saved")).ToHaveTextAsync("已添加节点");
        var milestone = page.GetByTestId("rv-milestone");
        await Expect(milestone.GetByTestId("rv-overdue")).ToHaveTextAsync("⚠ 节点逾期");
        await ShotAsync(page, "plan");
        await milestone.GetByTestId("rv-milestone-complete").ClickAsync();
        await Expect(milestone.GetByTestId("rv-milestone-done")).ToContainTextAsync(Iso(Today));
        await Expect(milestone.GetByTestId("rv-overdue")).ToHaveCountAsync(0);

        await page.GetByTestId("rv-progress-text").FillAsync("已与企业签订转让意向");
        await page.GetByTestId("rv-progress-add").ClickAsync();
        await Expect(page.GetByTestId("rv-progress")).ToContainTextAsync("已与企业签订转让意向");
        await Expect(page.GetByTestId("rv-progress")).ToContainTextAsync("test-editor");

        await page.GetByTestId("rv-edit-unit").FillAsync("经济发展局");
        await page.GetByTestId("rv-edit-save").ClickAsync();
        await Expect(page.GetByTestId("rv-saved")).ToHaveTextAsync("方案已保存");
        await Expect(page.GetByTestId("rv-plan-unit-shown")).ToHaveTextAsync("经济发展局");

        // Someone else saves first: the page's version is stale, so its change is refused (412) and it offers to reload.
        var id = long.Parse((await plan.GetAttributeAsync("data-id"))!, CultureInfo.InvariantCulture);
        using (var get = await fx.Client.GetAsync($"/api/plans/{id}"))
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/plans/{id}") { Content = JsonContent.Create(new { officer = "赵主任" }) })
        {
            patch.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.ToString());
            using var res = await fx.Client.SendAsync(patch);
            Assert.True(res.IsSuccessStatusCode, await res.Content.ReadAsStringAsync());
        }
        await page.GetByTestId("rv-edit-notes").FillAsync("冲突测试");
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("rv-edit-save").ClickAsync(),
            r => r.Url.EndsWith($"/api/plans/{id}") && r.Request.Method == "PATCH");
        Assert.Equal(412, refused.Status);
        await Expect(page.GetByTestId("rv-conflict")).ToContainTextAsync("已被他人修改");
        await Expect(page.GetByTestId("rv-edit-notes")).ToHaveValueAsync("冲突测试"); // what was typed is kept
        await page.GetByTestId("rv-reload").ClickAsync();
        await Expect(page.GetByTestId("rv-plan-detail")).ToContainTextAsync("赵主任");

        await page.GetByTestId("rv-outcome-kind").SelectOptionAsync("new_project");
        await page.GetByTestId("rv-outcome-investment").FillAsync("5000");
        await page.GetByTestId("rv-outcome-save").ClickAsync(); // no expected output yet: 422, and what was typed stays
        await Expect(page.GetByTestId("rv-error")).ToContainTextAsync("expectedOutputWan");
        await Expect(page.GetByTestId("rv-outcome-investment")).ToHaveValueAsync("5000");
        await page.GetByTestId("rv-outcome-output").FillAsync("12000");
        await page.GetByTestId("rv-outcome-save").ClickAsync();
        await Expect(page.GetByTestId("rv-saved")).ToHaveTextAsync("已记录盘活成果，方案办结");
        await Expect(plan.GetByTestId("rv-plan-badge")).ToHaveTextAsync("已盘活");
        await Expect(page.GetByTestId("rv-outcome")).ToContainTextAsync("新项目落地");
        await Expect(page.GetByTestId("rv-outcome")).ToContainTextAsync("5,000 万元");
        await Expect(page.GetByTestId("rv-milestone-form")).ToHaveCountAsync(0); // a closed plan takes no more milestones
        Assert.DoesNotContain(errors, e => !e.Contains("412") && !e.Contains("422")); // the browser logs the refused requests itself
    }

    [Fact]
    public async Task For_land_found_idle_through_the_government_the_plan_form_offers_only_the_methods_art_12_allows()
    {
        await OwnZone.CreateAsync(fx, "WRV6", 116.8, 38.3, new OwnZone.Parcel("WRV6-01", 150, 100));
        await SuppliedAsync("WRV6-01", Today.AddYears(-2), 900);
        await PostAsync("/api/idle-land/WRV6-01/findings", new { foundOn = Iso(Today), cause = "government", governmentCauseType = "planning-changed" });
        using var listsRes = await fx.Client.GetAsync("/api/plans/lists");
        var allowed = JsonDocument.Parse(await listsRes.Content.ReadAsStringAsync()).RootElement.GetProperty("disposalMethods").EnumerateArray()
            .Where(m => m.GetProperty("governmentCause").GetBoolean()).Select(m => m.GetProperty("name").GetString()!).ToArray();
        Assert.NotEmpty(allowed);

        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await OpenAsync(page, "WRV6", "idle");
        await page.GetByTestId("rv-idle-code").FillAsync("WRV6-01");
        await page.GetByTestId("rv-idle-code").PressAsync("Enter");
        await Expect(page.GetByTestId("rv-exemption").GetByTestId("rv-unconfirmed")).ToHaveTextAsync("待确认"); // art. 8 is V2
        await Expect(page.GetByTestId("rv-disposal").First).ToContainTextAsync("待确认");
        await page.SetViewportSizeAsync(1366, 768);
        await ShotAsync(page, "government");
        await page.GetByTestId("rv-idle-plan").ClickAsync();
        await Expect(page.GetByTestId("rv-plan-form")).ToHaveAttributeAsync("data-methods", "government");
        await Expect(page.GetByTestId("rv-gov-hint")).ToBeVisibleAsync();
        var offered = await page.GetByTestId("rv-plan-method").Locator("option").EvaluateAllAsync<string[]>("os => os.map((o) => o.value)");
        Assert.Equal(allowed, offered);
        Assert.True(errors.Count == 0, string.Join("\n", errors)); // in full: the assertion would cut a page error short
    }

    [Fact]
    public async Task The_meeting_view_groups_plans_by_zone_and_unit_records_a_decision_and_downloads_the_report()
    {
        await OwnZone.CreateAsync(fx, "WRV3", 117.8, 38.3,
            new OwnZone.Parcel("WRV3-01", 150, 100), new OwnZone.Parcel("WRV3-02", 150, 100), new OwnZone.Parcel("WRV3-03", 150, 100));
        var a1 = await PlanAsync("WRV3-01", "甲街道办事处");
        await PlanAsync("WRV3-02", "甲街道办事处", "转让/出租");
        var b1 = await PlanAsync("WRV3-03", "乙招商局");
        await PostAsync($"/api/plans/{a1}/progress", new { text = "企业同意转让", on = Iso(Today.AddDays(-3)) });

        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await page.SetViewportSizeAsync(1366, 768);
        await OpenAsync(page, "WRV3", "meetings");
        await page.GetByTestId("rv-meeting-title").FillAsync("十一月政企闲置资源调度会");
        await Expect(page.GetByTestId("rv-meeting-zone")).ToHaveValueAsync("WRV3");
        await page.GetByTestId("rv-meeting-create").ClickAsync();

        var view = page.GetByTestId("rv-meeting-view");
        await Expect(page.GetByTestId("rv-meeting-name")).ToHaveTextAsync("十一月政企闲置资源调度会");
        var groups = page.GetByTestId("rv-group");
        await Expect(groups).ToHaveCountAsync(2);
        var groupA = page.Locator("[data-testid=rv-group][data-unit='甲街道办事处']");
        await Expect(groupA.GetByTestId("rv-meeting-plan")).ToHaveCountAsync(2);
        await Expect(groupA.GetByTestId("rv-group-zone")).ToHaveTextAsync("WRV3 测试区");
        await Expect(page.Locator("[data-testid=rv-group][data-unit='乙招商局']").GetByTestId("rv-meeting-plan")).ToHaveCountAsync(1);
        var planA = page.Locator($"[data-testid=rv-meeting-plan][data-id='{a1}']");
        await Expect(planA.GetByTestId("rv-since-last")).ToContainTextAsync("企业同意转让");

        var planB = page.Locator($"[data-testid=rv-meeting-plan][data-id='{b1}']");
        await planB.GetByTestId("rv-decision-text").FillAsync("乙招商局两周内完成企业约谈");
        await planB.GetByTestId("rv-decision-add").ClickAsync();
        await Expect(page.GetByTestId("rv-saved")).ToHaveTextAsync("已记录会议决定");
        await Expect(page.Locator($"[data-testid=rv-meeting-plan][data-id='{b1}']").GetByTestId("rv-decision")).ToContainTextAsync("乙招商局两周内完成企业约谈");
        await ShotAsync(page, "meeting");

        var id = (await view.GetAttributeAsync("data-id"))!;
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("rv-report").ClickAsync());
        Assert.Equal($"meeting-{id}-{Today:yyyyMMdd}.xlsx", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"rv-meeting-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        try
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.Length > 100 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K', "not an xlsx (zip)");
            var rows = MiniExcel.Query(file, useHeaderRow: true, sheetName: "调度会").Cast<IDictionary<string, object?>>().ToList();
            var row = rows.Single(r => (string?)r["地块/厂房"] == "地块 WRV3-03");
            Assert.Contains("乙招商局两周内完成企业约谈", row["下步计划"] as string);
        }
        finally
        {
            File.Delete(file);
        }

        // A plan opened from the meeting goes back to the meeting.
        await page.Locator($"[data-testid=rv-meeting-plan][data-id='{b1}'] .rv-open-plan").ClickAsync();
        await Expect(page.GetByTestId("rv-plan-detail")).ToHaveAttributeAsync("data-id", b1.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("rv-back").ClickAsync();
        await Expect(page.GetByTestId("rv-meeting-view")).ToHaveAttributeAsync("data-id", id);
        Assert.True(errors.Count == 0, string.Join("\n", errors)); // in full: the assertion would cut a page error short
    }

    [Fact]
    public async Task Staff_read_the_tab_without_write_controls_and_the_public_never_sees_it()
    {
        await OwnZone.CreateAsync(fx, "WRV4", 117.2, 38.3, new OwnZone.Parcel("WRV4-01", 150, 100));
        await SuppliedAsync("WRV4-01", Today.AddYears(-1).AddDays(10), 500);
        // Ledger text is text: markup in a unit, a milestone and a meeting title shows literally.
        const string Markup = "<img src=x onerror=alert(1)>";
        var plan = await PlanAsync("WRV4-01", "丙街道" + Markup);
        await PostAsync($"/api/plans/{plan}/milestones", new { title = "约谈企业" + Markup, dueOn = Iso(Today.AddDays(30)) });
        var meeting = (await PostAsync("/api/meetings", new { heldOn = Iso(Today), title = "只读测试调度会" + Markup, zoneCode = "WRV4" })).GetProperty("id").GetInt64();

        var (pub, _) = await fx.OpenMapAsync();
        await Expect(pub.GetByTestId("tab-revitalise")).ToBeHiddenAsync();
        await Expect(pub.GetByTestId("revitalise-panel")).ToBeHiddenAsync();

        var (page, errors) = await fx.OpenMapAsync(signInAs: "staff");
        await OpenAsync(page, "WRV4", "warnings");
        await Expect(page.GetByTestId("rv-warning")).ToContainTextAsync("WRV4-01");
        await page.GetByTestId("rv-warning").ClickAsync();
        await Expect(page.GetByTestId("rv-idle-detail")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("rv-finding-form")).ToHaveCountAsync(0);
        await page.GetByTestId("rv-idle-plan").ClickAsync(); // the parcel has a plan: the detail opens it, 返回 comes back
        await Expect(page.GetByTestId("rv-plan-detail")).ToHaveAttributeAsync("data-id", plan.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("rv-back").ClickAsync();
        await Expect(page.GetByTestId("rv-idle-detail")).ToHaveAttributeAsync("data-code", "WRV4-01");

        await page.GetByTestId("rv-section-plans").ClickAsync();
        await Expect(page.GetByTestId("rv-plan-item")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("rv-plan-new")).ToHaveCountAsync(0);
        await page.GetByTestId("rv-plan-overdue").CheckAsync(); // its milestone is due in 30 days: not overdue
        await Expect(page.GetByTestId("rv-plan-count")).ToHaveTextAsync("0 个方案");
        await page.GetByTestId("rv-plan-overdue").UncheckAsync();
        await Expect(page.GetByTestId("rv-plan-item")).ToHaveCountAsync(1);
        await page.GetByTestId("rv-plan-item").ClickAsync();
        await Expect(page.GetByTestId("rv-milestone")).ToContainTextAsync("约谈企业" + Markup);
        await Expect(page.GetByTestId("rv-plan-unit-shown")).ToHaveTextAsync("丙街道" + Markup);
        foreach (var control in new[] { "rv-milestone-complete", "rv-milestone-form", "rv-progress-form", "rv-outcome-form", "rv-plan-edit" })
            await Expect(page.GetByTestId(control)).ToHaveCountAsync(0);

        await page.GetByTestId("rv-section-meetings").ClickAsync();
        await Expect(page.GetByTestId("rv-meeting-form")).ToHaveCountAsync(0);
        await page.Locator($"[data-testid=rv-meeting-item][data-id='{meeting}']").ClickAsync();
        await Expect(page.GetByTestId("rv-meeting-plan")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("rv-decision-add")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("rv-report")).ToBeVisibleAsync(); // staff may read and export the report
        await Expect(page.GetByTestId("rv-meeting-name")).ToHaveTextAsync("只读测试调度会" + Markup);
        await Expect(page.GetByTestId("rv-group-unit")).ToHaveTextAsync("丙街道" + Markup);
        await Expect(page.Locator("#revitalise-panel img")).ToHaveCountAsync(0);
        Assert.True(errors.Count == 0, string.Join("\n", errors)); // in full: the assertion would cut a page error short
    }

    [Fact]
    public async Task In_English_the_tab_and_its_views_are_in_English()
    {
        await OwnZone.CreateAsync(fx, "WRV5", 117.0, 38.3, new OwnZone.Parcel("WRV5-01", 150, 100));
        await SuppliedAsync("WRV5-01", Today.AddYears(-1).AddDays(40), 600);
        var plan = await PlanAsync("WRV5-01", "Unit E");
        await PostAsync($"/api/plans/{plan}/milestones", new { title = "talk to the firm", dueOn = Iso(Today.AddDays(-2)) });

        var (page, errors) = await fx.OpenMapAsync(lang: "en", signInAs: "editor");
        await page.SetViewportSizeAsync(1366, 768);
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Revitalise", Exact = true })).ToBeVisibleAsync();
        await OpenAsync(page, "WRV5", "warnings", tab: "Revitalise");
        await Expect(page.GetByTestId("rv-section-warnings")).ToHaveTextAsync("Warnings");
        await Expect(page.GetByTestId("rv-warn-count")).ToHaveTextAsync("1 parcel nears one year without a start");
        await Expect(page.GetByTestId("rv-days-left")).ToContainTextAsync("days left");

        await page.GetByTestId("rv-section-plans").ClickAsync();
        await Expect(page.GetByTestId("rv-plan-item")).ToContainTextAsync("Revitalise by investment promotion");
        await Expect(page.GetByTestId("rv-plan-item").GetByTestId("rv-overdue")).ToHaveTextAsync("⚠ Milestone overdue");
        await page.GetByTestId("rv-plan-item").ClickAsync();
        await Expect(page.GetByTestId("rv-plan-detail")).ToContainTextAsync("Milestones");
        await Expect(page.GetByTestId("rv-outcome-form")).ToContainTextAsync("Investment added (10k CNY)");
        await ShotAsync(page, "plan-en");

        // Switching back to Chinese redraws the open view in Chinese.
        await page.GetByTestId("lang-switch").ClickAsync();
        await Expect(page.GetByTestId("rv-plan-detail")).ToContainTextAsync("节点");
        await Expect(page.GetByTestId("rv-section-plans")).ToHaveTextAsync("一地一策");
        Assert.True(errors.Count == 0, string.Join("\n", errors)); // in full: the assertion would cut a page error short
    }

    [Fact]
    public async Task On_a_phone_the_meeting_view_fits_the_panel_without_sideways_scrolling()
    {
        await OwnZone.CreateAsync(fx, "WRV7", 116.6, 38.3, new OwnZone.Parcel("WRV7-01", 150, 100));
        var plan = await PlanAsync("WRV7-01", "一个名字相当长的责任单位：某某街道办事处经济发展和招商服务中心");
        await PostAsync($"/api/plans/{plan}/progress", new { text = "企业已提交改扩建方案，正在进行规划条件核实和环评预审，预计下月完成", on = Iso(Today) });
        var meeting = (await PostAsync("/api/meetings", new { heldOn = Iso(Today), title = "手机端调度会", zoneCode = "WRV7" })).GetProperty("id").GetInt64();

        var (page, errors) = await fx.OpenMapAsync(signInAs: "staff", phone: true);
        await OpenAsync(page, "WRV7", "meetings");
        await page.Locator($"[data-testid=rv-meeting-item][data-id='{meeting}']").ClickAsync();
        await Expect(page.GetByTestId("rv-since-last")).ToContainTextAsync("改扩建方案");
        var panel = page.GetByTestId("revitalise-panel");
        Assert.True(await panel.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), "the panel scrolls sideways");
        await ShotAsync(page, "meeting-phone");
        Assert.True(errors.Count == 0, string.Join("\n", errors)); // in full: the assertion would cut a page error short
    }
}
