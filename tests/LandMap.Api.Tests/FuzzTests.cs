using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LandMap.Api.Access;
using LandMap.Api.Ledgers;
using LandMap.Api.Allocation;
using LandMap.Api.Collections;
using LandMap.Api.Matching;
using LandMap.Api.Projects;
using LandMap.Api.Reservations;
using LandMap.Core.Access;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace LandMap.Api.Tests;

/// <summary>
/// Hostile values in every query parameter of every GET endpoint, in every path parameter and in every JSON field of every
/// body (the fields read from the request records, so a new field is fuzzed too), sent as an editor (admin for the admin
/// endpoints) so that validation is really reached. Every answer must be below 500, and every 4xx a problem with a code
/// that names no .NET type.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class FuzzTests(LandMapFixture fx, ITestOutputHelper output)
{
    private const int Parallelism = 8;

    /// <summary>One request: built when sent, so large bodies are not all held at once.</summary>
    private sealed record Probe(string Label, HttpClient Client, HttpMethod Method, string Url, Func<HttpContent?>? Content = null, int? Expect = null);

    // ---------------------------------------------------------------- hostile values

    private static readonly string Chars60K = new('x', 60_000);

    /// <summary>
    /// Raw, already percent-encoded query and path values. System.Uri refuses strings above 65 519 characters, so the
    /// longest is 60 000 (over the API's 8 KB URL limit); 8 000 stays under it and reaches validation.
    /// </summary>
    private static readonly (string Label, string Raw)[] UrlValues =
    [
        ("%00", "%00"), ("a%00b", "a%00b"), ("TST%00", "TST%00"), ("overlong NUL", "%C0%80"), ("CESU-8 surrogate", "%ED%A0%80"),
        ("truncated UTF-8", "%F0%90"), ("RTL override", "%E2%80%AE"), ("1e309", "1e309"), ("-1e309", "-1e309"), ("NaN", "NaN"),
        ("Infinity", "Infinity"), ("-Infinity", "-Infinity"), ("5e-324", "5e-324"), ("-0", "-0"), ("1e30", "1e30"),
        ("2^63", "9223372036854775808"), ("2^31", "2147483648"), ("-2^31-1", "-2147483649"), ("hex", "0x10"), ("1.5", "1.5"),
        ("empty", ""), ("null", "null"), ("[]", "%5B%5D"), ("commas", "%2C%2C%2C"), ("bbox of 5", "1,2,3,4,5"),
        ("world bbox", "-180,-90,180,90"), ("bbox 1e309", "1e309,0,1,1"), ("bbox NaN", "NaN,NaN,NaN,NaN"), ("bbox 5e-324", "5e-324,5e-324,1,1"),
        ("SQL", "%27%3B%20DROP%20TABLE%20parcels%3B%20--"), ("ampersand", "%26x%3D1"),
        ("1 500 codes", string.Join(',', Enumerable.Range(0, 1500).Select(i => $"Z{i}"))), ("8 000 characters", new string('x', 8_000)),
        ("60 000 characters", Chars60K),
    ];

    /// <summary>
    /// Path values. No %00: the test host's own PathString decoding throws on it before the app runs, as Kestrel refuses such
    /// a request line with its own 400 (the query string's %00 does reach the app, and is fuzzed there).
    /// </summary>
    private static readonly (string Label, string Raw)[] PathValues =
    [
        ("overlong NUL", "%C0%80"), ("CESU-8 surrogate", "%ED%A0%80"),
        ("RTL override", "%E2%80%AE"), ("slash", "%2F"), ("dot-dot", "%2e%2e"), ("percent", "%25"), ("space", "%20"), ("1e309", "1e309"),
        ("-0", "-0"), ("-1", "-1"), ("2^63", "9223372036854775808"), ("NaN", "NaN"), ("null", "null"), ("8 000 characters", new string('x', 8_000)),
        ("60 000 characters", Chars60K),
    ];

    private static string Repeat(string item, int n) => "[" + string.Join(',', Enumerable.Repeat(item, n)) + "]";

    /// <summary>Raw JSON put in place of one field's value (some are not JSON at all: NaN, Infinity).</summary>
    private static readonly (string Label, string Raw)[] JsonValues =
    [
        ("\\u0000 in string", "\"a\\u0000b\""), ("\\ud800", "\"\\ud800\""), ("\\udc00 after text", "\"x\\udc00\""),
        ("1e309", "1e309"), ("-1e309", "-1e309"), ("\"NaN\"", "\"NaN\""), ("\"Infinity\"", "\"Infinity\""),
        ("bare NaN", "NaN"), ("bare Infinity", "Infinity"), ("bare -Infinity", "-Infinity"), ("5e-324", "5e-324"), ("-0", "-0"),
        ("1e30", "1e30"), ("2^63", "9223372036854775808"), ("2^31", "2147483648"), ("1.5", "1.5"),
        ("string for number", "\"12\""), ("number for string", "12"), ("object", "{}"), ("array", "[]"), ("true", "true"), ("null", "null"),
        ("[null]", "[null]"), ("[\\u0000]", "[\"a\\u0000\"]"), ("[\\ud800]", "[\"\\ud800\"]"),
        ("100 000 numbers", Repeat("1", 100_000)), ("100 000 strings", Repeat("\"TST\"", 100_000)),
        ("100 000 characters", "\"" + new string('地', 100_000) + "\""),
        ("arrays nested 1000 deep", new string('[', 1000) + new string(']', 1000)),
        ("empty string", "\"\""), ("blank string", "\"   \""), ("SQL", "\"'; DROP TABLE projects; --\""),
    ];

    /// <summary>Whole bodies: not an object, not JSON, not UTF-8, hostile property names, too large, not declared as JSON.</summary>
    private static readonly (string Label, Func<byte[]> Body, string? ContentType, int? Expect)[] WholeBodies =
    [
        ("empty body", () => [], "application/json", null),
        ("null", () => Utf8("null"), "application/json", null),
        ("array", () => Utf8("[]"), "application/json", null),
        ("string", () => Utf8("\"text\""), "application/json", null),
        ("number", () => Utf8("123"), "application/json", null),
        ("bare NaN", () => Utf8("NaN"), "application/json", null),
        ("bare Infinity", () => Utf8("Infinity"), "application/json", null),
        ("truncated", () => Utf8("{\"name\":"), "application/json", null),
        ("not JSON", () => Utf8("name=x&role=admin"), "application/json", null),
        ("two objects", () => Utf8("{} {}"), "application/json", null),
        ("arrays nested 1000 deep", () => Utf8(new string('[', 1000) + new string(']', 1000)), "application/json", null),
        ("objects nested 1000 deep", () => Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000)), "application/json", null),
        ("NUL property name", () => Utf8("{\"\\u0000\":1}"), "application/json", null),
        ("surrogate property name", () => Utf8("{\"\\ud800\":1}"), "application/json", null),
        ("quote in property name", () => Utf8("{\"a'b\":1}"), "application/json", null),
        ("100 000-character property name", () => Utf8("{\"" + new string('x', 100_000) + "\":1}"), "application/json", null),
        ("duplicate property", () => Utf8("{\"name\":\"a\",\"name\":\"b\"}"), "application/json", null),
        ("byte order mark", () => [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}'], "application/json", null),
        ("invalid UTF-8", () => [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}'], "application/json", null),
        ("UTF-16 declared", () => Encoding.Unicode.GetBytes("{}"), "application/json; charset=utf-16", null),
        ("2 MB", () => Utf8("{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"), "application/json", 413),
        ("JSON as text/plain", () => Utf8("{}"), "text/plain", 415),
        ("JSON as a form", () => Utf8("{}"), "application/x-www-form-urlencoded", 415),
        ("no content type", () => Utf8("{}"), null, 415),
    ];

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    // ---------------------------------------------------------------- endpoints

    private sealed record BodyTarget(string Label, HttpMethod Method, string Url, HttpClient Client, Type Shape, JsonObject Base);

    /// <summary>The JSON names of a request record's properties (camelCase, as the API reads them).</summary>
    private static IEnumerable<(string Name, Type Type)> JsonFields(Type shape) =>
        shape.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (JsonNamingPolicy.CamelCase.ConvertName(p.Name), Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType));

    /// <summary>Every field path of a body: its own fields and, where the base holds an object, that object's fields.</summary>
    private static IEnumerable<string[]> FieldPaths(Type shape, JsonObject body, string[] prefix)
    {
        foreach (var (name, type) in JsonFields(shape))
        {
            string[] path = [.. prefix, name];
            yield return path;
            if (type.IsClass && type != typeof(string) && !type.IsArray && body[name] is JsonObject inner)
                foreach (var p in FieldPaths(type, inner, path)) yield return p;
        }
    }

    private const string Sentinel = "__fuzz_value__";

    /// <summary>The base body with the value at <paramref name="path"/> replaced by raw JSON text.</summary>
    private static byte[] WithValue(JsonObject body, string[] path, string raw)
    {
        var copy = (JsonObject)body.DeepClone();
        var parent = copy;
        foreach (var name in path[..^1]) parent = (JsonObject)parent[name]!;
        parent[path[^1]] = Sentinel;
        return Utf8(copy.ToJsonString().Replace($"\"{Sentinel}\"", raw, StringComparison.Ordinal));
    }

    private static JsonObject Json(object value) => JsonSerializer.SerializeToNode(value, LandMap.Api.Problems.JsonBody.Options)!.AsObject();

    /// <summary>A valid project that is not open ("producing"): one that the fuzz happens to create stays out of batch allocation.</summary>
    private static readonly object BaseProject = new
    {
        name = "模糊测试项目", investor = FuzzInvestor, industryChain = "新型显示", industryCategory = "C39", pollutionClass = "1",
        investmentWan = 3000, landNeedMu = 10, floorNeedM2 = 2000, annualOutputWan = 5000, annualTaxWan = 300, jobs = 100, powerKva = 500,
        minFloorHeightM = 6, minFloorLoadKnM2 = 10, minCraneT = 0, maxLandPriceWanPerMu = 50, maxRentYuanM2Month = 30,
        preferredZones = new[] { TestRows.Zone }, stage = "producing",
    };

    private const string FuzzInvestor = "模糊测试投资方";

    private async Task<long> CreateProjectAsync()
    {
        using var res = await fx.Client.PostAsJsonAsync("/api/projects", BaseProject);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    private static bool Fails(string label, HttpResponseMessage res, string text, int? expect, out string failure)
    {
        var status = (int)res.StatusCode;
        failure = "";
        if (status >= 500) failure = "5xx";
        else if (expect is { } e && status != e) failure = $"expected {e}";
        else if (status >= 400)
        {
            var code = AuthMatrixTests.ProblemCode(res, text);
            if (code.StartsWith('(')) failure = code;
            else if (Leaks.FirstOrDefault(l => text.Contains(l, StringComparison.Ordinal)) is { } leak) failure = $"names a .NET type ('{leak}')";
        }
        if (failure.Length == 0) return false;
        failure = $"{label} → {status} {failure}: {(text.Length > 300 ? text[..300] + "…" : text)}";
        return true;
    }

    private static readonly string[] Leaks = ["System.", "`1[", "LandMap.Api", "Npgsql", "Exception"];

    [Fact]
    public async Task Hostile_input_anywhere_is_a_4xx_problem_never_a_5xx_or_a_type_name()
    {
        var editor = fx.Client;
        var admin = fx.ClientFor(Roles.Admin);
        using var anonymous = fx.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var project = await CreateProjectAsync();
        var run = Guid.NewGuid().ToString("N")[..8];
        var fuzzUser = $"fuzz-target-{run}";
        await using (var db = NpgsqlDataSource.Create(fx.ConnectionString))
            await UserStore.AddUserAsync(db, fuzzUser, Roles.Staff, UserStore.NewPassword(), "test");

        var probes = new List<Probe>();

        // Query strings: every parameter each endpoint declares (read from the code), alone and all given twice, and hostile
        // parameter names. A small valid base query (the test zone, a few items) keeps the answers that pass validation cheap;
        // the fuzzed parameter replaces its base value. The public runs the items code with its own statuses and fields, so
        // it is fuzzed there too. Endpoints without parameters get an unknown one with the values the request guard must
        // catch (the others they ignore by design).
        var guarded = UrlValues.Where(v => v.Raw.Contains("%00") || v.Raw.Contains("%ED") || v.Raw.Length >= 8_000).ToArray();
        var small = new Dictionary<string, string> { ["zone"] = TestRows.Zone, ["limit"] = "5" };
        var queried = new (string Url, string[] Parameters, Dictionary<string, string> Base, HttpClient[] Clients, (string Label, string Raw)[] Values)[]
        {
            ("/collections/parcels/items", [.. Collection.Find("parcels")!.Parameters, .. QueryableParameters.Of("parcels").Select(q => q.Name)],
                small, [editor, anonymous], UrlValues),
            ("/collections/factories/items", [.. Collection.Find("factories")!.Parameters, .. QueryableParameters.Of("factories").Select(q => q.Name)],
                small, [editor], UrlValues),
            ("/collections/zones/items", Collection.Find("zones")!.Parameters, small, [editor], UrlValues),
            ("/api/stats", LandMap.Api.Stats.StatsApi.Parameters, new() { ["zone"] = TestRows.Zone }, [editor, anonymous], UrlValues),
            ("/api/search", LandMap.Api.Search.SearchApi.Parameters, new() { ["q"] = "TST" }, [editor, anonymous], UrlValues),
            ("/api/stats/absorption", LandMap.Api.Stats.AbsorptionApi.Parameters, new() { ["zone"] = TestRows.Zone }, [editor], UrlValues),
            ("/api/worklist/stale", LandMap.Api.Freshness.FreshnessApi.Parameters, new() { ["zone"] = TestRows.Zone, ["limit"] = "5" }, [editor], UrlValues),
            ("/api/projects", [.. ItemQueryParser.Paging, "stage"], new() { ["limit"] = "5" }, [editor], UrlValues),
            ("/api/reservations", ["projectId"], new() { ["projectId"] = $"{project}" }, [editor], UrlValues),
            ("/collections", ["x"], [], [editor, anonymous], guarded),
            ("/collections/parcels", ["x"], [], [editor], guarded),
            ("/collections/parcels/items/TST-01", ["x"], [], [editor, anonymous], guarded),
            ("/api/config", ["x"], [], [editor, anonymous], guarded),
            ("/api/auth/me", ["x"], [], [editor], guarded),
            ("/health/live", ["x"], [], [anonymous], guarded),
            ("/health/ready", ["x"], [], [anonymous], guarded),
            ("/openapi/v1.json", ["x"], [], [anonymous], guarded),
            ("/api/history/parcel/TST-01", ["x"], [], [editor], guarded),
            ("/collections/parcels/export", [.. LandMap.Api.Exports.ExportsApi.Parameters("parcels")], new() { ["zone"] = TestRows.Zone, ["format"] = "csv" },
                [editor, anonymous], UrlValues),
            ("/api/imports", ["x"], [], [editor], guarded),
            ("/api/imports/mappings", ["x"], [], [editor], guarded),
            ($"/api/projects/{project}", ["x"], [], [editor], guarded),
            ("/api/admin/users", ["x"], [], [admin], guarded),
            ("/api/admin/keys", ["x"], [], [admin], guarded),
        };
        static string Query(Dictionary<string, string> values, string? except) =>
            string.Concat(values.Where(kv => kv.Key != except).Select(kv => $"&{kv.Key}={kv.Value}"));
        foreach (var (url, parameters, baseQuery, clients, values) in queried)
            foreach (var client in clients)
            {
                var who = client == anonymous ? "public" : client == admin ? "admin" : "editor";
                foreach (var (label, raw) in values)
                {
                    foreach (var p in parameters)
                        probes.Add(new($"GET {url}?{p}=<{label}> ({who})", client, HttpMethod.Get, $"{url}?{p}={raw}{Query(baseQuery, p)}"));
                    if (parameters.Length > 1 && raw.Length < 100)
                        probes.Add(new($"GET {url} every parameter twice =<{label}> ({who})", client, HttpMethod.Get,
                            $"{url}?{string.Join('&', parameters.SelectMany(p => new[] { $"{p}={raw}", $"{p}=1" }))}"));
                    probes.Add(new($"GET {url}?<{label}>=1 ({who})", client, HttpMethod.Get, $"{url}?{raw}=1{Query(baseQuery, null)}"));
                }
            }

        // Path parameters.
        var projectJson = Json(BaseProject);
        var paths = new (HttpMethod Method, string Template, HttpClient Client, JsonObject? Body)[]
        {
            (HttpMethod.Get, "/collections/{x}", editor, null),
            (HttpMethod.Get, "/collections/{x}/items", editor, null),
            (HttpMethod.Get, "/collections/parcels/items/{x}", anonymous, null),
            (HttpMethod.Get, "/collections/parcels/items/{x}", editor, null),
            (HttpMethod.Get, "/collections/factories/items/{x}", editor, null),
            (HttpMethod.Get, "/collections/zones/items/{x}", editor, null),
            (HttpMethod.Get, "/api/projects/{x}", editor, null),
            (HttpMethod.Put, "/api/projects/{x}", editor, projectJson),
            (HttpMethod.Get, "/api/history/{x}/TST-01", editor, null),
            (HttpMethod.Get, "/api/history/parcel/{x}", editor, null),
            (HttpMethod.Delete, "/api/reservations/{x}", editor, null),
            (HttpMethod.Put, "/api/admin/users/{x}/disabled", admin, Json(new { disabled = false })),
            (HttpMethod.Delete, "/api/admin/keys/{x}", admin, null),
        };
        foreach (var (method, template, client, body) in paths)
            foreach (var (label, raw) in PathValues)
                probes.Add(new($"{method} {template} x=<{label}>", client, method, template.Replace("{x}", raw),
                    body is null ? null : () => JsonContent(Utf8(body.ToJsonString()), "application/json")));

        // JSON bodies: every field of every request record, one at a time, the others valid.
        var bodies = new BodyTarget[]
        {
            new("POST /api/projects", HttpMethod.Post, "/api/projects", editor, typeof(ProjectInput), projectJson),
            new("PUT /api/projects/{id}", HttpMethod.Put, $"/api/projects/{project}", editor, typeof(ProjectInput), projectJson),
            new("POST /api/match (inline project)", HttpMethod.Post, "/api/match", editor, typeof(MatchRequest),
                Json(new { project = BaseProject, pool = "auto", zones = new[] { TestRows.Zone } })),
            new("POST /api/match (projectId)", HttpMethod.Post, "/api/match", editor, typeof(MatchRequest),
                Json(new { projectId = project, pool = "both", zones = new[] { TestRows.Zone } })),
            // TST-04 is reserved: the request gets as far as the locked row and is refused (409), changing nothing.
            new("POST /api/reservations", HttpMethod.Post, "/api/reservations", editor, typeof(ReserveRequest),
                Json(new { projectId = project, kind = "parcel", code = "TST-04" })),
            new("POST /api/allocate", HttpMethod.Post, "/api/allocate", editor, typeof(AllocateRequest), Json(new { projectIds = new[] { project } })),
            new("POST /api/auth/login", HttpMethod.Post, "/api/auth/login", anonymous, typeof(LoginRequest),
                Json(new { name = "test-staff", password = "not-the-password-1" })),
            new("POST /api/admin/users", HttpMethod.Post, "/api/admin/users", admin, typeof(NewUserRequest),
                Json(new { name = $"fuzz-user-{run}", role = Roles.Staff, password = "fuzz-password-1" })),
            new("PUT /api/admin/users/{name}/disabled", HttpMethod.Put, $"/api/admin/users/{fuzzUser}/disabled", admin, typeof(DisabledRequest),
                Json(new { disabled = false })),
            new("POST /api/admin/keys", HttpMethod.Post, "/api/admin/keys", admin, typeof(NewKeyRequest),
                Json(new { name = $"fuzz-key-{run}", role = Roles.Staff })),
        };
        foreach (var t in bodies)
        {
            foreach (var path in FieldPaths(t.Shape, t.Base, []))
                foreach (var (label, raw) in JsonValues)
                    probes.Add(new($"{t.Label} {string.Join('.', path)}=<{label}>", t.Client, t.Method, t.Url,
                        () => JsonContent(WithValue(t.Base, path, raw), "application/json")));
            foreach (var (label, body, contentType, expect) in WholeBodies)
                probes.Add(new($"{t.Label} body=<{label}>", t.Client, t.Method, t.Url, () => JsonContent(body(), contentType), expect));
        }
        foreach (var (method, url, client) in new[]
                 {
                     (HttpMethod.Delete, "/api/reservations/987654321", editor), (HttpMethod.Delete, "/api/admin/keys/no-such-key", admin),
                     (HttpMethod.Post, "/api/auth/logout", anonymous),
                 })
            foreach (var (label, body, contentType, expect) in WholeBodies)
                probes.Add(new($"{method} {url} body=<{label}>", client, method, url, () => JsonContent(body(), contentType), expect));

        // Ledger imports: every query parameter with a small valid file, and hostile files. The file's one row lies in no
        // zone (and the dry run is the default), so nothing is ever written whatever the parameters say.
        var ledger = Utf8("宗地编号,用地性质,WKT\r\nFZ-01,M1,\"POLYGON((100 40, 100.001 40, 100.001 40.001, 100 40.001, 100 40))\"\r\n");
        ByteArrayContent File(byte[] bytes)
        {
            var c = new ByteArrayContent(bytes);
            c.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            return c;
        }
        string[] importParameters = ["fileName", "dryRun", "encoding", "centralMeridian", "repair", "mapping", "ownership", "areaTolerance", "retireMissing", "map.code", "map.wkt"];
        foreach (var (label, raw) in UrlValues.Where(v => v.Raw.Length < 8_000))
            foreach (var p in importParameters)
                probes.Add(new($"POST /api/imports/parcels?{p}=<{label}>", editor, HttpMethod.Post,
                    $"/api/imports/parcels?{(p == "fileName" ? "" : "fileName=a.csv&")}{p}={raw}", () => File(ledger)));
        var hostileFiles = new (string Name, byte[] Bytes)[]
        {
            ("a.csv", []), ("a.csv", new byte[70_000]), ("a.csv", Utf8("宗地编号,用地性质,WKT\r\nA\u0000B,M1,POINT(1 2)\r\n")),
            ("a.csv", Utf8("宗地编号,用地性质,面积（亩）,WKT\r\nFZ-02,M1,1e309,\"POLYGON((100 40, 100.001 40, 100.001 40.001, 100 40))\"\r\n")),
            ("a.csv", Utf8("宗地编号,用地性质,WKT\r\nFZ-03,M1,\"POLYGON((" + string.Join(", ", Enumerable.Range(0, 20_000).Select(i => $"{100 + i * 1e-7} 40")) + "))\"\r\n")),
            ("a.csv", Utf8("宗地编号,用地性质,WKT\r\nFZ-04,M1,\"POLYGON((NaN NaN, 1 1, 2 2, NaN NaN))\"\r\n")),
            ("a.geojson", Utf8("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1e309,1],[2,2],[3,1],[1e309,1]]]},"properties":{"宗地编号":"FZ-05"}}]}""")),
            ("a.geojson", Utf8(new string('[', 5000))), ("a.zip", Utf8("PK\u0003\u0004 not really")), ("a.gpkg", Utf8("SQLite format 3\u0000 broken")),
            ("a.xlsx", Utf8("PK\u0003\u0004")), ("../../etc/passwd", ledger), ("a.exe", ledger),
        };
        foreach (var (name, bytes) in hostileFiles)
            probes.Add(new($"POST /api/imports/parcels file=<{name}, {bytes.Length} bytes>", editor, HttpMethod.Post,
                $"/api/imports/parcels?fileName={Uri.EscapeDataString(name)}", () => File(bytes)));
        foreach (var (label, raw) in PathValues)
            probes.Add(new($"POST /api/imports/{{x}} x=<{label}>", editor, HttpMethod.Post, $"/api/imports/{raw}?fileName=a.csv", () => File(ledger)));
        var mapping = new BodyTarget("PUT /api/imports/mappings/{name}", HttpMethod.Put, "/api/imports/mappings/fuzz", editor, typeof(MappingRequest),
            Json(new { kind = "parcels", mapping = new Dictionary<string, string> { ["code"] = "宗地编号" } }));
        foreach (var path in FieldPaths(mapping.Shape, mapping.Base, []))
            foreach (var (label, raw) in JsonValues)
                probes.Add(new($"{mapping.Label} {string.Join('.', path)}=<{label}>", editor, HttpMethod.Put, mapping.Url,
                    () => JsonContent(WithValue(mapping.Base, path, raw), "application/json")));
        foreach (var (label, raw) in PathValues)
            probes.Add(new($"PUT /api/imports/mappings/{{x}} x=<{label}>", editor, HttpMethod.Put, $"/api/imports/mappings/{raw}",
                () => JsonContent(Utf8(mapping.Base.ToJsonString()), "application/json")));

        var failures = new ConcurrentQueue<string>();
        var byStatus = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (probe, ct) =>
        {
            using var req = new HttpRequestMessage(probe.Method, probe.Url) { Content = probe.Content?.Invoke() };
            using var res = await probe.Client.SendAsync(req, ct);
            var text = await res.Content.ReadAsStringAsync(ct);
            byStatus.AddOrUpdate((int)res.StatusCode, 1, (_, n) => n + 1);
            if (Fails(probe.Label, res, text, probe.Expect, out var failure)) failures.Enqueue(failure);
        });
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        var server = byStatus.Where(kv => kv.Key >= 500).Sum(kv => kv.Value);
        output.WriteLine($"fuzz: {probes.Count} requests, {server} responses ≥ 500, {failures.Count} failed checks, {clock.Elapsed.TotalSeconds:F1} s at {Parallelism} at once ({cpu.TotalSeconds:F1} s CPU in this process, client and server)");
        output.WriteLine("statuses: " + string.Join(", ", byStatus.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}")));
        foreach (var f in failures.Take(60)) output.WriteLine(f);

        // A stage the fuzz nulled (→ negotiating) made some of its projects open: close them again for batch allocation.
        await using (var db = NpgsqlDataSource.Create(fx.ConnectionString))
        await using (var close = db.CreateCommand("UPDATE projects SET stage = 'producing' WHERE investor = $1"))
        {
            close.Parameters.Add(new NpgsqlParameter { Value = FuzzInvestor });
            await close.ExecuteNonQueryAsync();
        }

        // A bad value stored by the fuzz would break the reads that return it.
        var staff = fx.ClientFor(Roles.Staff);
        foreach (var (client, url) in new[] { (staff, "/api/projects?limit=10000"), (staff, "/api/reservations"), (admin, "/api/admin/users"), (admin, "/api/admin/keys") })
        {
            using var res = await client.GetAsync(url);
            var text = await res.Content.ReadAsStringAsync();
            Assert.True(res.StatusCode == HttpStatusCode.OK, $"after the fuzz GET {url} → {(int)res.StatusCode}: {text}");
            JsonDocument.Parse(text).Dispose();
        }
        Assert.True(failures.IsEmpty, $"{failures.Count} of {probes.Count} answers failed; first: {string.Join(Environment.NewLine, failures.Take(20))}");
        Assert.Equal(0, server);
    }

    private static ByteArrayContent JsonContent(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
