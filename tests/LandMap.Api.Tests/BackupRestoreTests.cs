using System.Diagnostics;
using System.Text;
using LandMap.Api.Database;
using LandMap.Seeds;
using Npgsql;

namespace LandMap.Api.Tests;

/// <summary>
/// `./landmap backup` and `./landmap restore` round-trip a database of their own (landmap_test_bk_…, never the shared
/// fixture's nor the demo one), chosen with LANDMAP_DB_NAME. The script is run as a process, exactly as an operator
/// would; it must reach the same private cluster as LANDMAP_TEST_ADMIN_DB (`./landmap test` sets both).
/// </summary>
public sealed class BackupRestoreTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    private static readonly string AdminConnectionString = Environment.GetEnvironmentVariable("LANDMAP_TEST_ADMIN_DB")
        ?? throw new InvalidOperationException("LANDMAP_TEST_ADMIN_DB is not set: run the tests with `./landmap test`, which starts PostGIS and sets it.");

    [Fact]
    public async Task Backup_then_restore_brings_back_every_row_and_gives_the_tables_to_the_app_role()
    {
        await WithDatabaseAsync(async (name, cs, dir) =>
        {
            var original = await SnapshotAsync(cs);
            Assert.Contains("parcels", original.Keys);
            foreach (var table in new[] { "zones", "parcels", "factories", "changes", "projects" })
                Assert.True(original[table].Count > 0, $"{table} is empty: nothing would be checked\n{Describe(original)}");

            var file = Path.Combine(dir, "round-trip.dump");
            var backup = await RunScriptAsync(name, "backup", file);
            Assert.True(backup.Code == 0, $"./landmap backup exited {backup.Code}\n{backup}");
            Assert.True(new FileInfo(file).Length > 0, $"no backup written\n{backup}");
            Assert.Contains(file, backup.Out);

            await ChangeDataAsync(cs);
            var changed = await SnapshotAsync(cs);
            foreach (var table in new[] { "parcels", "factories", "projects" })
                Assert.NotEqual(original[table], changed[table]);

            var restore = await RunScriptAsync(name, "restore", file, "--yes");
            Assert.True(restore.Code == 0, $"./landmap restore --yes exited {restore.Code}\n{restore}");

            var restored = await SnapshotAsync(cs);
            Assert.Equal(Describe(original), Describe(restored));

            // The restore hands our objects to the app role (not PostGIS's own spatial_ref_sys) and the database is open again.
            await using var conn = new NpgsqlConnection(AdminConnectionString);
            await conn.OpenAsync();
            await using var owners = new NpgsqlCommand("""
                SELECT (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1),
                       (SELECT datconnlimit FROM pg_database WHERE datname = $1)
                """, conn) { Parameters = { new() { Value = name } } };
            await using (var r = await owners.ExecuteReaderAsync())
            {
                Assert.True(await r.ReadAsync());
                Assert.Equal("landmap_app", r.GetString(0));
                Assert.Equal(-1, r.GetInt32(1));
            }
            await using var db = new NpgsqlConnection(cs);
            await db.OpenAsync();
            await using var notOurs = new NpgsqlCommand("""
                SELECT string_agg(tablename || ' (' || tableowner || ')', ', ')
                FROM pg_tables WHERE schemaname = 'public' AND tableowner <> 'landmap_app' AND tablename <> 'spatial_ref_sys'
                """, db);
            Assert.Null(await notOurs.ExecuteScalarAsync() as string);
        });
    }

    [Fact]
    public async Task Restore_without_yes_refuses_and_leaves_the_data_untouched()
    {
        await WithDatabaseAsync(async (name, cs, dir) =>
        {
            var file = Path.Combine(dir, "refused.dump");
            var backup = await RunScriptAsync(name, "backup", file);
            Assert.True(backup.Code == 0, $"./landmap backup exited {backup.Code}\n{backup}");

            await ChangeDataAsync(cs);
            var changed = await SnapshotAsync(cs);

            var refused = await RunScriptAsync(name, "restore", file);
            Assert.True(refused.Code != 0, $"./landmap restore without --yes exited 0\n{refused}");
            Assert.Contains("--yes", refused.Err);
            Assert.Equal(Describe(changed), Describe(await SnapshotAsync(cs)));

            // A backup never overwrites a file either.
            var again = await RunScriptAsync(name, "backup", file);
            Assert.True(again.Code != 0, $"./landmap backup over an existing file exited 0\n{again}");
        });
    }

    /// <summary>A fresh database on the private cluster, migrated and filled with the known test rows; always dropped.</summary>
    private static async Task WithDatabaseAsync(Func<string, string, string, Task> body)
    {
        AssertSameClusterAsScript();
        var name = $"landmap_test_bk_{Guid.NewGuid():N}"[..24];
        var dir = Directory.CreateTempSubdirectory("landmap-bk-").FullName;
        // No pooling: restore drops and recreates the database under our feet.
        var cs = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = false }.ConnectionString;
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        try
        {
            await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin))
                await create.ExecuteNonQueryAsync();
            await using (var conn = new NpgsqlConnection(cs))
            {
                await conn.OpenAsync();
                await using var ext = new NpgsqlCommand("CREATE EXTENSION postgis", conn);
                await ext.ExecuteNonQueryAsync();
            }
            await using (var plain = NpgsqlDataSource.Create(cs))
                await Migrator.MigrateAsync(plain);
            await FillAsync(cs);
            await body(name, cs, dir);
        }
        finally
        {
            await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin))
                await drop.ExecuteNonQueryAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void AssertSameClusterAsScript()
    {
        // The script works on the private cluster only: the admin database must be that cluster, or the test would
        // back up one server and check another.
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        var port = Environment.GetEnvironmentVariable("LANDMAP_PG_PORT");
        Assert.True(port is not null && admin.Host is ("127.0.0.1" or "localhost") && admin.Port.ToString() == port,
            $"backup/restore tests need LANDMAP_TEST_ADMIN_DB on the private cluster (127.0.0.1:LANDMAP_PG_PORT); got {admin.Host}:{admin.Port}, LANDMAP_PG_PORT={port ?? "unset"}. Run them with `./landmap test` without LANDMAP_DB.");
    }

    private static async Task FillAsync(string cs)
    {
        var builder = new NpgsqlDataSourceBuilder(cs);
        builder.UseNetTopologySuite();
        await using var db = builder.Build();
        await using var conn = await db.OpenConnectionAsync();
        var set = TestRows.Build() with
        {
            History =
            [
                new("parcel", "TST-02", TestRows.Zone, "idle", "negotiating", new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero), "测试", "洽谈中"),
            ],
        };
        await SeedWriter.WriteAsync(conn, set);
        await InsertProjectAsync(conn, "备份测试项目");
    }

    private static async Task InsertProjectAsync(NpgsqlConnection conn, string projectName)
    {
        // Later migrations add who-columns without defaults: fill them when the schema has them.
        await using var cols = new NpgsqlCommand(
            "SELECT array_agg(column_name::text) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'projects'", conn);
        var columns = (string[])(await cols.ExecuteScalarAsync())!;
        var who = columns.Intersect(["created_by", "updated_by"]).ToList();
        var sql = $"""
            INSERT INTO projects (name, pollution_class, investment_wan, land_need_mu, industry_chain{string.Concat(who.Select(c => ", " + c))})
            VALUES ($1, '2', 30000, 40, '新型显示'{string.Concat(who.Select(_ => ", 'backup-test'"))})
            """;
        await using var insert = new NpgsqlCommand(sql, conn) { Parameters = { new() { Value = projectName } } };
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task ChangeDataAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using (var update = new NpgsqlCommand("UPDATE parcels SET status = 'reserved', address = '改动后的地址' WHERE code = 'TST-01'", conn))
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        await using (var delete = new NpgsqlCommand("DELETE FROM factories WHERE code = 'TST-F03'", conn))
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        await InsertProjectAsync(conn, "备份之后的项目");
    }

    /// <summary>Row count and an md5 over the rows of every table of ours (not PostGIS's), plus every sequence's position.</summary>
    private static async Task<SortedDictionary<string, (long Count, string Md5)>> SnapshotAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("""
            SELECT c.relname FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            ORDER BY 1
            """, conn))
        await using (var r = await list.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables.Add(r.GetString(0));

        var snapshot = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var sum = new NpgsqlCommand(
                $"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t", conn);
            await using var r = await sum.ExecuteReaderAsync();
            await r.ReadAsync();
            snapshot[table] = (r.GetInt64(0), r.GetString(1));
        }
        await using (var seqs = new NpgsqlCommand("SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = 'public'", conn))
        await using (var r = await seqs.ExecuteReaderAsync())
            while (await r.ReadAsync()) snapshot["sequence " + r.GetString(0)] = (r.GetInt64(1), "");
        return snapshot;
    }

    private static string Describe(SortedDictionary<string, (long Count, string Md5)> snapshot) =>
        string.Join("\n", snapshot.Select(kv => $"{kv.Key}: {kv.Value.Count} {kv.Value.Md5}"));

    private sealed record ScriptResult(int Code, string Out, string Err)
    {
        public override string ToString() => $"--- stdout ---\n{Out}\n--- stderr ---\n{Err}";
    }

    private static async Task<ScriptResult> RunScriptAsync(string database, params string[] args)
    {
        var root = RepoRoot();
        var psi = new ProcessStartInfo(Path.Combine(root, "landmap"))
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LANDMAP_DB_NAME"] = database;
        psi.Environment.Remove("LANDMAP_DB"); // the private cluster, never an external database

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"./landmap {string.Join(' ', args)} did not finish in {ScriptTimeout}");
        }
        return new ScriptResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The folder holding the `landmap` script, found upwards from the test binaries.</summary>
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "landmap")) && File.Exists(Path.Combine(dir.FullName, "LandMap.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no `landmap` script above {AppContext.BaseDirectory}");
    }
}
