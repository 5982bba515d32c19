using LandMap.Api.Admin;
using Npgsql;

namespace LandMap.Api.Tests.Admin;

/// <summary>
/// seed-scale on a throwaway database of its own: the parcels inside their zones and their areas as PostGIS measures them
/// in the Gauss–Krüger zone, and the indexes and foreign keys it drops for the COPY all back afterwards, working.
/// </summary>
public sealed class ScaleSeedTests : IAsyncLifetime
{
    private const int Count = 10_500; // two zones, the second part-filled
    private readonly string _name = $"landmap_seed_{Guid.NewGuid():N}"[..26];
    private string _admin = "";
    private string _cs = "";

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable("LANDMAP_TEST_ADMIN_DB")
            ?? throw new InvalidOperationException("LANDMAP_TEST_ADMIN_DB is not set: run the tests with `./landmap test`.");
        await using var admin = new NpgsqlConnection(_admin);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", admin);
        await create.ExecuteNonQueryAsync();
        _cs = new NpgsqlConnectionStringBuilder(_admin) { Database = _name, Pooling = false }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        await using var admin = new NpgsqlConnection(_admin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private const string Schema = """
        SELECT (SELECT string_agg(indexdef, E'\n' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'parcels')
            || E'\n' || (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), E'\n' ORDER BY conname)
                         FROM pg_constraint WHERE conrelid = 'parcels'::regclass AND contype = 'f')
        """;

    [Fact]
    public async Task Seeding_twice_writes_parcels_inside_their_zones_with_gk_areas_and_keeps_every_index_and_foreign_key()
    {
        await using var conn = new NpgsqlConnection(_cs);
        var first = await ScaleSeed.SeedAsync(_cs, 200, default);
        await conn.OpenAsync();
        var schema = await ScalarAsync<string>(conn, Schema);
        Assert.Contains("parcels_geom_gix", schema);
        Assert.Contains("FOREIGN KEY (zone_code) REFERENCES zones(code)", schema);
        Assert.True(first.Indexes >= 5 && first.ForeignKeys >= 2, $"{first.Indexes} indexes, {first.ForeignKeys} foreign keys");

        var second = await ScaleSeed.SeedAsync(_cs, Count, default);
        Assert.Equal((ulong)Count, second.Parcels);
        Assert.Equal(schema, await ScalarAsync<string>(conn, Schema));
        Assert.Equal(Count, await ScalarAsync<long>(conn, "SELECT count(*) FROM parcels"));
        Assert.Equal(2, await ScalarAsync<long>(conn, "SELECT count(*) FROM zones"));
        Assert.Equal(0, await ScalarAsync<long>(conn, "SELECT count(*) FROM parcels p JOIN zones z ON z.code = p.zone_code WHERE NOT ST_CoveredBy(p.geom, z.geom)"));
        // PostGIS's own projection into the parcel's CGCS2000 3° GK zone (EPSG:4534 + (CM − 75) / 3) gives the same area.
        Assert.Equal(0, await ScalarAsync<long>(conn, """
            SELECT count(*) FROM parcels
            WHERE abs(ST_Area(ST_Transform(geom, 4534 + (gk_central_meridian - 75) / 3)) / (10000.0 / 15.0) - area_mu) > 1e-3 * area_mu
            """));
        // The GiST index is back and used, and the foreign key checks again.
        var plan = new List<string>();
        await using (var explain = new NpgsqlCommand("EXPLAIN SELECT code FROM parcels WHERE geom && ST_MakeEnvelope(115.8, 34.8, 115.81, 34.81, 4490)", conn))
        await using (var r = await explain.ExecuteReaderAsync())
            while (await r.ReadAsync()) plan.Add(r.GetString(0));
        Assert.Contains(plan, line => line.Contains("parcels_geom_gix"));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<long>(conn,
            "UPDATE parcels SET zone_code = 'NO-SUCH-ZONE' WHERE code = (SELECT min(code) FROM parcels) RETURNING 1::bigint"));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
