using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;

namespace LandMap.Api.Admin;

/// <summary>
/// `LandMap.Api bench-http N`: the HTTP figures of `./landmap bench` that the peer harness does not take, against a running
/// LandMap (and MapServer) serving the harness's parcels (tests/bench/peer.sh starts both):
/// <list type="bullet">
/// <item>bytes per feature on the wire, identity, gzip and br, for LandMap's default and lean responses and MapServer's
/// (OGC API and WFS), over the first boxes of each size class of the harness's fixed list (bench_bbox);</item>
/// <item>vector tiles z 8–16 over the data (the tiles holding the boxes' centres) at 8 clients: cold (each tile's first
/// request since the server started) and repeated (the same tiles again, closed loop), p50 and p99; and, when the tiles
/// carry an ETag, revalidated (If-None-Match).</item>
/// </list>
/// Settings (environment): LANDMAP_BENCH_HARNESS_DB (Npgsql connection string of the harness's database: the boxes),
/// LANDMAP_BENCH_APP_URL, LANDMAP_BENCH_MS_URL, LANDMAP_BENCH_OUT (results folder), LANDMAP_BENCH_LEAN (the lean
/// properties), LANDMAP_BENCH_TILE_SECONDS (repeated-tile run, default 20), LANDMAP_BENCH_HTTP_ONLY=tiles (the tiles
/// alone), LANDMAP_BENCH_TILE_TRACE (a file: every cold tile request with its start, time, status, bytes and URL).
/// Writes bytes_N&lt;N&gt;.tsv and tiles_N&lt;N&gt;.tsv.
/// </summary>
public static class HttpBench
{
    public const int Clients = 8, MinZoom = 8, MaxZoom = 16;
    private const int BoxesPerSize = 40, TilesPerZoom = 60, Limit = 1000;
    private static readonly string[] Encodings = ["identity", "gzip", "br"];

    private sealed record Box(string Size, int I, double MinX, double MinY, double MaxX, double MaxY);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[1], out var n) || n <= 0)
        {
            Console.Error.WriteLine("usage: bench-http N   (settings: LANDMAP_BENCH_HARNESS_DB, LANDMAP_BENCH_APP_URL, LANDMAP_BENCH_MS_URL, LANDMAP_BENCH_OUT)");
            return 2;
        }
        string Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : throw new InvalidOperationException($"{name} is not set");
        var app = Setting("LANDMAP_BENCH_APP_URL").TrimEnd('/');
        var mapServer = Setting("LANDMAP_BENCH_MS_URL").TrimEnd('/');
        var output = Setting("LANDMAP_BENCH_OUT");
        var lean = Setting("LANDMAP_BENCH_LEAN");
        var tileSeconds = int.TryParse(Environment.GetEnvironmentVariable("LANDMAP_BENCH_TILE_SECONDS"), out var s) ? s : 20;
        var boxes = await BoxesAsync(Setting("LANDMAP_BENCH_HARNESS_DB"));
        Directory.CreateDirectory(output);

        using var http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = Clients,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        }) { Timeout = TimeSpan.FromSeconds(60) };

        var systems = new (string Name, Func<Box, string> Url)[]
        {
            ("landmap-default", b => $"{app}/collections/parcels/items?bbox={Bbox(b)}&limit={Limit}"),
            ("landmap-lean", b => $"{app}/collections/parcels/items?bbox={Bbox(b)}&limit={Limit}&properties={lean}"),
            ("mapserver-ogcapi", b => $"{mapServer}/mapserv/parcels/ogcapi/collections/parcels/items?f=json&limit={Limit}&bbox={Bbox(b)}"),
            ("mapserver-wfs", b => $"{mapServer}/mapserv?map=parcels&service=WFS&version=2.0.0&request=GetFeature&typenames=parcels&outputformat=geojson&count={Limit}" +
                                   $"&bbox={F(b.MinY)},{F(b.MinX)},{F(b.MaxY)},{F(b.MaxX)},urn:ogc:def:crs:EPSG::4326"),
        };
        // LANDMAP_BENCH_HTTP_ONLY=tiles: the vector tiles alone (comparing tile builds; the bytes need MapServer).
        if (Environment.GetEnvironmentVariable("LANDMAP_BENCH_HTTP_ONLY") != "tiles")
            await BytesPerFeatureAsync(http, systems, boxes, Path.Combine(output, $"bytes_N{n}.tsv"));
        await TilesAsync(http, app, boxes, tileSeconds, Path.Combine(output, $"tiles_N{n}.tsv"));
        return 0;
    }

    private static async Task<List<Box>> BoxesAsync(string cs)
    {
        await using var db = NpgsqlDataSource.Create(cs);
        await using var cmd = db.CreateCommand("SELECT size, i, minx, miny, maxx, maxy FROM bench_bbox ORDER BY size, i");
        await using var r = await cmd.ExecuteReaderAsync();
        var boxes = new List<Box>();
        while (await r.ReadAsync()) boxes.Add(new(r.GetString(0), r.GetInt32(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5)));
        return boxes;
    }

    /// <summary>
    /// Body bytes as sent (no decompression) over the features of the same boxes, per system and encoding: the first
    /// <see cref="BoxesPerSize"/> boxes of each size class. A server that ignores Accept-Encoding shows its identity bytes.
    /// </summary>
    private static async Task BytesPerFeatureAsync(HttpClient http, (string Name, Func<Box, string> Url)[] systems, List<Box> boxes, string file)
    {
        var sample = boxes.GroupBy(b => b.Size).SelectMany(g => g.Take(BoxesPerSize)).ToList();
        var lines = new List<string> { "system\tencoding\tboxes\tfeatures\tbytes\tbytes_per_feature\tcontent_encoding" };
        Console.WriteLine($"bytes per feature ({sample.Count} boxes: the first {BoxesPerSize} of each size class; body bytes as sent / features):");
        foreach (var (name, url) in systems)
        {
            long features = 0;
            foreach (var encoding in Encodings)
            {
                long bytes = 0;
                var sent = new HashSet<string>();
                var failed = 0;
                foreach (var box in sample)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url(box));
                    request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode) { failed++; continue; }
                    bytes += body.Length;
                    sent.Add(response.Content.Headers.ContentEncoding.FirstOrDefault() ?? "identity");
                    if (encoding == "identity")
                    {
                        using var json = JsonDocument.Parse(body);
                        features += json.RootElement.GetProperty("features").GetArrayLength();
                    }
                }
                var perFeature = features > 0 ? (double)bytes / features : double.NaN;
                var how = string.Join("+", sent.Order());
                lines.Add($"{name}\t{encoding}\t{sample.Count - failed}\t{features}\t{bytes}\t{F(perFeature, 1)}\t{how}");
                Console.WriteLine($"  {name,-17} {encoding,-8} {perFeature,7:F1} B/feature  (sent as {how}{(failed > 0 ? $"; {failed} requests failed" : "")})");
            }
        }
        await File.WriteAllLinesAsync(file, lines);
    }

    /// <summary>
    /// Tiles z 8–16 that hold the boxes' centres (at most <see cref="TilesPerZoom"/> per zoom), in a fixed shuffled order
    /// so the heavy low-zoom tiles are spread over the run. Cold: every tile once at 8 clients, the first request for it
    /// since the server started. Repeated: the same list again in a closed loop for a fixed time. Identity encoding.
    /// </summary>
    private static async Task TilesAsync(HttpClient http, string app, List<Box> boxes, int seconds, string file)
    {
        var tiles = new List<(int Z, int X, int Y)>();
        for (var z = MinZoom; z <= MaxZoom; z++)
            tiles.AddRange(boxes.Select(b => TileOf((b.MinX + b.MaxX) / 2, (b.MinY + b.MaxY) / 2, z)).Distinct().Take(TilesPerZoom));
        var rng = new Random(20240601);
        var order = tiles.OrderBy(_ => rng.Next()).ToList();
        var urls = order.Select(t => $"{app}/collections/parcels/tiles/WebMercatorQuad/{t.Z}/{t.Y}/{t.X}").ToArray();
        var zooms = order.Select(t => t.Z).ToArray();

        // The client's own start (its HTTP code compiled, its connections opened) is not the server's cold tile: warm them on
        // the collection's metadata, which reads no parcel, before the first tile is asked for.
        await LoadAsync(http, Enumerable.Repeat($"{app}/collections/parcels", 20 * Clients).ToArray(), passes: 1, TimeSpan.MaxValue, etags: null);
        var cold = await LoadAsync(http, urls, passes: 1, TimeSpan.MaxValue, etags: null);
        if (Environment.GetEnvironmentVariable("LANDMAP_BENCH_TILE_TRACE") is { Length: > 0 } trace)
            await File.WriteAllLinesAsync(trace, cold.Trace(urls));
        var repeated = await LoadAsync(http, urls, passes: int.MaxValue, TimeSpan.FromSeconds(seconds), etags: null);
        var etags = cold.ETags;
        Sample? revalidated = etags.Count(e => e is not null) > urls.Length / 2
            ? await LoadAsync(http, urls, passes: int.MaxValue, TimeSpan.FromSeconds(seconds), etags)
            : null;

        var lines = new List<string> { "pass\tzoom\trequests\tp50_ms\tp99_ms\tmean_ms\tbytes_avg\tempty\terrors\tnot_modified\treq_per_s" };
        void Add(string pass, Sample sample)
        {
            lines.Add(sample.Row(pass, "8-16", _ => true, zooms));
            for (var z = MinZoom; z <= MaxZoom; z++)
            {
                var zoom = z;
                lines.Add(sample.Row(pass, zoom.ToString(CultureInfo.InvariantCulture), i => zooms[i] == zoom, zooms));
            }
        }
        Add("cold", cold);
        Add("repeated", repeated);
        if (revalidated is not null) Add("revalidated", revalidated);
        await File.WriteAllLinesAsync(file, lines);

        Console.WriteLine($"vector tiles z {MinZoom}–{MaxZoom}, {urls.Length} tiles over the data (≤ {TilesPerZoom} per zoom), {Clients} clients, identity encoding:");
        Console.WriteLine($"  {"zoom",-5} {"tiles",5} | {"cold p50",9} {"p99",8} | {"repeated p50",12} {"p99",8} | {"avg bytes",9} {"empty",5}");
        foreach (var row in lines.Skip(1).Where(l => l.StartsWith("cold\t", StringComparison.Ordinal)))
        {
            var c = row.Split('\t');
            var r = lines.First(l => l.StartsWith($"repeated\t{c[1]}\t", StringComparison.Ordinal)).Split('\t');
            Console.WriteLine($"  {c[1],-5} {c[2],5} | {c[3],9} {c[4],8} | {r[3],12} {r[4],8} | {c[6],9} {c[7],5}");
        }
        Console.WriteLine($"  built from the parcels in memory: cold {cold.FromMemory:N0}/{cold.Count:N0}, repeated {repeated.FromMemory:N0}/{repeated.Count:N0} (the rest by PostGIS)");
        Console.WriteLine($"  repeated: {repeated.Count:N0} requests in {seconds} s ({repeated.Count / (double)seconds:F0}/s); errors: cold {cold.Errors}, repeated {repeated.Errors}" +
                          (revalidated is null ? "; no ETag on the tiles, so no revalidated pass"
                                               : $"; revalidated (If-None-Match): p50 {revalidated.Percentile(0.5):F1} ms, p99 {revalidated.Percentile(0.99):F1} ms, {revalidated.NotModified:N0}/{revalidated.Count:N0} answered 304"));
    }

    /// <summary>Latencies of one load pass: per request, the index of its URL, its time, its body bytes and its status.</summary>
    private sealed class Sample(List<(int Url, double Ms, int Bytes, int Status, double StartMs)> results, double seconds, string?[] etags, int fromMemory)
    {
        /// <summary>Answers built from the parcels held in memory (Server-Timing: tile;desc=memory), not by PostGIS.</summary>
        public int FromMemory => fromMemory;
        public int Count => results.Count;
        public int Errors => results.Count(r => r.Status >= 400 || r.Status == 0);
        public int NotModified => results.Count(r => r.Status == 304);
        public string?[] ETags => etags;

        /// <summary>Every request in the order it finished: when it started (ms into the pass), its time, status, bytes and URL.</summary>
        public IEnumerable<string> Trace(string[] urls) =>
            results.Select(r => $"{F(r.StartMs, 1)}\t{F(r.Ms, 1)}\t{r.Status}\t{r.Bytes}\t{urls[r.Url]}");

        public double Percentile(double q, Func<int, bool>? include = null) =>
            PercentileOf(results.Where(r => include?.Invoke(r.Url) ?? true).Select(r => r.Ms).Order().ToList(), q);

        public string Row(string pass, string zoom, Func<int, bool> include, int[] zooms)
        {
            var rows = results.Where(r => include(r.Url)).ToList();
            if (rows.Count == 0) return $"{pass}\t{zoom}\t0\t\t\t\t\t\t\t\t";
            return string.Join('\t', pass, zoom, rows.Count, F(Percentile(0.5, include), 1), F(Percentile(0.99, include), 1),
                F(rows.Average(r => r.Ms), 1), F(rows.Average(r => r.Bytes), 0), rows.Count(r => r.Status == 204),
                rows.Count(r => r.Status >= 400 || r.Status == 0), rows.Count(r => r.Status == 304), F(rows.Count / seconds, 1));
        }
    }

    /// <summary>
    /// <see cref="Clients"/> closed-loop clients sharing one walk of the URL list: one pass visits every URL once
    /// overall, more passes cycle until the time is up. With ETags, each request asks If-None-Match.
    /// </summary>
    private static async Task<Sample> LoadAsync(HttpClient http, string[] urls, int passes, TimeSpan duration, string?[]? etags)
    {
        var results = new List<(int, double, int, int, double)>();
        var fromMemory = 0;
        var seen = new string?[urls.Length];
        var next = -1;
        var clock = Stopwatch.StartNew();
        async Task Client()
        {
            // Each client reads bodies through one buffer of its own: a body read into a new array per response (most tiles
            // are over the large object heap's 85 000 bytes) kept this process's collector busy, on the cores the server
            // being measured shares.
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var k = Interlocked.Increment(ref next);
                if (passes == 1 ? k >= urls.Length : clock.Elapsed >= duration) return;
                var i = k % urls.Length;
                using var request = new HttpRequestMessage(HttpMethod.Get, urls[i]);
                if (etags?[i] is { } tag) request.Headers.TryAddWithoutValidation("If-None-Match", tag);
                var sw = Stopwatch.StartNew();
                int status, bytes;
                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    bytes = 0;
                    for (int read; (read = await body.ReadAsync(buffer)) > 0;) bytes += read;
                    status = (int)response.StatusCode;
                    seen[i] ??= response.Headers.ETag?.ToString();
                    if (response.Headers.TryGetValues("Server-Timing", out var timing) && timing.Any(t => t.Contains("desc=memory", StringComparison.Ordinal)))
                        Interlocked.Increment(ref fromMemory);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    (status, bytes) = (0, 0);
                }
                var ms = sw.Elapsed.TotalMilliseconds;
                lock (results) results.Add((i, ms, bytes, status, clock.Elapsed.TotalMilliseconds - ms));
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Client()));
        return new Sample(results, clock.Elapsed.TotalSeconds, seen, fromMemory);
    }

    /// <summary>The q-quantile of sorted values, nearest rank (NaN when there are none).</summary>
    internal static double PercentileOf(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The WebMercatorQuad tile (OGC 17-083r4, Annex D; the slippy-map formula) holding a lon/lat point at zoom z.</summary>
    private static (int Z, int X, int Y) TileOf(double lon, double lat, int z)
    {
        var n = 1 << z;
        var x = (int)Math.Floor((lon + 180) / 360 * n);
        var phi = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(phi) + 1 / Math.Cos(phi)) / Math.PI) / 2 * n);
        return (z, Math.Clamp(x, 0, n - 1), Math.Clamp(y, 0, n - 1));
    }

    private static string Bbox(Box b) => $"{F(b.MinX)},{F(b.MinY)},{F(b.MaxX)},{F(b.MaxY)}";

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    internal static string F(double v, int decimals) => double.IsNaN(v) ? "" : v.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
