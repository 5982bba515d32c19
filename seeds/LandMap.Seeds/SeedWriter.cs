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
            price_wan_per_mu, ownership, idle_since, idle_reason, status, contact) FROM STDIN (FORMAT BINARY)
        """;

    private const string FactoriesCopy = """
        COPY factories (code, zone_code, park_code, name, address, geom, footprint_m2, total_floor_m2, vacant_floor_m2,
            floors, floor_height_m, floor_load_kn_m2, crane_t, power_kva, rent_yuan_m2_month, sale_price_yuan_m2, status,
            contact) FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>The seed's status history, staged, then written as rows of the changes table (migration 006).</summary>
    private const string HistoryStage = """
        CREATE TEMP TABLE seed_history (kind text, code text, zone_code text, from_status text, to_status text,
            changed_at timestamptz, changed_by text, note text) ON COMMIT DROP
        """;

    private const string HistoryCopy = """
        COPY seed_history (kind, code, zone_code, from_status, to_status, changed_at, changed_by, note) FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>
    /// Each seed row becomes a change with its status diff and measures (area or vacant floor as stored now); the first row
    /// of a record is its creation. Versions then count the changes, as the trigger would have.
    /// </summary>
    private const string HistoryApply = """
        INSERT INTO changes (kind, code, zone_code, version, action, source, changed_at, changed_by, note, diff,
                             status_before, status_after, amount_before, amount_after, land_use)
        SELECT h.kind, h.code, h.zone_code,
               row_number() OVER (PARTITION BY h.kind, h.code ORDER BY h.changed_at),
               CASE WHEN h.from_status IS NULL THEN 'create' ELSE 'status' END, 'seed', h.changed_at, h.changed_by, h.note,
               jsonb_build_object('status', jsonb_build_array(h.from_status, h.to_status)), h.from_status, h.to_status,
               CASE WHEN h.from_status IS NULL THEN NULL ELSE coalesce(p.area_mu, f.vacant_floor_m2) END,
               coalesce(p.area_mu, f.vacant_floor_m2), p.land_use
        FROM seed_history h
        LEFT JOIN parcels p ON h.kind = 'parcel' AND p.code = h.code
        LEFT JOIN factories f ON h.kind = 'factory' AND f.code = h.code
        ORDER BY h.changed_at;
        UPDATE parcels p SET version = v.n FROM (SELECT code, count(*) n FROM seed_history WHERE kind = 'parcel' GROUP BY code) v WHERE v.code = p.code;
        UPDATE factories f SET version = v.n FROM (SELECT code, count(*) n FROM seed_history WHERE kind = 'factory' GROUP BY code) v WHERE v.code = f.code;
        """;

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
        await WriteHistoryAsync(conn, set.History, ct);
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
        }
        await w.CompleteAsync(ct);
    }

    public static async Task WriteHistoryAsync(NpgsqlConnection conn, IEnumerable<HistorySeed> history, CancellationToken ct)
    {
        await using (var stage = new NpgsqlCommand(HistoryStage, conn)) await stage.ExecuteNonQueryAsync(ct);
        await using (var w = await conn.BeginBinaryImportAsync(HistoryCopy, ct))
        {
            foreach (var h in history)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(h.ResourceKind, NpgsqlDbType.Text, ct);
                await w.WriteAsync(h.ResourceCode, NpgsqlDbType.Text, ct);
                await w.WriteAsync(h.ZoneCode, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, h.FromStatus, NpgsqlDbType.Text, ct);
                await w.WriteAsync(h.ToStatus, NpgsqlDbType.Text, ct);
                await w.WriteAsync(h.ChangedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(h.ChangedBy, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(w, h.Note, NpgsqlDbType.Text, ct);
            }
            await w.CompleteAsync(ct);
        }
        await using var apply = new NpgsqlCommand(HistoryApply, conn);
        await apply.ExecuteNonQueryAsync(ct);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken ct) where T : class =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, type, ct);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value.Value, type, ct);
}
