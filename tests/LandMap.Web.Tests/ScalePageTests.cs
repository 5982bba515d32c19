using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using LandMap.Seeds;
using Microsoft.Playwright;
using Npgsql;

namespace LandMap.Web.Tests;

/// <summary>The page over a database of its own holding 100 000 generated parcels besides the demo (a province's worth).</summary>
public sealed class ScaleBrowserFixture : BrowserFixture
{
    public const int Parcels = 100_000;
    private readonly Lazy<Task> _seeded;

    public ScaleBrowserFixture() => _seeded = new(SeedAsync);

    public Task EnsureSeededAsync() => _seeded.Value;

    private async Task SeedAsync()
    {
        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        builder.UseNetTopologySuite();
        await using var db = builder.Build();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await SeedWriter.WriteZonesAsync(conn, ScaleGenerator.Zones(Parcels), default);
        await SeedWriter.WriteParcelsAsync(conn, ScaleGenerator.Parcels(Parcels), default);
        await tx.CommitAsync();
        await using var analyze = new NpgsqlCommand("ANALYZE parcels", conn);
        await analyze.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ScalePageCollection : ICollectionFixture<ScaleBrowserFixture>
{
    public const string Name = "LandMap page at 100 000 parcels";
}

/// <summary>
/// Issue 11: at province scale the page loads only what is in view. It counts the requests and the bytes, not the time
/// (the time is the benchmark's): the overview comes as vector tiles, the shapes of a zoomed-in view as one bbox page, the
/// totals from /api/stats, and nothing asks for every parcel.
/// </summary>
[Collection(ScalePageCollection.Name)]
public sealed class ScalePageTests(ScaleBrowserFixture fx) : BrowserTest(fx)
{
    public override Task InitializeAsync() => fx.EnsureSeededAsync();

    private sealed class Fetched(string url)
    {
        public string Url { get; } = url;
        public int Status { get; set; }
        public long Bytes { get; set; }
    }

    /// <summary>
    /// Every finished API request of the page: its URL (unescaped), logged as it finishes, then its status and body bytes
    /// (read asynchronously: wait for them with <see cref="Expect"/>).
    /// </summary>
    private static Action<IPage> Record(ConcurrentQueue<Fetched> log) => page => page.RequestFinished += async (_, request) =>
    {
        if (!request.Url.Contains("/collections/") && !request.Url.Contains("/api/")) return;
        var entry = new Fetched(Uri.UnescapeDataString(request.Url));
        log.Enqueue(entry);
        try
        {
            var response = await request.ResponseAsync();
            var sizes = await request.SizesAsync();
            entry.Bytes = sizes.ResponseBodySize;
            entry.Status = response?.Status ?? 0;
        }
        catch (PlaywrightException) { } // the page closed first (the test is over): an event handler must not throw
    };

    private static long Bytes(IEnumerable<Fetched> log) => log.Sum(f => f.Bytes);

    /// <summary>Shapes fetched for the map: items of the collection other than the resource list's page (sortby, 20 rows).</summary>
    private static bool IsItems(Fetched f, string collection) => f.Url.Contains($"/collections/{collection}/items") && !IsListPage(f);

    /// <summary>The resource list's page, sorted by the server (panels/list.js); it never carries more than a page.</summary>
    private static bool IsListPage(Fetched f) => f.Url.Contains("/items?") && f.Url.Contains("sortby=") && f.Url.Contains("limit=20&");

    private static async Task<int> ShownCount(IPage page) => int.Parse(
        (await page.GetByTestId("parcel-count").GetAttributeAsync("data-count"))!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_page_draws_a_province_from_tiles_and_the_view_without_fetching_every_parcel()
    {
        var log = new ConcurrentQueue<Fetched>();
        var (page, errors) = await fx.OpenMapAsync(watch: Record(log));
        Assert.Equal("view", await page.GetAttributeAsync("body", "data-mode"));

        // The totals are the stats' for the same filters: every public parcel, not what happened to be downloaded.
        var stats = await fx.GetPublicJsonAsync("/api/stats");
        var total = stats.GetProperty("parcels").GetProperty("count").GetInt32();
        Assert.True(total > ScaleBrowserFixture.Parcels / 2, $"{total} public parcels");
        Assert.Equal(total, await ShownCount(page));

        // Zoomed out: tiles, and no parcel or factory items at all.
        await Expect(() => log.Any(f => f.Url.Contains("/collections/parcels/tiles/WebMercatorQuad/") && f.Status == 200), "a parcels tile drawn");
        Assert.DoesNotContain(log, f => IsItems(f, "parcels") || IsItems(f, "factories"));
        Assert.All(log.Where(IsListPage), f => Assert.True(f.Bytes < 100_000, $"the list's page took {f.Bytes:N0} bytes: {f.Url}"));
        var zoomedOut = Bytes(log);
        // The old page downloaded every public parcel as GeoJSON: ~1 kB each, ~80 MB here.
        Assert.True(zoomedOut < 8_000_000, $"{zoomedOut:N0} bytes to open the map");

        // Zoomed in on a generated zone: the view's shapes in one bbox page each, drawn on canvas, with their cards.
        var ring = (await fx.GetPublicJsonAsync("/collections/zones/items/SZ001")).GetProperty("geometry").GetProperty("coordinates")[0][0]
            .EnumerateArray().Select(c => (Lon: c[0].GetDouble(), Lat: c[1].GetDouble())).ToList();
        var (lon, lat) = (ring.Average(c => c.Lon), ring.Average(c => c.Lat));
        log.Clear();
        await page.EvaluateAsync($"() => {{ window.landmap.map.setView([{lat.ToString(CultureInfo.InvariantCulture)}, {lon.ToString(CultureInfo.InvariantCulture)}], 14, {{ animate: false }}); }}");
        await page.WaitForFunctionAsync("() => window.landmap.parcels.group.getLayers().length > 0 && !window.landmap.overview.shown");
        await Expect(() => log.Any(f => IsItems(f, "parcels")), "the view's parcels"); // the log is written as responses end
        var request = Assert.Single(log, f => IsItems(f, "parcels"));
        Assert.Contains("bbox=", request.Url);
        var drawn = await page.EvaluateAsync<int>("() => window.landmap.parcels.group.getLayers().reduce((n, g) => n + (g.getLayers?.().length ?? 1), 0)");
        Assert.InRange(drawn, 50, 4000);
        Assert.False(await page.EvaluateAsync<bool>("() => window.landmap.overview.shown"));
        Assert.True(Bytes(log) < 5_000_000, $"{Bytes(log):N0} bytes for the zoomed-in view");

        // A pan asks for the new view only (before a card is opened: opening one may move the map to keep it in sight).
        log.Clear();
        var before = await page.GetAttributeAsync("body", "data-view-loaded");
        await page.EvaluateAsync("() => { window.landmap.map.panBy([600, 0], { animate: false }); }");
        await page.WaitForFunctionAsync($"() => document.body.dataset.viewLoaded !== {JsonSerializer.Serialize(before)}");
        await Expect(() => log.Any(f => IsItems(f, "parcels")), "the new view's parcels");
        Assert.Single(log, f => IsItems(f, "parcels"));

        // A parcel on the canvas opens its card: the one nearest a third of the way in (clear of the controls and the
        // zone's label at the centre).
        var point = await page.EvaluateAsync<JsonElement>("""
            () => { const m = window.landmap.map; const size = m.getSize(); const r = m.getContainer().getBoundingClientRect();
                    const target = L => m.latLngToContainerPoint(L.getBounds().getCenter());
                    const layers = window.landmap.parcels.group.getLayers()[0].getLayers();
                    const aim = { x: size.x / 3, y: size.y / 3 };
                    const l = layers.reduce((best, l) => { const p = target(l), b = target(best);
                      return Math.hypot(p.x - aim.x, p.y - aim.y) < Math.hypot(b.x - aim.x, b.y - aim.y) ? l : best; });
                    const p = target(l);
                    return { x: r.left + p.x, y: r.top + p.y, code: l.feature.properties.code }; }
            """);
        await page.Mouse.ClickAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());
        await Assertions.Expect(page.Locator(".leaflet-popup-content h4")).ToHaveTextAsync(point.GetProperty("code").GetString()!);

        // A filter: the totals from the stats of the same filter, the view and the tiles asked again with it.
        log.Clear();
        await page.GetByTestId("minMu").FillAsync("50");
        var filtered = (await fx.GetPublicJsonAsync("/api/stats?minMu=50")).GetProperty("parcels").GetProperty("count").GetInt32();
        await Assertions.Expect(page.GetByTestId("parcel-count")).ToHaveAttributeAsync("data-count", filtered.ToString(CultureInfo.InvariantCulture));
        Assert.Contains(log, f => f.Url.Contains("/api/stats") && f.Url.Contains("minMu=50"));
        // The view is asked again with the filter (a request for the old filters may still finish first, e.g. a move's).
        await Expect(() => log.Any(f => IsItems(f, "parcels") && f.Url.Contains("minMu=50")), "the view's parcels with the filter");
        await page.EvaluateAsync("() => { window.landmap.map.setZoom(9, { animate: false }); }");
        await Expect(() => log.Any(f => f.Url.Contains("/collections/parcels/tiles/") && f.Url.Contains("minMu=50")), "a tile with the filter");
        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "map-100k.png") });
    }

    private static async Task Expect(Func<bool> condition, string what)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(100);
        Assert.True(condition(), $"expected {what}");
    }
}
