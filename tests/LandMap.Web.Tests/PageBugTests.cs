using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>The six page bugs of issue 12, each as the user met it, at a laptop's size (1366 × 768).</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageBugTests(BrowserFixture fx) : BrowserTest(fx)
{
    private static async Task<int> ShownCount(IPage page, string testId = "parcel-count")
    {
        await page.WaitForSelectorAsync($"[data-testid='{testId}'][data-count]", new() { State = WaitForSelectorState.Attached });
        return int.Parse((await page.GetByTestId(testId).GetAttributeAsync("data-count"))!, CultureInfo.InvariantCulture);
    }

    private static Task<double> Zoom(IPage page) => page.EvaluateAsync<double>("window.landmap.map.getZoom()");

    [Theory]
    [InlineData(null)]
    [InlineData("staff")]
    public async Task Reset_after_a_language_switch_restores_every_status_and_the_whole_map(string? role)
    {
        var (page, errors) = await fx.OpenMapAsync(signInAs: role, screen: BrowserFixture.Laptop);
        var parcels = await ShownCount(page);
        var factories = await ShownCount(page, "factory-count");
        var zoom = await Zoom(page);
        var ticked = await page.Locator("#statuses input:checked").CountAsync();

        await page.GetByTestId("zone").SelectOptionAsync("LXEDZ");
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("status-idle").UncheckAsync(), "zone=LXEDZ");
        Assert.True(await Zoom(page) > zoom + 1, "choosing a zone zooms to it");
        await page.GetByTestId("lang-switch").ClickAsync();
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'en'");
        await page.GetByTestId("reset").ClickAsync();

        await Assertions.Expect(page.GetByTestId("parcel-count")).ToHaveAttributeAsync("data-count", parcels.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("factory-count")).ToHaveAttributeAsync("data-count", factories.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(ticked, await page.Locator("#statuses input:checked").CountAsync());
        await Assertions.Expect(page.Locator("path.parcel")).ToHaveCountAsync(parcels); // drawn just after the totals are shown
        // The whole map again: the English zone names are longer and are kept inside the map (BasemapTests), which may
        // take a step or two of zoomSnap further out than the Chinese first view.
        Assert.InRange(await Zoom(page), zoom - 0.5, zoom);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task With_no_status_ticked_neither_parcels_nor_factories_are_shown_or_exported()
    {
        var (page, errors) = await fx.OpenMapAsync(signInAs: "staff", screen: BrowserFixture.Laptop);
        Assert.True(await page.Locator("path.factory").CountAsync() > 0);
        foreach (var box in await page.Locator("#statuses input").AllAsync()) await box.UncheckAsync();
        await Assertions.Expect(page.GetByTestId("factory-count")).ToHaveAttributeAsync("data-count", "0");
        Assert.Equal(0, await page.Locator("path.factory").CountAsync());
        Assert.Equal(0, await MapPageTests.DrawnParcels(page));

        // The export of factories follows the same statuses: none ticked is nothing, not every factory.
        var exports = new List<string>();
        page.Request += (_, r) => { if (r.Url.Contains("/export")) exports.Add(r.Url); };
        await page.GetByTestId("export-kind").SelectOptionAsync("factories");
        await page.Locator("#export-buttons button[data-format='csv']").ClickAsync();
        await Assertions.Expect(page.GetByTestId("export-error")).ToContainTextAsync("未勾选任何状态");
        Assert.Empty(exports);
        Assert.Empty(errors);
    }

    /// <summary>
    /// A streamed page of features that breaks off (ASP.NET Core cuts the connection when a query fails after the first
    /// bytes went out, and logs a 500) was taken as an empty answer: no error, an empty map under the old totals. It is
    /// a server error, and not "no connection".
    /// </summary>
    [Theory]
    [InlineData("zh", "服务器出错")]
    [InlineData("en", "Server error")]
    public async Task An_answer_that_breaks_off_is_reported_as_a_server_error(string lang, string message)
    {
        var (page, _) = await fx.OpenMapAsync(lang, screen: BrowserFixture.Laptop);
        await page.RouteAsync(url => url.Contains("/collections/parcels/items"), route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "application/geo+json", Body = """{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Multi""",
        }));
        await page.GetByTestId("minMu").FillAsync("1");
        var error = page.GetByTestId("error");
        await error.WaitForAsync();
        Assert.Contains(message, await error.InnerTextAsync());
        Assert.DoesNotContain(lang == "zh" ? "无法连接" : "No connection", await error.InnerTextAsync());
        Assert.Equal("—", await page.GetByTestId("parcel-count").InnerTextAsync());
        Assert.Equal(0, await MapPageTests.DrawnParcels(page));
    }

    /// <summary>
    /// Beyond 2 000 matches the page draws the view's shapes (zoomed in) while the totals load. When the totals fail,
    /// the view's shapes arriving later were still drawn beside the error. The totals are made to say 5 000 (so the page
    /// works in 'view' mode on the demo data) and then to fail, and the view's shapes to arrive after that failure.
    /// </summary>
    [Fact]
    public async Task After_a_failed_filter_nothing_is_drawn_beside_the_error()
    {
        var (page, _) = await fx.OpenMapAsync(screen: BrowserFixture.Laptop);
        var failStats = false;
        await page.RouteAsync(url => url.Contains("/api/stats"), async route =>
        {
            if (failStats)
            {
                await route.FulfillAsync(new() { Status = 500, ContentType = "application/problem+json", Body = """{"status":500,"code":"server-error"}""" });
                return;
            }
            var real = await route.FetchAsync();
            var json = System.Text.Json.Nodes.JsonNode.Parse(await real.TextAsync())!;
            json["parcels"]!["count"] = 5000;
            await route.FulfillAsync(new() { Response = real, Body = json.ToJsonString() });
        });
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("minMu").FillAsync("0"), "minMu=0");
        await page.WaitForFunctionAsync("() => document.body.dataset.mode === 'view'");
        await page.GetByTestId("zone").SelectOptionAsync("QDDZ");
        await page.EvaluateAsync("() => { window.landmap.map.setZoom(14, { animate: false }); }");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.leaflet-overlay-pane canvas').length > 0");

        failStats = true;
        // The view's shapes are held until the error shows, then let go; the test waits until the page has had them (or
        // dropped the request) rather than for a fixed time.
        var held = new TaskCompletionSource<IRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = new List<IRequest>();
        page.RequestFinished += (_, r) => { lock (ended) ended.Add(r); };
        page.RequestFailed += (_, r) => { lock (ended) ended.Add(r); };
        await page.RouteAsync(url => url.Contains("/collections/parcels/items") && url.Contains("bbox="), async route =>
        {
            held.TrySetResult(route.Request);
            await release.Task;
            try { await route.ContinueAsync(); }
            catch (PlaywrightException) { } // the page dropped the request meanwhile (aborted it): nothing to continue
        });
        await page.GetByTestId("minMu").FillAsync("1");
        await page.GetByTestId("error").WaitForAsync();
        var shapes = await held.Task.WaitAsync(TimeSpan.FromSeconds(30)); // view mode asks for the view beside the totals
        release.SetResult();
        for (var until = DateTime.UtcNow.AddSeconds(30); !Ended() && DateTime.UtcNow < until;)
            await page.EvaluateAsync("() => new Promise((done) => requestAnimationFrame(done))");
        Assert.True(Ended(), "the held request for the view's shapes neither finished nor failed");
        // Whatever the page does with an answer it still takes, it does within a frame or two of the body's end.
        await page.EvaluateAsync("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");
        Assert.False(await page.GetByTestId("error").IsHiddenAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>("window.landmap.parcels.group.getLayers().length"));

        bool Ended() { lock (ended) return ended.Contains(shapes); }
    }

    [Fact]
    public async Task Allocation_pins_name_their_project()
    {
        const string name = "钉名演示项目";
        using var created = await fx.Client.PostAsJsonAsync("/api/projects", new { name, pollutionClass = "1", investmentWan = 900, floorNeedM2 = 800 });
        created.EnsureSuccessStatusCode();
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor", screen: BrowserFixture.Laptop);
        await page.GetByTestId("tab-match").ClickAsync();
        await page.RunAndWaitForResponseAsync(() => page.GetByTestId("m-allocate").ClickAsync(), r => r.Url.EndsWith("/api/allocate"));
        await page.GetByTestId("alloc-factory").WaitForAsync();

        var projects = await page.GetByTestId("m-allocation").Locator("tr:not(.unassigned) td:first-child").AllInnerTextsAsync();
        Assert.Contains(name, projects);
        var pins = (await page.Locator(".match-pin").AllInnerTextsAsync()).Select(t => t.Replace("✓", "").Trim()).ToList();
        Assert.Equal(projects.Order(), pins.Order());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Match_pins_do_not_cover_the_zone_names()
    {
        await OwnZone.CreateAsync(fx, "WPIN", 119.6, 37.9, new OwnZone.Parcel("WPIN-01", 150, 100), new OwnZone.Parcel("WPIN-02", 200, 150));
        var (page, errors) = await fx.OpenMapAsync(signInAs: "staff", screen: BrowserFixture.Laptop);
        await page.GetByTestId("tab-match").ClickAsync();
        await MatchPanelTests.MatchProjectAsync(page, "钉与标注", "1", "15000", "22", "WPIN");
        await page.Locator(".match-pin").First.WaitForAsync();
        await page.EvaluateAsync("() => { window.landmap.map.setZoom(15, { animate: false }); }");

        // The zone's name sits above its northern edge, so no resource of the zone, and no pin, can be under it.
        var placement = await page.EvaluateAsync<JsonElement>("""
            () => {
              const { map, store } = window.landmap;
              const zone = store.get('zones').find((z) => z.properties.code === 'WPIN');
              const north = Math.max(...zone.geometry.coordinates.flat(2).map((c) => c[1]));
              const mapTop = map.getContainer().getBoundingClientRect().top;
              const label = [...document.querySelectorAll('.zone-label')].find((l) => l.textContent.includes('WPIN'));
              const r = label.getBoundingClientRect();
              const edgeY = mapTop + map.latLngToContainerPoint([north, map.getCenter().lng]).y;
              const pins = [...document.querySelectorAll('.match-pin span')].map((p) => p.getBoundingClientRect());
              const overlaps = [...document.querySelectorAll('.zone-label')].flatMap((l) => {
                const a = l.getBoundingClientRect();
                return pins.filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom).map(() => l.textContent);
              });
              return { labelBottom: r.bottom, edgeY, overlaps, pins: pins.length };
            }
            """);
        Assert.True(placement.GetProperty("pins").GetInt32() > 0);
        Assert.True(placement.GetProperty("labelBottom").GetDouble() <= placement.GetProperty("edgeY").GetDouble() + 1,
            $"the label ends at y={placement.GetProperty("labelBottom")}, the zone starts at y={placement.GetProperty("edgeY")}");
        Assert.Equal(0, placement.GetProperty("overlaps").GetArrayLength());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "match-pins-and-labels.png") });
        Assert.Empty(errors);
    }
}
