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
        var seeded = await SeedAsync(DatabaseSetup.ConnectionString(config), count, CancellationToken.None);
        Console.WriteLine($"seed-scale: {seeded.Parcels} parcels written in {seeded.Total.TotalSeconds:F1} s " +
                          $"(generate + COPY {seeded.Copy.TotalSeconds:F1} s, {seeded.Indexes} indexes and {seeded.ForeignKeys} foreign keys rebuilt + ANALYZE {(seeded.Total - seeded.Copy).TotalSeconds:F1} s)");
        return 0;
    }

    /// <summary>What a seed wrote and how long it took: in all, and up to the end of the COPY.</summary>
    public sealed record Seeded(ulong Parcels, int Indexes, int ForeignKeys, TimeSpan Copy, TimeSpan Total);

    /// <summary>Migrates the database, then replaces its zones and parcels by <paramref name="count"/> generated parcels.</summary>
    public static async Task<Seeded> SeedAsync(string connectionString, int count, CancellationToken ct)
    {
        await using (var plain = NpgsqlDataSource.Create(connectionString))
            await Migrator.MigrateAsync(plain, ct);
        var builder = new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { CommandTimeout = 0 } };
        builder.UseNetTopologySuite();
        await using var db = builder.Build();
        await using var conn = await db.OpenConnectionAsync(ct);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ExecuteAsync(conn, "TRUNCATE changes, factories, parcels, zones CASCADE", ct); // bumps the data version
        // Its per-row commit trigger (migration 011) would queue a million events the index builds below cannot run beside.
        foreach (var table in new[] { "parcels", "zones" }) await ExecuteAsync(conn, $"ALTER TABLE {table} DISABLE TRIGGER {table}_data_version", ct);
        var indexes = await ReadPairsAsync(conn, SecondaryIndexes, ct);
        var foreignKeys = await ReadPairsAsync(conn, ForeignKeys, ct);
        foreach (var (name, _) in foreignKeys) await ExecuteAsync(conn, $"ALTER TABLE parcels DROP CONSTRAINT {Quote(name)}", ct);
        foreach (var (name, _) in indexes) await ExecuteAsync(conn, $"DROP INDEX {Quote(name)}", ct);
        await SeedWriter.MarkAsSeedAsync(conn, ct);
        await SeedWriter.WriteZonesAsync(conn, ScaleGenerator.Zones(count), ct);
        var written = await SeedWriter.WriteParcelsAsync(conn, ScaleGenerator.Parcels(count), ct);
        var copied = started.Elapsed;
        // Room to sort for the btree and the sorted GiST builds.
        await ExecuteAsync(conn, "SET LOCAL maintenance_work_mem = '512MB'", ct);
        foreach (var (_, definition) in indexes) await ExecuteAsync(conn, definition, ct);
        foreach (var (name, definition) in foreignKeys) await ExecuteAsync(conn, $"ALTER TABLE parcels ADD CONSTRAINT {Quote(name)} {definition}", ct);
        foreach (var table in new[] { "parcels", "zones" }) await ExecuteAsync(conn, $"ALTER TABLE {table} ENABLE TRIGGER {table}_data_version", ct);
        await tx.CommitAsync(ct);
        await ExecuteAsync(conn, "ANALYZE parcels", ct);
        await ExecuteAsync(conn, "ANALYZE zones", ct);
        return new(written, indexes.Count, foreignKeys.Count, copied, started.Elapsed);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<(string Name, string Definition)>> ReadPairsAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        var pairs = new List<(string, string)>();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) pairs.Add((r.GetString(0), r.GetString(1)));
        return pairs;
    }
}
