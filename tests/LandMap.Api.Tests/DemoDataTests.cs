using LandMap.Api.Database;
using Npgsql;

namespace LandMap.Api.Tests;

[Collection(LandMapCollection.Name)]
public sealed class DemoDataTests(LandMapFixture fx)
{
    [Fact]
    public async Task Migrations_rerun_is_a_no_op()
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        Assert.Empty(await Migrator.MigrateAsync(db));
        await using var cmd = db.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)Migrator.Migrations().Count, (long)(await cmd.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("QDDZ")]
    [InlineData("LXEDZ")]
    [InlineData("JMLP")]
    [InlineData("LCRJ")]
    [InlineData("CQEDZ")]
    public async Task Each_demo_zone_has_plausible_parcels_inside_its_outline(string zone)
    {
        var stats = await fx.GetJsonAsync($"/api/stats?zone={zone}");
        Assert.InRange(stats.GetProperty("parcels").GetProperty("count").GetInt32(), 60, 120);
        Assert.InRange(stats.GetProperty("factories").GetProperty("count").GetInt32(), 20, 40);

        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("""
            SELECT count(*) FILTER (WHERE NOT ST_Within(p.geom, z.geom)),
                   min(p.area_mu), max(p.area_mu),
                   (SELECT count(*) FROM parcels a JOIN parcels b ON a.id < b.id AND a.zone_code = $1 AND b.zone_code = $1
                      AND ST_Intersects(a.geom, b.geom))
            FROM parcels p JOIN zones z ON z.code = p.zone_code WHERE p.zone_code = $1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = zone });
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        Assert.Equal(0, r.GetInt64(0));            // every parcel inside its zone outline
        Assert.InRange(r.GetDouble(1), 0.5, 300);  // 0.5–300 mu
        Assert.InRange(r.GetDouble(2), 0.5, 300);
        Assert.Equal(0, r.GetInt64(3));            // no two parcels touch or overlap
    }

    [Fact]
    public async Task Every_non_idle_demo_parcel_has_a_history_ending_in_its_status()
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("""
            SELECT count(*) FROM parcels p
            WHERE p.zone_code = ANY($1) AND p.status <> (
              SELECT h.status_after FROM changes h
              WHERE h.kind = 'parcel' AND h.code = p.code ORDER BY h.changed_at DESC, h.id DESC LIMIT 1)
            """);
        // The demo zones only: other tests create rows of their own elsewhere (and some set a status by SQL on purpose).
        cmd.Parameters.Add(new NpgsqlParameter { Value = LandMap.Seeds.DemoGenerator.Generate().Zones.Select(z => z.Code).ToArray() });
        Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync())!);
    }
}
