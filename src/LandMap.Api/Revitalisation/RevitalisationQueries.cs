namespace LandMap.Api.Revitalisation;

/// <summary>
/// SQL of the performance, low-efficiency and revitalisation routes: named constants, values as $n parameters, statuses
/// passed in. A zone filter ($1, empty = all) matches a record's zone or its park.
/// </summary>
internal static class RevitalisationQueries
{
    private const string InZone = "(cardinality($1::text[]) = 0 OR p.zone_code = ANY($1) OR p.park_code = ANY($1))";

    /// <summary>$1 codes, $2 the statuses on the map: the codes of those parcels that exist and are not retired.</summary>
    public const string KnownParcels = "SELECT code FROM parcels WHERE code = ANY($1) AND status = ANY($2)";

    /// <summary>
    /// $1–$7 the rows as parallel arrays, $8 source, $9 source name, $10 actor. A parcel and year already stored is replaced;
    /// one boolean per row says whether it was.
    /// </summary>
    public const string Upsert = """
        INSERT INTO parcel_performance (parcel_code, year, tax_wan, revenue_wan, output_wan, jobs, enterprise, source, source_name, recorded_by)
        SELECT r.code, r.year, r.tax, r.revenue, r.output, r.jobs, r.enterprise, $8, $9, $10
        FROM unnest($1::text[], $2::smallint[], $3::float8[], $4::float8[], $5::float8[], $6::int[], $7::text[])
             AS r(code, year, tax, revenue, output, jobs, enterprise)
        ON CONFLICT (parcel_code, year) DO UPDATE SET
            tax_wan = EXCLUDED.tax_wan, revenue_wan = EXCLUDED.revenue_wan, output_wan = EXCLUDED.output_wan, jobs = EXCLUDED.jobs,
            enterprise = EXCLUDED.enterprise, source = EXCLUDED.source, source_name = EXCLUDED.source_name,
            recorded_by = EXCLUDED.recorded_by, recorded_at = now()
        RETURNING (xmax <> 0) AS replaced
        """;

    /// <summary>$1 zones, $2 year (NULL: all), $3 row limit: the stored figures with their parcel's area.</summary>
    public const string List = $"""
        SELECT pp.parcel_code, p.zone_code, p.status, p.area_mu, pp.year, pp.tax_wan, pp.revenue_wan, pp.output_wan, pp.jobs, pp.enterprise,
               pp.source, pp.source_name, pp.recorded_by, pp.recorded_at
        FROM parcel_performance pp JOIN parcels p ON p.code = pp.parcel_code
        WHERE {InZone} AND ($2::int IS NULL OR pp.year = $2)
        ORDER BY p.zone_code, pp.parcel_code, pp.year
        LIMIT $3
        """;

    /// <summary>$1 zones: the latest year with figures (NULL when none).</summary>
    public const string LatestYear = $"""
        SELECT max(pp.year)::int FROM parcel_performance pp JOIN parcels p ON p.code = pp.parcel_code WHERE {InZone}
        """;

    /// <summary>
    /// $1 zones, $2 year, $3 in-use status, $4 the statuses on the map: the register to grade — parcels in use, and any
    /// other parcel on the map with figures for the year — with that year's figures when there are any.
    /// </summary>
    public const string Register = $"""
        SELECT p.code, p.zone_code, p.area_mu, pp.year, pp.tax_wan, pp.revenue_wan, pp.output_wan, pp.jobs, pp.enterprise
        FROM parcels p LEFT JOIN parcel_performance pp ON pp.parcel_code = p.code AND pp.year = $2
        WHERE {InZone} AND p.status = ANY($4) AND (p.status = $3 OR pp.parcel_code IS NOT NULL)
        """;

    /// <summary>
    /// $1 zones, $2 first day, $3 last day, $4 the done status: plans closed with an outcome in the span, with the amount
    /// their resource holds now (parcel: area_mu; factory: vacant floor m²).
    /// </summary>
    public const string DonePlans = """
        SELECT pl.id, pl.resource_kind, pl.resource_code, pl.zone_code, pl.outcome_kind, pl.revitalised_on, pl.investment_added_wan,
               pl.expected_output_wan, CASE pl.resource_kind WHEN 'parcel' THEN pa.area_mu ELSE f.vacant_floor_m2 END AS current_amount
        FROM plans pl
        LEFT JOIN parcels pa ON pl.resource_kind = 'parcel' AND pa.code = pl.resource_code
        LEFT JOIN factories f ON pl.resource_kind = 'factory' AND f.code = pl.resource_code
        WHERE pl.status = $4 AND pl.revitalised_on BETWEEN $2 AND $3
          AND (cardinality($1::text[]) = 0 OR pl.zone_code = ANY($1) OR pa.park_code = ANY($1) OR f.park_code = ANY($1))
        """;

    /// <summary>$1 kinds, $2 codes (pairs): every change of those records, oldest first.</summary>
    public const string ChangesOf = """
        SELECT c.id, c.kind, c.code, c.changed_at, c.status_before, c.status_after, c.amount_before
        FROM changes c JOIN unnest($1::text[], $2::text[]) AS r(kind, code) ON c.kind = r.kind AND c.code = r.code
        ORDER BY c.changed_at, c.id
        """;

    /// <summary>$1 zones, $2 the done status: the years in which plans were closed with an outcome, latest first.</summary>
    public const string DoneYears = """
        SELECT DISTINCT extract(year FROM pl.revitalised_on)::int AS year
        FROM plans pl
        LEFT JOIN parcels pa ON pl.resource_kind = 'parcel' AND pa.code = pl.resource_code
        LEFT JOIN factories f ON pl.resource_kind = 'factory' AND f.code = pl.resource_code
        WHERE pl.status = $2 AND (cardinality($1::text[]) = 0 OR pl.zone_code = ANY($1) OR pa.park_code = ANY($1) OR f.park_code = ANY($1))
        ORDER BY year DESC
        """;
}
