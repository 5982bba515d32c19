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
    public async Task Language_switch_shows_english_and_remembers_it()
    {
        var (page, _) = await fx.OpenMapAsync();
        await page.GetByTestId("lang-switch").ClickAsync();
        Assert.Equal("Available Investment Resources Map", await page.InnerTextAsync("h1"));
        Assert.Equal("en", await page.EvaluateAsync<string>("document.documentElement.lang"));
        Assert.Equal("en", await page.EvaluateAsync<string>("localStorage.getItem('landmap.lang')"));
        Assert.Contains("Idle", await page.GetByTestId("statuses").InnerTextAsync());
    }
}
