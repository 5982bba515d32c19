namespace LandMap.Api.Editing;

/// <summary>
/// The SQL of editing. Table and column names come only from <see cref="EditTable"/>; values, statuses included, are
/// parameters. Every write locks its rows (FOR UPDATE) before it compares versions, so a check and its update cannot be
/// separated by another writer.
/// </summary>
internal static class EditingQueries
{
    /// <summary>The record as it stands, locked: version, status, zone, park and every column but the outline as JSON.</summary>
    public static string Lock(EditTable t) =>
        $"SELECT version, status, zone_code, park_code, (to_jsonb(r) - 'geom')::text FROM {t.Table} r WHERE code = $1 FOR UPDATE";

    /// <summary>
    /// The first record on the map ($3: statuses on the map) other than $1 whose outline overlaps $2 by more than $4 m²
    /// (geodesic): two parcels, or two buildings, cannot hold the same ground. Touching neighbours share no area.
    /// </summary>
    public static string Overlapping(EditTable t) => $"""
        SELECT code, ST_Area(ST_Intersection(geom, $2)::geography) FROM {t.Table}
        WHERE code <> $1 AND status = ANY($3) AND geom && $2 AND ST_Intersects(geom, $2)
          AND ST_Area(ST_Intersection(geom, $2)::geography) > $4
        ORDER BY code LIMIT 1
        """;

    public static string Exists(EditTable t) => $"SELECT EXISTS (SELECT 1 FROM {t.Table} WHERE code = $1)";

    /// <summary>The development zone (not a park) whose outline holds the record's point on surface, as an import finds it.</summary>
    public const string ZoneAt = "SELECT code FROM zones WHERE parent_code IS NULL AND ST_Intersects(geom, ST_PointOnSurface($1)) ORDER BY code LIMIT 1";

    /// <summary>$1 zone, $2 point source: the park of that zone holding the record.</summary>
    public const string ParkAt = "SELECT code FROM zones WHERE parent_code = $1 AND ST_Intersects(geom, ST_PointOnSurface($2)) ORDER BY code LIMIT 1";

    /// <summary>Whether development zone $1 exists (a park is not a zone), and whether park $2 (NULL: none) is one of its parks.</summary>
    public const string ZoneAndPark = """
        SELECT EXISTS (SELECT 1 FROM zones WHERE code = $1 AND parent_code IS NULL),
               $2::text IS NULL OR EXISTS (SELECT 1 FROM zones WHERE code = $2 AND parent_code = $1)
        """;

    /// <summary>$1 kind (parcel|factory), $2 code: a reservation not yet released holds it.</summary>
    public const string ActiveReservation =
        "SELECT EXISTS (SELECT 1 FROM reservations WHERE resource_kind = $1 AND resource_code = $2 AND released_at IS NULL)";

    public static string SetStatus(EditTable t) => $"UPDATE {t.Table} SET status = $2 WHERE code = $1";

    /// <summary>Verified now by $2; nothing else changes (the trigger records it as action verify).</summary>
    public static string Verify(EditTable t) =>
        $"UPDATE {t.Table} SET verified_at = now(), verified_by = $2 WHERE code = $1 RETURNING verified_at, verified_by, version";

    /// <summary>
    /// A split or merged parcel leaves the map: $2 = retired, with its area measured again from its outline ($3), so the
    /// parts' areas add up to the figure its history ends with even where a seed or an old import rounded it.
    /// </summary>
    public const string RetireParcel = "UPDATE parcels SET status = $2, area_mu = $3 WHERE code = $1";

    /// <summary>A parcel to split, locked.</summary>
    public const string LockParcelGeometry = "SELECT version, status, gk_central_meridian, geom FROM parcels WHERE code = $1 FOR UPDATE";

    /// <summary>Parcels to merge, locked in code order (two merges of overlapping sets cannot deadlock).</summary>
    public const string LockParcelsGeometry =
        "SELECT code, version, status, zone_code, gk_central_meridian, geom FROM parcels WHERE code = ANY($1) ORDER BY code FOR UPDATE";

    /// <summary>
    /// A new parcel $2 with outline $3, area $4 and status $5, every other attribute (and the verification) copied from
    /// parcel $1: the child of a split, or of a merge (from its first parent). The ledger's typed area belongs to the
    /// parent's outline and is not copied.
    /// </summary>
    public static readonly string CopyParcel = BuildCopy();

    private static string BuildCopy()
    {
        string[] own = ["geom", "area_mu", "ledger_area_mu", "status"];
        var copied = EditTable.Parcels.Columns.Select(c => c.Name).Where(n => !own.Contains(n)).Distinct().ToList();
        var list = string.Join(", ", copied);
        return $"""
            INSERT INTO parcels (code, geom, area_mu, ledger_area_mu, status, {list}, verified_at, verified_by)
            SELECT $2, ST_Force2D($3), $4, NULL, $5, {list}, verified_at, verified_by FROM parcels WHERE code = $1
            """;
    }

    /// <summary>
    /// The changes of one record, oldest first, each field's old and new value as JSON; an outline (hex EWKB in the
    /// table, exact) is rendered as GeoJSON here.
    /// </summary>
    public const string History = """
        SELECT c.version, c.changed_at, c.changed_by, c.source, c.action, c.note, c.import_id, c.related,
               coalesce((SELECT jsonb_object_agg(d.key, CASE WHEN d.key = 'geom'
                            THEN jsonb_build_object('old', ST_AsGeoJSON((d.value ->> 0)::geometry, 7)::jsonb,
                                                    'new', ST_AsGeoJSON((d.value ->> 1)::geometry, 7)::jsonb)
                            ELSE jsonb_build_object('old', d.value -> 0, 'new', d.value -> 1) END)
                         FROM jsonb_each(c.diff) d), '{}')::text
        FROM changes c WHERE c.kind = $1 AND c.code = $2 ORDER BY c.changed_at, c.id
        """;

    public const string ProjectExists = "SELECT EXISTS (SELECT 1 FROM projects WHERE id = $1)";
}
