using System.Reflection;
using Npgsql;

namespace LandMap.Api.Database;

/// <summary>
/// Applies the numbered .sql files embedded from Database/Migrations in order, each in its own transaction,
/// recording them in schema_migrations. Re-running is a no-op; an advisory lock keeps two starts from racing.
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

    /// <summary>Applies pending migrations; returns the versions applied by this call.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_lock($1)", conn) { Parameters = { new() { Value = AdvisoryLockKey } } })
            await lockCmd.ExecuteNonQueryAsync(ct);
        try
        {
            await using (var create = new NpgsqlCommand(CreateLedger, conn))
                await create.ExecuteNonQueryAsync(ct);

            var applied = new HashSet<string>();
            await using (var read = new NpgsqlCommand("SELECT version FROM schema_migrations", conn))
            await using (var reader = await read.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));

            var done = new List<string>();
            foreach (var (version, sql) in Migrations().Where(m => !applied.Contains(m.Version)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
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
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", conn) { Parameters = { new() { Value = AdvisoryLockKey } } };
            await unlock.ExecuteNonQueryAsync(ct);
        }
    }
}
