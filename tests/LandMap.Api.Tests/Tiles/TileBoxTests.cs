using LandMap.Api.Database;
using LandMap.Api.Tiles;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LandMap.Api.Tests.Tiles;

/// <summary>
/// Tile boxes computed in C# (Tiles/TileBox) against PostGIS's (ST_Transform of ST_TileEnvelope, Tiles/TilesQueries.TileKey)
/// on the fixture's real database, bit for bit; and the tile keys (Tiles/TileKeys) that use them once the sample agreed.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class TileBoxTests(LandMapFixture fx)
{
    private NpgsqlDataSource Db => fx.Factory.Services.GetRequiredService<NpgsqlDataSource>();

    private Task<List<TileBounds>> PostGisAsync(IReadOnlyList<(int Z, int X, int Y)> tiles) =>
        TileKeys.PostGisBoxesAsync(Db, tiles, CancellationToken.None);

    [Fact]
    public async Task Boxes_computed_here_are_PostGIS_boxes_bit_for_bit()
    {
        // Tiles other than the service's own sample: random over the world at every zoom 0–24, and every tile of a block
        // over eastern China at zooms 8, 12 and 16 (edges on float-exact longitudes at the lower zooms).
        var random = new Random(20261128);
        var tiles = new List<(int Z, int X, int Y)>();
        for (var z = 0; z <= 24; z++)
            for (var i = 0; i < 120; i++)
                tiles.Add((z, random.Next(1 << z), random.Next(1 << z)));
        foreach (var z in new[] { 8, 12, 16 })
        {
            var (x0, y0) = ((int)((118.0 + 180) / 360 * (1 << z)), (int)((1 - Math.Log(Math.Tan(Math.PI / 4 + 36.0 * Math.PI / 360)) / Math.PI) / 2 * (1 << z)));
            for (var dx = 0; dx < 20; dx++)
                for (var dy = 0; dy < 20; dy++)
                    tiles.Add((z, x0 + dx, y0 + dy));
        }
        var computed = tiles.Select(t => TileBox.TryCompute(t.Z, t.X, t.Y, out var b) ? b : null).ToList();
        var database = await PostGisAsync(tiles);
        Assert.Equal(tiles.Count, database.Count);

        var compared = 0;
        for (var i = 0; i < tiles.Count; i++)
        {
            var (z, x, y) = tiles[i];
            var half = Math.PI * ParcelOutlines.Radius;
            var margin = (double)TilesQueries.Buffer / TilesQueries.Extent;
            var size = 2 * half / (1L << z);
            var inside = -half + size * (x - margin) > -half && -half + size * (x + 1 + margin) < half
                         && half - size * (y + 1 + margin) > -half && half - size * (y - margin) < half;
            // Declined exactly where the buffered tile reaches the edge of the world (where PostGIS clamps and PROJ wraps).
            Assert.True(inside == computed[i] is not null, $"tile {z}/{x}/{y}: inside {inside}, computed {computed[i]}");
            if (computed[i] is not { } box) continue;
            Assert.True(box == database[i], $"tile {z}/{x}/{y}: computed {box}, PostGIS {database[i]}");
            compared++;
        }
        Assert.True(compared > tiles.Count * 0.85, $"{compared} of {tiles.Count} compared");
    }

    [Fact]
    public async Task Keys_trust_computed_boxes_once_the_sample_agreed()
    {
        var keys = fx.Factory.Services.GetRequiredService<TileKeys>();
        Assert.True(await keys.AgreeAsync(CancellationToken.None));
        Assert.True(TileKeys.CheckSample().Count() > 1000);

        // A tile asks for its key: the check is started by the first tile and runs in the background.
        using (await fx.Client.GetAsync("/collections/parcels/tiles/WebMercatorQuad/12/1552/3428")) { }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!keys.Computed && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(keys.Computed);

        // A tile never asked for before, while the version is known: its box is computed here, PostGIS's own.
        var watch = fx.Factory.Services.GetRequiredService<DataVersionWatch>();
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (!watch.TryGet(out _, out _) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(watch.TryGet(out _, out _), "the data version watch does not know the version");
        var (_, _, bounds, read) = await keys.ReadAsync(17, 109_001, 50_003, CancellationToken.None);
        Assert.False(read);
        Assert.Equal((await PostGisAsync([(17, 109_001, 50_003)]))[0], bounds);
    }
}
