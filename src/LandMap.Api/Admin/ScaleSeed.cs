using LandMap.Api.Database;
using LandMap.Seeds;
using Npgsql;

namespace LandMap.Api.Admin;

/// <summary>
/// Command-line mode for benchmarks: `LandMap.Api seed-scale N` writes N generated parcels (in generated zones that hold them, ScaleGenerator.Zones) into the
/// database named by LANDMAP_DB, which must not be the demo database. Existing rows are replaced.
/// </summary>
public static class ScaleSeed
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[1], out var count) || count <= 0)
        {
            Console.Error.WriteLine("usage: seed-scale N   (N parcels into the database in LANDMAP_DB)");
            return 2;
        }
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var cs = DatabaseSetup.ConnectionString(config);
        await using (var plain = NpgsqlDataSource.Create(cs))
            await Migrator.MigrateAsync(plain);
        var builder = new NpgsqlDataSourceBuilder(cs);
        builder.UseNetTopologySuite();
        await using var db = builder.Build();
        await using var conn = await db.OpenConnectionAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var wipe = new NpgsqlCommand("TRUNCATE changes, factories, parcels, zones CASCADE", conn, tx))
            await wipe.ExecuteNonQueryAsync();
        await SeedWriter.MarkAsSeedAsync(conn, default);
        await SeedWriter.WriteZonesAsync(conn, ScaleGenerator.Zones(count), default);
        var written = await SeedWriter.WriteParcelsAsync(conn, ScaleGenerator.Parcels(count), default);
        await tx.CommitAsync();
        await using (var analyze = new NpgsqlCommand("ANALYZE parcels", conn))
            await analyze.ExecuteNonQueryAsync();
        Console.WriteLine($"seed-scale: {written} parcels written in {started.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
