using Npgsql;
using NpgsqlTypes;

namespace LandMap.Seeds;

/// <summary>Writes a seed set with binary COPY inside one transaction: all rows or none.</summary>
public static class SeedWriter
{
    private const string ZonesCopy = "COPY zones (code, parent_code, name_zh, name_en, level, city, geom, area_mu) FROM STDIN (FORMAT BINARY)";

    private const string ParcelsCopy = """
        COPY parcels (code, zone_code, park_code, address, geom, area_mu, gk_central_meridian, ledger_area_mu, land_use,
            land_use_original, plot_ratio_min, plot_ratio_max, building_coverage_min, green_ratio_max, height_limit_m,
            min_investment_wan_per_mu, min_tax_wan_per_mu, industry_chains, power_kva, water, gas, heat, readiness,
            price_wan_per_mu, ownership, idle_since, idle_reason, status, contact, verified_at, verified_by, supply_type, agreed_start_on,
            actual_start_on, developed_share, invested_share, halted_on, land_price_wan) FROM STDIN (FORMAT BINARY)
        """;

    private const string FactoriesCopy = """
        COPY factories (code, zone_code, park_code, name, address, geom, footprint_m2, total_floor_m2, vacant_floor_m2,
            floors, floor_height_m, floor_load_kn_m2, crane_t, power_kva, rent_yuan_m2_month, sale_price_yuan_m2, status,
            contact, verified_at, verified_by) FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>Projects, their reservations and the seed's history, staged, then written with ids the database gives.</summary>
    private const string Stage = """
        CREATE TEMP TABLE seed_projects (ord int, name text, investor text, industry_chain text, industry_category text,
            pollution_class text, investment_wan double precision, land_need_mu double precision, floor_need_m2 double precision,
            annual_output_wan double precision, annual_tax_wan double precision, jobs int, power_kva double precision,
            preferred_zones text[], stage text, created_at timestamptz, created_by text) ON COMMIT DROP;
        CREATE TEMP TABLE seed_project_ids (id bigint, name text) ON COMMIT DROP;
        CREATE TEMP TABLE seed_reservations (project_name text, kind text, code text, zone_code text, floor_m2 double precision,
            previous_status text, created_at timestamptz, created_by text) ON COMMIT DROP;
        CREATE TEMP TABLE seed_history (kind text, code text, zone_code text, from_status text, to_status text,
            changed_at timestamptz, changed_by text, note text, vacant_before double precision, vacant_after double precision) ON COMMIT DROP
        """;

    private const string ProjectsCopy = """
        COPY seed_projects (ord, name, investor, industry_chain, industry_category, pollution_class, investment_wan, land_need_mu,
            floor_need_m2, annual_output_wan, annual_tax_wan, jobs, power_kva, preferred_zones, stage, created_at, created_by)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string ReservationsCopy = """
        COPY seed_reservations (project_name, kind, code, zone_code, floor_m2, previous_status, created_at, created_by) FROM STDIN (FORMAT BINARY)
        """;

    private const string HistoryCopy = """
        COPY seed_history (kind, code, zone_code, from_status, to_status, changed_at, changed_by, note, vacant_before, vacant_after)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>
    /// Projects get their ids (kept by name for the history and the reservations), then the reservations; then each history
    /// row becomes a change: its diff (status or stage; a factory's vacant floor when it changed), its measures (parcel: the
    /// area; factory: the vacant floor before and after), the first row of a record its creation. Versions then count the
    /// changes, as the trigger would have, and a project's updated_at is its last change.
    /// </summary>
    private const string Apply = """
        WITH made AS (
            INSERT INTO projects (name, investor, industry_chain, industry_category, pollution_class, investment_wan, land_need_mu,
                floor_need_m2, annual_output_wan, annual_tax_wan, jobs, power_kva, preferred_zones, stage, created_at, updated_at,
                created_by, updated_by)
            SELECT name, investor, industry_chain, industry_category, pollution_class, investment_wan, land_need_mu, floor_need_m2,
                annual_output_wan, annual_tax_wan, jobs, power_kva, preferred_zones, stage, created_at, created_at, created_by, created_by
            FROM seed_projects ORDER BY ord
            RETURNING id, name)
        INSERT INTO seed_project_ids SELECT id, name FROM made;

        INSERT INTO reservations (project_id, resource_kind, resource_code, zone_code, floor_m2, previous_status, created_at, created_by)
        SELECT i.id, r.kind, r.code, r.zone_code, r.floor_m2, r.previous_status, r.created_at, r.created_by
        FROM seed_reservations r JOIN seed_project_ids i ON i.name = r.project_name
        ORDER BY r.created_at;

        INSERT INTO changes (kind, code, zone_code, version, action, source, changed_at, changed_by, note, diff,
                             status_before, status_after, amount_before, amount_after, land_use)
        SELECT h.kind, coalesce(i.id::text, h.code), h.zone_code,
               row_number() OVER (PARTITION BY h.kind, h.code ORDER BY h.changed_at),
               CASE WHEN h.from_status IS NULL THEN 'create' WHEN h.from_status <> h.to_status THEN 'status' ELSE 'update' END,
               'seed', h.changed_at, h.changed_by, h.note,
               CASE WHEN h.from_status IS DISTINCT FROM h.to_status
                    THEN jsonb_build_object(CASE WHEN h.kind = 'project' THEN 'stage' ELSE 'status' END, jsonb_build_array(h.from_status, h.to_status))
                    ELSE '{}' END
               || CASE WHEN h.kind = 'factory' AND h.vacant_before IS DISTINCT FROM coalesce(h.vacant_after, f.vacant_floor_m2)
                    THEN jsonb_build_object('vacant_floor_m2', jsonb_build_array(h.vacant_before, coalesce(h.vacant_after, f.vacant_floor_m2)))
                    ELSE '{}' END,
               h.from_status, h.to_status,
               CASE WHEN h.from_status IS NULL THEN NULL WHEN h.kind = 'parcel' THEN p.area_mu ELSE coalesce(h.vacant_before, f.vacant_floor_m2) END,
               CASE WHEN h.kind = 'parcel' THEN p.area_mu ELSE coalesce(h.vacant_after, f.vacant_floor_m2) END,
               p.land_use
        FROM seed_history h
        LEFT JOIN parcels p ON h.kind = 'parcel' AND p.code = h.code
        LEFT JOIN factories f ON h.kind = 'factory' AND f.code = h.code
        LEFT JOIN seed_project_ids i ON h.kind = 'project' AND i.name = h.code
        ORDER BY h.changed_at;

        UPDATE parcels p SET version = v.n FROM (SELECT code, count(*) n FROM seed_history WHERE kind = 'parcel' GROUP BY code) v WHERE v.code = p.code;
        UPDATE factories f SET version = v.n FROM (SELECT code, count(*) n FROM seed_history WHERE kind = 'factory' GROUP BY code) v WHERE v.code = f.code;
        UPDATE projects p SET version = v.n, updated_at = v.last
        FROM (SELECT i.id, count(*) n, max(h.changed_at) last FROM seed_history h JOIN seed_project_ids i ON h.kind = 'project' AND i.name = h.code
              GROUP BY i.id) v
        WHERE v.id = p.id;
        """;

    /// <summary>
    /// The demo as of the day it is loaded: its verification dates (<see cref="KeepVerificationCurrentAsync"/>) and its
    /// idle-land dates (<see cref="SeedRevitalisation.KeepCurrentAsync"/>) move forward by the days since the ledger date.
    /// </summary>
    public static async Task KeepDemoCurrentAsync(NpgsqlConnection conn, DateOnly ledgerDate, CancellationToken ct)
    {
        await KeepVerificationCurrentAsync(conn, ledgerDate, ct);
        await SeedRevitalisation.KeepCurrentAsync(conn, ledgerDate, ct);
    }

    /// <summary>
    /// The demo's verification dates are set against its ledger date (<paramref name="ledgerDate"/>); loaded later, they
    /// move forward by the days since, so the demo keeps its mix of fresh and stale records (about one in ten) whenever it
    /// is loaded, instead of turning stale as a whole 90 days after the ledger date. Call in the seed's transaction.
    /// </summary>
    public static async Task KeepVerificationCurrentAsync(NpgsqlConnection conn, DateOnly ledgerDate, CancellationToken ct)
    {
        var ledgerDayEnd = new DateTimeOffset(ledgerDate.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).AddDays(1).ToUniversalTime();
        foreach (var table in new[] { "parcels", "factories" })
        {
            await using var cmd = new NpgsqlCommand(
                $"UPDATE {table} SET verified_at = verified_at + greatest(now() - $1, interval '0') WHERE verified_at IS NOT NULL", conn);
            cmd.Parameters.Add(new NpgsqlParameter { Value = ledgerDayEnd });
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Tells the changes trigger that this transaction is the seed, which writes its own back-dated history: without it,
    /// every seeded row would also get a "created now" change. Call inside the transaction, before writing.
    /// </summary>
    public static async Task MarkAsSeedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT set_config('landmap.source', 'seed', true)", conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task WriteAsync(NpgsqlConnection conn, SeedSet set, CancellationToken ct = default)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await WriteInTransactionAsync(conn, set, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The same rows inside a transaction the caller has begun (and will commit).</summary>
    public static async Task WriteInTransactionAsync(NpgsqlConnection conn, SeedSet set, CancellationToken ct = default)
    {
        await MarkAsSeedAsync(conn, ct);
        await WriteZonesAsync(conn, set.Zones, ct);
        await WriteParcelsAsync(conn, set.Parcels, ct);
        await WriteFactoriesAsync(conn, set.Factories, ct);
        await WriteHistoryAsync(conn, set, ct);
        if (set.Revitalisation is { } r) await SeedRevitalisation.WriteAsync(conn, r, ct);
    }

    public static async Task WriteZonesAsync(NpgsqlConnection conn, IEnumerable<ZoneSeed> zones, CancellationToken ct)
    {
        // Parents first, so the self-reference holds row by row.
        await using var w = await conn.BeginBinaryImportAsync(ZonesCopy, ct);
        foreach (var z in zones.OrderBy(z => z.ParentCode is null ? 0 : 1))
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(z.Code, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(w, z.ParentCode, NpgsqlDbType.Text, ct);
            await w.WriteAsync(z.NameZh, NpgsqlDbType.Text, ct);
            await w.WriteAsync(z.NameEn, NpgsqlDbType.Text, ct);
            await w.WriteAsync(z.Level, NpgsqlDbType.Text, ct);
            await w.WriteAsync(z.City, NpgsqlDbType.Text, ct);
            await w.WriteAsync(z.Geom, NpgsqlDbType.Geometry, ct);
            await w.WriteAsync(z.AreaMu, NpgsqlDbType.Double, ct);
        }
        await w.CompleteAsync(ct);
    }

    public static async Task<ulong> WriteParcelsAsync(NpgsqlConnection conn, IEnumerable<ParcelSeed> parcels, CancellationToken ct)
    {
        await using var w = await conn.BeginBinaryImportAsync(ParcelsCopy, ct);
        foreach (var p in parcels)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(p.Code, NpgsqlDbType.Text, ct);
            await w.WriteAsync(p.ZoneCode, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(w, p.ParkCode, NpgsqlDbType.Text, ct);
            await w.WriteAsync(p.Address, NpgsqlDbType.Text, ct);
            await w.WriteAsync(p.Geom, NpgsqlDbType.Geometry, ct);
            await w.WriteAsync(p.AreaMu, NpgsqlDbType.Double, ct);
            await w.WriteAsync((short)p.GkCentralMeridian, NpgsqlDbType.Smallint, ct);
            await WriteNullableAsync(w, p.LedgerAreaMu, NpgsqlDbType.Double, ct);
            await w.WriteAsync(p.LandUse, NpgsqlDbType.Text, ct);
            await w.WriteAsync(p.LandUseOriginal, NpgsqlDbType.Text, ct);
            await w.WriteAsync(p.PlotRatioMin, NpgsqlDbType.Double, ct);
            await w.WriteAsync(p.PlotRatioMax, NpgsqlDbType.Double, ct);
            await w.WriteAsync(p.BuildingCoverageMin, NpgsqlDbType.Double, ct);
            await w.WriteAsync(p.GreenRatioMax, NpgsqlDbType.Double, ct);
            await w.WriteAsync(p.HeightLimitM, NpgsqlDbType.Double, ct);
            await w.WriteAsync(p.MinInvestmentWanPerMu, NpgsqlDbType.Double, ct);
            await w.WriteAsync(p.MinTaxWanPerMu, NpgsqlDbType.Double, ct);
            await w.WriteAsync(p.IndustryChains, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await w.WriteAsync(p.PowerKva, NpgsqlDbType.Double, ct);
            await w.WriteAsync(p.Water, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(p.Gas, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(p.Heat, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(p.Readiness, NpgsqlDbType.Text, ct);
            await w.WriteAsync(p.PriceWanPerMu, NpgsqlDbType.Double, ct);
            await w.WriteAsync(p.Ownership, NpgsqlDbType.Text, ct);
            await w.WriteAsync(p.IdleSince, NpgsqlDbType.Date, ct);
            await w.WriteAsync(p.IdleReason, NpgsqlDbType.Text, ct);
            await w.WriteAsync(p.Status, NpgsqlDbType.Text, ct);
            await w.WriteAsync(p.Contact, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(w, p.VerifiedAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await WriteNullableAsync(w, p.VerifiedBy, NpgsqlDbType.Text, ct);
            var s = p.Supplied;
            await WriteNullableAsync(w, s?.SupplyType, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(w, s?.AgreedStartOn, NpgsqlDbType.Date, ct);
            await WriteNullableAsync(w, s?.ActualStartOn, NpgsqlDbType.Date, ct);
            await WriteNullableAsync(w, s?.DevelopedShare, NpgsqlDbType.Double, ct);
            await WriteNullableAsync(w, s?.InvestedShare, NpgsqlDbType.Double, ct);
            await WriteNullableAsync(w, s?.HaltedOn, NpgsqlDbType.Date, ct);
            await WriteNullableAsync(w, s?.LandPriceWan, NpgsqlDbType.Double, ct);
        }
        return await w.CompleteAsync(ct);
    }

    public static async Task WriteFactoriesAsync(NpgsqlConnection conn, IEnumerable<FactorySeed> factories, CancellationToken ct)
    {
        await using var w = await conn.BeginBinaryImportAsync(FactoriesCopy, ct);
        foreach (var f in factories)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(f.Code, NpgsqlDbType.Text, ct);
            await w.WriteAsync(f.ZoneCode, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(w, f.ParkCode, NpgsqlDbType.Text, ct);
            await w.WriteAsync(f.Name, NpgsqlDbType.Text, ct);
            await w.WriteAsync(f.Address, NpgsqlDbType.Text, ct);
            await w.WriteAsync(f.Geom, NpgsqlDbType.Geometry, ct);
            await w.WriteAsync(f.FootprintM2, NpgsqlDbType.Double, ct);
            await w.WriteAsync(f.TotalFloorM2, NpgsqlDbType.Double, ct);
            await w.WriteAsync(f.VacantFloorM2, NpgsqlDbType.Double, ct);
            await w.WriteAsync(f.Floors, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(f.FloorHeightM, NpgsqlDbType.Double, ct);
            await w.WriteAsync(f.FloorLoadKnM2, NpgsqlDbType.Double, ct);
            await w.WriteAsync(f.CraneT, NpgsqlDbType.Double, ct);
            await w.WriteAsync(f.PowerKva, NpgsqlDbType.Double, ct);
            await WriteNullableAsync(w, f.RentYuanM2Month, NpgsqlDbType.Double, ct);
            await WriteNullableAsync(w, f.SalePriceYuanM2, NpgsqlDbType.Double, ct);
            await w.WriteAsync(f.Status, NpgsqlDbType.Text, ct);
            await w.WriteAsync(f.Contact, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(w, f.VerifiedAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await WriteNullableAsync(w, f.VerifiedBy, NpgsqlDbType.Text, ct);
        }
        await w.CompleteAsync(ct);
    }

    /// <summary>The set's projects, reservations and history (the parcels and factories they refer to are written already).</summary>
    public static async Task WriteHistoryAsync(NpgsqlConnection conn, SeedSet set, CancellationToken ct)
    {
        await using (var stage = new NpgsqlCommand(Stage, conn)) await stage.ExecuteNonQueryAsync(ct);
        await using (var w = await conn.BeginBinaryImportAsync(ProjectsCopy, ct))
        {
            foreach (var (seed, ord) in (set.Projects ?? []).Select((s, i) => (s, i)))
            {
                var p = seed.Project;
                await w.StartRowAsync(ct);
                await w.WriteAsync(ord, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(p.Name, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, p.Investor, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, p.IndustryChain, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, p.IndustryCategory, NpgsqlDbType.Text, ct);
                await w.WriteAsync(p.PollutionClass, NpgsqlDbType.Text, ct);
                await w.WriteAsync(p.InvestmentWan, NpgsqlDbType.Double, ct);
                await WriteNullableAsync(w, p.LandNeedMu, NpgsqlDbType.Double, ct);
                await WriteNullableAsync(w, p.FloorNeedM2, NpgsqlDbType.Double, ct);
                await WriteNullableAsync(w, p.AnnualOutputWan, NpgsqlDbType.Double, ct);
                await WriteNullableAsync(w, p.AnnualTaxWan, NpgsqlDbType.Double, ct);
                await WriteNullableAsync(w, p.Jobs, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(w, p.PowerKva, NpgsqlDbType.Double, ct);
                await w.WriteAsync(p.PreferredZones.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await w.WriteAsync(p.Stage, NpgsqlDbType.Text, ct);
                await w.WriteAsync(seed.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(seed.CreatedBy, NpgsqlDbType.Text, ct);
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await conn.BeginBinaryImportAsync(ReservationsCopy, ct))
        {
            foreach (var r in set.Reservations ?? [])
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(r.ProjectName, NpgsqlDbType.Text, ct);
                await w.WriteAsync(r.ResourceKind, NpgsqlDbType.Text, ct);
                await w.WriteAsync(r.ResourceCode, NpgsqlDbType.Text, ct);
                await w.WriteAsync(r.ZoneCode, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, r.FloorM2, NpgsqlDbType.Double, ct);
                await w.WriteAsync(r.PreviousStatus, NpgsqlDbType.Text, ct);
                await w.WriteAsync(r.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(r.CreatedBy, NpgsqlDbType.Text, ct);
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await conn.BeginBinaryImportAsync(HistoryCopy, ct))
        {
            foreach (var h in set.History)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(h.ResourceKind, NpgsqlDbType.Text, ct);
                await w.WriteAsync(h.ResourceCode, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, h.ZoneCode, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, h.FromStatus, NpgsqlDbType.Text, ct);
                await w.WriteAsync(h.ToStatus, NpgsqlDbType.Text, ct);
                await w.WriteAsync(h.ChangedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(h.ChangedBy, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, h.Note, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, h.VacantBeforeM2, NpgsqlDbType.Double, ct);
                await WriteNullableAsync(w, h.VacantAfterM2, NpgsqlDbType.Double, ct);
            }
            await w.CompleteAsync(ct);
        }
        await using var apply = new NpgsqlCommand(Apply, conn);
        await apply.ExecuteNonQueryAsync(ct);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken ct) where T : class =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, type, ct);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value.Value, type, ct);
}
