using System.Text.Json;
using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>The offline basemap, the scale bar, the mini map, zone names inside the map and the GCJ-02 shift (issue 12 item 2).</summary>
[Collection(BrowserCollection.Name)]
public sealed class BasemapTests(BrowserFixture fx) : BrowserTest(fx)
{
    /// <summary>
    /// Opens the map with every request to another host than our server refused (and recorded), as on a machine with no
    /// internet, and waits for the offline basemap to be drawn.
    /// </summary>
    internal static async Task<(IPage Page, List<string> Errors, List<string> Outside)> OpenOfflineAsync(BrowserFixture fx, string lang = "zh", bool phone = false)
    {
        var outside = new List<string>();
        var server = fx.ServerAddress!.Authority;
        var (page, errors) = await fx.OpenMapAsync(lang, phone: phone, watch: p => p.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Authority == server) await route.ContinueAsync();
            else { lock (outside) outside.Add(route.Request.Url); await route.AbortAsync(); }
        }).GetAwaiter().GetResult());
        await page.WaitForSelectorAsync("body[data-basemap-drawn='offline']", new() { State = WaitForSelectorState.Attached });
        return (page, errors, outside);
    }

    /// <summary>The RGBA of the offline basemap's canvas under a lon/lat (transparent where it draws nothing: the sea).</summary>
    private static async Task<int[]> BasemapPixelAsync(IPage page, double lon, double lat) =>
        await page.EvaluateAsync<int[]>("""
            ([lon, lat]) => {
              const { map } = window.landmap;
              const canvas = map.getPane('basemap').querySelector('canvas');
              const p = map.latLngToContainerPoint([lat, lon]);
              const box = map.getContainer().getBoundingClientRect();
              const c = canvas.getBoundingClientRect();
              const x = Math.round((box.left + p.x - c.left) * canvas.width / c.width);
              const y = Math.round((box.top + p.y - c.top) * canvas.height / c.height);
              return [...canvas.getContext('2d').getImageData(x, y, 1, 1).data];
            }
            """, new[] { lon, lat });

    private static async Task SetViewAsync(IPage page, double lat, double lon, double zoom) =>
        await page.EvaluateAsync("([lat, lon, z]) => { window.landmap.map.setView([lat, lon], z, { animate: false }); }", new[] { lat, lon, zoom });

    private static async Task<string[]> LabelsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.bm-label')].map((e) => e.textContent)");

    [Fact]
    public async Task Offline_basemap_draws_land_sea_boundaries_and_names_with_the_network_to_anything_but_our_server_blocked()
    {
        var (page, errors, outside) = await OpenOfflineAsync(fx);

        // Land is drawn, the sea is not (the map's sea colour shows through): Zibo is inland, the Yellow Sea south of Weihai is sea.
        await SetViewAsync(page, 36.6, 120.0, 7);
        await page.WaitForFunctionAsync("() => window.landmap.map.getZoom() === 7");
        var land = await BasemapPixelAsync(page, 118.05, 36.6);
        var sea = await BasemapPixelAsync(page, 122.6, 36.0);
        Assert.True(land[3] == 255 && land[0] > 230 && land[1] > 230, $"land is the land colour, got {string.Join(',', land)}");
        Assert.Equal(0, sea[3]);
        Assert.Equal("rgb(207, 226, 240)", await page.EvaluateAsync<string>("() => getComputedStyle(window.landmap.map.getContainer()).backgroundColor"));

        // Prefecture names at city scale, county names closer in (Laixi, where the demo zone is).
        Assert.Contains("青岛", await LabelsAsync(page));
        await SetViewAsync(page, 36.87, 120.5, 10);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.bm-county')].some((e) => e.textContent === '莱西市')");

        // A metric scale bar and the north-up mini map with the view's rectangle.
        var scale = await page.Locator(".leaflet-control-scale-line").InnerTextAsync();
        Assert.Matches(@"^\d+ (km|m)$", scale);
        await page.WaitForSelectorAsync("body[data-minimap='shown']", new() { State = WaitForSelectorState.Attached });
        Assert.Equal(1, await page.Locator(".leaflet-control-minimap canvas").CountAsync());
        Assert.True(await page.Locator(".leaflet-control-minimap path").CountAsync() >= 1, "the mini map shows the view's rectangle");

        Assert.Empty(outside);
        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "basemap-offline-laixi.png") });
    }

    [Fact]
    public async Task English_page_names_places_in_pinyin()
    {
        var (page, errors, outside) = await OpenOfflineAsync(fx, "en");
        await SetViewAsync(page, 36.6, 118.5, 8);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.bm-prefecture')].some((e) => e.textContent === 'Qingdao')");
        var labels = await LabelsAsync(page);
        Assert.Contains("Jinan", labels);
        Assert.DoesNotContain(labels, l => l.Any(c => c >= '\u4e00' && c <= '\u9fff'));
        Assert.Equal("Basemap", await page.Locator(".bm-switcher label").InnerTextAsync());
        Assert.Empty(outside);
        Assert.Empty(errors);
    }

    /// <summary>
    /// The first view fits the zones with their names, and so does "locate" with all zones: the Jinan zone's name, centred
    /// above a zone at the west edge, was cut off by the map's left edge.
    /// </summary>
    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task Every_zone_name_stays_inside_the_map_in_the_first_view_and_after_locating_all_zones(int width, int height)
    {
        var (page, _) = await fx.OpenMapAsync(screen: new() { Width = width, Height = height });
        const string cutOff = """
            () => {
              const box = document.getElementById('map').getBoundingClientRect();
              return [...document.querySelectorAll('.zone-label')].filter((e) => {
                const r = e.getBoundingClientRect();
                return r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom;
              }).map((e) => e.textContent);
            }
            """;
        var first = await page.EvaluateAsync<string[]>(cutOff);
        Assert.True(first.Length == 0, $"zone names cut off in the first view at {width}×{height}: {string.Join(", ", first)}");
        Assert.True(await page.Locator(".zone-label").CountAsync() >= 5);

        await page.EvaluateAsync("() => { window.landmap.map.setView([36.0, 118.0], 12, { animate: false }); }");
        await page.GetByTestId("zone").SelectOptionAsync("");
        await page.GetByTestId("zoom-zone").ClickAsync();
        var located = await page.EvaluateAsync<string[]>(cutOff);
        Assert.True(located.Length == 0, $"zone names cut off after locating all zones at {width}×{height}: {string.Join(", ", located)}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), $"basemap-zones-{width}x{height}.png") });
    }

    /// <summary>
    /// Zone names never draw over each other: on a phone in English the demo's long names met at the opening view and
    /// overlapped into an unreadable strip. The larger zone's name is shown, the other hidden until a zoom leaves it room:
    /// locating the hidden name's zone shows it.
    /// </summary>
    [Fact]
    public async Task Zone_names_never_overlap_and_a_hidden_name_comes_back_when_its_zone_is_located()
    {
        var (page, errors) = await fx.OpenMapAsync("en", phone: true);
        const string names = """
            () => {
              const all = [...document.querySelectorAll('.zone-label')];
              const shown = all.filter((e) => !e.classList.contains('zone-label-hidden'));
              const overlaps = [];
              shown.forEach((a, i) => shown.slice(i + 1).forEach((b) => {
                const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
                if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) overlaps.push(`${a.textContent} / ${b.textContent}`);
              }));
              return { shown: shown.map((e) => e.textContent), hidden: all.filter((e) => !shown.includes(e)).map((e) => e.textContent), overlaps };
            }
            """;
        var first = await page.EvaluateAsync<JsonElement>(names);
        Assert.True(first.GetProperty("overlaps").GetArrayLength() == 0, $"names drawn over each other: {first.GetProperty("overlaps")}");
        Assert.True(first.GetProperty("shown").GetArrayLength() >= 1);
        // The case this guards: at 390 px the five English names do not all fit side by side.
        var hidden = first.GetProperty("hidden").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(hidden);

        await page.GetByTestId("zone").SelectOptionAsync(new SelectOptionValue { Label = hidden[0] });
        await page.GetByTestId("zoom-zone").ClickAsync();
        var located = await page.EvaluateAsync<JsonElement>(names);
        Assert.Contains(hidden[0], located.GetProperty("shown").EnumerateArray().Select(e => e.GetString()));
        Assert.True(located.GetProperty("overlaps").GetArrayLength() == 0, $"names drawn over each other: {located.GetProperty("overlaps")}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "zone-names-phone-en.png") });
        Assert.Empty(errors);
    }

    /// <summary>
    /// GCJ-02 against published reference pairs: WGS 84 → GCJ-02 for Shanghai, Shenzhen and Beijing from the test table of
    /// googollee/eviltransform (go/transform_test.go, MIT; the pairs its C, Go, PHP, Java and JavaScript ports all test).
    /// Our data are CGCS2000, which differs from WGS 84 by centimetres. The inverse (geo.js toLonLat on a GCJ-02 basemap)
    /// must take each GCJ-02 point back to its WGS 84 point.
    /// </summary>
    [Theory]
    [InlineData(121.5272106, 31.1774276, 121.531541859215, 31.17530398364597)] // Shanghai
    [InlineData(113.912316, 22.543847, 113.9171764808363, 22.540796131694766)]  // Shenzhen
    [InlineData(116.377817, 39.911954, 116.38404722455657, 39.91334545536069)]  // Beijing
    public async Task Gcj02_shift_matches_published_reference_points(double lon, double lat, double gcjLon, double gcjLat)
    {
        var page = await fx.ModulePageAsync();
        var result = await page.EvaluateAsync<double[]>("""
            async ([lon, lat, gLon, gLat]) => {
              const geo = await import('/geo.js');
              const [fLon, fLat] = geo.toGcj02(lon, lat);
              const { store } = window.landmap;
              const before = store.get('datum');
              store.set('datum', 'gcj02');
              const [bLon, bLat] = geo.toLonLat({ lng: gLon, lat: gLat });
              store.set('datum', before);
              return [fLon, fLat, bLon, bLat];
            }
            """, new[] { lon, lat, gcjLon, gcjLat });
        const double tolerance = 1e-7; // degrees: about a centimetre
        Assert.Equal(gcjLon, result[0], tolerance);
        Assert.Equal(gcjLat, result[1], tolerance);
        Assert.Equal(lon, result[2], 1e-6); // the inverse by three fixed-point rounds: ~0.1 m
        Assert.Equal(lat, result[3], 1e-6);
    }

    [Fact]
    public async Task Offline_basemap_is_served_by_our_api_with_its_etag()
    {
        using var first = await fx.Anonymous.GetAsync("/api/basemap/offline");
        Assert.Equal(System.Net.HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/geo+json", first.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        var features = doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        Assert.Contains(features, p => p.GetProperty("layer").GetString() == "land");
        foreach (var level in new[] { "county", "prefecture", "province" })
            Assert.Contains(features, p => p.GetProperty("layer").GetString() == "boundary" && p.GetProperty("level").GetString() == level);
        var counties = features.Where(p => p.GetProperty("layer").GetString() == "label" && p.GetProperty("level").GetString() == "county").ToList();
        Assert.True(counties.Count > 130, $"Shandong has 136 counties and districts; {counties.Count} labelled");
        Assert.Contains(counties, p => p.GetProperty("name").GetString() == "莱芜区" && p.GetProperty("nameEn").GetString() == "Laiwu District");

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/basemap/offline");
        again.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());
        using var second = await fx.Anonymous.SendAsync(again);
        Assert.Equal(System.Net.HttpStatusCode.NotModified, second.StatusCode);

        var config = await fx.GetPublicJsonAsync("/api/config");
        Assert.Equal("offline", config.GetProperty("basemap").GetProperty("id").GetString());
        Assert.Equal(["offline"], config.GetProperty("basemaps").EnumerateArray().Select(b => b.GetProperty("id").GetString()!).ToArray());
    }
}
