namespace LandMap.Api.Matching;

/// <summary>
/// Candidate SQL. Only available resources (idle, negotiating) are read, with a loose size window around the need so that
/// near misses (slightly too small or too large) are seen.
/// <para>
/// Same-chain neighbours (the 建链聚链 signal): Σ exp(−d / 1 km) over the chain's sources within ~3 km (0.03°): parcels in
/// use or allocated whose occupant is in the chain, plus active reservations of same-chain projects. d is the edge-to-edge
/// distance: the two closest points are found in lon/lat and measured on the spheroid (metres), which is within
/// centimetres of the true geodesic edge distance at this scale and ~3× cheaper than a polygon-to-polygon geography
/// distance. The join runs from the (few) sources to the candidates through the GiST index, not one subquery per
/// candidate: 100 000 parcels, 28 000 in a 40 亩 window, took 9 s per match that way and takes ~0.3 s this way.
/// </para>
/// </summary>
internal static class MatchingQueries
{
    // $3: the project's industry chain (null: no chain, no sources).
    private const string ChainSources = """
        chain_src AS (
          SELECT q.code, q.geom FROM parcels q
          WHERE q.status IN ('allocated', 'in_use') AND q.industry_chains @> ARRAY[$3::text]
          UNION ALL
          SELECT r.resource_code, coalesce(rp.geom, rf.geom)
          FROM reservations r JOIN projects pr ON pr.id = r.project_id
          LEFT JOIN parcels rp ON r.resource_kind = 'parcel' AND rp.code = r.resource_code
          LEFT JOIN factories rf ON r.resource_kind = 'factory' AND rf.code = r.resource_code
          WHERE r.released_at IS NULL AND pr.industry_chain = $3)
        """;

    private const string Chain = """
        chain AS (
          SELECT c.code, sum(exp(-ST_Distance(ST_ClosestPoint(c.geom, s.geom)::geography, ST_ClosestPoint(s.geom, c.geom)::geography) / 1000.0)) AS v
          FROM chain_src s JOIN cand c ON ST_DWithin(c.geom, s.geom, 0.03) AND c.code <> s.code
          GROUP BY c.code)
        """;

    /// <summary>The cause of a parcel's latest finding (the one in force), or null.</summary>
    private const string LatestCause =
        "(SELECT f.cause FROM idle_findings f WHERE f.parcel_code = g.code ORDER BY f.found_on DESC, f.id DESC LIMIT 1)";

    /// <summary>Parcels in the size window $1–$2, $4 zones; <paramref name="which"/> filters them, <paramref name="extra"/> adds columns after the 17 read by position.</summary>
    private static string ParcelsWhere(string which, string extra, string join) => $"""
        WITH {ChainSources},
        cand AS NOT MATERIALIZED (
          SELECT g.* FROM parcels g
          WHERE {which} AND g.area_mu BETWEEN $1 AND $2
            AND ($4::text[] IS NULL OR g.zone_code = ANY($4) OR g.park_code = ANY($4))),
        {Chain}
        SELECT g.code, g.zone_code, z.level, z.city, g.area_mu, g.land_use, g.status, g.min_investment_wan_per_mu,
               g.min_tax_wan_per_mu, g.power_kva, g.water, g.gas, g.heat, g.readiness, g.price_wan_per_mu, g.idle_since,
               coalesce(ch.v, 0){extra}
        FROM cand g JOIN zones z ON z.code = g.zone_code LEFT JOIN chain ch ON ch.code = g.code{join}
        ORDER BY g.code
        """;

    /// <summary>
    /// Free land: $5 the available statuses, and not found idle through the enterprise's fault ($6 = enterprise) — until
    /// it is taken back the land-use right is still the enterprise's (issue 13 §5; such land is <see cref="AfterRecovery"/>).
    /// </summary>
    public static readonly string Parcels = ParcelsWhere($"g.status = ANY($5) AND {LatestCause} IS DISTINCT FROM $6", "", "");

    /// <summary>
    /// Land available after recovery: $5 the statuses it may have (available, allocated or in use; not reserved), its
    /// latest finding's cause $6 (enterprise); with its supplied-land facts and that finding, for the idle-land engine.
    /// </summary>
    public static readonly string AfterRecovery = ParcelsWhere($"g.status = ANY($5) AND {LatestCause} = $6",
        ", g.supply_type, g.agreed_start_on, g.actual_start_on, g.developed_share, g.invested_share, g.halted_on, g.land_price_wan,"
        + " lf.found_on, lf.cause, lf.government_cause_type",
        " CROSS JOIN LATERAL (SELECT f.found_on, f.cause, f.government_cause_type FROM idle_findings f WHERE f.parcel_code = g.code"
        + " ORDER BY f.found_on DESC, f.id DESC LIMIT 1) lf");

    public const string Factories = $"""
        WITH {ChainSources},
        cand AS NOT MATERIALIZED (
          SELECT g.* FROM factories g
          -- $2 (the need itself) is unused here but keeps the chain at $3 for both queries.
          WHERE g.status = ANY($5) AND g.vacant_floor_m2 >= $1 AND $2 > 0
            AND ($4::text[] IS NULL OR g.zone_code = ANY($4) OR g.park_code = ANY($4))),
        {Chain}
        SELECT g.code, g.zone_code, g.vacant_floor_m2, g.status, g.floor_height_m, g.floor_load_kn_m2, g.crane_t, g.power_kva,
               g.rent_yuan_m2_month,
               (SELECT min(h.changed_at) FROM changes h
                WHERE h.kind = 'factory' AND h.code = g.code AND h.status_after = $6),
               coalesce(ch.v, 0)
        FROM cand g LEFT JOIN chain ch ON ch.code = g.code
        ORDER BY g.code
        """;

    public const string Geometries = """
        SELECT 'land', code, ST_AsGeoJSON(ST_ForcePolygonCCW(geom), 7, 0) FROM parcels WHERE code = ANY($1)
        UNION ALL
        SELECT 'factory', code, ST_AsGeoJSON(ST_ForcePolygonCCW(geom), 7, 0) FROM factories WHERE code = ANY($2)
        """;
}
