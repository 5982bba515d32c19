namespace LandMap.Api.Tiles;

/// <summary>
/// A tile's buffered lon/lat box as PostGIS computes it in <see cref="TilesQueries.TileKey"/>
/// (<c>ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4490)</c>), computed here with the same double
/// arithmetic: the envelope as ST_TileEnvelope computes it (its default bounds ±π·6 378 137, a tile a 2^z-th of them),
/// and PROJ's inverse Web Mercator on the sphere (longitude x / a, latitude atan(sinh(y / a)), then radians to degrees).
/// Compared bit for bit with PostGIS 3.3 and PROJ 9.1 (Debian 12): equal for 12 800 values of tiles z 5–20 over China.
/// The in-memory tile rounds this box to float4 as PostGIS's index boxes are rounded, so a box that differs by one unit in
/// the last place of a double can select other outlines at the edge of the buffer: <see cref="TileKeys"/> uses it only
/// once a sample of tiles agreed with the database it serves (<see cref="TileKeys.CheckSample"/>), and asks PostGIS
/// otherwise.
/// </summary>
internal static class TileBox
{
    /// <summary>ST_TileEnvelope's default bounds: the Web Mercator square, ±π times the sphere's radius.</summary>
    private const double Half = Math.PI * ParcelOutlines.Radius;

    private const double Margin = (double)TilesQueries.Buffer / TilesQueries.Extent;

    /// <summary>
    /// The box of tile z/x/y with its buffer, when it lies inside the Mercator square: at the edges of the world
    /// ST_TileEnvelope clamps the buffer and PROJ wraps longitudes past 180°, which this does not follow (false).
    /// </summary>
    public static bool TryCompute(int z, int x, int y, out TileBounds bounds)
    {
        bounds = null!;
        if (z is < 0 or > 30) return false;
        var size = 2 * Half / (1L << z);
        var (x1, x2) = (-Half + size * (x - Margin), -Half + size * (x + 1 + Margin));
        var (y1, y2) = (Half - size * (y + 1 + Margin), Half - size * (y - Margin));
        if (!(x1 > -Half && x2 < Half && y1 > -Half && y2 < Half)) return false;
        bounds = new TileBounds(Longitude(x1), Latitude(y1), Longitude(x2), Latitude(y2));
        return true;
    }

    private static double Longitude(double x) => x * (1 / ParcelOutlines.Radius) * (180 / Math.PI);

    private static double Latitude(double y) => Math.Atan(Math.Sinh(y * (1 / ParcelOutlines.Radius))) * (180 / Math.PI);
}
