using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Playwright;
using Npgsql;

namespace LandMap.Web.Tests;

/// <summary>
/// panels/import.js: the 导入台账 wizard. Its ledgers lie in a zone of their own (WIZ, 121.30–121.35°E 37.00–37.05°N) that the
/// tests create, so nothing here changes what other tests count.
/// </summary>
[Collection(PanelsBrowserCollection.Name)]
public sealed class ImportWizardTests(BrowserFixture fx) : BrowserTest(fx)
{
    private Task EnsureZoneAsync(string code = "WIZ", double west = 121.30) => fx.EnsureZoneAsync(code, west);

    private async Task DeleteZoneAsync(string code)
    {
        await using var conn = new NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("DELETE FROM zones WHERE code = $1", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = code });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A 0.0022° × 0.0009° rectangle at (lon, lat) as lon/lat WKT: at 37°N about 195.8 m × 99.9 m = 19 557 m² ≈ 29.3 亩
    /// (89 010 m per degree of longitude, 110 978 m per degree of latitude on the CGCS2000 ellipsoid).
    /// </summary>
    private static string Rectangle(double lon, double lat)
    {
        string P(double x, double y) => string.Create(CultureInfo.InvariantCulture, $"{x:0.######} {y:0.######}");
        var (e, n) = (lon + 0.0022, lat + 0.0009);
        return $"POLYGON(({P(lon, lat)}, {P(e, lat)}, {P(e, n)}, {P(lon, n)}, {P(lon, lat)}))";
    }

    private static FilePayload Csv(string name, string header, params string[] rows) => new()
    {
        Name = name,
        MimeType = "text/csv",
        Buffer = Encoding.UTF8.GetBytes(string.Join("\r\n", [header, .. rows]) + "\r\n"),
    };

    private const string Header = "宗地编号,坐落,面积（亩）,用地性质,WKT";

    private static string Row(string code, double lon, string landUse = "M1", string areaMu = "29.3") =>
        $"{code},威海路{code}号,{areaMu},{landUse},\"{Rectangle(lon, 37.01)}\"";

    /// <summary>WIZ-01 and WIZ-02 good; WIZ-03 with 用地性质 "X9", which no land-use table knows.</summary>
    private static FilePayload LedgerWithBadRow(string fileName = "宗地台账.csv", string badLandUse = "X9") =>
        Csv(fileName, Header, Row("WIZ-01", 121.31), Row("WIZ-02", 121.315), Row("WIZ-03", 121.32, badLandUse));

    private static async Task<IResponse> ChooseFileAsync(IPage page, FilePayload file) =>
        await page.RunAndWaitForResponseAsync(() => page.GetByTestId("imp-file").SetInputFilesAsync(file),
            r => r.Url.Contains("/api/imports/parcels") && r.Url.Contains("dryRun=true"));

    private static async Task<string> CountAsync(IPage page, string key) =>
        (await page.GetByTestId("imp-counts").Locator($"[data-count='{key}'] strong").InnerTextAsync()).Trim();

    [Fact]
    public async Task A_dry_run_shows_format_counts_problems_and_preview_and_a_corrected_file_imports()
    {
        await EnsureZoneAsync();
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await page.GetByTestId("tab-import").ClickAsync();

        var dry = await ChooseFileAsync(page, LedgerWithBadRow());
        Assert.Equal(200, dry.Status);
        await page.GetByTestId("imp-report").WaitForAsync();
        Assert.Equal("CSV", (await page.GetByTestId("imp-detected").Locator("[data-fact='format'] dd").InnerTextAsync()).Trim());
        Assert.Contains("UTF-8", await page.GetByTestId("imp-detected").Locator("[data-fact='encoding'] dd").InnerTextAsync());
        Assert.Contains("CGCS2000 经纬度", await page.GetByTestId("imp-detected").Locator("[data-fact='crs'] dd").InnerTextAsync());
        // What the server says about the file (its notes, how the coordinates were found) is said in Chinese too.
        var said = string.Join("\n", await page.GetByTestId("imp-detected").Locator("[data-fact='crs'] dd, [data-fact='notes'] dd").AllInnerTextsAsync());
        Assert.Contains("自动识别", said);
        Assert.DoesNotMatch("[a-z]{3,}", said);
        Assert.Equal("2", await CountAsync(page, "new"));
        Assert.Equal("1", await CountAsync(page, "rejected"));

        // The mapping the server used, as selects: 用地性质 ← the file's 用地性质, 面积（亩）← 面积（亩）.
        Assert.Equal("用地性质", await page.GetByTestId("imp-map-landUse").InputValueAsync());
        Assert.Equal("面积（亩）", await page.GetByTestId("imp-map-ledgerAreaMu").InputValueAsync());
        Assert.Equal("WKT", await page.GetByTestId("imp-map-wkt").InputValueAsync());

        // The bad row: its number, the field's Chinese label and the server's reason, in Chinese (Accept-Language).
        var problem = page.GetByTestId("imp-problems").Locator("li[data-row='3']");
        var text = await problem.InnerTextAsync();
        Assert.Contains("第 3 行", text);
        Assert.Contains("用地性质", text);
        Assert.Contains("未知的用地性质代码或名称“X9”", text);
        Assert.DoesNotMatch("[a-z]{3,}", await page.GetByTestId("imp-problems").InnerTextAsync());
        Assert.Contains("blocking", await problem.GetAttributeAsync("class") ?? "");

        // The two good rows on the map in green, the rejected one (its outline is fine, its land use is not) in red.
        Assert.Equal(3, await page.Locator("path.import-preview").CountAsync());
        Assert.Equal(2, await page.Locator("path.import-preview.import-ok").CountAsync());
        Assert.Equal(1, await page.Locator("path.import-preview.import-rejected").CountAsync());
        Assert.True(await page.GetByTestId("imp-confirm").IsDisabledAsync());
        Assert.Contains("1 行被拒绝", await page.GetByTestId("imp-blocked").InnerTextAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Client.GetAsync("/collections/parcels/items/WIZ-01")).StatusCode);

        // The corrected file (X9 → M1) checks clean; then the real run writes all three.
        await ChooseFileAsync(page, LedgerWithBadRow(badLandUse: "M1"));
        await Assertions.Expect(page.GetByTestId("imp-counts").Locator("[data-count='new'] strong")).ToHaveTextAsync("3");
        Assert.Equal("0", await CountAsync(page, "rejected"));
        await Assertions.Expect(page.Locator("path.import-preview.import-ok")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("imp-problems").Locator("li")).ToHaveCountAsync(0);
        var loaded = await page.GetAttributeAsync("body", "data-loaded");
        var real = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("imp-confirm").ClickAsync(), r => r.Url.Contains("dryRun=false"));
        Assert.Equal(200, real.Status);
        await Assertions.Expect(page.GetByTestId("imp-result")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bok\b"));
        Assert.Equal("已导入：新增 3，更新 0，未变 0", (await page.GetByTestId("imp-result").InnerTextAsync()).Trim());
        await Assertions.Expect(page.Locator("path.import-preview")).ToHaveCountAsync(0); // the preview gave way to the real layers

        var parcel = (await fx.GetJsonAsync("/collections/parcels/items/WIZ-01")).GetProperty("properties");
        Assert.Equal("WIZ", parcel.GetProperty("zone").GetString());
        Assert.Equal(29.3, parcel.GetProperty("areaMu").GetDouble(), 0);
        // …and the map's layers were loaded again (app.js marks each completed refresh on the body).
        await page.WaitForFunctionAsync("before => document.body.dataset.loaded !== before", loaded);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Choosing_a_column_for_an_unrecognised_header_reruns_the_dry_run_and_the_mapping_can_be_saved()
    {
        await EnsureZoneAsync();
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await page.GetByTestId("tab-import").ClickAsync();
        // "规划类别" is no header the server knows for 用地性质: every row lacks a required field.
        // WIZ-12's ledger says 40 亩 for about 29.3: flagged, not rejected, once it can be read at all.
        var file = Csv("规划表.csv", "宗地编号,坐落,面积（亩）,规划类别,WKT", Row("WIZ-11", 121.33), Row("WIZ-12", 121.335, areaMu: "40"));
        await ChooseFileAsync(page, file);
        await page.GetByTestId("imp-report").WaitForAsync();
        Assert.Equal("2", await CountAsync(page, "rejected"));
        Assert.Equal("", await page.GetByTestId("imp-map-landUse").InputValueAsync());
        Assert.Contains("missing", await page.Locator("tr[data-field='landUse']").GetAttributeAsync("class") ?? "");
        Assert.Contains("缺少必填项", await page.GetByTestId("imp-problems").Locator("li[data-row='1']").InnerTextAsync());
        Assert.Contains("规划类别", await page.GetByTestId("imp-unused").InnerTextAsync());

        var rerun = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("imp-map-landUse").SelectOptionAsync("规划类别"),
            r => r.Url.Contains("/api/imports/parcels"));
        Assert.Contains("map.landUse=" + Uri.EscapeDataString("规划类别"), rerun.Url);
        await Assertions.Expect(page.GetByTestId("imp-counts").Locator("[data-count='rejected'] strong")).ToHaveTextAsync("0");
        Assert.Equal("2", await CountAsync(page, "new"));
        Assert.Equal("规划类别", await page.GetByTestId("imp-map-landUse").InputValueAsync());
        Assert.False(await page.GetByTestId("imp-confirm").IsDisabledAsync());

        // The flagged row is orange on the map, and its problem zooms to it.
        Assert.Equal("1", await CountAsync(page, "flagged"));
        Assert.Equal(1, await page.Locator("path.import-preview.import-flagged").CountAsync());
        var flagged = page.GetByTestId("imp-problems").Locator("li[data-row='2']");
        Assert.Contains("面积不符", await flagged.InnerTextAsync());
        var zoom = await page.EvaluateAsync<double>("() => window.landmap.map.getZoom()");
        await flagged.ClickAsync();
        await page.Locator(".leaflet-tooltip", new() { HasText = "WIZ-12" }).WaitForAsync();
        Assert.True(await page.EvaluateAsync<double>("() => window.landmap.map.getZoom()") > zoom);

        await page.GetByTestId("imp-mapping-name").FillAsync("向导测试·规划表");
        var saved = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("imp-mapping-save").ClickAsync(), r => r.Url.Contains("/api/imports/mappings/"));
        Assert.Equal(200, saved.Status);
        await page.GetByTestId("imp-mapping-saved").WaitForAsync();
        var mappings = await fx.GetJsonAsync("/api/imports/mappings");
        var mine = mappings.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "向导测试·规划表");
        Assert.Equal("规划类别", mine.GetProperty("mapping").GetProperty("landUse").GetString());
        // It is offered for the next file.
        await page.GetByTestId("imp-saved").Locator("option[value='向导测试·规划表']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_real_run_refused_after_a_clean_dry_run_says_nothing_was_written_and_shows_why()
    {
        // The zone the rows lie in is deleted between the dry run and the confirmation (someone else's change):
        // the real run finds the row in no zone and refuses the whole file.
        await EnsureZoneAsync("WZR", 121.40);
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await page.GetByTestId("tab-import").ClickAsync();
        await ChooseFileAsync(page, Csv("区外.csv", Header, Row("WZR-01", 121.41)));
        await page.GetByTestId("imp-report").WaitForAsync();
        Assert.Equal("1", await CountAsync(page, "new"));
        Assert.Equal("0", await CountAsync(page, "rejected"));
        await DeleteZoneAsync("WZR");

        var real = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("imp-confirm").ClickAsync(), r => r.Url.Contains("dryRun=false"));
        Assert.Equal(422, real.Status);
        await Assertions.Expect(page.GetByTestId("imp-result")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\brefused\b"));
        Assert.Contains("未写入任何数据", await page.GetByTestId("imp-result").InnerTextAsync());
        Assert.Equal("1", await CountAsync(page, "rejected"));
        Assert.Contains("不在任何开发区内", await page.GetByTestId("imp-problems").Locator("li[data-row='1']").InnerTextAsync());
        Assert.Equal(1, await page.Locator("path.import-preview.import-rejected").CountAsync());
        Assert.True(await page.GetByTestId("imp-confirm").IsDisabledAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Client.GetAsync("/collections/parcels/items/WZR-01")).StatusCode);
        Assert.DoesNotContain(errors, e => !e.Contains("422")); // the browser logs the refused request itself
    }

    [Fact]
    public async Task Staff_and_the_public_see_no_import_tab()
    {
        var (publicPage, _) = await fx.OpenMapAsync();
        Assert.False(await publicPage.GetByTestId("tab-import").IsVisibleAsync());
        Assert.False(await publicPage.GetByTestId("import-panel").IsVisibleAsync());

        var (staffPage, _) = await fx.OpenMapAsync(signInAs: "staff");
        Assert.True(await staffPage.GetByTestId("tab-match").IsVisibleAsync());
        Assert.False(await staffPage.GetByTestId("tab-import").IsVisibleAsync());
        Assert.False(await staffPage.GetByTestId("import-panel").IsVisibleAsync());

        var (adminPage, _) = await fx.OpenMapAsync(signInAs: "admin");
        Assert.True(await adminPage.GetByTestId("tab-import").IsVisibleAsync());
    }

    [Theory]
    [InlineData("zh", false)]
    [InlineData("zh", true)]
    [InlineData("en", false)]
    public async Task Screenshot_of_the_wizard_with_a_preview_and_problems(string lang, bool phone)
    {
        await EnsureZoneAsync();
        var (page, errors) = await fx.OpenMapAsync(lang, signInAs: "editor", phone: phone);
        await page.GetByTestId("tab-import").ClickAsync();
        await ChooseFileAsync(page, LedgerWithBadRow());
        await page.GetByTestId("imp-problems").Locator("li").First.WaitForAsync();
        // On a phone the panel is short: scroll it to the problems (a desktop panel shows the wizard from its first step).
        if (phone) await page.GetByTestId("imp-problems").Locator("li[data-row='3']").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), $"import-wizard-{lang}-{(phone ? "phone" : "desktop")}.png") });
        Assert.Empty(errors);
    }
}
