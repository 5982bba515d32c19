using LandMap.Api.Database;
using LandMap.Seeds;
using Npgsql;

namespace LandMap.Api.Admin;

/// <summary>
/// Command-line mode for benchmarks: `LandMap.Api seed-scale N` writes N generated parcels (in generated zones that hold
/// them, ScaleGenerator.Zones) into the database named by LANDMAP_DB, which must not be the demo database. Existing rows
/// are replaced, all in one transaction. A million rows take under a minute because the parcels' secondary indexes and
/// foreign keys are dropped for the binary COPY and rebuilt after it in bulk (a GiST built once over sorted data is many
/// times faster than a million inserts into it; one join checks the foreign keys instead of a lookup per row).
/// </summary>
public static class ScaleSeed
{
    /// <summary>The parcels' indexes that no constraint owns, and its foreign keys, as the catalogue writes them.</summary>
    private const string SecondaryIndexes = """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = 'parcels'
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = to_regclass(quote_ident(i.indexname)) AND c.conrelid = 'parcels'::regclass)
        """;

    private const string ForeignKeys = """
        SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'parcels'::regclass AND contype = 'f'
        """;

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
        var builder = new NpgsqlDataSourceBuilder(cs) { ConnectionStringBuilder = { CommandTimeout = 0 } };
        builder.UseNetTopologySuite();
        await using var db = builder.Build();
        await using var conn = await db.OpenConnectionAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var tx = await conn.BeginTransactionAsync();
        await ExecuteAsync(conn, "TRUNCATE changes, factories, parcels, zones CASCADE");
        var indexes = await ReadPairsAsync(conn, SecondaryIndexes);
        var foreignKeys = await ReadPairsAsync(conn, ForeignKeys);
        foreach (var (name, _) in foreignKeys) await ExecuteAsync(conn, $"ALTER TABLE parcels DROP CONSTRAINT {Quote(name)}");
        foreach (var (name, _) in indexes) await ExecuteAsync(conn, $"DROP INDEX {Quote(name)}");
        await SeedWriter.MarkAsSeedAsync(conn, default);
        await SeedWriter.WriteZonesAsync(conn, ScaleGenerator.Zones(count), default);
        var written = await SeedWriter.WriteParcelsAsync(conn, ScaleGenerator.Parcels(count), default);
        var copied = started.Elapsed;
        // Room to sort for the btree and the sorted GiST builds.
        await ExecuteAsync(conn, "SET LOCAL maintenance_work_mem = '512MB'");
        foreach (var (_, definition) in indexes) await ExecuteAsync(conn, definition);
        foreach (var (name, definition) in foreignKeys) await ExecuteAsync(conn, $"ALTER TABLE parcels ADD CONSTRAINT {Quote(name)} {definition}");
        await tx.CommitAsync();
        await ExecuteAsync(conn, "ANALYZE parcels");
        await ExecuteAsync(conn, "ANALYZE zones");
        Console.WriteLine($"seed-scale: {written} parcels written in {started.Elapsed.TotalSeconds:F1} s " +
                          $"(generate + COPY {copied.TotalSeconds:F1} s, {indexes.Count} indexes and {foreignKeys.Count} foreign keys rebuilt + ANALYZE {(started.Elapsed - copied).TotalSeconds:F1} s)");
        return 0;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<List<(string Name, string Definition)>> ReadPairsAsync(NpgsqlConnection conn, string sql)
    {
        var pairs = new List<(string, string)>();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) pairs.Add((r.GetString(0), r.GetString(1)));
        return pairs;
    }
}
