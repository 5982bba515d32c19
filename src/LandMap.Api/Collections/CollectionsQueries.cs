namespace LandMap.Api.Collections;

/// <summary>
/// The SQL of the collections feature. Features are built in PostGIS as GeoJSON from the fields in <see cref="Visibility"/>;
/// the parcel and factory extents take $1 = the statuses the caller may see (NULL: all).
/// </summary>
internal static class CollectionsQueries
{
    public const string ZonesFrom = "FROM zones z";

    public const string ParcelsOrder = "ORDER BY p.code";
    public const string FactoriesOrder = "ORDER BY f.code";
    public const string ZonesOrder = "ORDER BY z.parent_code NULLS FIRST, z.code";

    /// <summary>
    /// The order of item pages when no sortby is asked: the integer primary key, a total order that keeps offset paging
    /// stable (an edit does not move a record). Cheaper than the code (no collation): with few matches the planner sorts
    /// only them, with many it walks the key's index and stops at the page's end.
    /// </summary>
    public const string ParcelsPageOrder = "ORDER BY p.id";
    public const string FactoriesPageOrder = "ORDER BY f.id";

    /// <summary>
    /// A collection's extent and size, with the data version (migration 011) the same snapshot saw: every write to
    /// parcels, factories or zones bumps it, so the answer holds until the version moves (<see cref="CollectionExtents"/>).
    /// </summary>
    public const string ParcelsExtent = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), n, (SELECT version FROM data_version) FROM (SELECT ST_Extent(geom) e, count(*) n FROM parcels WHERE $1::text[] IS NULL OR status = ANY($1)) s";
    public const string FactoriesExtent = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), n, (SELECT version FROM data_version) FROM (SELECT ST_Extent(geom) e, count(*) n FROM factories WHERE $1::text[] IS NULL OR status = ANY($1)) s";
    public const string ZonesExtent = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), n, (SELECT version FROM data_version) FROM (SELECT ST_Extent(geom) e, count(*) n FROM zones) s";

    public const string DataVersion = "SELECT version FROM data_version";

    public const string KnownZones = "SELECT code FROM zones WHERE code = ANY($1)";

    /// <summary>
    /// The rows as they are now, with the moment's columns the fields read: stale_before (a record verified earlier is
    /// stale) and as_of (NULL: now). A plain subquery: PostgreSQL pulls it up, so the indexes on the table still serve.
    /// </summary>
    public static string Live(string table, string staleBefore) =>
        $"SELECT t.*, {staleBefore}::timestamptz AS stale_before, NULL::timestamptz AS as_of FROM {table} t";

    /// <summary>
    /// The rows as they were at <paramref name="cut"/>, reconstructed from the changes table (migration 006) by walking
    /// back from the current rows: for every field, the old value of the earliest change at or after the cut replaces the
    /// current one (geometry travels as hex EWKB text, which the geometry type reads back exactly; an old outline may
    /// predate migration 017 and is turned to RFC 7946's ring order, as stored outlines are); the version is the one
    /// before that change and updated_at the time of the last change before the cut. A record whose creation (version 1)
    /// is at or after the cut did not exist yet. The result has the table's row type, so every filter and field applies
    /// to it exactly as to the live rows.
    /// </summary>
    public static string AsOf(string table, string kind, string cut, string staleBefore) => $$"""
        SELECT r.*, {{staleBefore}}::timestamptz AS stale_before, {{cut}}::timestamptz AS as_of
        FROM {{table}} t
        LEFT JOIN (
            SELECT l.code, jsonb_object_agg(l.key, l.old) AS old, min(l.version) - 1 AS version
            FROM (SELECT DISTINCT ON (c.code, d.key) c.code, d.key, d.value -> 0 AS old, c.version
                  FROM changes c CROSS JOIN LATERAL jsonb_each(c.diff) d
                  WHERE c.kind = '{{kind}}' AND c.changed_at >= {{cut}}::timestamptz
                  ORDER BY c.code, d.key, c.changed_at, c.id) l
            GROUP BY l.code) later ON later.code = t.code
        CROSS JOIN LATERAL jsonb_populate_record(NULL::{{table}},
            to_jsonb(t) || coalesce(later.old, '{}')
            || jsonb_build_object('geom', CASE WHEN later.old ? 'geom' THEN ST_ForcePolygonCCW((later.old ->> 'geom')::geometry) ELSE t.geom END::text)
            || CASE WHEN later.code IS NULL THEN '{}' ELSE jsonb_build_object('version', later.version, 'updated_at',
                   (SELECT max(b.changed_at) FROM changes b WHERE b.kind = '{{kind}}' AND b.code = t.code AND b.changed_at < {{cut}}::timestamptz)) END) r
        WHERE NOT EXISTS (SELECT 1 FROM changes n
                          WHERE n.kind = '{{kind}}' AND n.code = t.code AND n.version = 1 AND n.changed_at >= {{cut}}::timestamptz)
        """;

    /// <summary>
    /// The project of a resource's active reservation (now, or at as_of), for <paramref name="select"/> = r.project_id or
    /// pr.name: the latest when a building is shared.
    /// </summary>
    public static string ReservedProject(string kind, string alias, string select) => $"""
        (SELECT {select} FROM reservations r JOIN projects pr ON pr.id = r.project_id
         WHERE r.resource_kind = '{kind}' AND r.resource_code = {alias}.code
           AND CASE WHEN {alias}.as_of IS NULL THEN r.released_at IS NULL
                    ELSE r.created_at < {alias}.as_of AND (r.released_at IS NULL OR r.released_at >= {alias}.as_of) END
         ORDER BY r.created_at DESC, r.id DESC LIMIT 1)
        """;

    /// <summary>Stale: never verified, or verified before the moment's stale_before.</summary>
    public static string Stale(string alias) => $"({alias}.verified_at IS NULL OR {alias}.verified_at < {alias}.stale_before)";
}
