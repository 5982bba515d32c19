using System.Reflection;
using Npgsql;

namespace LandMap.Api.Database;

/// <summary>
/// Applies the numbered .sql files embedded from Database/Migrations in order, each in its own transaction,
/// recording them in schema_migrations. Re-running is a no-op; a transaction-scoped advisory lock keeps two starts from racing.
/// </summary>
public static class Migrator
{
    private const long AdvisoryLockKey = 0x4C616E644D6170; // "LandMap"

    private const string CreateLedger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    text PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    public static IReadOnlyList<(string Version, string Sql)> Migrations()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "LandMap.Api.Database.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (n[prefix.Length..^4], reader.ReadToEnd());
            })
            .ToList();
    }

    /// <summary>
    /// Applies pending migrations, each in its own transaction that first takes a transaction-scoped advisory lock and
    /// re-reads the ledger: two API processes starting together apply each migration once, and a lock can never be left
    /// behind (it ends with the transaction). Returns the versions applied by this call.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await LockAsync(conn, tx, ct);
            await using (var create = new NpgsqlCommand(CreateLedger, conn, tx))
                await create.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }

        var done = new List<string>();
        foreach (var (version, sql) in Migrations())
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            await LockAsync(conn, tx, ct);
            await using (var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)", conn, tx) { Parameters = { new() { Value = version } } })
                if ((bool)(await check.ExecuteScalarAsync(ct))!) continue;
            // Deferred triggers (the data version, migration 011) fire at each statement's end here: a migration may
            // write rows and then alter their table, which PostgreSQL refuses while trigger events are pending.
            await using (var immediate = new NpgsqlCommand("SET CONSTRAINTS ALL IMMEDIATE", conn, tx))
                await immediate.ExecuteNonQueryAsync(ct);
            await using (var run = new NpgsqlCommand(sql, conn, tx))
                await run.ExecuteNonQueryAsync(ct);
            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version) VALUES ($1)", conn, tx) { Parameters = { new() { Value = version } } })
                await record.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
            done.Add(version);
        }
        if (done.Count > 0) await conn.ReloadTypesAsync(ct);
        return done;
    }

    /// <summary>The versions embedded in this build that the database has not recorded (the readiness check).</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT version FROM schema_migrations");
        var applied = new HashSet<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) applied.Add(r.GetString(0));
        return Migrations().Select(m => m.Version).Where(v => !applied.Contains(v)).ToList();
    }

    public static async Task LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", conn, tx) { Parameters = { new() { Value = AdvisoryLockKey } } };
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
