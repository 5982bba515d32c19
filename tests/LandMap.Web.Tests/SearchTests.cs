using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>The search box (panels/search.js over /api/search): typing a code suggests it; picking it zooms and opens its card.</summary>
[Collection(PanelsBrowserCollection.Name)]
public sealed class SearchTests(BrowserFixture fx) : BrowserTest(fx)
{
    private static async Task<double[]> Center(IPage page) =>
        await page.EvaluateAsync<double[]>("() => { const c = window.landmap.map.getCenter(); return [c.lat, c.lng, window.landmap.map.getZoom()]; }");

    [Theory]
    [InlineData(false)] // 1366 × 768
    [InlineData(true)] // 390 × 844
    public async Task Search_finds_a_code_and_enter_zooms_to_it_and_opens_its_card(bool phone)
    {
        var (page, errors) = await fx.OpenMapAsync(phone: phone, screen: phone ? null : BrowserFixture.Laptop);
        var before = await Center(page);
        var input = page.GetByTestId("search-input");
        await input.FillAsync("tst-03");
        var option = page.Locator("[data-testid=search-option][data-code='TST-03']");
        await option.WaitForAsync();
        Assert.Equal("parcel", await option.GetAttributeAsync("data-kind"));
        Assert.Equal("true", await page.Locator("[data-testid=search-option]").First.GetAttributeAsync("aria-selected")); // the exact code first
        Assert.Equal("true", await input.GetAttributeAsync("aria-expanded"));

        await input.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".leaflet-popup [data-testid=popup][data-code='TST-03']")).ToBeVisibleAsync();
        var after = await Center(page);
        Assert.True(after[2] >= 14, $"zoomed in to the parcel (zoom {after[2]}, was {before[2]})");
        // The test zone lies near 118.0°E 37.0°N (TestRows): the map went there.
        Assert.InRange(after[0], 36.98, 37.02);
        Assert.InRange(after[1], 117.98, 118.03);
        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), phone ? "search-phone.png" : "search.png") });
    }

    [Fact]
    public async Task Arrow_keys_choose_among_suggestions_and_the_public_is_not_offered_internal_statuses()
    {
        var (page, errors) = await fx.OpenMapAsync();
        var input = page.GetByTestId("search-input");
        await input.FillAsync("TST-0");
        await page.Locator("[data-testid=search-option][data-code='TST-01']").WaitForAsync();
        var codes = await page.Locator("[data-testid=search-option]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.code)");
        Assert.DoesNotContain("TST-04", codes); // reserved: staff only
        Assert.DoesNotContain("TST-07", codes); // in use

        await input.PressAsync("ArrowDown");
        var second = codes[1];
        Assert.Equal("true", await page.Locator($"[data-testid=search-option][data-code='{second}']").GetAttributeAsync("aria-selected"));
        Assert.Equal("search-option-1", await input.GetAttributeAsync("aria-activedescendant"));
        await input.PressAsync("Enter");
        await Assertions.Expect(page.Locator($".leaflet-popup [data-testid=popup][data-code='{second}']")).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Picking_a_zone_by_its_english_name_fits_the_map_to_it()
    {
        var (page, errors) = await fx.OpenMapAsync(lang: "en");
        await page.GetByTestId("search-input").FillAsync("Test zone");
        var option = page.Locator("[data-testid=search-option][data-code='TST']");
        await option.WaitForAsync();
        await option.ClickAsync();
        await page.WaitForFunctionAsync("() => { const c = window.landmap.map.getCenter(); return Math.abs(c.lat - 37.0) < 0.05 && Math.abs(c.lng - 118.0) < 0.05; }");
        Assert.Empty(errors);
    }
}
