using System.Globalization;
using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>
/// The list of what the map shows (panels/list.js) in 'all' mode (the demo and the test zone: every match drawn): it
/// follows the filters and the view, sorts, pages, and each row reaches its resource by pointer and by keyboard.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ListTests(BrowserFixture fx) : BrowserTest(fx)
{
    internal static async Task<string[]> ListedCodes(IPage page) =>
        await page.Locator("[data-testid=list-row]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.code)");

    internal static async Task<int> ListedTotal(IPage page) =>
        int.Parse((await page.GetByTestId("list-range").GetAttributeAsync("data-total"))!, CultureInfo.InvariantCulture);

    /// <summary>Waits until the list shows <paramref name="total"/> matches.</summary>
    internal static Task WaitForTotal(IPage page, int total) =>
        Assertions.Expect(page.GetByTestId("list-range")).ToHaveAttributeAsync("data-total", total.ToString(CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(false)] // 1366 × 768
    [InlineData(true)] // 390 × 844
    public async Task The_list_follows_the_filters_and_sorts_by_area(bool phone)
    {
        var (page, errors) = await fx.OpenMapAsync(phone: phone, screen: phone ? null : BrowserFixture.Laptop);
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("zone").SelectOptionAsync("TST"), "zone=TST");
        // The public sees the test zone's idle and negotiating parcels (TestRows): 60, 45, 30, 20 and 15 mu.
        await WaitForTotal(page, 5);
        Assert.Equal(["TST-03", "TST-06", "TST-01", "TST-05", "TST-02"], await ListedCodes(page));
        Assert.Equal("descending", await page.Locator("th:has([data-testid=list-sort-areaMu])").GetAttributeAsync("aria-sort"));

        await page.GetByTestId("list-sort-areaMu").ClickAsync();
        await Assertions.Expect(page.Locator("th:has([data-testid=list-sort-areaMu])")).ToHaveAttributeAsync("aria-sort", "ascending");
        Assert.Equal(["TST-02", "TST-05", "TST-01", "TST-06", "TST-03"], await ListedCodes(page));

        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("minMu").FillAsync("25"), "minMu=25");
        await WaitForTotal(page, 3);
        Assert.Equal(["TST-01", "TST-06", "TST-03"], await ListedCodes(page));
        Assert.Empty(errors);
        await page.GetByTestId("list").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), phone ? "list-phone.png" : "list.png") });
    }

    [Fact]
    public async Task The_list_pages_through_every_drawn_parcel_and_sorts_by_status()
    {
        var (page, errors) = await fx.OpenMapAsync();
        var drawn = await MapPageTests.DrawnParcels(page);
        await WaitForTotal(page, drawn);
        var seen = new HashSet<string>(await ListedCodes(page));
        Assert.Equal(20, seen.Count);
        await page.GetByTestId("list-next").ClickAsync();
        await Assertions.Expect(page.GetByTestId("list-range")).ToHaveAttributeAsync("data-from", "21");
        var second = await ListedCodes(page);
        Assert.Equal(20, second.Length);
        Assert.Empty(seen.Intersect(second));
        await Assertions.Expect(page.GetByTestId("list-prev")).ToBeEnabledAsync();

        await page.GetByTestId("list-sort-status").ClickAsync(); // back to the first page, idle before negotiating
        await Assertions.Expect(page.GetByTestId("list-range")).ToHaveAttributeAsync("data-from", "1");
        var statuses = await page.Locator("[data-testid=list-row] td:nth-of-type(2)").AllInnerTextsAsync();
        Assert.All(statuses, s => Assert.Equal("闲置", s));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Hovering_a_row_outlines_its_parcel_and_its_code_opens_the_card_by_keyboard()
    {
        var (page, errors) = await fx.OpenMapAsync();
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("zone").SelectOptionAsync("TST"), "zone=TST");
        await WaitForTotal(page, 5);
        await page.Locator("[data-testid=list-row][data-code='TST-06']").HoverAsync();
        await Assertions.Expect(page.Locator("path.list-highlight")).ToHaveCountAsync(1);

        // Keyboard: focus the row's code button (as Tab does) and press Enter.
        await page.Locator("[data-testid=list-row][data-code='TST-01'] [data-testid=list-open]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".leaflet-popup [data-testid=popup][data-code='TST-01']")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<double>("() => window.landmap.map.getZoom()") >= 14);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_row_adds_its_resource_to_the_shortlist()
    {
        var (page, errors) = await fx.OpenMapAsync();
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("zone").SelectOptionAsync("TST"), "zone=TST");
        await WaitForTotal(page, 5);
        var row = page.Locator("[data-testid=list-row][data-code='TST-05']");
        await row.GetByTestId("list-add").ClickAsync();
        await Assertions.Expect(row.GetByTestId("list-shortlisted")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=shortlist-item][data-kind=parcel][data-code='TST-05']")).ToHaveCountAsync(1);

        await page.GetByTestId("list-kind-factories").CheckAsync(); // the public sees TST-F01 (idle) and TST-F02 (negotiating)
        await WaitForTotal(page, 2);
        await page.Locator("[data-testid=list-row][data-code='TST-F02'] [data-testid=list-add]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=shortlist-item][data-kind=factory][data-code='TST-F02']")).ToHaveCountAsync(1);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Only_in_view_lists_what_the_map_shows_after_a_move()
    {
        var (page, errors) = await fx.OpenMapAsync();
        var all = await MapPageTests.DrawnParcels(page);
        await WaitForTotal(page, all);
        await page.GetByTestId("list-in-view").CheckAsync();
        // The test zone lies far from the demo zones: in its view, only its five public parcels.
        await page.EvaluateAsync("() => { window.landmap.map.setView([37.003, 118.007], 15, { animate: false }); }");
        await WaitForTotal(page, 5);
        Assert.All(await ListedCodes(page), c => Assert.StartsWith("TST-", c));
        await page.GetByTestId("list-in-view").UncheckAsync();
        await WaitForTotal(page, all);
        Assert.Empty(errors);
    }
}

/// <summary>
/// The list in 'view' mode (100 000 parcels: the map draws tiles, or the view's shapes): pages come from the server, sorted
/// there, and "only in view" lists what the view holds.
/// </summary>
[Collection(ScalePageCollection.Name)]
public sealed class ListAtScaleTests(ScaleBrowserFixture fx) : BrowserTest(fx)
{
    public override Task InitializeAsync() => fx.EnsureSeededAsync();

    [Fact]
    public async Task In_view_mode_the_list_pages_from_the_server_and_follows_the_view()
    {
        var requests = new List<string>();
        var (page, errors) = await fx.OpenMapAsync(watch: p => p.Request += (_, r) => { if (r.Url.Contains("sortby=")) requests.Add(Uri.UnescapeDataString(r.Url)); });
        await page.WaitForSelectorAsync("body[data-mode='view']", new() { State = WaitForSelectorState.Attached });
        // One sorted page of a province's parcels: the server sorts tens of thousands while the overview's tiles are built.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=list-row]').length === 20 || !document.querySelector('#list .list-error').hidden",
            null, new() { Timeout = 60_000 });
        Assert.True(await page.Locator("#list .list-error").IsHiddenAsync(), await page.Locator("#list .list-error").InnerTextAsync());
        await Assertions.Expect(page.Locator("[data-testid=list-row]")).ToHaveCountAsync(ListPage.Size);
        Assert.Contains(requests, u => u.Contains("/collections/parcels/items") && u.Contains("sortby=-areaMu") && u.Contains("limit=20") && u.Contains("offset=0"));
        var areas = await page.Locator("[data-testid=list-row] td:nth-of-type(1)").AllInnerTextsAsync();
        var numbers = areas.Select(a => double.Parse(a.Replace(",", ""), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.OrderByDescending(n => n), numbers);

        // Its first parcel: zoomed to (the card opens), then only what the view holds is listed, each drawn there.
        await page.Locator("[data-testid=list-open]").First.ClickAsync();
        await Assertions.Expect(page.Locator(".leaflet-popup [data-testid=popup]")).ToBeVisibleAsync();
        await page.GetByTestId("list-in-view").CheckAsync();
        await page.WaitForFunctionAsync("""
            () => { const rows = [...document.querySelectorAll('[data-testid=list-row]')];
              return rows.length > 0 && rows.every((r) => window.landmap.parcels.find(r.dataset.code)); }
            """, null, new() { Timeout = 30_000 });
        Assert.Contains(requests, u => u.Contains("bbox="));
        Assert.Empty(errors);
    }
}

internal static class ListPage
{
    public const int Size = 20; // PAGE_SIZE in web/panels/list.js
}
