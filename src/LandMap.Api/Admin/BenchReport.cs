using System.Globalization;
using System.Text.RegularExpressions;

namespace LandMap.Api.Admin;

/// <summary>
/// `LandMap.Api bench-report N DIR`: the closing table of `./landmap bench`, every figure of issue 11's Targets beside the
/// peer figures of the same run, the ratios and target met / not met. It only reads what the run wrote into DIR: the
/// harness's sql_N&lt;N&gt;.tsv and http_&lt;system&gt;_N&lt;N&gt;.tsv, HttpBench's bytes_ and tiles_, and the text
/// outputs of seed-scale (seed_), the matching and allocation bench (matching_) and the page bench (page_, when run).
/// </summary>
public static class BenchReport
{
    private const int Million = 1_000_000;

    /// <summary>One row of the harness's result TSVs (bench_sql.sh, bench_http.sh).</summary>
    private sealed record Run(string System, string Size, int Clients, double Seconds, double Rps, double P50, double P99, double BytesAvg, double FeaturesAvg, string Check, double OtherCpu);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3 || !int.TryParse(args[1], out var n) || !Directory.Exists(args[2]))
        {
            Console.Error.WriteLine("usage: bench-report N RESULTS_DIR");
            return 2;
        }
        var dir = args[2];
        var runs = new List<Run>();
        foreach (var file in Directory.GetFiles(dir, $"*_N{n}.tsv").Where(f => Path.GetFileName(f).StartsWith("sql_") || Path.GetFileName(f).StartsWith("http_")))
            runs.AddRange((await File.ReadAllLinesAsync(file)).Skip(1).Select(l => l.Split('\t')).Where(c => c.Length >= 16).Select(c =>
                new Run(c[0], c[2], int.Parse(c[3], CultureInfo.InvariantCulture), D(c[4]), D(c[6]), D(c[8]), D(c[9]), D(c[10]), D(c[12]), c[14], D(c[15]))));
        string Text(string name) => File.Exists(Path.Combine(dir, $"{name}_N{n}.txt")) ? File.ReadAllText(Path.Combine(dir, $"{name}_N{n}.txt")) : "";

        Console.WriteLine();
        Console.WriteLine($"== Targets (issue 11) at N = {n:N0} parcels: one run, same machine (2 shared cores, noisy), same PostGIS, same boxes ==");
        Console.WriteLine($"   raw results: {dir}");
        var verdicts = new List<(string What, string Verdict)>();
        Bbox(runs, n, verdicts);
        Bytes(Path.Combine(dir, $"bytes_N{n}.tsv"), verdicts);
        Tiles(Path.Combine(dir, $"tiles_N{n}.tsv"), n, verdicts);
        Page(Text("page"), verdicts);
        Matching(Text("matching"), n, verdicts);
        Seed(Text("seed"), n, verdicts);

        Console.WriteLine();
        Console.WriteLine("== Verdicts ==");
        var width = verdicts.Max(v => v.What.Length);
        foreach (var (what, verdict) in verdicts) Console.WriteLine($"  {what.PadRight(width)}  {verdict}");
        return 0;
    }

    private static void Bbox(List<Run> runs, int n, List<(string, string)> verdicts)
    {
        Console.WriteLine();
        var seconds = string.Join("/", runs.Select(r => r.Seconds).Distinct());
        Console.WriteLine($"bbox GeoJSON, ≤ 1000 features, the harness's 200 boxes per size, {seconds} s per run (wrk / pgbench): req/s (p50 / p99 ms)");
        var systems = new[] { "postgres-sql", "mapserver-ogcapi", "mapserver-wfs", "landmap-default", "landmap-lean" };
        var header = new[] { "box, clients", "raw SQL", "MapServer OGC API", "MapServer WFS", "LandMap default", "÷MS", "÷SQL", "LandMap lean", "÷MS", "÷SQL" };
        var rows = new List<string[]> { header };
        foreach (var size in runs.Select(r => r.Size).Distinct().Order(StringComparer.Ordinal).OrderBy(s => s.Length))
            foreach (var c in runs.Where(r => r.Size == size).Select(r => r.Clients).Distinct().Order())
            {
                Run? Of(string system) => runs.FirstOrDefault(r => r.System == system && r.Size == size && r.Clients == c);
                var (sql, ms) = (Of("postgres-sql"), Of("mapserver-ogcapi"));
                string Cell(Run? r) => r is null ? "–" : $"{r.Rps:F1} ({r.P50:F1} / {r.P99:F0}){(r.Check is "ok" or "n/a" ? "" : " check " + r.Check)}";
                string Ratio(Run? a, Run? b) => a is null || b is null || b.Rps <= 0 ? "–" : $"{a.Rps / b.Rps:F2}";
                var (def, lean) = (Of("landmap-default"), Of("landmap-lean"));
                rows.Add([$"{size}, c = {c}", Cell(sql), Cell(ms), Cell(Of("mapserver-wfs")), Cell(def), Ratio(def, ms), Ratio(def, sql), Cell(lean), Ratio(lean, ms), Ratio(lean, sql)]);
                if (c != 8) continue;
                foreach (var (label, lm) in new[] { ("default", def), ("lean", lean) })
                {
                    var what = $"bbox {size} c=8, LandMap {label}";
                    if (lm is null || ms is null || sql is null) { verdicts.Add((what, "not measured")); continue; }
                    var (vsMs, vsSql) = (lm.Rps / ms.Rps, lm.Rps / sql.Rps);
                    var checkOk = lm.Check == "ok";
                    var met = checkOk && vsMs >= 2 && (n >= Million || vsSql >= 0.8);
                    var target = n >= Million ? "≥ 2× MapServer" : "≥ 2× MapServer and ≥ 0.8× SQL";
                    verdicts.Add((what, $"{(met ? "MET" : "NOT MET")}: {vsMs:F2}× MapServer OGC API, {vsSql:F2}× SQL (target {target}){(checkOk ? "" : $"; check {lm.Check}: features differ from SQL's")}"));
                }
            }
        Table(rows);
        // The harness's "other CPU %": what processes outside the benchmark used during the run; above ~5 % the figure was disturbed.
        var disturbed = runs.Where(r => r.OtherCpu > 5).Select(r => $"{r.System} {r.Size} c={r.Clients} ({r.OtherCpu:F0} %)").ToList();
        if (disturbed.Count > 0)
            Console.WriteLine($"  disturbed (other processes above 5 % of the cores; compare inside this run only): {string.Join(", ", disturbed)}");
        foreach (var system in systems)
            if (runs.FirstOrDefault(r => r.System == system) is { } any)
                Console.WriteLine($"  {system}: {runs.Where(r => r.System == system).GroupBy(r => r.Size).Select(g => $"{g.Key} {g.First().FeaturesAvg:F1} features, {g.First().BytesAvg:N0} B avg body").Aggregate((a, b) => a + "; " + b)}");
    }

    private static void Bytes(string file, List<(string, string)> verdicts)
    {
        Console.WriteLine();
        if (!File.Exists(file)) { verdicts.Add(("bytes per feature", "not measured")); return; }
        var rows = File.ReadAllLines(file).Skip(1).Select(l => l.Split('\t')).ToList();
        double Of(string system, string encoding) => rows.FirstOrDefault(r => r[0] == system && r[1] == encoding) is { } r ? D(r[5]) : double.NaN;
        string SentAs(string system, string encoding) => rows.FirstOrDefault(r => r[0] == system && r[1] == encoding)?[6] ?? "";
        Console.WriteLine("bytes per feature (the first 40 boxes of each size; body bytes as sent ÷ features):");
        var table = new List<string[]> { new[] { "system", "identity", "gzip", "br", "÷ MapServer OGC API (identity)" } };
        var ms = Of("mapserver-ogcapi", "identity");
        foreach (var system in rows.Select(r => r[0]).Distinct())
            table.Add([system, $"{Of(system, "identity"):F1}", $"{Of(system, "gzip"):F1} ({SentAs(system, "gzip")})", $"{Of(system, "br"):F1} ({SentAs(system, "br")})", $"{Of(system, "identity") / ms:F2}"]);
        Table(table);
        var lean = Of("landmap-lean", "identity");
        var compressed = SentAs("landmap-lean", "gzip") == "gzip" && SentAs("landmap-lean", "br") == "br";
        verdicts.Add(("bytes per feature, 6 properties", $"{(lean <= ms && compressed ? "MET" : "NOT MET")}: LandMap lean {lean:F1} B vs MapServer OGC API {ms:F1} B identity " +
                      $"({lean / ms:F2}×); gzip {Of("landmap-lean", "gzip"):F1} B, br {Of("landmap-lean", "br"):F1} B{(compressed ? "" : " (not compressed on request)")}"));
    }

    private static void Tiles(string file, int n, List<(string, string)> verdicts)
    {
        Console.WriteLine();
        if (!File.Exists(file)) { verdicts.Add(("vector tiles z 8–16, c=8", "not measured")); return; }
        var rows = File.ReadAllLines(file).Skip(1).Select(l => l.Split('\t')).Where(r => r[1] == "8-16").ToList();
        Console.WriteLine("vector tiles z 8–16 at 8 clients (per zoom above), all zooms together:");
        foreach (var r in rows)
        {
            var (p50, p99) = (D(r[3]), D(r[4]));
            var met = p50 <= 10 && p99 <= 50 && r[8] == "0";
            Console.WriteLine($"  {r[0],-11} {r[2],6} requests: p50 {p50:F1} ms, p99 {p99:F1} ms, {r[10]} req/s, {r[7]} empty (204), {r[8]} errors, {r[9]} not modified (304)");
            var scope = n >= Million ? "" : $" (the target is for 1M parcels; measured at {n:N0})";
            var what = r[0] == "revalidated" ? "vector tiles, revalidated (304s)" : $"vector tiles, {r[0]}";
            verdicts.Add((what, $"{(met ? "MET" : "NOT MET")}: p50 {p50:F1} ms, p99 {p99:F1} ms (target p50 ≤ 10, p99 ≤ 50){scope}"));
        }
    }

    /// <summary>The page figures (first draw, pan and zoom redraw, filter change, memory in headless Chromium) are the page bench's: quoted, then judged.</summary>
    private static void Page(string text, List<(string, string)> verdicts)
    {
        Console.WriteLine();
        if (text.Length == 0)
        {
            Console.WriteLine("page: see ./landmap bench-page (first draw, pan/zoom redraw, filter change, memory in headless Chromium; not measured by ./landmap bench)");
            verdicts.Add(("page (headless Chromium)", "see ./landmap bench-page"));
            return;
        }
        Console.WriteLine("page (tests/bench/page.sh):");
        // Only the bench's own lines (from its "machine:" line on), not the npm and build output before them.
        var lines = text.Split('\n');
        var from = Array.FindIndex(lines, l => l.StartsWith("machine:", StringComparison.Ordinal));
        Console.WriteLine(string.Join('\n', lines[Math.Max(from, 0)..]).TrimEnd());
        verdicts.AddRange(PageVerdicts(text));
    }

    /// <summary>
    /// The page targets judged from what tests/bench/page.mjs printed (its medians): first parcels drawn ≤ 1 500 ms, a pan
    /// or zoom redrawn ≤ 200 ms (the overview's pan and zoom, and the pan among shapes at zoom 14), a filter change ≤ 500 ms,
    /// browser memory ≤ 500 MB. A view not drawn within 60 s is left out of the medians, so any makes the redraws NOT MET,
    /// and so does an error in the page; a figure the bench did not print is "not measured".
    /// </summary>
    internal static List<(string What, string Verdict)> PageVerdicts(string text)
    {
        var verdicts = new List<(string, string)>();
        var notDrawn = Regex.Match(text, @"not drawn within 60 s \(left out of the medians\): (.*)");
        var views = notDrawn.Success ? notDrawn.Groups[1].Value.Split("; ").Length : 0;
        var pageErrors = Regex.Match(text, @"page errors: (.*)");
        void Judge(string what, string pattern, double target, string unit, bool isRedraw = false)
        {
            var m = Regex.Match(text, pattern);
            var value = m.Success ? D(m.Groups[1].Value) : double.NaN;
            if (double.IsNaN(value)) { verdicts.Add((what, "NOT MET: not measured (the page bench printed no figure)")); return; }
            var why = new List<string>();
            if (isRedraw && views > 0) why.Add($"{views} views not drawn within 60 s");
            if (pageErrors.Success) why.Add($"page errors: {pageErrors.Groups[1].Value}");
            var met = value <= target && why.Count == 0;
            verdicts.Add((what, $"{(met ? "MET" : "NOT MET")}: {value:F0} {unit} (target ≤ {target:F0} {unit}){(why.Count > 0 ? "; " + string.Join("; ", why) : "")}"));
        }
        Judge("page: first parcels drawn", @"drawn after opening \(from navigation\): ([\d.]+) ms", 1500, "ms");
        Judge("page: pan redrawn", @"pan redrawn \(overview\): ([\d.]+) ms", 200, "ms", isRedraw: true);
        Judge("page: zoom redrawn", @"zoom redrawn: ([\d.]+) ms", 200, "ms", isRedraw: true);
        Judge("page: pan redrawn at zoom 14", @"pan redrawn at zoom 14 [^:]*: ([\d.]+) ms", 200, "ms", isRedraw: true);
        Judge("page: filter change", @"filter change to totals and parcels redrawn: ([\d.]+) ms", 500, "ms", isRedraw: true);
        Judge("page: browser memory", @"browser memory: ([\d.]+) MB resident", 500, "MB");
        return verdicts;
    }

    private static void Matching(string text, int n, List<(string, string)> verdicts)
    {
        var scope = n >= Million ? "" : $" (target for 1M parcels; measured at {n:N0})";
        if (Regex.Match(text, @"single match.*?p50 ([\d.]+) ms, p95 ([\d.]+) ms") is { Success: true } m)
        {
            var (p50, p95) = (D(m.Groups[1].Value), D(m.Groups[2].Value));
            verdicts.Add(("one project matched", $"{(p50 <= 50 && p95 <= 100 ? "MET" : "NOT MET")}: p50 {p50:F1} ms, p95 {p95:F1} ms (target p50 ≤ 50, p95 ≤ 100){scope}"));
        }
        else verdicts.Add(("one project matched", "see the matching and allocation section above"));
        if (Regex.Match(text, @"land batch.*?scoring the pairs ([\d.]+) ms, exact assignment ([\d.]+) ms") is { Success: true } b)
        {
            var total = D(b.Groups[1].Value) + D(b.Groups[2].Value);
            verdicts.Add(("land batch 1 000 × 10 000", $"{(total <= 1000 ? "MET" : "NOT MET")}: {total:F0} ms with scoring (target ≤ 1 s)"));
        }
        else verdicts.Add(("land batch 1 000 × 10 000", "see the matching and allocation section above"));
        if (Regex.Match(text, @"allocate.*?([\d.]+) (ms|s)\b", RegexOptions.IgnoreCase) is { Success: true } a)
        {
            var seconds = D(a.Groups[1].Value) / (a.Groups[2].Value == "ms" ? 1000 : 1);
            verdicts.Add(("POST /api/allocate, 500 projects", $"{(seconds <= 2 ? "MET" : "NOT MET")}: {seconds:F2} s (target ≤ 2 s; as the matching bench printed it above)"));
        }
        else if (text.Contains("allocate: not measured here", StringComparison.Ordinal))
            verdicts.Add(("POST /api/allocate, 500 projects", $"no verdict at {n:N0} parcels: the target is for 100 000 (./landmap bench 100000)"));
        else verdicts.Add(("POST /api/allocate, 500 projects", "see the matching and allocation section above"));
    }

    private static void Seed(string text, int n, List<(string, string)> verdicts)
    {
        if (Regex.Match(text, @"written in ([\d.]+) s") is not { Success: true } m) { verdicts.Add(("seed-scale", "not measured")); return; }
        var seconds = D(m.Groups[1].Value);
        // The target is for 1M parcels only. At another N no verdict: the same rate asked of a smaller N (the rule until
        // 2026-11-27) misjudges it, since a seed's fixed costs (start-up, compiling, per-index set-up; about 2 s) do not
        // shrink with N (100k took 7.2 s, 1M 50.2 s the same day); and a larger N is not the target's.
        verdicts.Add(($"seed-scale {n:N0}", n == Million
            ? $"{(seconds <= 60 ? "MET" : "NOT MET")}: {seconds:F1} s (target ≤ 60 s); parcels inside their zone outlines (ScaleGeneratorTests)"
            : $"no verdict: {seconds:F1} s for {n:N0} parcels (the target is for 1M, ≤ 60 s: ./landmap bench 1000000)"));
    }

    private static void Table(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var (row, k) in rows.Select((r, k) => (r, k)))
        {
            Console.WriteLine("  " + string.Join(" | ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))));
            if (k == 0) Console.WriteLine("  " + string.Join("-|-", widths.Select(w => new string('-', w))));
        }
    }

    private static double D(string s) => double.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
}
