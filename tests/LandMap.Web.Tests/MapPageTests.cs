using System.Text.Json;
using Microsoft.Playwright;

namespace LandMap.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class MapPageTests(BrowserFixture fx) : BrowserTest(fx)
{
    internal static async Task<int> DrawnParcels(IPage page) => await page.Locator("path.parcel").CountAsync();

    /// <summary>The count the summary shows, once it shows one (it is written just after the parcels are drawn).</summary>
    private static async Task<int> ShownCount(IPage page)
    {
        await page.WaitForSelectorAsync("[data-testid='parcel-count'][data-count]", new() { State = WaitForSelectorState.Attached });
        return int.Parse((await page.GetByTestId("parcel-count").GetAttributeAsync("data-count"))!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Runs an action and waits for the first request for the filters carrying the given query text (the totals from
    /// /api/stats, then the parcels), then for the redraw.
    /// </summary>
    internal static async Task ApplyAndWaitAsync(IPage page, Func<Task> action, params string[] expectedInQuery)
    {
        await page.RunAndWaitForResponseAsync(action,
            r => (r.Url.Contains("/collections/parcels/items") || r.Url.Contains("/api/stats"))
                 && expectedInQuery.All(q => Uri.UnescapeDataString(r.Url).Contains(q)),
            new() { Timeout = 20_000 });
        await page.GetByTestId("loading").WaitForAsync(new() { State = WaitForSelectorState.Hidden });
    }

    [Fact]
    public async Task Page_loads_without_console_errors_and_draws_every_public_parcel()
    {
        var (page, errors) = await fx.OpenMapAsync();
        var total = (await fx.GetPublicJsonAsync("/collections/parcels/items?limit=1")).GetProperty("numberMatched").GetInt32();
        Assert.Equal(total, await DrawnParcels(page));
        Assert.Equal(total, await ShownCount(page));
        Assert.True(await page.Locator("path.factory").CountAsync() > 0);
        Assert.True(await page.Locator("path.zone").CountAsync() >= 5);
        Assert.Equal("可用招商资源动态地图", await page.InnerTextAsync("h1"));
        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "map-all.png") });
    }

    [Fact]
    public async Task Filtering_Laixi_first_class_industrial_20_to_50_mu_idle_draws_exactly_what_the_api_returns()
    {
        var (page, errors) = await fx.OpenMapAsync();
        await page.GetByTestId("zone").SelectOptionAsync("LXEDZ");
        await page.GetByTestId("landUse").SelectOptionAsync("100101");
        await page.GetByTestId("minMu").FillAsync("20");
        await page.GetByTestId("status-negotiating").UncheckAsync(); // the public's other status
        await ApplyAndWaitAsync(page, () => page.GetByTestId("maxMu").FillAsync("50"), "zone=LXEDZ", "landUse=100101", "minMu=20", "maxMu=50", "status=idle");

        var api = await fx.GetJsonAsync("/collections/parcels/items?zone=LXEDZ&landUse=100101&minMu=20&maxMu=50&status=idle&limit=1000");
        var expected = api.GetProperty("numberMatched").GetInt32();
        Assert.True(expected > 0, "the demo data has such parcels in Laixi");
        // Playwright's retrying assertions: the redraw may still be under way when the response has arrived.
        await Assertions.Expect(page.Locator("path.parcel")).ToHaveCountAsync(expected);
        await Assertions.Expect(page.GetByTestId("parcel-count")).ToHaveAttributeAsync("data-count", expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var mu = api.GetProperty("features").EnumerateArray().Sum(f => f.GetProperty("properties").GetProperty("areaMu").GetDouble());
        await Assertions.Expect(page.GetByTestId("parcel-mu")).ToHaveTextAsync(mu.ToString("#,##0.#", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("path.parcel.status-idle")).ToHaveCountAsync(expected);
        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "map-laixi-filter.png") });
    }

    [Fact]
    public async Task Changing_the_area_filter_changes_the_drawn_count_to_the_api_count()
    {
        var (page, _) = await fx.OpenMapAsync();
        var before = await DrawnParcels(page);
        await ApplyAndWaitAsync(page, () => page.GetByTestId("minMu").FillAsync("100"), "minMu=100");
        var api = await fx.GetPublicJsonAsync("/collections/parcels/items?minMu=100&limit=1");
        var expected = api.GetProperty("numberMatched").GetInt32();
        Assert.NotEqual(before, expected);
        Assert.Equal(expected, await DrawnParcels(page));
    }

    [Fact]
    public async Task Clicking_a_parcel_shows_its_code_and_area_in_chinese_units()
    {
        var (page, _) = await fx.OpenMapAsync();
        await page.GetByTestId("zone").SelectOptionAsync("TST");
        await page.GetByTestId("minMu").FillAsync("59");
        await ApplyAndWaitAsync(page, () => page.GetByTestId("maxMu").FillAsync("61"), "zone=TST", "minMu=59", "maxMu=61");
        Assert.Equal(1, await DrawnParcels(page));
        await page.Locator("path.parcel").ClickAsync();
        var popup = page.GetByTestId("popup");
        await popup.WaitForAsync();
        var text = await popup.InnerTextAsync();
        Assert.Contains("TST-03", text);
        Assert.Contains("60 亩", text);
        Assert.Contains("三类工业用地", text);
        Assert.Contains("万元/亩", text);
    }

    [Fact]
    public async Task Language_switch_shows_english_and_remembers_it()
    {
        var (page, _) = await fx.OpenMapAsync();
        await page.GetByTestId("lang-switch").ClickAsync();
        Assert.Equal("Available Investment Resources Map", await page.InnerTextAsync("h1"));
        Assert.Equal("en", await page.EvaluateAsync<string>("document.documentElement.lang"));
        Assert.Equal("en", await page.EvaluateAsync<string>("localStorage.getItem('landmap.lang')"));
        Assert.Contains("Idle", await page.GetByTestId("statuses").InnerTextAsync());
    }

    [Fact]
    public async Task A_bad_filter_value_shows_the_servers_reason_instead_of_a_blank_map()
    {
        var (page, _) = await fx.OpenMapAsync();
        await page.GetByTestId("minMu").FillAsync("80");
        await ApplyAndWaitAsync(page, () => page.GetByTestId("maxMu").FillAsync("10"), "minMu=80", "maxMu=10");
        await page.GetByTestId("error").WaitForAsync();
        Assert.Contains("minMu", await page.GetByTestId("error").InnerTextAsync());
    }

    [Fact]
    public async Task The_english_strings_have_every_key_the_chinese_ones_have_and_no_other()
    {
        var (page, _) = await fx.OpenMapAsync();
        var missing = await page.EvaluateAsync<string[]>("""
            async () => {
              const [zh, en] = (await Promise.all([import('/i18n/zh.js'), import('/i18n/en.js')])).map((m) => m.default);
              const keys = (o, p = '') => Object.entries(o).flatMap(([k, v]) => v && typeof v === 'object' ? keys(v, p + k + '.') : [p + k]);
              const a = new Set(keys(zh)), b = new Set(keys(en));
              return [...[...a].filter((k) => !b.has(k)).map((k) => 'en lacks ' + k), ...[...b].filter((k) => !a.has(k)).map((k) => 'zh lacks ' + k)];
            }
            """);
        Assert.Empty(missing);
    }

    [Fact]
    public async Task The_tabs_are_a_tablist_that_arrow_keys_move_through()
    {
        var (page, _) = await fx.OpenMapAsync(signInAs: "editor");
        var tabs = page.GetByRole(AriaRole.Tablist).GetByRole(AriaRole.Tab);
        await Assertions.Expect(tabs).ToHaveCountAsync(6); // 资源筛选, 项目匹配, 导入台账, 档案, 项目库, 盘活
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "资源筛选" })).ToHaveAttributeAsync("aria-selected", "true");
        await page.GetByRole(AriaRole.Tab, new() { Name = "资源筛选" }).FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "项目匹配" })).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(page.GetByTestId("match-panel")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("filters")).ToBeHiddenAsync();
    }
}
