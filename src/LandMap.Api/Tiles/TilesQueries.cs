namespace LandMap.Api.Tiles;

/// <summary>
/// The SQL of a Mapbox vector tile (ST_AsMVT) of one collection in the WebMercatorQuad tile matrix set: the features of
/// the filtered source whose outline meets the tile, clipped and quantised to a 4096 grid with a 64-unit buffer. The
/// tile's envelope goes back to EPSG:4490 for the && test, so the GiST index on geom serves (Web Mercator is cylindrical:
/// a tile is a longitude–latitude box).
/// <para>
/// Each outline is simplified for the zoom (a quarter of a screen pixel of a 256-pixel tile, collapsed shapes kept), and
/// outlines smaller than one pixel both ways become one-pixel squares, pooled per pixel: at province scale a parcel is a
/// speck, but every parcel stays on the map, and a tile of a whole province stays small. The statement also returns the data version it read (one snapshot), which
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
    /// <param name="columns">The properties, as (sql, name) (names from the whitelist only).</param>
    /// <remarks>
    /// Collections with a "status" property pool their outlines under a pixel per pixel and status: one one-pixel square
    /// with the status and the number pooled as <c>count</c> (no code: a click on it zooms in). Zones have no status:
    /// every outline is its own feature.
    /// </remarks>
    public static string Tile(string layer, string alias, string source, string where, IReadOnlyList<(string Sql, string Name)> columns, string z, string x, string y)
    {
        var pool = columns.Any(c => c.Name == "status");
        var select = string.Join(", ", columns.Select(c => $"{c.Sql} AS \"{c.Name}\""));
        var kept = string.Join(", ", columns.Select(c => $"s.\"{c.Name}\""));
        // In the union an untyped NULL takes the type of the same column in the other branch.
        var pooledColumns = string.Join(", ", columns.Select(c => c.Name == "status" ? "c.status" : "NULL"));
        var pooled = !pool ? "" : $"""
                UNION ALL
                SELECT ST_AsMVTGeom(ST_Expand(ST_MakePoint((c.cx + 0.5) * c.px, (c.cy + 0.5) * c.px), c.px / 2), c.merc, {Extent}, {Buffer}, true),
                       {pooledColumns}, c.n
                FROM (SELECT floor(ST_X(ST_Centroid(s.g)) / s.px) AS cx, floor(ST_Y(ST_Centroid(s.g)) / s.px) AS cy, s.px, s.merc,
                             s."status" AS status, count(*) AS n
                      FROM s WHERE s.tiny GROUP BY 1, 2, 3, 4, 5) c
            """;
        return $"""
            WITH bounds AS (
              SELECT ST_TileEnvelope({z}::integer, {x}::integer, {y}::integer) AS merc,
                     40075016.685578488 / (256 * 2 ^ {z}::integer) AS px),
            s AS (
              SELECT m.g, bounds.merc, bounds.px,
                     {(pool ? "ST_XMax(m.g) - ST_XMin(m.g) < bounds.px AND ST_YMax(m.g) - ST_YMin(m.g) < bounds.px" : "false")} AS tiny,
                     {select}
              {source} CROSS JOIN bounds CROSS JOIN LATERAL (SELECT ST_Transform({alias}.geom, 3857) AS g) m
              {(where.Length == 0 ? "WHERE" : where + " AND")} {alias}.geom && ST_Transform(bounds.merc, 4490))
            SELECT (SELECT version FROM data_version), (
              SELECT ST_AsMVT(t, '{layer}', {Extent}, 'geom') FROM (
                SELECT ST_AsMVTGeom(ST_Simplify(s.g, s.px / 4, true), s.merc, {Extent}, {Buffer}, true) AS geom, {kept}{(pool ? ", NULL::bigint AS count" : "")}
                FROM s WHERE NOT s.tiny
                {pooled}
              ) t
              WHERE t.geom IS NOT NULL)
            """;
    }
}
