namespace LandMap.Api.Matching;

/// <summary>
/// Candidate SQL. Only available resources (idle, negotiating) are read, with a loose size window around the need so that
/// near misses (slightly too small or too large) are seen. Same-chain neighbours: Σ exp(−d / 1 km) over parcels within
/// ~3 km (0.03°, GiST-indexed) whose occupant is in the chain (allocated/in use) plus active reservations of same-chain
/// projects — the 建链聚链 signal.
/// </summary>
internal static class MatchingQueries
{
    private const string ChainNeighbours = """
        CASE WHEN $3::text IS NULL THEN 0 ELSE
          coalesce((SELECT sum(exp(-ST_Distance(g.geom::geography, q.geom::geography) / 1000.0)) FROM parcels q
                    WHERE q.status IN ('allocated', 'in_use') AND $3 = ANY(q.industry_chains) AND q.code <> g.code
                      AND ST_DWithin(q.geom, g.geom, 0.03)), 0)
          + coalesce((SELECT sum(exp(-ST_Distance(g.geom::geography, rg.geom::geography) / 1000.0))
                      FROM reservations r JOIN projects pr ON pr.id = r.project_id
                      JOIN LATERAL (SELECT geom FROM parcels WHERE code = r.resource_code AND r.resource_kind = 'parcel'
                                    UNION ALL SELECT geom FROM factories WHERE code = r.resource_code AND r.resource_kind = 'factory') rg ON true
                      WHERE r.released_at IS NULL AND pr.industry_chain = $3 AND r.resource_code <> g.code
                        AND ST_DWithin(rg.geom, g.geom, 0.03)), 0)
        END
        """;

    public const string Parcels = $"""
        SELECT g.code, g.zone_code, z.level, z.city, g.area_mu, g.land_use, g.status, g.min_investment_wan_per_mu,
               g.min_tax_wan_per_mu, g.power_kva, g.water, g.gas, g.heat, g.readiness, g.price_wan_per_mu, g.idle_since,
               {ChainNeighbours}
        FROM parcels g JOIN zones z ON z.code = g.zone_code
        WHERE g.status IN ('idle', 'negotiating') AND g.area_mu BETWEEN $1 AND $2
          AND ($4::text[] IS NULL OR g.zone_code = ANY($4) OR g.park_code = ANY($4))
        ORDER BY g.code
        """;

    public const string Factories = $"""
        SELECT g.code, g.zone_code, g.vacant_floor_m2, g.status, g.floor_height_m, g.floor_load_kn_m2, g.crane_t, g.power_kva,
               g.rent_yuan_m2_month,
               (SELECT min(h.changed_at) FROM status_history h
                WHERE h.resource_kind = 'factory' AND h.resource_code = g.code AND h.to_status = 'idle'),
               {ChainNeighbours}
        FROM factories g
        -- $2 (the need itself) is unused here but keeps the chain fragment at $3 for both queries.
        WHERE g.status IN ('idle', 'negotiating') AND g.vacant_floor_m2 >= $1 AND $2 > 0
          AND ($4::text[] IS NULL OR g.zone_code = ANY($4) OR g.park_code = ANY($4))
        ORDER BY g.code
        """;

    public const string Geometries = """
        SELECT 'land', code, ST_AsGeoJSON(ST_ForcePolygonCCW(geom), 7, 0) FROM parcels WHERE code = ANY($1)
        UNION ALL
        SELECT 'factory', code, ST_AsGeoJSON(ST_ForcePolygonCCW(geom), 7, 0) FROM factories WHERE code = ANY($2)
        """;
}
