namespace LandMap.Api.IdleLand;

/// <summary>The SQL of the idle-land routes: named constants, values as parameters, statuses passed in.</summary>
internal static class IdleLandQueries
{
    private const string FactsColumns = """
        p.code, p.zone_code, p.status, p.version, p.supply_type, p.agreed_start_on, p.actual_start_on, p.developed_share,
        p.invested_share, p.halted_on, p.land_price_wan
        """;

    /// <summary>$1 code, $2 the statuses kept on file (retired included: its facts stay readable).</summary>
    public const string Facts = $"SELECT {FactsColumns} FROM parcels p WHERE p.code = $1 AND p.status = ANY($2)";

    /// <summary>
    /// Supplied parcels not started whose first full year (PostgreSQL's date + 1 year, like DateOnly.AddYears: 02-29 →
    /// 02-28) falls within $2 … $3; $1 the on-map statuses, $4 zone codes (empty = all). The engine decides exactly.
    /// </summary>
    public const string WarningCandidates = $"""
        SELECT {FactsColumns}
        FROM parcels p
        WHERE p.status = ANY($1) AND p.supply_type IS NOT NULL AND p.agreed_start_on IS NOT NULL
          AND (p.actual_start_on IS NULL OR p.actual_start_on > $2)
          AND (p.agreed_start_on + interval '1 year')::date BETWEEN $2 AND $3
          AND (cardinality($4::text[]) = 0 OR p.zone_code = ANY($4))
        """;

    /// <summary>$1 code: its findings, latest first (the latest one is in force).</summary>
    public const string Findings = """
        SELECT id, found_on, cause, government_cause_type, finding_no, note, created_by, created_at
        FROM idle_findings WHERE parcel_code = $1 ORDER BY found_on DESC, id DESC
        """;

    public const string InsertFinding = """
        INSERT INTO idle_findings (parcel_code, found_on, cause, government_cause_type, finding_no, note, created_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;
}
