namespace LandMap.Api.Tiles;

/// <summary>
/// The SQL of a Mapbox vector tile (ST_AsMVT) of one collection in the WebMercatorQuad tile matrix set: the features of
/// the filtered source whose outline meets the tile, clipped and quantised to a 4096 grid with a 64-unit buffer. The
/// tile's envelope goes back to EPSG:4490 for the && test, so the GiST index on geom serves (Web Mercator is cylindrical:
/// a tile is a longitude–latitude box).
/// <para>
/// Each outline is simplified for the zoom (a quarter of a screen pixel of a 256-pixel tile, collapsed shapes kept), and an
/// outline smaller than one pixel both ways is drawn as a one-pixel square at its centre: at province scale a parcel is
/// a speck, but every parcel stays on the map. The statement also returns the data version it read (one snapshot), which
/// keys the tile's ETag and the server's tile cache.
/// </para>
/// </summary>
internal static class TilesQueries
{
    public const int Extent = 4096, Buffer = 64;

    /// <summary>The version every write to parcels, factories and zones bumps (migration 011).</summary>
    public const string DataVersion = "SELECT version FROM data_version";

    /// <param name="source">The FROM clause (live rows or as of a day) under <paramref name="alias"/>.</param>
    /// <param name="where">The filter's WHERE clause (may be empty).</param>
    /// <param name="columns">The properties, as "sql AS name" (names from the whitelist only).</param>
    public static string Tile(string layer, string alias, string source, string where, string columns, string z, string x, string y) => $"""
        WITH bounds AS (
          SELECT ST_TileEnvelope({z}::integer, {x}::integer, {y}::integer) AS merc,
                 40075016.685578488 / (256 * 2 ^ {z}::integer) AS px)
        SELECT (SELECT version FROM data_version), (
          SELECT ST_AsMVT(t, '{layer}', {Extent}, 'geom') FROM (
            SELECT ST_AsMVTGeom(
                     CASE WHEN ST_XMax(m.g) - ST_XMin(m.g) < bounds.px AND ST_YMax(m.g) - ST_YMin(m.g) < bounds.px
                          THEN ST_Expand(ST_Centroid(m.g), bounds.px / 2)
                          ELSE ST_Simplify(m.g, bounds.px / 4, true) END,
                     bounds.merc, {Extent}, {Buffer}, true) AS geom, {columns}
            {source} CROSS JOIN bounds CROSS JOIN LATERAL (SELECT ST_Transform({alias}.geom, 3857) AS g) m
            {(where.Length == 0 ? "WHERE" : where + " AND")} {alias}.geom && ST_Transform(bounds.merc, 4490)
          ) t
          WHERE t.geom IS NOT NULL)
        """;
}
