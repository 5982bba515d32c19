using LandMap.Api.Tiles;
using LandMap.Core.Resources;
using NetTopologySuite.IO.VectorTiles.Mapbox;
using Npgsql;

namespace LandMap.Api.Tests.Tiles;

/// <summary>
/// The pooled pyramid (Tiles/PooledPyramid.cs) against the tile that visits every parcel: the same bytes for every tile of
/// zooms 8–10 over the fixture's parcels, by status filter and outline cap.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class PooledPyramidTests(LandMapFixture fx)
{
    [Fact]
    public async Task A_tile_from_the_pyramid_is_the_tile_that_visits_every_parcel()
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        var o = await ParcelOutlines.LoadAsync(db, CancellationToken.None);
        Assert.NotNull(o.Pyramid);
        var filters = new[]
        {
            new ParcelTileFilter(ResourceStatus.All, [], [], null, null),
            new ParcelTileFilter([ResourceStatus.Idle], [], [], null, null),
            new ParcelTileFilter([ResourceStatus.Idle, ResourceStatus.Allocated, ResourceStatus.Reserved], [], [], null, null),
        };
        var (tiles, pooledTiles, withOutlines) = (0, 0, 0);
        await using var conn = await db.OpenConnectionAsync();
        for (var z = PooledPyramid.MinZoom; z <= PooledPyramid.MaxZoom; z++)
        {
            var level = o.Pyramid.At(z)!;
            Assert.True(level.Outlines.Length < o.Count, $"every parcel is an outline at z{z}: the pyramid is not used");
            // Every tile holding a parcel's centre, and its eight neighbours (parcels in their buffers).
            var n = 1 << z;
            var keys = new HashSet<(int X, int Y)>();
            for (var i = 0; i < o.Count; i++)
            {
                var x = (int)Math.Floor((o.CentreX[i] / (Math.PI * ParcelOutlines.Radius) + 1) / 2 * n);
                var y = (int)Math.Floor((1 - o.CentreY[i] / (Math.PI * ParcelOutlines.Radius)) / 2 * n);
                for (var dx = -1; dx <= 1; dx++)
                    for (var dy = -1; dy <= 1; dy++) keys.Add((x + dx, y + dy));
            }
            foreach (var (x, y) in keys)
            {
                var bounds = await BoundsAsync(conn, z, x, y);
                foreach (var filter in filters)
                    foreach (var cap in new[] { OutlineCap.Default, new OutlineCap(2, 4) })
                    {
                        var features = BothWays(o, z, x, y, bounds, filter, cap);
                        tiles++;
                        if (features.Any(f => f.Attributes.Exists("count"))) pooledTiles++;
                        if (features.Any(f => !f.Attributes.Exists("count"))) withOutlines++;
                    }
            }
        }
        // Not vacuous: tiles with pooled pixels, and tiles with outlines beside them.
        Assert.True(pooledTiles > 20 && withOutlines > 5, $"{tiles} tiles compared, {pooledTiles} with pooled pixels, {withOutlines} with outlines");
    }

    [Fact]
    public async Task A_crowded_place_from_the_pyramid_is_the_same_to_the_last_pixel_of_the_buffer()
    {
        // Random rectangles of 20–1200 m, 40 000 of them within about 10 km of a z8 tile corner (a corner at z9 and z10
        // too): the pixels of the four tiles about it and of their buffers are covered several deep, by several statuses,
        // with outlines among them at z10.
        var random = new Random(11);
        var (cx, cy) = TilesApiTests.TileOf(120.9, 36.3, 8);
        var (cornerLon, cornerLat) = (cx * 360.0 / 256 - 180, Math.Atan(Math.Sinh(Math.PI * (1 - 2.0 * cy / 256))) * 180 / Math.PI);
        var statuses = new[] { ResourceStatus.Idle, ResourceStatus.Negotiating, ResourceStatus.Reserved, ResourceStatus.Allocated };
        var parcels = Enumerable.Range(0, 40_000).Select(k =>
        {
            var (lon, lat) = (cornerLon - 0.1 + random.NextDouble() * 0.2, cornerLat - 0.08 + random.NextDouble() * 0.16);
            var (w, h) = (0.0002 + random.NextDouble() * random.NextDouble() * 0.012, 0.0002 + random.NextDouble() * random.NextDouble() * 0.01);
            return ($"R-{k:D5}", statuses[random.Next(statuses.Length)], lon, lat, lon + w, lat + h);
        });
        var o = ParcelOutlines.OfRectangles(parcels, 1);
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var conn = await db.OpenConnectionAsync();
        var filters = new[]
        {
            new ParcelTileFilter(ResourceStatus.All, [], [], null, null),
            new ParcelTileFilter([ResourceStatus.Negotiating, ResourceStatus.Allocated], [], [], null, null),
        };
        var (tiles, edges) = (0, 0);
        for (var z = PooledPyramid.MinZoom; z <= PooledPyramid.MaxZoom; z++)
        {
            var (x0, y0) = (cx << (z - 8), cy << (z - 8)); // the tile south-east of the corner
            for (var x = x0 - 1; x <= x0; x++)
                for (var y = y0 - 1; y <= y0; y++)
                {
                    var bounds = await BoundsAsync(conn, z, x, y);
                    foreach (var filter in filters)
                        foreach (var cap in new[] { OutlineCap.Default, new OutlineCap(50, 4), new OutlineCap(4356, 0.05) })
                        {
                            // Pooled runs reaching into the buffer's outermost column, on the east or the west (past 48 of its 64 units).
                            var runs = BothWays(o, z, x, y, bounds, filter, cap).Where(f => f.Attributes.Exists("count"));
                            tiles++;
                            var (west, east) = ((x - 48.0 / 4096) * 360 / (1 << z) - 180, (x + 1.0 + 48.0 / 4096) * 360 / (1 << z) - 180);
                            if (runs.Any(f => f.Geometry.EnvelopeInternal.MaxX > east || f.Geometry.EnvelopeInternal.MinX < west)) edges++;
                        }
                }
        }
        Assert.True(edges > tiles / 2, $"{tiles} tiles compared, only {edges} pooled to the buffer's east edge");
    }

    /// <summary>The tile built both ways, asserted the same byte for byte; its features.</summary>
    private static List<NetTopologySuite.Features.IFeature> BothWays(ParcelOutlines o, int z, int x, int y, TileBounds bounds, ParcelTileFilter filter, OutlineCap cap)
    {
        var scanned = ParcelTileBuilder.Build(o, z, x, y, bounds, filter, cap, fromPyramid: false).ToArray();
        var fromPyramid = ParcelTileBuilder.Build(o, z, x, y, bounds, filter, cap, fromPyramid: true).ToArray();
        Assert.True(scanned.AsSpan().SequenceEqual(fromPyramid),
            $"z{z}/{x}/{y}, statuses {string.Join(',', filter.Statuses)}, cap {cap}: {scanned.Length} bytes visiting every parcel, {fromPyramid.Length} from the pyramid");
        if (fromPyramid.Length == 0) return [];
        return [.. new MapboxTileReader().Read(new MemoryStream(fromPyramid), new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, y, z)).Layers.SelectMany(l => l.Features)];
    }

    /// <summary>The tile's buffered lon/lat box as the tile endpoint reads it.</summary>
    private static async Task<TileBounds> BoundsAsync(NpgsqlConnection conn, int z, int x, int y)
    {
        await using var cmd = new NpgsqlCommand(TilesQueries.TileKey, conn);
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = z });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = x });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = y });
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return new TileBounds(r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5));
    }
}
