using System.Globalization;
using System.Net;
using LandMap.Api.Access;
using LandMap.Api.Tiles;
using LandMap.Core.Access;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using NetTopologySuite.Algorithm.Distance;
using NetTopologySuite.Features;
using NetTopologySuite.IO.VectorTiles.Mapbox;
using static LandMap.Api.Tests.Editing.EditingTestRows;

namespace LandMap.Api.Tests.Tiles;

/// <summary>
/// Parcel tiles built in C# from the parcels held in memory (Tiles/ParcelTileBuilder) against the tiles PostGIS builds
/// (Tiles/TilesQueries) and the items, on the fixture's real data: the same features, properties and pooled pixels, the
/// same outlines within a unit of the 4096 grid, the same rows of runs of pooled cells; and a write is seen by the very next tile
/// (a heavy one: once the copy has reloaded, the copy held answering meanwhile under its own version).
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class TilesFromMemoryTests
{
    private readonly LandMapFixture fx;

    public TilesFromMemoryTests(LandMapFixture fx)
    {
        this.fx = fx;
        NewSheet();
    }

    private static string Url(int z, int x, int y, string query) => $"/collections/parcels/tiles/WebMercatorQuad/{z}/{y}/{x}?{query.TrimStart('&')}";

    /// <summary>A CQL2 filter every parcel passes: only PostGIS answers a CQL2 filter, so this asks for the SQL tile of the same features.</summary>
    private static readonly string BySql = "&filter=" + Uri.EscapeDataString("areaMu >= 0");

    /// <summary>A tile's features: outlines with a code (from zoom 13), outlines with their status only (below it), pooled runs.</summary>
    private sealed record Decoded(bool FromMemory, Dictionary<string, IFeature> Coded, List<IFeature> Outlines, List<IFeature> Pooled);

    private static async Task<Decoded> GetAsync(HttpClient client, int z, int x, int y, string query)
    {
        using var response = await client.GetAsync(Url(z, x, y, query));
        var fromMemory = response.Headers.TryGetValues("Server-Timing", out var timing) && timing.Any(t => t.Contains("memory", StringComparison.Ordinal));
        if (response.StatusCode == HttpStatusCode.NoContent) return new(fromMemory, [], [], []);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var tile = new MapboxTileReader().Read(stream, new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, y, z));
        var features = tile.Layers.SelectMany(l => l.Features).ToList();
        return new(fromMemory, features.Where(f => f.Attributes.Exists("code")).ToDictionary(f => (string)f.Attributes["code"]),
            [.. features.Where(f => !f.Attributes.Exists("code") && !f.Attributes.Exists("count"))], [.. features.Where(f => f.Attributes.Exists("count"))]);
    }

    /// <summary>Asks a tile until it comes from memory: the outlines are loaded in the background after a write.</summary>
    private static async Task<Decoded> FromMemoryAsync(HttpClient client, int z, int x, int y, string query)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var tile = await GetAsync(client, z, x, y, query);
            if (tile.FromMemory) return tile;
            Assert.True(DateTime.UtcNow < deadline, "the tile outlines were not loaded within 60 s");
            await Task.Delay(100);
        }
    }

    private static double Number(IFeature f, string name) => Convert.ToDouble(f.Attributes[name], CultureInfo.InvariantCulture);

    /// <summary>
    /// A row's runs of pooled cells of one status (one feature, a rectangle per run) by its row, status and count, and
    /// each run's first and last pixel (in pixels of the zoom, from the west and the north): the pixel of a point a quarter
    /// pixel inside each end, a quarter pixel below the run's top (a cell of two pixels has a pixel edge on its middle line).
    /// </summary>
    private static (long, string, long, string) Runs(IFeature f, int z)
    {
        var quarter = 360.0 / (1L << (z + 8)) / 4;
        var runs = Enumerable.Range(0, f.Geometry.NumGeometries).Select(k =>
        {
            var e = f.Geometry.GetGeometryN(k).EnvelopeInternal;
            var top = e.MaxY - (e.MaxY - e.MinY) / (4 * TilesQueries.CellPixels(z));
            var (first, row) = TilesApiTests.TileOf(e.MinX + quarter, top, z + 8);
            var (last, _) = TilesApiTests.TileOf(e.MaxX - quarter, top, z + 8);
            return (Row: (long)row, First: (long)first, Last: (long)last);
        }).OrderBy(r => r.First).ToList();
        Assert.Single(runs.Select(r => r.Row).Distinct());
        return (runs[0].Row, (string)f.Attributes["status"], (long)Number(f, "count"), string.Join(";", runs.Select(r => $"{r.First}-{r.Last}")));
    }

    /// <summary>
    /// Zooms where every outline is pooled (6), most are (10), some are (13) and none is (16) in the fixture's data: each
    /// rule of the tile is exercised at each filter without the zooms in between, which add time and no rule.
    /// </summary>
    private static readonly int[] Zooms = [6, 10, 13, 16];

    /// <summary>
    /// The outlines that carry their status only (below zoom 13) matched one to one: each of the SQL tile's to the nearest of
    /// the memory tile's with the same status, within a unit and a half of the 4096 grid.
    /// </summary>
    private static void SameOutlines(List<IFeature> expected, List<IFeature> actual, double unit, int z)
    {
        Assert.Equal(expected.Count, actual.Count);
        var left = actual.ToList();
        foreach (var e in expected)
        {
            var centre = e.Geometry.EnvelopeInternal.Centre;
            var (best, apart) = (-1, double.MaxValue);
            for (var k = 0; k < left.Count; k++)
            {
                if (!Equals(left[k].Attributes["status"], e.Attributes["status"]) || left[k].Geometry.EnvelopeInternal.Centre.Distance(centre) > 4 * unit) continue;
                var d = DiscreteHausdorffDistance.Distance(e.Geometry, left[k].Geometry);
                if (d < apart) (best, apart) = (k, d);
            }
            Assert.True(apart <= 1.5 * unit, $"an outline at z{z} near {centre}: the nearest from memory is {apart / unit:F2} grid units apart");
            left.RemoveAt(best);
        }
    }

    [Theory]
    [InlineData("staff", "")]
    [InlineData("staff", "&minMu=40&maxMu=200")]
    [InlineData("staff", "&status=idle,allocated&landUse=100101")]
    [InlineData("staff", "&zone=TST,LXEDZ")]
    [InlineData("public", "")]
    [InlineData("public", "&landUse=M1")]
    public async Task A_tile_from_memory_decodes_to_the_features_of_the_sql_tile_and_of_the_items(string role, string query)
    {
        var client = role == "public" ? fx.Anonymous : fx.ClientFor(role);
        var places = new List<(double Lon, double Lat)>();
        foreach (var code in new[] { "TST-04" })
        {
            var ring = (await fx.GetJsonAsync($"/collections/parcels/items/{code}")).GetProperty("geometry").GetProperty("coordinates")[0][0];
            places.Add((ring[0][0].GetDouble(), ring[0][1].GetDouble()));
        }
        var laixi = await fx.GetJsonAsync("/collections/parcels/items?zone=LXEDZ&limit=1");
        var first = laixi.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates")[0][0][0];
        places.Add((first[0].GetDouble(), first[1].GetDouble()));

        var compared = 0;
        foreach (var (lon, lat) in places)
            foreach (var z in Zooms)
            {
                var (x, y) = TilesApiTests.TileOf(lon, lat, z);
                var memory = await FromMemoryAsync(client, z, x, y, query);
                var sql = await GetAsync(client, z, x, y, query + BySql);
                Assert.False(sql.FromMemory);

                // What each zoom band carries: below 13 the status only (pooled runs also their count), from 13 code, status, land use, size.
                foreach (var tile in new[] { sql, memory })
                {
                    Assert.All(tile.Pooled, f => Assert.Equal(["count", "status"], f.Attributes.GetNames().Order(StringComparer.Ordinal)));
                    if (z < 13) Assert.Empty(tile.Coded);
                    else Assert.Empty(tile.Outlines);
                    Assert.All(tile.Outlines, f => Assert.Equal(["status"], f.Attributes.GetNames()));
                    Assert.All(tile.Coded.Values, f => Assert.Subset(new HashSet<string> { "areaMu", "code", "landUse", "status" }, f.Attributes.GetNames().ToHashSet()));
                }
                Assert.Equal(sql.Coded.Keys.Order(StringComparer.Ordinal), memory.Coded.Keys.Order(StringComparer.Ordinal));
                var unit = 360.0 / (1 << z) / 4096; // a grid unit, in degrees of longitude (of latitude it is less)
                SameOutlines(sql.Outlines, memory.Outlines, unit, z);
                foreach (var (code, expected) in sql.Coded)
                {
                    var actual = memory.Coded[code];
                    Assert.Equal(expected.Attributes.GetNames().Order(), actual.Attributes.GetNames().Order());
                    Assert.Equal(expected.Attributes["status"], actual.Attributes["status"]);
                    Assert.Equal(expected.Attributes["landUse"], actual.Attributes["landUse"]);
                    Assert.Equal(Number(expected, "areaMu"), Number(actual, "areaMu"));
                    var apart = DiscreteHausdorffDistance.Distance(expected.Geometry, actual.Geometry);
                    Assert.True(apart <= 1.5 * unit, $"{code} at z{z}: the outlines are {apart / unit:F2} grid units apart");
                }
                Assert.Equal(sql.Pooled.Select(f => Runs(f, z)).Order(), memory.Pooled.Select(f => Runs(f, z)).Order());

                // The items in the tile's bounds and its buffer (64 of 4096 units): each in the tile as itself or counted in a pooled pixel.
                var n = 1 << z;
                const double m = 64.0 / 4096;
                static double Lat(double t) => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * t))) * 180 / Math.PI;
                var bbox = string.Join(',', new[] { (x - m) * 360.0 / n - 180, Lat((y + 1 + m) / n), (x + 1 + m) * 360.0 / n - 180, Lat((y - m) / n) }
                    .Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
                using var itemsResponse = await client.GetAsync($"/collections/parcels/items?bbox={bbox}&limit=10000{query}");
                var items = System.Text.Json.JsonDocument.Parse(await itemsResponse.Content.ReadAsStringAsync()).RootElement;
                var listed = items.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToHashSet();
                if (z >= 13) Assert.Subset(listed, memory.Coded.Keys.ToHashSet());
                else Assert.Subset(items.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("status").GetString()!).ToHashSet(),
                    memory.Outlines.Select(f => (string)f.Attributes["status"]).ToHashSet());
                // A tile takes the parcels whose box meets its own (the SQL tile's &&): at least those the items give.
                Assert.InRange(memory.Coded.Count + memory.Outlines.Count + memory.Pooled.Sum(f => (long)Number(f, "count")), listed.Count, long.MaxValue);
                compared += sql.Coded.Count + sql.Outlines.Count + sql.Pooled.Count;
            }
        Assert.True(compared > 20, $"only {compared} features compared");
    }

    [Fact]
    public async Task A_parcel_a_float_ulp_outside_a_tile_edge_is_in_the_tile_from_memory_as_in_the_sql_tile()
    {
        // PostGIS's tile box is PROJ's transform of the buffered tile envelope, and && compares it rounded outward to float4:
        // a parcel ending on that float, west of the box's true edge, is in the SQL tile though outside the box. Memory
        // takes the very same box (TilesQueries.TileKey) and rounds it the same way; computed exactly, it left such a parcel
        // out. Clipped, such a parcel draws nothing, but it counts among the tile's outlines: on a server that draws one
        // outline a tile, it is the one (the largest), and every parcel in the tile is pooled.
        await EnsureZoneAsync(fx);
        await using var capped = fx.Factory.WithWebHostBuilder(b => b.UseSetting("Tiles:MaxOutlines", "1")
            .UseSetting("Items:InMemory", "false").UseSetting("Matching:WarmUpFromParcels", "-1"));
        var client = capped.CreateClient();
        var start = LonLat(0, 0);
        const int z = 16;
        var (x0, y) = TilesApiTests.TileOf(start[0], start[1], z);
        await using var conn = new Npgsql.NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        int? found = null;
        double west = 0;
        for (var x = x0; x < x0 + 64 && found is null; x++)
        {
            await using var cmd = new Npgsql.NpgsqlCommand($"SELECT ST_XMin(ST_Transform(ST_TileEnvelope({z}, {x}, {y}, margin => 64.0 / 4096), 4490))", conn);
            west = (double)(await cmd.ExecuteScalarAsync())!;
            if ((float)west != west) found = x;
        }
        Assert.True(found is not null, "no tile edge near the sheet off the float4 grid");
        var below = (double)((float)west > west ? MathF.BitDecrement((float)west) : (float)west); // the && box's west edge
        var (east, south) = (below, start[1] + 0.0005);
        Assert.True(east < west);
        // The largest outline of the tile (0.01° a side; parcels here are under 0.005°), wholly west of its buffer.
        var ring = new[] { new[] { east - 0.01, south }, [east, south], [east, south + 0.01], [east - 0.01, south + 0.01], [east - 0.01, south] };
        var (outside, _) = await CreateParcelAsync(fx, new { type = "Polygon", coordinates = new[] { ring } });
        // And one in the tile, 0.0005° a side (about 20 pixels at z16: an outline, not pooled by its size).
        var inLon = found.Value * 360.0 / (1 << z) - 180 + 0.001;
        var small = new[] { new[] { inLon, south }, [inLon + 0.0005, south], [inLon + 0.0005, south + 0.0005], [inLon, south + 0.0005], [inLon, south] };
        await CreateParcelAsync(fx, new { type = "Polygon", coordinates = new[] { small } });
        var (tx, ty) = (found.Value, TilesApiTests.TileOf(inLon, south + 0.0002, z).Y);
        var query = $"&zone={Zone}";

        var sql = await GetAsync(client, z, tx, ty, query + BySql);
        Assert.False(sql.FromMemory);
        Assert.Empty(sql.Coded); // the one outline drawn is the parcel outside, clipped away
        Assert.NotEmpty(sql.Pooled);
        var memory = await FromMemoryAsync(client, z, tx, ty, query);
        Assert.Equal(sql.Coded.Keys.Order(StringComparer.Ordinal), memory.Coded.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(sql.Pooled.Select(f => Runs(f, z)).Order(), memory.Pooled.Select(f => Runs(f, z)).Order());
        Assert.DoesNotContain(outside, memory.Coded.Keys);
    }

    [Fact]
    public async Task A_crowded_tile_draws_its_largest_outlines_and_pools_the_rest_from_memory_as_in_the_sql_tile()
    {
        // A server that draws at most three outlines a tile (Tiles:MaxOutlines; 4 356 by default, which the fixture's tiles
        // never reach), against the fixture's own server for the same public tile.
        const int max = 3;
        await using var capped = fx.Factory.WithWebHostBuilder(b => b.UseSetting("Tiles:MaxOutlines", max.ToString(CultureInfo.InvariantCulture))
            .UseSetting("Items:InMemory", "false").UseSetting("Matching:WarmUpFromParcels", "-1"));
        var client = capped.CreateClient();
        var ring = (await fx.GetJsonAsync("/collections/parcels/items/TST-04")).GetProperty("geometry").GetProperty("coordinates")[0][0];
        var (lon, lat) = (ring[0][0].GetDouble(), ring[0][1].GetDouble());

        // The first zoom from 13 whose tile holds more outlines than three.
        var (z, x, y, all) = (0, 0, 0, (Decoded?)null);
        foreach (var zoom in new[] { 13, 14, 15, 16 })
        {
            (x, y) = TilesApiTests.TileOf(lon, lat, zoom);
            all = await FromMemoryAsync(fx.Anonymous, zoom, x, y, "");
            z = zoom;
            if (all.Coded.Count > max) break;
        }
        Assert.True(all!.Coded.Count > max, $"no tile near TST-04 holds more than {max} outlines");

        var memory = await FromMemoryAsync(client, z, x, y, "");
        var sql = await GetAsync(client, z, x, y, BySql);
        Assert.False(sql.FromMemory);
        Assert.Equal(max, memory.Coded.Count);
        Assert.Equal(sql.Coded.Keys.Order(StringComparer.Ordinal), memory.Coded.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(sql.Pooled.Select(f => Runs(f, z)).Order(), memory.Pooled.Select(f => Runs(f, z)).Order());

        // The three drawn are the largest by the area of their box; the others are pooled instead.
        Assert.Subset(all.Coded.Keys.ToHashSet(), memory.Coded.Keys.ToHashSet());
        var boxArea = new Dictionary<string, double>();
        foreach (var code in all.Coded.Keys)
        {
            var points = (await fx.GetJsonAsync($"/collections/parcels/items/{code}")).GetProperty("geometry").GetProperty("coordinates")
                .EnumerateArray().SelectMany(p => p.EnumerateArray()).SelectMany(r => r.EnumerateArray()).Select(c => (X: c[0].GetDouble(), Y: c[1].GetDouble())).ToList();
            boxArea[code] = (points.Max(c => c.X) - points.Min(c => c.X)) * (points.Max(c => c.Y) - points.Min(c => c.Y));
        }
        var pooledAway = all.Coded.Keys.Except(memory.Coded.Keys).ToList();
        Assert.True(memory.Coded.Keys.Min(c => boxArea[c]) >= pooledAway.Max(c => boxArea[c]),
            "an outline drawn is smaller than one pooled: " + string.Join(", ", boxArea.OrderByDescending(a => a.Value).Select(a => $"{a.Key} {a.Value:E3}")));
        // Counted where its centre is, when that is in the tile or its buffer (a large outline's may lie beyond).
        var pooledBefore = all.Pooled.Sum(f => (long)Number(f, "count"));
        Assert.InRange(memory.Pooled.Sum(f => (long)Number(f, "count")), pooledBefore + 1, pooledBefore + pooledAway.Count);
    }

    [Fact]
    public async Task A_tile_draws_its_largest_outlines_while_their_boxes_cover_it_at_most_so_many_times_from_memory_as_in_the_sql_tile()
    {
        // A server whose tiles draw outlines until their boxes would cover a ten-thousandth of the tile and its buffer
        // (Tiles:MaxCover; four times over by default, which the fixture's tiles never reach), against the fixture's own
        // server, at overview zooms (outlines with their status) and detail zooms (with their codes).
        await using var covered = fx.Factory.WithWebHostBuilder(b => b.UseSetting("Tiles:MaxCover", "0.0001")
            .UseSetting("Items:InMemory", "false").UseSetting("Matching:WarmUpFromParcels", "-1"));
        var client = covered.CreateClient();
        var ring = (await fx.GetJsonAsync("/collections/parcels/items/TST-04")).GetProperty("geometry").GetProperty("coordinates")[0][0];
        var (lon, lat) = (ring[0][0].GetDouble(), ring[0][1].GetDouble());
        var (fewerOverview, fewerDetail) = (0, 0);
        foreach (var z in new[] { 10, 11, 12, 13, 14 })
        {
            var (x, y) = TilesApiTests.TileOf(lon, lat, z);
            var all = await FromMemoryAsync(fx.Anonymous, z, x, y, "");
            var memory = await FromMemoryAsync(client, z, x, y, "");
            var sql = await GetAsync(client, z, x, y, BySql);
            Assert.False(sql.FromMemory);
            Assert.Equal(sql.Coded.Keys.Order(StringComparer.Ordinal), memory.Coded.Keys.Order(StringComparer.Ordinal));
            SameOutlines(sql.Outlines, memory.Outlines, 360.0 / (1 << z) / 4096, z);
            Assert.Equal(sql.Pooled.Select(f => Runs(f, z)).Order(), memory.Pooled.Select(f => Runs(f, z)).Order());
            if (z >= TilesQueries.DetailZoom)
            {
                Assert.Subset(all.Coded.Keys.ToHashSet(), memory.Coded.Keys.ToHashSet());
                if (memory.Coded.Count < all.Coded.Count) fewerDetail++;
            }
            else if (memory.Outlines.Count < all.Outlines.Count) fewerOverview++;
        }
        Assert.True(fewerOverview > 0 && fewerDetail > 0, $"tiles that drew fewer outlines under the cover: {fewerOverview} overview, {fewerDetail} detail");
    }

    [Fact]
    public async Task A_write_is_seen_by_the_very_next_tile_and_by_the_tiles_from_memory_after_it()
    {
        await EnsureZoneAsync(fx);
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 200, 150));
        var corner = LonLat(100, 75);
        var (x, y) = TilesApiTests.TileOf(corner[0], corner[1], 15);
        var query = $"&zone={Zone}";
        Assert.Equal("idle", (await FromMemoryAsync(fx.Client, 15, x, y, query)).Coded[code].Attributes["status"]);

        using (var patch = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}",
                   new { properties = new { status = "negotiating" }, note = "某企业来洽谈" }, version)))
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var next = await GetAsync(fx.Client, 15, x, y, query);
        Assert.Equal("negotiating", next.Coded[code].Attributes["status"]);
        Assert.False(next.FromMemory); // the outlines in memory are a version behind: PostGIS builds it

        var later = await FromMemoryAsync(fx.Client, 15, x, y, query);
        Assert.Equal("negotiating", later.Coded[code].Attributes["status"]);
    }

    [Fact]
    public async Task While_the_copy_reloads_after_a_write_a_heavy_tile_comes_from_the_copy_held_under_its_own_version()
    {
        await EnsureZoneAsync(fx);
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 200, 150));
        // A service of its own where every tile visiting a parcel counts as heavy (Tiles:HeldFromVisits, 8 192 by default).
        await using var app = fx.Factory.WithWebHostBuilder(b => b.UseSetting("Tiles:HeldFromVisits", "1"));
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, fx.KeyFor(Roles.Editor));
        var corner = LonLat(100, 75);
        var (x, y) = TilesApiTests.TileOf(corner[0], corner[1], 15);
        var query = $"&zone={Zone}";
        Assert.Equal("idle", (await FromMemoryAsync(client, 15, x, y, query)).Coded[code].Attributes["status"]);
        System.Net.Http.Headers.EntityTagHeaderValue? before;
        using (var current = await client.GetAsync(Url(15, x, y, query))) before = current.Headers.ETag;
        Assert.NotNull(before);

        // Through the service itself: its next tile asks for the version (a write elsewhere is heard a moment later).
        using (var patch = await client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}",
                   new { properties = new { status = "negotiating" }, note = "某企业来洽谈" }, version)))
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        // The reload the next tile starts waits on this lock: the copy stays a version behind for as long as it is held.
        await using (var conn = new NpgsqlConnection(fx.ConnectionString))
        {
            await conn.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await using (var lockParcels = new NpgsqlCommand("LOCK TABLE parcels IN ACCESS EXCLUSIVE MODE", conn, tx)) await lockParcels.ExecuteNonQueryAsync();

            using (var held = await client.GetAsync(Url(15, x, y, query)))
            {
                Assert.Equal(HttpStatusCode.OK, held.StatusCode);
                Assert.Contains(held.Headers.GetValues("Server-Timing"), t => t.Contains("desc=held", StringComparison.Ordinal));
                Assert.Equal(before, held.Headers.ETag); // the version it shows, not the database's
                var tile = new MapboxTileReader().Read(await held.Content.ReadAsStreamAsync(), new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, y, 15));
                var feature = tile.Layers.SelectMany(l => l.Features).Single(f => f.Attributes.Exists("code") && (string)f.Attributes["code"] == code);
                Assert.Equal("idle", feature.Attributes["status"]);
            }
            using (var revalidate = new HttpRequestMessage(HttpMethod.Get, Url(15, x, y, query)))
            {
                revalidate.Headers.IfNoneMatch.Add(before);
                using var again = await client.SendAsync(revalidate);
                Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            }
            await tx.RollbackAsync();
        }

        // Reloaded: the write shows, under a newer ETag.
        Assert.Equal("negotiating", (await FromMemoryAsync(client, 15, x, y, query)).Coded[code].Attributes["status"]);
        using var after = await client.GetAsync(Url(15, x, y, query));
        Assert.NotEqual(before, after.Headers.ETag);
    }
}
