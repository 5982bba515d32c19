namespace LandMap.Api.Tiles;

/// <summary>
/// The SQL of a Mapbox vector tile (ST_AsMVT) of one collection in the WebMercatorQuad tile matrix set: the features of
/// the filtered source whose outline meets the tile and its 64-unit buffer, clipped and quantised to a 4096 grid with that
/// buffer. The buffered tile's envelope goes back to EPSG:4490 for the && test, so the GiST index on geom serves (Web
/// Mercator is cylindrical: a tile is a longitude–latitude box).
/// <para>
/// Each outline is simplified for the zoom (a quarter of a screen pixel of a 256-pixel tile, collapsed shapes kept),
/// and outlines smaller than <see cref="PoolPixels"/> pixels both ways are pooled into cells (the cells their box
/// covers; a cell is a pixel, or two pixels a side below <see cref="DetailZoom"/>: <see cref="CellPixels"/>), drawn as
/// runs of cells: at province scale a parcel is a speck, but every parcel stays on the map, and a tile of a whole
/// province stays small. So are the smaller outlines of a crowded tile, past its <see cref="MaxOutlines"/> largest.
/// Whether an outline is under a size in pixels is judged from its box: its width in degrees (a pixel is 360° / 2^z /
/// 256 of longitude) and its height in Mercator metres by the formula, so the same outline is pooled or not in every
/// tile of a zoom; and the pixel it falls in by the Mercator formula too: a pooled outline is never projected. Cells
/// are the zoom's own (numbered from the Mercator origin), and the tile takes the outlines meeting its buffer, so the
/// pooled cells of a tile and its buffer are the same in every tile that holds them (<see cref="PooledPyramid"/> relies
/// on it). The rows are read twice (kept and pooled) rather than materialised, so each branch computes only what it
/// needs. The statement also returns the data version it read (one snapshot), which keys the tile's ETag and the
/// server's tile cache.
/// </para>
/// </summary>
internal static class TilesQueries
{
    public const int Extent = 4096, Buffer = 64;

    /// <summary>The buffer in pixels of a 256-pixel tile.</summary>
    private const int Margin = Buffer / (Extent / 256);

    /// <summary>
    /// Outlines smaller than this many pixels both ways are pooled: each covers the cells (<see cref="CellPixels"/>)
    /// whose centre is in its box, and at least the cell of its centre, so it keeps its place and its size to the cell.
    /// A shape of under four pixels a side is a mark, not a shape; drawn as outlines, each with its code and size, the
    /// parcels of two to four pixels made the harness's z9–z10 tiles at a million parcels 1.5–8.7 MB (z9 1.8 MB on
    /// average, 355 KB pooled). Every parcel still shows, as at least one cell.
    /// </summary>
    public const int PoolPixels = 4;

    /// <summary>
    /// The most outlines a tile draws, by default (<see cref="TilesOptions.MaxOutlines"/>): as many outlines of the pooling size
    /// as the tile and its buffer hold side by side, (264 / 4)². Parcels that do not overlap rarely come near it; where they pile
    /// up (the peer harness's 1M parcels put 53 000 outlines of four pixels or more in one z11 tile, a 1.5 MB tile 25 deep)
    /// the largest <c>MaxOutlines</c> by the area of their box (ties: by code, in ordinal order) are drawn and the rest pooled:
    /// every parcel still shows, as at least one pixel, and a crowded tile costs what a full one does.
    /// </summary>
    public const int MaxOutlines = (256 + 2 * Margin) / PoolPixels * ((256 + 2 * Margin) / PoolPixels);

    /// <summary>
    /// How many times over a tile's drawn outlines may cover it and its buffer, by default (<see cref="TilesOptions.MaxCover"/>),
    /// counting the part of each outline's box inside the tile and its buffer: the largest are drawn until the next would
    /// take them past four times the tile's area, and the rest are pooled. Parcels side by side cover a tile about once
    /// (their boxes somewhat more), and one parcel larger than the tile once, so a register never meets it; where outlines
    /// lie 25 deep (the peer harness's crowded zones) a z11–z13 tile drew 4 356 outlines of ten pixels and more on top of
    /// each other, the slowest and largest tiles of the bench. Every parcel still shows, as at least one pixel. A box that
    /// holds the whole tile and its buffer counts nothing: zoomed in, a tile among five large irregular parcels (their
    /// boxes overlapping though they do not) would otherwise pool every ordinary parcel in it. At every zoom: it was held to
    /// the overview zooms for a while because the SQL tile pooled pixel by pixel (a crowded z14 tile of the harness pooling
    /// its large outlines took 9 s); it pools by pixel row now.
    /// </summary>
    public const double MaxCover = 4;

    /// <summary>
    /// The first zoom whose parcel tiles carry each outline's code, land use and size: below it a parcel tile carries
    /// <c>status</c> only (pooled runs also <c>count</c>). Zoomed out the page draws by status alone and a click zooms in
    /// (web/layers/overview.js), where the card is read from the items; a code and a size per outline were over half of a
    /// z10–12 tile at a million parcels.
    /// </summary>
    public const int DetailZoom = 13;

    /// <summary>
    /// The side in pixels of the cells pooled outlines are drawn in below <see cref="DetailZoom"/> (from it, a pixel): the
    /// cells of zoom z are the pixels of zoom z − 1, numbered from the Mercator origin as they are. A pooled outline is a
    /// mark of under four pixels; where they lie many deep with mixed statuses (the peer harness's crowded zones) each
    /// pixel's status changed every few pixels, and a row's runs were 60–98 % of a z8–z12 tile at a million parcels
    /// (z10: 9 800 rectangles a tile). In cells of two pixels: z10 tiles 187 → 117 KB, built in 118 → 69 ms summed over the
    /// bench's 21. Each outline still shows, in at least one cell, and the overview draws by status only.
    /// </summary>
    public const int OverviewCellPixels = 2;

    /// <summary>A compile-time guard: a cell must divide the tile (its half, where the Mercator origin lies) and its
    /// buffer, or the cells would straddle their edges.</summary>
    private const int CellsAlign = 1 / (128 % OverviewCellPixels == 0 && Margin % OverviewCellPixels == 0 ? 1 : 0);

    /// <summary>The side in pixels of a pooled cell at zoom z (<see cref="OverviewCellPixels"/>).</summary>
    public static int CellPixels(int z) => z < DetailZoom ? OverviewCellPixels : 1;

    /// <summary>The version every write to parcels, factories and zones bumps (migration 011).</summary>
    public const string DataVersion = "SELECT version FROM data_version";

    /// <summary>The version and the parcels table's oid (a table dropped and made again, as by a restore, starts a new count).</summary>
    public const string SnapshotKey = LandMap.Api.Database.DataVersionWatch.KeyQuery;

    /// <summary>
    /// <see cref="SnapshotKey"/> and tile $1/$2/$3's lon/lat bounds as the SQL tile's <c>&amp;&amp;</c> takes them (PROJ's
    /// ST_Transform of ST_TileEnvelope): the tile from memory tests the very same box. Computed in C# by another formula, a
    /// tile edge on a float-exact longitude came out one double ulp off PROJ's, and the box's outward rounding to float4
    /// then moved it by a whole float ulp (~1 m), taking in or leaving out a parcel on the edge that the SQL tile did not:
    /// <see cref="TileBox"/> follows PROJ's arithmetic, and is used only once a sample agreed. The box is the tile's with
    /// its buffer, as the SQL tile takes its outlines.
    /// </summary>
    public static readonly string TileKey = $"""
        SELECT d.version, 'parcels'::regclass::oid, ST_XMin(t.box), ST_YMin(t.box), ST_XMax(t.box), ST_YMax(t.box)
        FROM data_version d, (SELECT {BufferedBox("$1", "$2", "$3")} AS box) t
        """;

    /// <summary>Tile z/x/y's envelope with its buffer, in EPSG:4490 (PROJ's transform): what the SQL tile's <c>&amp;&amp;</c> takes.</summary>
    private static string BufferedBox(string z, string x, string y) =>
        $"ST_Transform(ST_TileEnvelope({z}, {x}, {y}, margin => {Buffer}.0 / {Extent}), 4490)";

    /// <summary>The boxes of <see cref="TileKey"/> for the tiles z[i]/x[i]/y[i] ($1–$3), in their order (<see cref="TileKeys.AgreeAsync"/>).</summary>
    public static readonly string TileBoxes = $"""
        SELECT ST_XMin(t.box), ST_YMin(t.box), ST_XMax(t.box), ST_YMax(t.box)
        FROM unnest($1::int[], $2::int[], $3::int[]) WITH ORDINALITY AS s(z, x, y, i),
             LATERAL (SELECT {BufferedBox("s.z", "s.x", "s.y")} AS box) t
        ORDER BY s.i
        """;

    /// <summary>
    /// Every live parcel for <see cref="ParcelOutlines"/>: what a tile filters by and carries (areaMu rounded as the items
    /// round it), the exact box, and the outline as WKB in EPSG:4490 (projected in C#, by the formula of the pooled pixel).
    /// </summary>
    public const string Snapshot = """
        SELECT p.code, p.status, p.land_use, p.land_use_original, p.zone_code, p.park_code, p.area_mu,
               round(p.area_mu::numeric, 2)::double precision,
               ST_XMin(p.geom), ST_YMin(p.geom), ST_XMax(p.geom), ST_YMax(p.geom), ST_AsBinary(p.geom)
        FROM parcels p
        """;

    /// <summary>
    /// Web Mercator (EPSG:3857) metres of a CGCS2000 longitude or latitude, by the formula (the datums differ by
    /// centimetres): one expression per pooled pixel instead of a PROJ transformation.
    /// </summary>
    private static string MercatorX(string lon) => $"6378137 * radians({lon})";

    private static string MercatorY(string lat) => $"6378137 * ln(tan(pi() / 4 + radians({lat}) / 2))";

    /// <param name="source">The FROM clause (live rows or as of a day) under <paramref name="alias"/>.</param>
    /// <param name="where">The filter's WHERE clause (may be empty).</param>
    /// <param name="columns">The properties, as (sql, name) (names from the whitelist only).</param>
    /// <param name="cap">Which outlines a crowded tile draws (<see cref="OutlineCap"/>); the smaller ones past it are pooled.</param>
    /// <remarks>
    /// Collections with a "status" property pool their outlines under <see cref="PoolPixels"/> pixels into cells: a
    /// cell covered by pooled outlines takes the status most of them have (ties: the first in order), and a row's
    /// adjacent cells of one status are one rectangle (a run), and a row's runs of one status are one feature (a
    /// multipolygon: they never touch) with <c>count</c>, the number of pooled outlines centred in them (no code: a
    /// click on it zooms in). One status per cell, not one square per cell and status: a mixed cell drawn four times
    /// over shows one colour anyway, and the tile would be up to four times larger. Only the cells of the tile and its
    /// buffer are made. Zones have no status: every outline is its own feature.
    /// </remarks>
    public static string Tile(string layer, string alias, string source, string where, IReadOnlyList<(string Sql, string Name)> columns, string z, string x, string y,
        OutlineCap cap)
    {
        var pool = columns.Any(c => c.Name == "status");
        var select = string.Join(", ", columns.Select(c => $"{c.Sql} AS \"{c.Name}\""));
        var kept = string.Join(", ", columns.Select(c => $"s.\"{c.Name}\""));
        // In the union an untyped NULL takes the type of the same column in the other branch.
        var pooledColumns = string.Join(", ", columns.Select(c => c.Name == "status" ? "r.status" : "NULL"));
        // Cells ("pixels" below; CellPixels) are numbered floor(metres / cell) from the Mercator origin; those of the
        // tile and its buffer only. Set-based by pixel row, not by pixel: the pooled outlines' pixel ranges (clipped to
        // the window; outlines with the same range and status counted once, with a weight) give each row they cover two
        // events, +w where their pixels begin and -w after they end; a row's running sums per status between
        // consecutive event columns are its segments' counts, each segment takes the status with the most (the first in
        // StatusOrder on ties, as the memory tile), and adjacent segments of one status are a run. Centres are counted
        // per pixel and enter as events of no weight. A pooled outline 100 pixels square is 100 rows here, not 10 000
        // pixels (a crowded z14 tile of the harness took 9 s pixel by pixel), and at z8, where nearly every outline is
        // one pixel, the 877 000 outlines of the harness's densest tile were 49 000 ranges (in pixels; cells are
        // fewer). OFFSET 0 keeps each outline's pixel numbers computed once (inlined, each use recomputed the
        // logarithms). The statuses are constants (ResourceStatus.Stored); a status outside them would pool nothing,
        // and the tables' CHECK constraints allow none.
        var statuses = ParcelOutlines.StatusOrder;
        var counts = string.Join(", ", statuses.Select((_, i) => $"v.k{i}"));
        var running = string.Join(",\n" + new string(' ', 55), statuses.Select((st, i) => $"sum(sum(CASE WHEN e.status = '{st}' THEN e.d ELSE 0 END)) OVER w AS k{i}"));
        var statusArray = $"ARRAY[{string.Join(", ", statuses.Select(st => $"'{st}'"))}]";
        var pooled = !pool ? "" : $"""
                UNION ALL
                SELECT ST_AsMVTGeom(ST_Collect(ST_MakeEnvelope(r.c0 * b.cell, r.cy * b.cell, (r.c1 + 1) * b.cell, (r.cy + 1) * b.cell, 3857) ORDER BY r.c0),
                                    b.merc, {Extent}, {Buffer}, true),
                       {pooledColumns}, sum(r.n)::bigint
                FROM (
                  WITH c AS MATERIALIZED (
                    SELECT t."status", t.x, t.y,
                           greatest(least(t.x0, t.x), k.c_lo) AS xa, least(greatest(t.x1, t.x), k.c_hi) AS xb,
                           greatest(least(t.y0, t.y), k.r_lo) AS ya, least(greatest(t.y1, t.y), k.r_hi) AS yb,
                           t.x BETWEEN k.c_lo AND k.c_hi AND t.y BETWEEN k.r_lo AND k.r_hi AS centre_in
                    FROM (SELECT s."status",
                                 floor({MercatorX("(ST_XMin(s.geom) + ST_XMax(s.geom)) / 2")} / s.cell)::bigint AS x,
                                 floor({MercatorY("(ST_YMin(s.geom) + ST_YMax(s.geom)) / 2")} / s.cell)::bigint AS y,
                                 ceil({MercatorX("ST_XMin(s.geom)")} / s.cell - 0.5)::bigint AS x0,
                                 floor({MercatorX("ST_XMax(s.geom)")} / s.cell - 0.5)::bigint AS x1,
                                 ceil({MercatorY("ST_YMin(s.geom)")} / s.cell - 0.5)::bigint AS y0,
                                 floor({MercatorY("ST_YMax(s.geom)")} / s.cell - 0.5)::bigint AS y1
                          FROM s WHERE s.tiny OFFSET 0) t CROSS JOIN bounds k),
                  e AS (
                    SELECT cy, ev.x, i."status", ev.d, 0::bigint AS n
                    FROM (SELECT c."status", c.xa, c.xb, c.ya, c.yb, count(*)::integer AS w FROM c WHERE c.xa <= c.xb GROUP BY 1, 2, 3, 4, 5) i,
                         generate_series(i.ya, i.yb) cy,
                         LATERAL (VALUES (i.xa, i.w), (i.xb + 1, -i.w)) ev(x, d)
                    UNION ALL
                    SELECT c.y, c.x, NULL, 0, count(*) FROM c WHERE c.xa <= c.xb AND c.centre_in GROUP BY c.y, c.x)
                  SELECT q.cy, q.status, min(q.x) AS c0, max(q.x_next) - 1 AS c1, sum(q.n)::bigint AS n
                  FROM (SELECT o.*, sum(o.brk) OVER (PARTITION BY o.cy ORDER BY o.x) AS run
                        FROM (SELECT m.*, CASE WHEN lag(m.status) OVER w = m.status AND lag(m.x_next) OVER w = m.x THEN 0 ELSE 1 END AS brk
                              FROM (SELECT v.cy, v.x, v.x_next, v.n, ({statusArray})[array_position(ARRAY[{counts}], greatest({counts}))] AS status
                                    FROM (SELECT e.cy, e.x, lead(e.x) OVER w AS x_next, sum(e.n) AS n,
                                                 {running}
                                          FROM e
                                          GROUP BY e.cy, e.x
                                          WINDOW w AS (PARTITION BY e.cy ORDER BY e.x)) v
                                    WHERE greatest({counts}) > 0) m
                              WINDOW w AS (PARTITION BY m.cy ORDER BY m.x)) o) q
                  GROUP BY q.cy, q.status, q.run) r CROSS JOIN bounds b
                GROUP BY r.cy, r.status, b.merc, b.cell
            """;
        return $"""
            WITH bounds AS (
              SELECT t.*, (ST_XMax(t.box) - ST_XMin(t.box)) * (ST_YMax(t.box) - ST_YMin(t.box)) AS area
              FROM (
              SELECT e.merc, ST_Transform(e.buffered, 4490) AS box, e.px, e.px * e.k AS cell, 360 / (256 * 2 ^ {z}::integer) AS px_lon,
                     256 / e.k * {x}::bigint - 128 / e.k * (1::bigint << {z}::integer) - {Margin} / e.k AS c_lo,
                     256 / e.k * {x}::bigint - 128 / e.k * (1::bigint << {z}::integer) + 256 / e.k - 1 + {Margin} / e.k AS c_hi,
                     128 / e.k * (1::bigint << {z}::integer) - 256 / e.k * {y}::bigint - 256 / e.k - {Margin} / e.k AS r_lo,
                     128 / e.k * (1::bigint << {z}::integer) - 256 / e.k * {y}::bigint - 1 + {Margin} / e.k AS r_hi
              FROM (SELECT ST_TileEnvelope({z}::integer, {x}::integer, {y}::integer) AS merc,
                           ST_TileEnvelope({z}::integer, {x}::integer, {y}::integer, margin => {Buffer}.0 / {Extent}) AS buffered,
                           40075016.685578488 / (256 * 2 ^ {z}::integer) AS px,
                           CASE WHEN {z}::integer < {DetailZoom} THEN {OverviewCellPixels} ELSE 1 END AS k) e) t),
            s0 AS NOT MATERIALIZED (
              SELECT {alias}.geom, {alias}.code AS rank_code, bounds.merc, bounds.px, bounds.cell, bounds.px_lon,
                     {(pool ? $"ST_XMax({alias}.geom) - ST_XMin({alias}.geom) < {PoolPixels} * bounds.px_lon AND {MercatorY($"ST_YMax({alias}.geom)")} - {MercatorY($"ST_YMin({alias}.geom)")} < {PoolPixels} * bounds.px" : "false")} AS small,
                     (ST_XMax({alias}.geom) - ST_XMin({alias}.geom)) * (ST_YMax({alias}.geom) - ST_YMin({alias}.geom)) AS size,
                     CASE WHEN ST_XMin({alias}.geom) <= ST_XMin(bounds.box) AND ST_XMax({alias}.geom) >= ST_XMax(bounds.box)
                               AND ST_YMin({alias}.geom) <= ST_YMin(bounds.box) AND ST_YMax({alias}.geom) >= ST_YMax(bounds.box) THEN 0
                          ELSE greatest(0, least(ST_XMax({alias}.geom), ST_XMax(bounds.box)) - greatest(ST_XMin({alias}.geom), ST_XMin(bounds.box)))
                               * greatest(0, least(ST_YMax({alias}.geom), ST_YMax(bounds.box)) - greatest(ST_YMin({alias}.geom), ST_YMin(bounds.box))) END AS cover,
                     {select}
              {source} CROSS JOIN bounds
              {(where.Length == 0 ? "WHERE" : where + " AND")} {alias}.geom && bounds.box),
            cap AS MATERIALIZED (
              SELECT r.size, r.rank_code
              FROM (SELECT s0.size, s0.rank_code, row_number() OVER w AS n, sum(s0.cover) OVER w AS covered
                    FROM s0 WHERE {(pool ? "NOT s0.small" : "false")}
                    WINDOW w AS (ORDER BY s0.size DESC, s0.rank_code COLLATE "C" ROWS UNBOUNDED PRECEDING)) r
              WHERE r.n > {cap.Max} OR r.covered > {cap.Cover.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} * (SELECT area FROM bounds)
              ORDER BY r.n LIMIT 1),
            s AS NOT MATERIALIZED (
              SELECT s0.*, s0.small OR EXISTS (SELECT FROM cap WHERE s0.size < cap.size
                                                 OR (s0.size = cap.size AND s0.rank_code COLLATE "C" >= cap.rank_code COLLATE "C")) AS tiny
              FROM s0)
            SELECT (SELECT version FROM data_version), (
              SELECT ST_AsMVT(t, '{layer}', {Extent}, 'geom') FROM (
                SELECT ST_AsMVTGeom(ST_Simplify(ST_Transform(s.geom, 3857), s.px / 4, true), s.merc, {Extent}, {Buffer}, true) AS geom,
                       {kept}{(pool ? ", NULL::bigint AS count" : "")}
                FROM s WHERE NOT s.tiny
                {pooled}
              ) t
              WHERE t.geom IS NOT NULL)
            """;
    }
}
