using System.Net;
using System.Net.Http.Headers;
using LandMap.Api.Tests.Editing;
using LandMap.Api.Tiles;
using NetTopologySuite.IO.VectorTiles.Mapbox;
using static LandMap.Api.Tests.Editing.EditingTestRows;

namespace LandMap.Api.Tests.Tiles;

/// <summary>
/// Tiles as a map keeps them current: an ETag of the data version (304 until a write), a write shows at once (the server's
/// tile cache is keyed on the version), tiles hold exactly what the items give for the same filter and bounds, and a
/// parcel smaller than a pixel still shows.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class TileVersionsTests
{
    private readonly LandMapFixture fx;

    public TileVersionsTests(LandMapFixture fx)
    {
        this.fx = fx;
        NewSheet();
    }

    private static (int X, int Y) TileOf(double lon, double lat, int z) => TilesApiTests.TileOf(lon, lat, z);

    /// <summary>The lon/lat bounds of a WebMercatorQuad tile: minLon, minLat, maxLon, maxLat.</summary>
    private static (double W, double S, double E, double N) BoundsOf(int z, int x, int y)
    {
        var n = 1 << z;
        static double Lat(double t) => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * t))) * 180 / Math.PI;
        return (x * 360.0 / n - 180, Lat((y + 1.0) / n), (x + 1) * 360.0 / n - 180, Lat((double)y / n));
    }

    /// <summary>The tile's features by code, and the runs of pixels that pool outlines under four pixels (no code, a count).</summary>
    private static async Task<Dictionary<string, NetTopologySuite.Features.IFeature>> Decode(HttpResponseMessage response, int z, int x, int y) =>
        (await DecodeAll(response, z, x, y)).Coded;

    /// <summary>
    /// The tile's outlines by code (from zoom 13), and its features without a code: the pooled runs and, below zoom 13
    /// (TilesQueries.DetailZoom), the outlines that carry their status only.
    /// </summary>
    private static async Task<(Dictionary<string, NetTopologySuite.Features.IFeature> Coded, List<NetTopologySuite.Features.IFeature> Pooled)> DecodeAll(
        HttpResponseMessage response, int z, int x, int y)
    {
        if (response.StatusCode == HttpStatusCode.NoContent) return ([], []);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var tile = new MapboxTileReader().Read(stream, new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, y, z));
        var features = tile.Layers.SelectMany(l => l.Features).ToList();
        var pooled = features.Where(f => !f.Attributes.Exists("code")).ToList();
        Assert.All(pooled, f => Assert.True(f.Attributes.Exists("status") && (f.Attributes.Exists("count") || z < 13)));
        if (z < 13) Assert.All(features, f => Assert.False(f.Attributes.Exists("code")));
        return (features.Where(f => f.Attributes.Exists("code")).ToDictionary(f => (string)f.Attributes["code"]), pooled);
    }

    /// <summary>The parcels a feature without a code stands for: a pooled run's count, or 1 for an outline carrying its status only.</summary>
    private static long Count(NetTopologySuite.Features.IFeature pooled) =>
        pooled.Attributes.Exists("count") ? Convert.ToInt64(pooled.Attributes["count"], System.Globalization.CultureInfo.InvariantCulture) : 1;

    private static string Url(int z, int x, int y, string query = "") => $"/collections/parcels/tiles/WebMercatorQuad/{z}/{y}/{x}{query}";

    [Fact]
    public async Task A_tile_revalidates_with_its_etag_until_a_write_and_then_shows_the_write_at_once()
    {
        await EnsureZoneAsync(fx);
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 200, 150));
        var corner = LonLat(100, 75);
        var (x, y) = TileOf(corner[0], corner[1], 15);
        var url = Url(15, x, y, $"?zone={Zone}");

        using var first = await fx.Client.GetAsync(url);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Contains("no-cache", first.Headers.CacheControl!.ToString());
        Assert.Equal("idle", (await Decode(first, 15, x, y))[code].Attributes["status"]);

        using (var again = new HttpRequestMessage(HttpMethod.Get, url))
        {
            again.Headers.IfNoneMatch.Add(etag);
            using var notModified = await fx.Client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }
        // The same URL for the public is another tile (public statuses only): another ETag.
        using (var asPublic = await fx.Anonymous.GetAsync(url)) Assert.NotEqual(etag, asPublic.Headers.ETag);

        using (var patch = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}",
                   new { properties = new { status = "negotiating" }, note = "某企业来洽谈" }, version)))
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(etag);
        using var after = await fx.Client.SendAsync(stale);
        Assert.NotEqual(etag, after.Headers.ETag);
        Assert.Equal("negotiating", (await Decode(after, 15, x, y))[code].Attributes["status"]);
    }

    [Fact]
    public async Task A_tile_made_under_another_outline_cap_is_not_revalidated_as_the_clients_copy()
    {
        await EnsureZoneAsync(fx);
        await CreateParcelAsync(fx, Rectangle(0, 0, 200, 150));
        var corner = LonLat(100, 75);
        var (x, y) = TileOf(corner[0], corner[1], 15);
        var url = Url(15, x, y, $"?zone={Zone}");
        using var mine = await fx.Anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);

        // The same data and role from a server that caps outlines otherwise: the client's copy may not be its tile.
        await using var capped = fx.Factory.WithWebHostBuilder(b => b.UseSetting("Tiles:MaxOutlines", "1")
            .UseSetting("Items:InMemory", "false").UseSetting("Tiles:InMemory", "false").UseSetting("Matching:WarmUpFromParcels", "-1"));
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(mine.Headers.ETag!);
        using var answer = await capped.CreateClient().SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.NotEqual(mine.Headers.ETag, answer.Headers.ETag);
    }

    [Fact]
    public async Task A_parcel_far_smaller_than_a_pixel_stays_on_a_zoomed_out_tile_as_one_pooled_cell()
    {
        await EnsureZoneAsync(fx);
        var (code, _) = await CreateParcelAsync(fx, Rectangle(3000, 3000, 20, 20)); // 400 m², a 16th of a pixel's width at zoom 8
        var centre = LonLat(3010, 3010);
        foreach (var z in new[] { 6, 8, 10 })
        {
            var (x, y) = TileOf(centre[0], centre[1], z);
            using var response = await fx.Client.GetAsync(Url(z, x, y, $"?zone={Zone}&code={code}"));
            var (coded, pooled) = await DecodeAll(response, z, x, y);
            Assert.Empty(coded);
            var feature = Assert.Single(pooled);
            Assert.Equal(1, Count(feature));
            Assert.Equal("idle", feature.Attributes["status"]);
            var box = feature.Geometry.EnvelopeInternal;
            var cell = 360.0 / (1 << z) / 256 * TilesQueries.CellPixels(z); // degrees of longitude per pooled cell
            Assert.InRange(box.Width, 0.9 * cell, 1.1 * cell);
            Assert.InRange(box.Centre.X, centre[0] - cell, centre[0] + cell);
            OnTheCellGrid(box.MinX, cell);
            OnTheCellGrid(box.MaxX, cell);
        }
    }

    [Fact]
    public async Task A_parcel_of_a_few_pixels_on_a_zoomed_out_tile_covers_the_cells_of_its_box()
    {
        await EnsureZoneAsync(fx);
        var (code, _) = await CreateParcelAsync(fx, Rectangle(5000, 5000, 350, 230)); // about three pixels by two at zoom 10
        var (southWest, northEast) = (LonLat(5000, 5000), LonLat(5350, 5230));
        const int z = 10;
        var (x, y) = TileOf((southWest[0] + northEast[0]) / 2, (southWest[1] + northEast[1]) / 2, z);
        using var response = await fx.Client.GetAsync(Url(z, x, y, $"?zone={Zone}&code={code}"));
        var (coded, pooled) = await DecodeAll(response, z, x, y);
        Assert.Empty(coded);
        Assert.Equal(1, pooled.Sum(Count));
        Assert.All(pooled, f => Assert.Equal("idle", f.Attributes["status"]));
        // The cells (two pixels a side at zoom 10) whose centre is in the box: within half a cell of its sides (longitude;
        // latitude likewise, less), one or two cells wide.
        var covered = new NetTopologySuite.Geometries.Envelope();
        foreach (var f in pooled) covered.ExpandToInclude(f.Geometry.EnvelopeInternal);
        var cell = 360.0 / (1 << z) / 256 * TilesQueries.CellPixels(z);
        Assert.Equal(2, TilesQueries.CellPixels(z));
        Assert.InRange(covered.MinX, southWest[0] - cell / 2, southWest[0] + cell / 2);
        Assert.InRange(covered.MaxX, northEast[0] - cell / 2, northEast[0] + cell / 2);
        Assert.InRange(covered.Width, 0.999 * cell, 2.001 * cell);
        OnTheCellGrid(covered.MinX, cell);
        OnTheCellGrid(covered.MaxX, cell);
    }

    /// <summary>A longitude on a cell's edge: a whole number of cells from the antimeridian (the cells are the pixels of zoom z − 1 below 13).</summary>
    private static void OnTheCellGrid(double lon, double cell)
    {
        var cells = (lon + 180) / cell;
        Assert.True(Math.Abs(cells - Math.Round(cells)) < 1e-3, $"{lon} is {cells} cells from the antimeridian, not on the grid");
    }

    [Theory]
    [InlineData("staff", "")]
    [InlineData("staff", "&minMu=40")]
    [InlineData("staff", "&status=idle,allocated&landUse=100101")]
    [InlineData("public", "")]
    public async Task A_tile_holds_the_same_features_as_the_items_for_the_same_filter_and_tile_bounds(string role, string query)
    {
        // Tiles at three zooms around the TST parcels; the items are asked for the tile's bounds as a bbox. Every item is in
        // the tile as itself, or pooled into runs of pixels when it is smaller than four pixels (then counted).
        var client = role == "public" ? fx.Anonymous : fx.ClientFor(role);
        var feature = await fx.GetJsonAsync("/collections/parcels/items/TST-04");
        var ring = feature.GetProperty("geometry").GetProperty("coordinates")[0][0];
        var (lon, lat) = (ring[0][0].GetDouble(), ring[0][1].GetDouble());
        foreach (var z in new[] { 10, 13, 15 })
        {
            var (x, y) = TileOf(lon, lat, z);
            using var response = await client.GetAsync(Url(z, x, y, $"?zone=TST{query}"));
            var (coded, pooled) = await DecodeAll(response, z, x, y);
            var (w, s, e, n) = BoundsOf(z, x, y);
            var bbox = string.Join(',', new[] { w, s, e, n }.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            using var itemsResponse = await client.GetAsync($"/collections/parcels/items?zone=TST{query}&bbox={bbox}&limit=1000");
            var items = System.Text.Json.JsonDocument.Parse(await itemsResponse.Content.ReadAsStringAsync()).RootElement;
            var listed = items.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("code").GetString()!)
                .Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(listed);
            Assert.Subset(listed.ToHashSet(), coded.Keys.ToHashSet());
            Assert.Equal(listed.Count, coded.Count + pooled.Sum(Count));
            // A parcel of 1 mu is ~26 m: over four pixels (TilesQueries.PoolPixels) from zoom 15, so every one is itself there.
            if (z >= 15) Assert.Equal(listed, coded.Keys.Order(StringComparer.Ordinal));
        }
    }
}
