namespace LandMap.Api.Tiles;

/// <summary>
/// The SQL of a Mapbox vector tile (ST_AsMVT) of one collection in the WebMercatorQuad tile matrix set: the features of
/// the filtered source whose outline meets the tile, clipped and quantised to a 4096 grid with a 64-unit buffer. The
/// tile's envelope goes back to EPSG:4490 for the && test, so the GiST index on geom serves (Web Mercator is cylindrical:
/// a tile is a longitude–latitude box).
/// </summary>
internal static class TilesQueries
{
    public const int Extent = 4096, Buffer = 64;

    /// <param name="source">The FROM clause (live rows or as of a day) under <paramref name="alias"/>.</param>
    /// <param name="where">The filter's WHERE clause (may be empty).</param>
    /// <param name="columns">The properties, as "sql AS name" (names from the whitelist only).</param>
    public static string Tile(string layer, string alias, string source, string where, string columns, string z, string x, string y) => $"""
        WITH bounds AS (SELECT ST_TileEnvelope({z}::integer, {x}::integer, {y}::integer) AS merc)
        SELECT ST_AsMVT(t, '{layer}', {Extent}, 'geom') FROM (
          SELECT ST_AsMVTGeom(ST_Transform({alias}.geom, 3857), bounds.merc, {Extent}, {Buffer}, true) AS geom, {columns}
          {source} CROSS JOIN bounds
          {(where.Length == 0 ? "WHERE" : where + " AND")} {alias}.geom && ST_Transform(bounds.merc, 4490)
        ) t
        WHERE t.geom IS NOT NULL
        """;
}
