using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LandMap.Api.Database;
using LandMap.Api.Ledgers;
using LandMap.Seeds;
using NetTopologySuite.IO;
using Npgsql;

namespace LandMap.Api.Admin;

/// <summary>
/// `LandMap.Api bench-import N` (./landmap bench-import): writes N generated parcels as a CSV ledger with Chinese headers
/// and lon/lat WKT, then imports it for real twice into the database in LANDMAP_DB (never the demo one) — all new, then
/// all unchanged — and prints the wall time and the process's peak working set of each run.
/// </summary>
public static class ImportBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[1], out var count) || count <= 0)
        {
            Console.Error.WriteLine("usage: bench-import N");
            return 2;
        }
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var cs = DatabaseSetup.ConnectionString(config);
        await using (var plain = NpgsqlDataSource.Create(cs)) await Migrator.MigrateAsync(plain);
        var builder = new NpgsqlDataSourceBuilder(cs);
        builder.UseNetTopologySuite();
        await using var db = builder.Build();
        await using (var conn = await db.OpenConnectionAsync())
        {
            await using (var wipe = new NpgsqlCommand("TRUNCATE changes, reservations, projects, factories, parcels, zones, imports CASCADE", conn))
                await wipe.ExecuteNonQueryAsync();
            await SeedWriter.WriteZonesAsync(conn, ScaleGenerator.Zones(count), default);
        }

        var path = Path.Combine(Path.GetTempPath(), $"landmap-bench-import-{count}.csv");
        var writing = Stopwatch.StartNew();
        await using (var w = new StreamWriter(path, false, new UTF8Encoding(true)))
        {
            var wkt = new WKTWriter();
            await w.WriteLineAsync("宗地编号,开发区,坐落,面积（亩）,用地性质,容积率,状态,闲置时间,WKT");
            foreach (var p in ScaleGenerator.Parcels(count))
                await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Code},{p.ZoneCode},\"{p.Address}\",{p.LedgerAreaMu:0.##},{p.LandUseOriginal},{p.PlotRatioMax},{p.Status},{p.IdleSince:yyyy/M/d},\"{wkt.Write(p.Geom)}\""));
        }
        var size = new FileInfo(path).Length;
        string sha;
        await using (var f = File.OpenRead(path)) sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(f));
        Console.WriteLine($"ledger file: {count:N0} parcels, {size / 1e6:F1} MB CSV, written in {writing.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores (shared, noisy)");

        var request = new ImportApi.ImportRequest(Path.GetFileName(path), DryRun: false, Encoding: null, CentralMeridian: null, Repair: false,
            MappingName: null, Ownership: "state", AreaTolerance: 0.05, Overrides: []);
        var options = new ImportOptions { MaxBytes = long.MaxValue, PreviewRows = 0 };
        foreach (var run in new[] { "first import (all new)", "second import (all unchanged)" })
        {
            var before = Process.GetCurrentProcess().PeakWorkingSet64;
            var started = Stopwatch.StartNew();
            var (report, blocked) = await LedgerImporter.RunAsync(ImportTable.Parcels, request, new Dictionary<string, string>(),
                new UploadedFile(path, sha, size), "bench", db, options, CancellationToken.None);
            started.Stop();
            var c = report.Counts;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run}: {started.Elapsed.TotalSeconds:F1} s for {c.Rows:N0} rows ({c.Rows / started.Elapsed.TotalSeconds:N0} rows/s); new {c.New:N0}, changed {c.Changed:N0}, " +
                $"unchanged {c.Unchanged:N0}, rejected {c.Rejected:N0}, flagged {c.Flagged:N0}{(blocked ? " — BLOCKED: " + string.Join("; ", report.Problems.Take(3).Select(p => $"row {p.Row} {p.Field}: {p.Reason}")) : "")}; " +
                $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB (was {before / 1e6:N0} MB)"));
        }
        File.Delete(path);
        return 0;
    }
}
