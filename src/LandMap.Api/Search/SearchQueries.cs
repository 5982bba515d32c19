namespace LandMap.Api.Search;

/// <summary>
/// The SQL of the search box. $1 = the text as typed (exact code), $2 = a LIKE pattern for codes that start with it,
/// $3 = a LIKE pattern for text that contains it (both with %, _ and \ escaped), $4 = the statuses the caller may see,
/// $5 = how many. ILIKE on code, address and name is served by the trigram indexes of migration 013. A code that is the
/// text comes first, then codes that start with it, then anything that contains it; shorter codes before longer.
/// </summary>
internal static class SearchQueries
{
    public const string Find = """
        SELECT kind, code, name_zh, name_en, address, zone, status,
               ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
        FROM (
          (SELECT 'parcel' AS kind, p.code, NULL::text AS name_zh, NULL::text AS name_en, p.address, p.zone_code AS zone, p.status,
                  CASE WHEN lower(p.code) = lower($1) THEN 0 WHEN p.code ILIKE $2 THEN 1 ELSE 2 END AS rank, ST_Envelope(p.geom) AS e
           FROM parcels p
           WHERE p.status = ANY($4) AND (p.code ILIKE $3 OR p.address ILIKE $3)
           ORDER BY rank, length(p.code), p.code LIMIT $5)
          UNION ALL
          (SELECT 'factory', f.code, f.name, NULL, f.address, f.zone_code, f.status,
                  CASE WHEN lower(f.code) = lower($1) THEN 0 WHEN f.code ILIKE $2 THEN 1 ELSE 2 END, ST_Envelope(f.geom)
           FROM factories f
           WHERE f.status = ANY($4) AND (f.code ILIKE $3 OR f.name ILIKE $3 OR f.address ILIKE $3)
           ORDER BY 8, length(f.code), f.code LIMIT $5)
          UNION ALL
          (SELECT CASE WHEN z.parent_code IS NULL THEN 'zone' ELSE 'park' END, z.code, z.name_zh, z.name_en, NULL, coalesce(z.parent_code, z.code), NULL,
                  CASE WHEN lower(z.code) = lower($1) OR z.name_zh = $1 OR lower(z.name_en) = lower($1) THEN 0
                       WHEN z.code ILIKE $2 OR z.name_zh ILIKE $2 OR z.name_en ILIKE $2 THEN 1 ELSE 2 END, ST_Envelope(z.geom)
           FROM zones z
           WHERE z.code ILIKE $3 OR z.name_zh ILIKE $3 OR z.name_en ILIKE $3
           ORDER BY 8, length(z.code), z.code LIMIT $5)
        ) s
        ORDER BY rank, CASE kind WHEN 'zone' THEN 0 WHEN 'park' THEN 1 ELSE 2 END, length(code), code
        LIMIT $5
        """;
}
