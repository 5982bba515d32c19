using LandMap.Core.Resources;

namespace LandMap.Api.Tiles;

/// <summary>
/// Builds, and throws away, parcel tiles at every zoom the overview asks for over one busy place of the data, once per
/// process when the outlines first load (in the background, before they serve anyone): a fresh process otherwise runs
/// the tile builder as unoptimised tier-0 code for its first visitors while the JIT catches up (measured at 100k: a z11
/// tile 25.9 ms on a fresh process's first pass, 1–5 ms on the next; a 0.1 ms tile waited 226 ms behind them). No tile is
/// kept: this warms code, not answers.
/// </summary>
internal static class ParcelTileWarmUp
{
    /// <summary>Builds per zoom: past the JIT's call-count threshold (30), so the builder is recompiled optimised.</summary>
    private const int Rounds = 40;
    private const int MinZoom = 8, MaxZoom = 16;
    /// <summary>A zoom whose tiles carry every property (<see cref="TilesQueries.DetailZoom"/> and up) and are quick to build.</summary>
    private const int DetailZoom = 14;

    /// <summary>Builds the tiles (for a non-empty <paramref name="o"/>); returns the one of <see cref="DetailZoom"/> (for <see cref="TileEndpointWarmUp"/>).</summary>
    public static (int Z, int X, int Y) Run(ParcelOutlines o)
    {
        // The middle parcel of the grid order: inside the data, where tiles hold parcels of every size.
        var (cx, cy) = (o.CentreX[o.Count / 2], o.CentreY[o.Count / 2]);
        var filter = new ParcelTileFilter(ResourceStatus.All, [], [], null, null);
        for (var round = 0; round < Rounds; round++)
            for (var z = MinZoom; z <= MaxZoom; z++)
            {
                var (x, y, bounds) = TileAt(cx, cy, z);
                ParcelTileBuilder.Build(o, z, x, y, bounds, filter, OutlineCap.Default, fromPyramid: true).Discard();
            }
        var (detailX, detailY, _) = TileAt(cx, cy, DetailZoom);
        return (DetailZoom, detailX, detailY);
    }

    /// <summary>The tile of zoom z holding a Mercator point, and its buffered lon/lat box (<see cref="TileBox"/>, as a request gets it).</summary>
    private static (int X, int Y, TileBounds Bounds) TileAt(double mx, double my, int z)
    {
        const double half = Math.PI * ParcelOutlines.Radius;
        var n = 1 << z;
        var size = 2 * half / n;
        // Inside the data, away from the world's edges, where TileBox always computes the box (Clamp keeps it a tile).
        var x = Math.Clamp((int)Math.Floor((mx + half) / size), 1, n - 2);
        var y = Math.Clamp((int)Math.Floor((half - my) / size), 1, n - 2);
        return TileBox.TryCompute(z, x, y, out var bounds) ? (x, y, bounds) : throw new InvalidOperationException($"no box for tile {z}/{x}/{y}");
    }
}
