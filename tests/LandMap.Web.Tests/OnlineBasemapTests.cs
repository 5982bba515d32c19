using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>The app configured with a Tianditu key and Gaode tiles (no tile host is reached: the browser answers for them).</summary>
public sealed class OnlineBasemapFixture : BrowserFixture
{
    public const string TiandituKey = "0123456789abcdef";

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Basemap:TiandituKey", TiandituKey), new("Basemap:Gaode", "true")];
}

/// <summary>Switching basemaps: Tianditu (CGCS2000) draws our data as stored, Gaode (GCJ-02) shifts every shape onto its tiles.</summary>
public sealed class OnlineBasemapTests(OnlineBasemapFixture fx) : BrowserTest(fx), IClassFixture<OnlineBasemapFixture>
{
    // A 1×1 transparent PNG: what the "tile servers" answer here.
    private static readonly byte[] Tile = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private async Task<(IPage Page, List<string> Errors, List<string> Tiles)> OpenAsync()
    {
        var tiles = new List<string>();
        var server = fx.ServerAddress!.Authority;
        var (page, errors) = await fx.OpenMapAsync(watch: p => p.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Authority == server) { await route.ContinueAsync(); return; }
            lock (tiles) tiles.Add(route.Request.Url);
            await route.FulfillAsync(new() { Status = 200, ContentType = "image/png", BodyBytes = Tile });
        }).GetAwaiter().GetResult());
        return (page, errors, tiles);
    }

    /// <summary>The first vertex of parcel <paramref name="code"/> as stored (lon, lat) and as drawn (lng, lat).</summary>
    private static async Task<double[]> VertexAsync(IPage page, string code) =>
        await page.EvaluateAsync<double[]>("""
            (code) => {
              const layer = window.landmap.parcels.find(code);
              const g = layer.feature.geometry;
              const stored = g.type === 'MultiPolygon' ? g.coordinates[0][0][0] : g.coordinates[0][0];
              let drawn = layer.getLatLngs();
              while (Array.isArray(drawn)) drawn = drawn[0];
              return [stored[0], stored[1], drawn.lng, drawn.lat];
            }
            """, code);

    [Fact]
    public async Task Switching_to_Gaode_shifts_our_shapes_and_the_overview_by_GCJ02_and_back_to_Tianditu_draws_them_as_stored()
    {
        var (page, errors, tiles) = await OpenAsync();
        var options = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#basemap-select option')].map((o) => o.value)");
        Assert.Equal(["offline", "tianditu-vector", "tianditu-imagery", "gaode-vector", "gaode-imagery", "none"], options);
        var code = await page.EvaluateAsync<string>("() => document.querySelector('path.parcel').getAttribute('class').match(/code-([\\w-]+)/)[1]");

        var before = await VertexAsync(page, code);
        Assert.Equal(before[0], before[2], 1e-12); // offline: CGCS2000, drawn as stored
        Assert.Equal(before[1], before[3], 1e-12);

        // Gaode: the page redraws every shape shifted by GCJ-02 and fetches Gaode's tiles.
        await page.Locator("#basemap-select").SelectOptionAsync("gaode-vector");
        await page.WaitForSelectorAsync("body[data-basemap='gaode-vector']", new() { State = WaitForSelectorState.Attached });
        await page.WaitForFunctionAsync("(c) => { const l = window.landmap.parcels.find(c); let d = l?.getLatLngs(); while (Array.isArray(d)) d = d[0]; const g = l?.feature.geometry; const s = g && (g.type === 'MultiPolygon' ? g.coordinates[0][0][0] : g.coordinates[0][0]); return d && Math.abs(d.lng - s[0]) > 1e-4; }", code);
        var shifted = await VertexAsync(page, code);
        var expected = await page.EvaluateAsync<double[]>("async ([lon, lat]) => (await import('/geo.js')).toGcj02(lon, lat)", new[] { shifted[0], shifted[1] });
        Assert.Equal(expected[0], shifted[2], 1e-9);
        Assert.Equal(expected[1], shifted[3], 1e-9);
        // Around Qingdao and Jinan GCJ-02 lies ~0.005° east and ~0.0015° north of CGCS2000 (about 500 m).
        Assert.InRange(shifted[2] - shifted[0], 0.003, 0.008);
        await page.WaitForFunctionAsync("() => /translate3d\\(/.test(window.landmap.map.getPane('overview').style.transform)");
        await Assertions.Expect(page.Locator(".leaflet-tile-pane img").First).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex(@"^https://webrd0[1-4]\.is\.autonavi\.com/appmaptile\?.*style=8"));

        // Tianditu: CGCS2000 again (no shift), its vector map and labels with the key, and the overview back in place.
        await page.Locator("#basemap-select").SelectOptionAsync("tianditu-vector");
        await page.WaitForFunctionAsync("(c) => { const l = window.landmap.parcels.find(c); let d = l?.getLatLngs(); while (Array.isArray(d)) d = d[0]; const g = l?.feature.geometry; const s = g && (g.type === 'MultiPolygon' ? g.coordinates[0][0][0] : g.coordinates[0][0]); return d && Math.abs(d.lng - s[0]) < 1e-12; }", code);
        Assert.Equal("", await page.EvaluateAsync<string>("() => window.landmap.map.getPane('overview').style.transform"));
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.leaflet-tile-pane img')].some((i) => i.src.includes('LAYER=cva'))");
        lock (tiles)
        {
            Assert.Contains(tiles, u => u.Contains("tianditu.gov.cn/vec_w/wmts") && u.Contains($"tk={OnlineBasemapFixture.TiandituKey}"));
            Assert.Contains(tiles, u => u.Contains("is.autonavi.com"));
        }
        // The choice is remembered for the next visit.
        Assert.Equal("tianditu-vector", await page.EvaluateAsync<string>("() => localStorage.getItem('landmap.basemap')"));
        Assert.Empty(errors);
    }

    /// <summary>The first vertex as drawn (lng, lat) of the first polygon in a layer group exposed on window.landmap.</summary>
    private static async Task<double[]> DrawnVertexAsync(IPage page, string layer) =>
        await page.EvaluateAsync<double[]>("""
            (name) => {
              const found = [];
              const walk = (g) => g.eachLayer((l) => (l.getLatLngs ? found.push(l) : l.eachLayer && walk(l)));
              walk(window.landmap[name].group ?? window.landmap[name]);
              let d = found[0].getLatLngs();
              while (Array.isArray(d)) d = d[0];
              return [d.lng, d.lat];
            }
            """, layer);

    [Fact]
    public async Task Match_results_and_an_import_preview_already_drawn_move_with_the_basemaps_datum()
    {
        var (page, errors, _) = await OpenAsync();
        // A match result and an import preview row over the same parcel, drawn on the offline (CGCS2000) basemap.
        var stored = await page.EvaluateAsync<double[]>("""
            () => {
              const l = window.landmap.parcels.find(document.querySelector('path.parcel').getAttribute('class').match(/code-([\w-]+)/)[1]);
              const f = l.feature, g = f.geometry, p = f.properties;
              window.landmap.match.show({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: g,
                properties: { ...p, role: 'candidate', rank: 1, score: 90 } }] });
              window.landmap.importPreview.show({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: g,
                properties: { row: 1, code: p.code, areaMu: p.areaMu } }] }, () => 'ok', { fit: false });
              window.landmap.importPreview.setShown(true);
              return g.type === 'MultiPolygon' ? g.coordinates[0][0][0] : g.coordinates[0][0];
            }
            """);
        Assert.Equal(stored, await DrawnVertexAsync(page, "match"));

        await page.Locator("#basemap-select").SelectOptionAsync("gaode-vector");
        await page.WaitForSelectorAsync("body[data-basemap='gaode-vector']", new() { State = WaitForSelectorState.Attached });
        var expected = await page.EvaluateAsync<double[]>("async ([lon, lat]) => (await import('/geo.js')).toGcj02(lon, lat)", stored);
        foreach (var layer in new[] { "match", "importPreview" })
        {
            var drawn = await DrawnVertexAsync(page, layer);
            Assert.Equal(expected[0], drawn[0], 1e-9);
            Assert.Equal(expected[1], drawn[1], 1e-9);
        }
        // The match result keeps its pin.
        Assert.Equal(1, await page.Locator(".match-pin").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_page_may_load_tiles_from_the_configured_hosts_only()
    {
        using var res = await fx.Anonymous.GetAsync("/");
        var csp = string.Join(' ', res.Headers.GetValues("Content-Security-Policy"));
        var imgSrc = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("img-src ", StringComparison.Ordinal));
        Assert.Equal("img-src 'self' data: https://*.tianditu.gov.cn https://*.is.autonavi.com", imgSrc);
    }
}
