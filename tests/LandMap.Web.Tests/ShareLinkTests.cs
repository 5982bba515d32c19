using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>
/// Share links (url-state.js): the address holds the view, the filters, the selected resource and the language; opening it
/// in a fresh browser restores exactly that, and Back undoes a filter change.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ShareLinkTests(BrowserFixture fx) : BrowserTest(fx)
{
    /// <summary>A fresh browser (no cookies, no saved language) opening <paramref name="url"/>, as someone the link was sent to.</summary>
    private async Task<(IPage Page, List<string> Errors)> OpenLinkAsync(string url, bool phone)
    {
        var context = await fx.NewContextAsync(new()
        {
            ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1366, Height = 768 },
            DeviceScaleFactor = phone ? 2 : 1, IsMobile = phone, HasTouch = phone, ReducedMotion = ReducedMotion.Reduce, Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, msg) => { if (msg.Type == "error") errors.Add(msg.Text); };
        page.PageError += (_, err) => errors.Add(err);
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("body[data-loaded][data-role]", new() { State = WaitForSelectorState.Attached });
        return (page, errors);
    }

    private sealed record Shown(string Lang, string Zone, string LandUse, string MinMu, string MaxMu, string[] Statuses, string? Card,
        double Lat, double Lng, double Zoom, string Count);

    private static async Task<Shown> ShownAsync(IPage page)
    {
        var s = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            () => {
              const m = window.landmap.map, c = m.getCenter(), v = (id) => document.getElementById(id).value;
              return { lang: document.documentElement.lang, zone: v('zone'), landUse: v('landUse'), minMu: v('minMu'), maxMu: v('maxMu'),
                statuses: [...document.querySelectorAll('#statuses input:checked')].map((i) => i.value),
                card: document.querySelector('.leaflet-popup [data-testid=popup]')?.dataset.code ?? null,
                lat: c.lat, lng: c.lng, zoom: m.getZoom(), count: document.getElementById('parcel-count').dataset.count ?? '' };
            }
            """);
        string S(string n) => s.GetProperty(n).GetString() ?? "";
        return new(S("lang"), S("zone"), S("landUse"), S("minMu"), S("maxMu"),
            [.. s.GetProperty("statuses").EnumerateArray().Select(e => e.GetString()!)],
            s.GetProperty("card").ValueKind == System.Text.Json.JsonValueKind.Null ? null : s.GetProperty("card").GetString(),
            s.GetProperty("lat").GetDouble(), s.GetProperty("lng").GetDouble(), s.GetProperty("zoom").GetDouble(), S("count"));
    }

    [Theory]
    [InlineData(false)] // 1366 × 768
    [InlineData(true)] // 390 × 844
    public async Task A_shared_link_restores_view_filters_selection_and_language(bool phone)
    {
        var (page, errors) = await fx.OpenMapAsync(phone: phone, screen: phone ? null : BrowserFixture.Laptop);
        // The investor's case of issue 12: Laixi, idle, 一类工业用地, 20–50 mu.
        await page.GetByTestId("zone").SelectOptionAsync("LXEDZ");
        await page.GetByTestId("landUse").SelectOptionAsync("100101");
        await page.GetByTestId("minMu").FillAsync("20");
        await page.GetByTestId("status-negotiating").UncheckAsync();
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("maxMu").FillAsync("50"), "maxMu=50");
        await Assertions.Expect(page.GetByTestId("parcel-count")).ToHaveAttributeAsync("data-count", new System.Text.RegularExpressions.Regex("^[1-9]"));
        // Select the second parcel of the list (its card opens), then switch to English.
        var code = await page.Locator("[data-testid=list-row]").Nth(1).GetAttributeAsync("data-code");
        await page.Locator($"[data-testid=list-row][data-code='{code}'] [data-testid=list-open]").ClickAsync();
        await Assertions.Expect(page.Locator($".leaflet-popup [data-testid=popup][data-code='{code}']")).ToBeVisibleAsync();
        await page.GetByTestId("lang-switch").ClickAsync();
        await page.WaitForFunctionAsync("() => location.search.includes('lang=en')");
        // The address follows the map: once the map has come to rest (a card's auto-pan ends with 'moveend'), the link's
        // view is the map's centre to its 5 decimals.
        await page.WaitForFunctionAsync("""
            () => {
              const v = new URLSearchParams(location.search).get('view')?.split(',').map(Number);
              const c = window.landmap.map.getCenter();
              return !!v && Math.abs(v[0] - c.lat) <= 6e-6 && Math.abs(v[1] - c.lng) <= 6e-6;
            }
            """);
        var sent = await ShownAsync(page);
        var url = page.Url;
        Assert.StartsWith(fx.ServerAddress!.ToString(), url);
        Assert.DoesNotContain("#", url);
        Assert.Contains($"sel=parcel:{code}", url);

        var (opened, openErrors) = await OpenLinkAsync(url, phone);
        await Assertions.Expect(opened.Locator($".leaflet-popup [data-testid=popup][data-code='{code}']")).ToBeVisibleAsync();
        var got = await ShownAsync(opened);
        Assert.Equal(("en", "LXEDZ", "100101", "20", "50"), (got.Lang, got.Zone, got.LandUse, got.MinMu, got.MaxMu));
        Assert.Equal(["idle"], got.Statuses);
        Assert.Equal(code, got.Card);
        Assert.Equal(sent.Count, got.Count);
        Assert.Equal(sent.Zoom, got.Zoom, 2);
        // The same screen size, the same centre within a screen pixel: the link keeps 5 decimals (about a metre), and the
        // card of a link opens where the link's view puts it, without moving the map.
        var cos = Math.Cos(sent.Lat * Math.PI / 180);
        var metresPerPixel = 156_543.03 * cos / Math.Pow(2, sent.Zoom);
        var off = Math.Sqrt(Math.Pow((got.Lat - sent.Lat) * 111_320, 2) + Math.Pow((got.Lng - sent.Lng) * 111_320 * cos, 2));
        Assert.True(off <= metresPerPixel, $"the centre moved {off:F1} m ({metresPerPixel:F1} m a pixel): sent {sent.Lat}, {sent.Lng}; got {got.Lat}, {got.Lng}");
        Assert.Equal("Available Investment Resources Map", await opened.InnerTextAsync("h1"));
        Assert.Empty(errors);
        Assert.Empty(openErrors);
        await opened.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), phone ? "share-link-phone.png" : "share-link.png") });
    }

    [Fact]
    public async Task The_share_button_copies_the_address_of_what_is_shown()
    {
        var (page, errors) = await fx.OpenMapAsync(screen: BrowserFixture.Laptop);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("zone").SelectOptionAsync("TST"), "zone=TST");
        await page.WaitForFunctionAsync("() => location.search.includes('zone=TST')");
        await page.GetByTestId("share-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("search-status")).ToBeVisibleAsync();
        Assert.Equal(page.Url, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Back_undoes_a_filter_change_and_forward_redoes_it()
    {
        var (page, errors) = await fx.OpenMapAsync();
        var all = (await ShownAsync(page)).Count;
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("minMu").FillAsync("100"), "minMu=100");
        await page.WaitForFunctionAsync("() => location.search.includes('minMu=100')");
        var filtered = (await ShownAsync(page)).Count;
        Assert.NotEqual(all, filtered);

        await page.GoBackAsync();
        await Assertions.Expect(page.GetByTestId("minMu")).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByTestId("parcel-count")).ToHaveAttributeAsync("data-count", all);
        await page.GoForwardAsync();
        await Assertions.Expect(page.GetByTestId("minMu")).ToHaveValueAsync("100");
        await Assertions.Expect(page.GetByTestId("parcel-count")).ToHaveAttributeAsync("data-count", filtered);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_link_naming_a_status_the_public_may_not_see_keeps_the_public_statuses()
    {
        var (page, errors) = await OpenLinkAsync($"{fx.ServerAddress}?status=reserved&zone=TST", phone: false);
        var shown = await ShownAsync(page);
        Assert.Equal("TST", shown.Zone);
        Assert.NotEmpty(shown.Statuses);
        Assert.DoesNotContain("reserved", shown.Statuses);
        Assert.Empty(errors); // no 403 from asking for a status the public may not see
    }
}
