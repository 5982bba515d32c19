namespace LandMap.Api.Reservations;

/// <summary>Reservation SQL. Status names travel as parameters from <see cref="Core.Resources.ResourceStatus"/>, never typed in here.</summary>
internal static class ReservationsQueries
{
    public const string LockParcel = "SELECT status, zone_code FROM parcels WHERE code = $1 FOR UPDATE";
    public const string LockFactory = "SELECT status, zone_code, vacant_floor_m2 FROM factories WHERE code = $1 FOR UPDATE";

    public const string SetParcelStatus = "UPDATE parcels SET status = $2, updated_at = now() WHERE code = $1";

    /// <summary>$2 m² taken; $3 the status of a building with no vacant floor left (reserved).</summary>
    public const string TakeFloor = """
        UPDATE factories SET vacant_floor_m2 = vacant_floor_m2 - $2,
            status = CASE WHEN vacant_floor_m2 - $2 <= 0 THEN $3 ELSE status END, updated_at = now()
        WHERE code = $1 RETURNING status
        """;
    public const string ReturnFloor = "UPDATE factories SET vacant_floor_m2 = vacant_floor_m2 + $2, status = $3, updated_at = now() WHERE code = $1";

    private const string Columns = "id, project_id, resource_kind, resource_code, zone_code, floor_m2, previous_status, created_at, released_at, created_by, released_by";

    public const string Insert = $"""
        INSERT INTO reservations (project_id, resource_kind, resource_code, zone_code, floor_m2, previous_status, created_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {Columns}
        """;

    public const string LockById = $"SELECT {Columns} FROM reservations WHERE id = $1 FOR UPDATE";
    public const string Release = $"UPDATE reservations SET released_at = now(), released_by = $2 WHERE id = $1 RETURNING {Columns}";
    public const string ByProject = $"SELECT {Columns} FROM reservations WHERE ($1::bigint IS NULL OR project_id = $1) ORDER BY id";

    /// <summary>Status history of one resource, oldest first (staff).</summary>
    public const string HistoryOf = """
        SELECT status_before, status_after, changed_at, changed_by, note FROM changes
        WHERE kind = $1 AND code = $2 AND status_before IS DISTINCT FROM status_after ORDER BY changed_at, id
        """;
}
