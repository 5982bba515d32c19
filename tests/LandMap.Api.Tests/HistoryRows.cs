using System.Globalization;
using Npgsql;

namespace LandMap.Api.Tests;

/// <summary>
/// Hand-built history for the time-travel, absorption and freshness tests: zones of their own far from every other
/// test's rows (around 125°E 45°N), and statements run at a back-dated moment, so the changes trigger (migration 006)
/// records them as if they had happened then.
/// </summary>
public static class HistoryRows
{
    /// <summary>A moment in China time, written as the landmap.at setting reads it.</summary>
    public static DateTimeOffset At(string isoLocal) =>
        DateTimeOffset.ParseExact(isoLocal + "+08:00", "yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    /// <summary>A zone of its own whose outline is the square from (<paramref name="lon"/>, <paramref name="lat"/>) 0.1° wide.</summary>
    public static async Task EnsureZoneAsync(string connectionString, string code, double lon, double lat)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO zones (code, name_zh, name_en, level, city, geom, area_mu)
            VALUES ($1, '历史测试区', 'History test zone', 'provincial', '测试', ST_Multi(ST_MakeEnvelope($2, $3, $2 + 0.1, $3 + 0.1, 4490)), 1000)
            ON CONFLICT (code) DO NOTHING
            """, conn);
        cmd.Parameters.Add(new() { Value = code });
        cmd.Parameters.Add(new() { Value = lon });
        cmd.Parameters.Add(new() { Value = lat });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Runs <paramref name="sql"/> in one transaction recorded as an edit by test-history at <paramref name="at"/>.</summary>
    public static async Task AtAsync(string connectionString, DateTimeOffset at, string sql, params object[] values)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var set = new NpgsqlCommand(
            "SELECT set_config('landmap.at', $1, true), set_config('landmap.actor', 'test-history', true), set_config('landmap.source', 'edit', true)", conn, tx))
        {
            set.Parameters.Add(new() { Value = at.ToString("O", CultureInfo.InvariantCulture) });
            await set.ExecuteNonQueryAsync();
        }
        await using (var cmd = new NpgsqlCommand(sql, conn, tx))
        {
            foreach (var v in values) cmd.Parameters.Add(new() { Value = v });
            await cmd.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    /// <summary>An INSERT of a parcel: $1 code, $2 zone, $3 lon, $4 lat (south-west corner of a 0.002° square), $5 area_mu, $6 status.</summary>
    public const string InsertParcel = """
        INSERT INTO parcels (code, zone_code, address, geom, area_mu, gk_central_meridian, land_use, land_use_original, ownership, status, price_wan_per_mu)
        VALUES ($1, $2, '历史路1号', ST_Multi(ST_MakeEnvelope($3, $4, $3 + 0.002, $4 + 0.002, 4490)), $5, 126, '100101', 'M1', 'state', $6, 20)
        """;

    /// <summary>An INSERT of a building: $1 code, $2 zone, $3 lon, $4 lat, $5 vacant m² (of 6000), $6 status.</summary>
    public const string InsertFactory = """
        INSERT INTO factories (code, zone_code, name, geom, footprint_m2, total_floor_m2, vacant_floor_m2, floors, status)
        VALUES ($1, $2, '历史厂房', ST_Multi(ST_MakeEnvelope($3, $4, $3 + 0.0005, $4 + 0.0005, 4490)), 3000, 6000, $5, 2, $6)
        """;
}
