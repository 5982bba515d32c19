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

    /// <summary>One source's part of a candidate's same-chain neighbours: exp(−d / 1 km), d the edge-to-edge distance in metres.</summary>
    private static string Neighbour(string c, string s) =>
        $"exp(-ST_Distance(ST_ClosestPoint({c}.geom, {s}.geom)::geography, ST_ClosestPoint({s}.geom, {c}.geom)::geography) / 1000.0)";

    /// <summary>A source counts within ~3 km (0.03°), never the candidate itself.</summary>
    private static string Near(string c, string s) => $"ST_DWithin({c}.geom, {s}.geom, 0.03) AND {c}.code <> {s}.code";

    private static readonly string Chain = $"""
        chain AS (
          SELECT c.code, sum({Neighbour("c", "s")}) AS v
          FROM chain_src s JOIN cand c ON {Near("c", "s")}
          GROUP BY c.code)
        """;

    /// <summary>
    /// Active reservations of projects in a chain, as chain sources: <c>reserved_src(chain, code, geom)</c>; <paramref name="chains"/>
    /// is the parameter holding the chain names (text[]).
    /// </summary>
    private static string ReservedSources(string chains) => $"""
        reserved_src AS MATERIALIZED (
          SELECT pr.industry_chain AS chain, r.resource_code AS code, coalesce(rp.geom, rf.geom) AS geom,
                 r.resource_kind || ':' || r.resource_code AS resource
          FROM reservations r JOIN projects pr ON pr.id = r.project_id
          LEFT JOIN parcels rp ON r.resource_kind = 'parcel' AND rp.code = r.resource_code
          LEFT JOIN factories rf ON r.resource_kind = 'factory' AND rf.code = r.resource_code
          WHERE r.released_at IS NULL AND pr.industry_chain = ANY({chains}))
        """;

    /// <summary>
    /// The same-chain neighbours of one parcel <c>g</c> for the chain <paramref name="chain"/>, the sum of <see cref="Chain"/>
    /// computed from the parcel's side: its sources are found through the partial GiST index of occupied parcels
    /// (migration 012), so the cost follows the parcels asked about, not every source of the chain.
    /// </summary>
    private static string ChainOf(string chain) => $"""
        coalesce((SELECT sum({Neighbour("g", "s")})
          FROM (SELECT q.code, q.geom FROM parcels q
                WHERE q.status IN ('allocated', 'in_use') AND q.industry_chains @> ARRAY[{chain}] AND ST_DWithin(g.geom, q.geom, 0.03)
                UNION ALL
                SELECT rs.code, rs.geom FROM reserved_src rs WHERE rs.chain = {chain} AND ST_DWithin(g.geom, rs.geom, 0.03)) s
          WHERE {Near("g", "s")}), 0)
        """;

    /// <summary>Parcels whose latest finding (the one in force) names cause <paramref name="cause"/>: <c>held(parcel_code)</c>.</summary>
    private static string LatestCauseIs(string cause) => $"""
        held AS MATERIALIZED (
          SELECT l.parcel_code FROM (
            SELECT DISTINCT ON (f.parcel_code) f.parcel_code, f.cause FROM idle_findings f
            ORDER BY f.parcel_code, f.found_on DESC, f.id DESC) l
          WHERE l.cause = {cause})
        """;

    /// <summary>What scoring reads of a parcel, in the order of <see cref="CandidateLoader.ReadParcel"/>.</summary>
    private const string ParcelColumns = """
        g.code, g.zone_code, z.level, z.city, g.area_mu, g.land_use, g.status, g.min_investment_wan_per_mu,
        g.min_tax_wan_per_mu, g.power_kva, g.water, g.gas, g.heat, g.readiness, g.price_wan_per_mu, g.idle_since
        """;

    /// <summary>What <see cref="LandSnapshot"/> was read at: the two write versions and the parcels table's oid.</summary>
    public const string SnapshotKey = """
        SELECT (SELECT version FROM data_version), (SELECT version FROM match_version), 'parcels'::regclass::oid
        """;

    /// <summary>
    /// Every parcel a match may offer, for <see cref="LandSnapshot"/>: $1 the available statuses, not found idle through the
    /// enterprise's fault ($2 = enterprise) — until it is taken back the land-use right is still the enterprise's (issue 13
    /// §5; such land is <see cref="AfterRecovery"/>). Its park follows <see cref="ParcelColumns"/> (the zones-or-parks filter).
    /// </summary>
    public static readonly string Snapshot = $"""
        WITH {LatestCauseIs("$2")}
        SELECT {ParcelColumns}, g.park_code, ST_XMin(g.geom), ST_YMin(g.geom), ST_XMax(g.geom), ST_YMax(g.geom)
        FROM parcels g JOIN zones z ON z.code = g.zone_code
        WHERE g.status = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM held h WHERE h.parcel_code = g.code)
        """;

    /// <summary>
    /// <see cref="SnapshotKey"/> and the database snapshot it is read in (pg_snapshot as text), for a repeatable-read
    /// transaction: a later reload reads only what that snapshot could not see (<see cref="SnapshotChanges"/>).
    /// </summary>
    public const string SnapshotAt = """
        SELECT (SELECT version FROM data_version), (SELECT version FROM match_version), 'parcels'::regclass::oid, pg_current_snapshot()::text
        """;

    /// <summary>
    /// What the database snapshot $1 (pg_snapshot as text) did not see (migration 015): parcels written since (kind 'row'), and
    /// the logged changes that leave no row: 'parcel' (deleted, or its old code), 'finding' (by parcel), 'factory', 'zone',
    /// 'truncate'. A writer below the snapshot's xmin was seen (or rolled back), hence the index range.
    /// </summary>
    public const string SnapshotChanges = """
        SELECT 'row', p.code FROM parcels p
        WHERE p.changed_xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(p.changed_xid, $1::pg_snapshot)
        UNION ALL
        SELECT m.kind, m.code FROM match_changes m
        WHERE m.changed_xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(m.changed_xid, $1::pg_snapshot)
        """;

    /// <summary>
    /// <see cref="Snapshot"/> for the parcels $3 only (codes; those it does not return are not on offer now), with each one's
    /// latest finding read through its index instead of every parcel's.
    /// </summary>
    public static readonly string SnapshotRows = $"""
        SELECT {ParcelColumns}, g.park_code, ST_XMin(g.geom), ST_YMin(g.geom), ST_XMax(g.geom), ST_YMax(g.geom)
        FROM parcels g JOIN zones z ON z.code = g.zone_code
        WHERE g.code = ANY($3) AND g.status = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM (SELECT f.cause FROM idle_findings f WHERE f.parcel_code = g.code
                                         ORDER BY f.found_on DESC, f.id DESC LIMIT 1) l WHERE l.cause = $2)
        """;

    /// <summary>The occupied parcels (the chain sources of <see cref="ChainOf"/>) with their chains and boxes, for <see cref="LandSnapshot"/>.</summary>
    public const string SnapshotSources = """
        SELECT q.code, q.industry_chains, ST_XMin(q.geom), ST_YMin(q.geom), ST_XMax(q.geom), ST_YMax(q.geom)
        FROM parcels q WHERE q.status IN ('allocated', 'in_use') AND cardinality(q.industry_chains) > 0
        """;

    /// <summary><see cref="SnapshotSources"/> among the parcels $1 (codes).</summary>
    public const string SnapshotSourcesOf = """
        SELECT q.code, q.industry_chains, ST_XMin(q.geom), ST_YMin(q.geom), ST_XMax(q.geom), ST_YMax(q.geom)
        FROM parcels q WHERE q.code = ANY($1) AND q.status IN ('allocated', 'in_use') AND cardinality(q.industry_chains) > 0
        """;

    /// <summary>
    /// The resources reserved for projects of chain $1 (the other chain sources of <see cref="ChainOf"/>): each as kind:code,
    /// with its box (null without an outline).
    /// </summary>
    public static readonly string ReservedBoxes = $"""
        WITH {ReservedSources("ARRAY[$1::text]")}
        SELECT rs.resource, ST_XMin(rs.geom), ST_YMin(rs.geom), ST_XMax(rs.geom), ST_YMax(rs.geom) FROM reserved_src rs
        """;

    /// <summary>
    /// Same-chain neighbours of (parcel, chain) pairs: $1 the parcel codes, $2 the chains, pair by pair; with the chain's
    /// reserved resources they were summed with (kind:code, in order), read in the same statement.
    /// </summary>
    public static readonly string ChainNeighbours = $"""
        WITH {ReservedSources("$2")},
        asked AS MATERIALIZED (
          SELECT g.code, g.geom, x.chain FROM parcels g JOIN unnest($1::text[], $2::text[]) AS x(code, chain) ON x.code = g.code
          WHERE g.code = ANY($1))
        SELECT g.code, g.chain, {ChainOf("g.chain")},
               coalesce((SELECT array_agg(rs.resource ORDER BY rs.resource) FROM reserved_src rs WHERE rs.chain = g.chain), ARRAY[]::text[])
        FROM asked g
        """;

    /// <summary>
    /// What the sums of <see cref="BatchWindow"/> (read in the same repeatable-read transaction) were taken at: the snapshot
    /// key (<see cref="SnapshotKey"/>) and, for each chain of $1, its reserved resources (kind:code).
    /// </summary>
    public static readonly string BatchSumsAt = $"""
        WITH {ReservedSources("$1")}
        SELECT (SELECT version FROM data_version), (SELECT version FROM match_version), 'parcels'::regclass::oid, c.chain,
               coalesce((SELECT array_agg(rs.resource) FROM reserved_src rs WHERE rs.chain = c.chain), ARRAY[]::text[])
        FROM (SELECT DISTINCT x AS chain FROM unnest($1::text[]) x) c
        """;

    /// <summary>
    /// A batch's candidates in one query (POST /api/allocate): the free land of the union of the projects' windows ($1, $2: the
    /// merged windows' bounds), $3 the available statuses, not held by the enterprise ($4 = enterprise); with the chain
    /// neighbours for each chain $7 whose projects' fitting sizes ($5–$6, merged per chain) hold the parcel: every candidate
    /// pair's score is then exact. The neighbours are summed from the sources' side (each occupied parcel of the chains
    /// probes the GiST index once), which beats probing from each of the many candidates. Columns: <see cref="ParcelColumns"/>,
    /// then the chains and their neighbour sums as arrays (a chain missing: no source nearby, 0).
    /// <para>
    /// Sums known from earlier requests ($8–$10: code, chain, sum) are taken as they are, not summed again, but only while
    /// nothing they depend on has changed: the versions are still $13, $14 and the table $15 (the land snapshot they are
    /// kept with), and the chain's reserved resources, kind:code joined by line feeds in order, are still $12 (for the chains $11).
    /// Of those chains, the ones in $16 have every nonzero sum known for the sizes asked: their sources probe nothing.
    /// </para>
    /// </summary>
    public static readonly string BatchWindow = $"""
        WITH {LatestCauseIs("$4")},
        {ReservedSources("$7")},
        fits AS MATERIALIZED (
          SELECT f.lo, f.hi, f.chain FROM unnest($5::float8[], $6::float8[], $7::text[]) AS f(lo, hi, chain)),
        unchanged AS MATERIALIZED (
          SELECT g.chain FROM unnest($11::text[], $12::text[]) AS g(chain, reserved)
          WHERE (SELECT version FROM data_version) = $13 AND (SELECT version FROM match_version) = $14 AND 'parcels'::regclass::oid = $15::oid
            AND g.reserved = coalesce((SELECT string_agg(rs.resource, E'\n' ORDER BY rs.resource COLLATE "C") FROM reserved_src rs
                                       WHERE rs.chain = g.chain), '')),
        known AS MATERIALIZED (
          SELECT k.code, k.chain, k.v FROM unnest($8::text[], $9::text[], $10::float8[]) AS k(code, chain, v)
          WHERE k.chain IN (SELECT u.chain FROM unchanged u)),
        summed AS MATERIALIZED (
          -- Chains whose sums are all known for the sizes asked ($16): nothing of theirs is summed again.
          SELECT u.chain FROM unchanged u WHERE u.chain = ANY($16)),
        src AS (
          SELECT q.code, q.geom, ch.chain FROM (SELECT DISTINCT x AS chain FROM unnest($7::text[]) x) ch
          JOIN parcels q ON q.status IN ('allocated', 'in_use') AND q.industry_chains @> ARRAY[ch.chain]
          WHERE ch.chain NOT IN (SELECT chain FROM summed)
          UNION ALL
          SELECT rs.code, rs.geom, rs.chain FROM reserved_src rs WHERE rs.chain NOT IN (SELECT chain FROM summed)),
        near AS (
          -- Each source probes the GiST index once (OFFSET 0 keeps the probe per source) and keeps the parcels that fit a project
          -- of its chain by a test against the few merged sizes (no join of rows carrying outlines).
          SELECT c.code, c.geom, s.chain, s.geom AS source
          FROM src s CROSS JOIN LATERAL (
            SELECT c.code, c.geom FROM parcels c
            WHERE c.status = ANY($3) AND {Near("c", "s")}
              AND EXISTS (SELECT 1 FROM fits f WHERE f.chain = s.chain AND c.area_mu BETWEEN f.lo AND f.hi) OFFSET 0) c
          OFFSET 0),
        terms AS (
          -- The pairs whose sum is not known (a hashed anti-join) get their terms, computed here, so that grouping sorts or
          -- hashes narrow rows: a join of the wide rows spilled 350 MB to disk at 100 000.
          SELECT n.code, n.chain, {Neighbour("n", "s")} AS t
          FROM near n CROSS JOIN LATERAL (SELECT n.source AS geom) s
          WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.code = n.code AND k.chain = n.chain)),
        chained AS (
          SELECT code, chain, sum(t) AS v FROM terms GROUP BY code, chain
          UNION ALL
          SELECT code, chain, v FROM known),
        by_parcel AS (
          SELECT code, array_agg(chain ORDER BY chain) AS chains, array_agg(v ORDER BY chain) AS neighbours FROM chained GROUP BY code)
        SELECT {ParcelColumns}, coalesce(c.chains, ARRAY[]::text[]), coalesce(c.neighbours, ARRAY[]::float8[])
        FROM parcels g JOIN zones z ON z.code = g.zone_code LEFT JOIN by_parcel c ON c.code = g.code
        WHERE g.status = ANY($3)
          AND EXISTS (SELECT 1 FROM unnest($1::float8[], $2::float8[]) AS w(lo, hi) WHERE g.area_mu BETWEEN w.lo AND w.hi)
          AND NOT EXISTS (SELECT 1 FROM held h WHERE h.parcel_code = g.code)
        """;

    /// <summary>
    /// Land available after recovery: $5 the statuses it may have (available, allocated or in use; not reserved), its
    /// latest finding's cause $6 (enterprise); with its supplied-land facts and that finding, for the idle-land engine, and
    /// its chain neighbours (chain $3) in the column <c>chain</c>. $1–$2 the size window, $4 zones or parks.
    /// </summary>
    public static readonly string AfterRecovery = $"""
        WITH {LatestCauseIs("$6")},
        {ReservedSources("ARRAY[$3::text]")}
        SELECT {ParcelColumns}, {ChainOf("$3::text")} AS chain,
               g.supply_type, g.agreed_start_on, g.actual_start_on, g.developed_share, g.invested_share, g.halted_on, g.land_price_wan,
               lf.found_on, lf.cause, lf.government_cause_type
        FROM parcels g JOIN zones z ON z.code = g.zone_code
        CROSS JOIN LATERAL (SELECT f.found_on, f.cause, f.government_cause_type FROM idle_findings f WHERE f.parcel_code = g.code
                            ORDER BY f.found_on DESC, f.id DESC LIMIT 1) lf
        WHERE g.code IN (SELECT h.parcel_code FROM held h) AND g.status = ANY($5) AND g.area_mu BETWEEN $1 AND $2
          AND ($4::text[] IS NULL OR g.zone_code = ANY($4) OR g.park_code = ANY($4))
        """;

    public static readonly string Factories = $"""
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
