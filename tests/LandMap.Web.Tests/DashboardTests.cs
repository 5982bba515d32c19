using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LandMap.Web.Tests;

/// <summary>
/// 去化与盘活看板: figures from /api/stats/absorption, the change an editor makes shows, a bar filters the map; the zone's
/// revitalisation year in the articles' terms and the per-mu grades with their candidates.
/// </summary>
[Collection(PanelsBrowserCollection.Name)]
public sealed class DashboardTests(BrowserFixture fx) : BrowserTest(fx)
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static ILocator DashboardButton(IPage page, string name = "看板") => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static async Task OpenDashboardAsync(IPage page, string name = "看板")
    {
        await DashboardButton(page, name).ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=dashboard][data-loaded]", new() { State = WaitForSelectorState.Attached });
    }

    private static async Task<double> FigureAsync(IPage page, string testId) =>
        double.Parse((await page.GetByTestId(testId).GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);

    /// <summary>An editor marks the parcel allocated through the editing API (If-Match from the ETag, a note for the status).</summary>
    private async Task<double> AllocateAsync(string code)
    {
        using var get = await fx.Client.GetAsync($"/collections/parcels/items/{code}");
        get.EnsureSuccessStatusCode();
        var mu = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("properties").GetProperty("areaMu").GetDouble();
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/collections/parcels/items/{code}")
        {
            Content = JsonContent.Create(new { properties = new { status = "allocated" }, note = "出让给测试项目" }),
        };
        patch.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.ToString());
        using var res = await fx.Client.SendAsync(patch);
        Assert.True(res.IsSuccessStatusCode, await res.Content.ReadAsStringAsync());
        return mu;
    }

    [Fact]
    public async Task The_dashboard_shows_the_figures_and_absorbed_this_year_rises_by_exactly_the_allocated_parcels_mu()
    {
        await OwnZone.CreateAsync(fx, "WDSH", 118.6, 37.2, new OwnZone.Parcel("WDSH-01", 150, 100));
        var (page, errors) = await fx.OpenMapAsync(signInAs: "staff");
        await OpenDashboardAsync(page);

        var absorbed = page.GetByTestId("kpi-absorbed");
        await Expect(absorbed).ToContainTextAsync("今年去化土地");
        await Expect(absorbed).ToContainTextAsync("亩");
        await Expect(page.GetByTestId("kpi-available")).ToContainTextAsync("m²");
        await Expect(page.GetByTestId("kpi-idle-days")).ToContainTextAsync("平均闲置时长");
        await Expect(page.Locator("[data-testid=chart-absorption] canvas")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=chart-stock] canvas")).Not.ToHaveCountAsync(0);
        var before = await FigureAsync(page, "kpi-absorbed");
        var availableBefore = await FigureAsync(page, "kpi-available");

        var mu = await AllocateAsync("WDSH-01");

        // Reopened, the dashboard asks again: this year's absorption rose by that parcel's area, what is available fell by it.
        await page.GetByTestId("dashboard-close").ClickAsync();
        await OpenDashboardAsync(page);
        await page.WaitForFunctionAsync("""
            ([expected]) => Math.abs(Number(document.querySelector('[data-testid=kpi-absorbed]').dataset.value) - expected) < 1e-6
            """, new object[] { before + mu });
        Assert.Equal(availableBefore - mu, await FigureAsync(page, "kpi-available"), 6);
        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "dashboard.png") });
    }

    [Fact]
    public async Task Clicking_this_months_bar_filters_the_map_to_what_was_absorbed_this_month()
    {
        await OwnZone.CreateAsync(fx, "WDS2", 118.9, 37.2, new OwnZone.Parcel("WDS2-01", 120, 100));
        await AllocateAsync("WDS2-01");
        var (page, errors) = await fx.OpenMapAsync(signInAs: "staff");
        await OpenDashboardAsync(page);

        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai);
        var month = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var point = await page.EvaluateAsync<JsonElement>("(p) => window.landmap.dashboardPoint(p)", month);
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Mouse.ClickAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle()),
            r => r.Url.Contains("/collections/parcels/items") && r.Url.Contains("absorbedFrom"));
        Assert.Contains($"absorbedFrom={month}-01", response.Url);
        var codes = JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("code").GetString()).ToList();
        Assert.Contains("WDS2-01", codes);
        await Expect(page.GetByTestId("absorbed-filter")).ToContainTextAsync($"{today.Year}年{today.Month}月");
        await Expect(page.Locator("#parcel-count")).ToHaveAttributeAsync("data-count", codes.Count.ToString(CultureInfo.InvariantCulture));

        // Clearing the filter brings the whole map back.
        await page.RunAndWaitForResponseAsync(() => page.GetByTestId("absorbed-filter-clear").ClickAsync(),
            r => r.Url.Contains("/collections/parcels/items") && !r.Url.Contains("absorbedFrom"));
        await Expect(page.GetByTestId("absorbed-filter")).ToBeHiddenAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_public_sees_neither_dashboard_nor_register()
    {
        var (page, _) = await fx.OpenMapAsync();
        await Expect(DashboardButton(page)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "项目库" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("dashboard")).ToBeHiddenAsync();
        using var stats = await fx.Anonymous.GetAsync("/api/stats/absorption");
        Assert.Equal(401, (int)stats.StatusCode);
    }

    [Fact]
    public async Task In_English_on_a_phone_the_dashboard_is_a_sheet_over_the_map_with_nothing_cut_off()
    {
        var (page, errors) = await fx.OpenMapAsync(lang: "en", signInAs: "staff", phone: true);
        await OpenDashboardAsync(page, "Dashboard");
        var dashboard = page.GetByTestId("dashboard");
        await Expect(dashboard).ToContainTextAsync("Absorption and revitalisation");
        await Expect(page.GetByTestId("kpi-absorbed")).ToContainTextAsync("Land absorbed this year");
        await Expect(page.GetByTestId("kpi-absorbed")).ToContainTextAsync("mu");
        var box = (await dashboard.BoundingBoxAsync())!;
        Assert.Equal(390, box.Width, 1);
        Assert.True(await dashboard.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), "the dashboard scrolls sideways");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "dashboard-phone-en.png") });
        await page.GetByTestId("dashboard-close").ClickAsync();
        await Expect(dashboard).ToBeHiddenAsync();
        Assert.Empty(errors);
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string url, object body, string? ifMatch = null)
    {
        using var req = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) req.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var res = await fx.Client.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"{method} {url}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A plan for the parcel closed as done on <paramref name="on"/> with the outcome.</summary>
    private async Task DoneAsync(string code, string kind, double investmentWan, double outputWan, string on)
    {
        var plan = await SendAsync(HttpMethod.Post, "/api/plans", new { resourceKind = "parcel", resourceCode = code, disposalMethod = "招商盘活", responsibleUnit = "招商中心" });
        await SendAsync(HttpMethod.Post, $"/api/plans/{plan.GetProperty("id").GetInt64()}/outcome",
            new { kind, investmentAddedWan = investmentWan, expectedOutputWan = outputWan, revitalisedOn = on }, "\"1\"");
    }

    [Fact]
    public async Task The_dashboard_states_the_zones_revitalisation_year_and_its_grades()
    {
        // Two idle parcels revitalised in 2025 (30 + 20 mu), two in use with 2025 figures: 10 mu at 40/mu (A) and 10 mu at 2/mu (D).
        OwnZone.Parcel[] parcels = [new("WREV-01", 200, 100), new("WREV-02", 200, 200.0 / 3), new("WREV-03", 100, 200.0 / 3), new("WREV-04", 100, 200.0 / 3),
            new("WREV-05", 100, 100)];
        await OwnZone.CreateAsync(fx, "WREV", 119.2, 37.2, parcels);
        await DoneAsync("WREV-01", "new_project", 60000, 150000, "2025-04-01");
        await DoneAsync("WREV-02", "expanded", 40000, 50000, "2025-09-30");
        await DoneAsync("WREV-05", "expanded", 800, 1200, "2024-06-30");
        await using (var conn = new Npgsql.NpgsqlConnection(fx.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("UPDATE parcels SET status = 'in_use' WHERE code IN ('WREV-03', 'WREV-04')", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        await SendAsync(HttpMethod.Post, "/api/performance", new
        {
            rows = new object[]
            {
                new { parcelCode = "WREV-03", year = 2025, taxWan = 400.0, revenueWan = 8000.0 },
                new { parcelCode = "WREV-04", year = 2025, taxWan = 20.0, revenueWan = 600.0 },
            },
        });

        var (page, errors) = await fx.OpenMapAsync(signInAs: "staff");
        await OpenDashboardAsync(page);
        var loaded = await page.GetByTestId("dashboard").GetAttributeAsync("data-loaded");
        await page.GetByTestId("dashboard-zone").SelectOptionAsync("WREV");
        await page.WaitForFunctionAsync("(before) => document.querySelector('[data-testid=dashboard]').dataset.loaded !== before && !document.querySelector('[data-testid=dashboard]').dataset.loading", loaded);

        var sentence = page.GetByTestId("revitalisation-sentence");
        await Expect(sentence).ToHaveTextAsync("WREV 测试区2025年累计盘活闲置低效用地50亩、闲置厂房0平方米，引导1家企业改扩建，引进1个新项目落地，增加固定资产投资10亿元，预计新增产值20亿元。");
        await Expect(page.GetByTestId("revitalisation-year")).ToHaveValueAsync("2025");
        Assert.Equal(parcels[0].AreaMu + parcels[1].AreaMu, await FigureAsync(page, "rev-land"), 6);
        Assert.Equal((1, 1, 100000.0), (await FigureAsync(page, "rev-expanded"), await FigureAsync(page, "rev-newProjects"), await FigureAsync(page, "rev-investment")));
        await Expect(page.GetByTestId("rev-investment")).ToContainTextAsync("10亿元");

        await Expect(page.GetByTestId("grade-A")).ToHaveAttributeAsync("data-count", "1");
        await Expect(page.GetByTestId("grade-D")).ToHaveAttributeAsync("data-count", "1");
        await Expect(page.GetByTestId("grade-B")).ToHaveAttributeAsync("data-count", "0");
        await Expect(page.GetByTestId("candidates-count")).ToHaveAttributeAsync("data-count", "1");
        await Expect(page.GetByTestId("candidates-count")).ToContainTextAsync("可腾出土地 10 亩");
        await Expect(page.GetByTestId("grade-thresholds")).ToContainTextAsync("本地设置");
        await Expect(page.GetByTestId("grade-thresholds")).ToHaveAttributeAsync("data-local-setting", "true");

        Assert.Empty(errors);

        // Another year: only its plans.
        loaded = await page.GetByTestId("dashboard").GetAttributeAsync("data-loaded");
        await page.GetByTestId("revitalisation-year").SelectOptionAsync("2024");
        await page.WaitForFunctionAsync("(before) => document.querySelector('[data-testid=dashboard]').dataset.loaded !== before && !document.querySelector('[data-testid=dashboard]').dataset.loading", loaded);
        await Expect(sentence).ToContainTextAsync("WREV 测试区2024年累计盘活闲置低效用地15亩");
        Assert.Equal(parcels[4].AreaMu, await FigureAsync(page, "rev-land"), 6);
        await Expect(page.GetByTestId("rev-investment")).ToContainTextAsync("800万元");
        await page.GetByTestId("revitalisation-year").SelectOptionAsync("2025");
        await Expect(sentence).ToContainTextAsync("2025年累计盘活闲置低效用地50亩");
        await page.GetByTestId("dash-revitalisation").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "dashboard-revitalisation.png") });

        // In English, the same year in the same terms.
        var (en, enErrors) = await fx.OpenMapAsync(lang: "en", signInAs: "staff");
        await OpenDashboardAsync(en, "Dashboard");
        loaded = await en.GetByTestId("dashboard").GetAttributeAsync("data-loaded");
        await en.GetByTestId("dashboard-zone").SelectOptionAsync("WREV");
        await en.WaitForFunctionAsync("(before) => document.querySelector('[data-testid=dashboard]').dataset.loaded !== before && !document.querySelector('[data-testid=dashboard]').dataset.loading", loaded);
        await Expect(en.GetByTestId("revitalisation-sentence")).ToContainTextAsync("In 2025, WREV test zone revitalised 50 mu of idle and low-efficiency land");
        await Expect(en.GetByTestId("revitalisation-sentence")).ToContainTextAsync("CNY 1 billion of fixed-asset investment");
        await Expect(en.GetByTestId("grade-thresholds")).ToContainTextAsync("local setting");
        Assert.Empty(enErrors);
    }
}
