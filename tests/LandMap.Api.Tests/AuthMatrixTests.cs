using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LandMap.Api.Access;
using LandMap.Core.Access;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace LandMap.Api.Tests;

/// <summary>
/// Every endpoint × every caller (the public, an API key of each role, a cookie session of each role): who may call what,
/// and that every refusal is a problem with a stable code. Requests are built so the success path really runs: each cell
/// prepares the rows it needs (its own projects, users, keys, and a parcel in a zone of its own for reservations) and
/// removes what other tests could notice.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class AuthMatrixTests(LandMapFixture fx, ITestOutputHelper output)
{
    private enum Level { Public, Staff, Editor, Admin }

    /// <summary>One request of a cell; <see cref="Cleanup"/> runs whatever the answer was.</summary>
    private sealed record Call(HttpMethod Method, string Path, object? Body = null, Func<Task>? Cleanup = null, string? IfMatch = null);

    private sealed record Endpoint(string Name, Level Level, HttpStatusCode Success, Func<AuthMatrixTests, Task<Call>> Prepare);

    private sealed record Caller(string Name, string Role, bool Cookie);

    private static readonly Caller[] Callers =
    [
        new("public", Roles.Public, false),
        new("staff key", Roles.Staff, false), new("editor key", Roles.Editor, false), new("admin key", Roles.Admin, false),
        new("staff cookie", Roles.Staff, true), new("editor cookie", Roles.Editor, true), new("admin cookie", Roles.Admin, true),
    ];

    private static ByteArrayContent LedgerFile(string csv)
    {
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private static Endpoint Get(string path, Level level) => new($"GET {path}", level, HttpStatusCode.OK, _ => Task.FromResult(new Call(HttpMethod.Get, path)));

    private static readonly Endpoint[] Endpoints =
    [
        Get("/collections", Level.Public),
        Get("/collections/parcels", Level.Public),
        Get("/collections/parcels/items?zone=TST&limit=5", Level.Public),
        Get("/collections/parcels/items/TST-01", Level.Public),
        Get("/api/stats?zone=TST", Level.Public),
        Get("/api/search?q=TST", Level.Public),
        Get("/api/config", Level.Public),
        Get("/api/auth/me", Level.Public),
        Get("/health/live", Level.Public),
        Get("/health/ready", Level.Public),
        Get("/openapi/v1.json", Level.Public),
        Get("/collections/parcels/export?format=csv&zone=TST", Level.Public),
        Get("/api/imports", Level.Staff),
        Get("/api/stats/absorption?zone=TST", Level.Staff),
        Get("/api/worklist/stale?zone=TST", Level.Staff),
        Get("/api/imports/mappings", Level.Staff),
        // A dry run of a one-row ledger whose row lies in no zone: it runs the whole import and writes nothing.
        new("POST /api/imports/parcels", Level.Editor, HttpStatusCode.OK, _ => Task.FromResult(new Call(HttpMethod.Post, "/api/imports/parcels?fileName=a.csv",
            LedgerFile("宗地编号,用地性质,WKT\r\nAMX-I1,M1,\"POLYGON((100 40, 100.001 40, 100.001 40.001, 100 40.001, 100 40))\"\r\n")))),
        new("PUT /api/imports/mappings/{name}", Level.Editor, HttpStatusCode.OK, _ => Task.FromResult(new Call(HttpMethod.Put,
            "/api/imports/mappings/auth-matrix", new { kind = "parcels", mapping = new Dictionary<string, string> { ["code"] = "地块号" } }))),

        Get("/api/projects", Level.Staff),
        new("GET /api/projects/{id}", Level.Staff, HttpStatusCode.OK,
            async t => new Call(HttpMethod.Get, $"/api/projects/{await t.CreateProjectAsync()}")),
        new("POST /api/match", Level.Staff, HttpStatusCode.OK,
            _ => Task.FromResult(new Call(HttpMethod.Post, "/api/match", new { project = Project("权限矩阵匹配"), zones = new[] { TestRows.Zone } }))),
        Get("/api/reservations", Level.Staff),
        Get("/api/history/parcel/TST-01", Level.Staff),

        new("POST /api/projects", Level.Editor, HttpStatusCode.Created,
            _ => Task.FromResult(new Call(HttpMethod.Post, "/api/projects", Project("权限矩阵新建")))),
        new("GET /api/projects/{id}/history", Level.Staff, HttpStatusCode.OK,
            async t => new Call(HttpMethod.Get, $"/api/projects/{await t.CreateProjectAsync()}/history")),
        new("PUT /api/projects/{id}", Level.Editor, HttpStatusCode.OK,
            async t => new Call(HttpMethod.Put, $"/api/projects/{await t.CreateProjectAsync()}", Project("权限矩阵修改"), IfMatch: "\"1\"")),
        new("PATCH /api/projects/{id}", Level.Editor, HttpStatusCode.OK,
            async t => new Call(HttpMethod.Patch, $"/api/projects/{await t.CreateProjectAsync()}", new { jobs = 12 }, IfMatch: "\"1\"")),
        new("POST /api/reservations", Level.Editor, HttpStatusCode.Created, async t =>
        {
            var project = await t.CreateProjectAsync();
            var parcel = await t.CreateOwnParcelAsync();
            return new Call(HttpMethod.Post, "/api/reservations", new { projectId = project, kind = "parcel", code = parcel }, () => t.DropOwnParcelAsync(parcel));
        }),
        new("DELETE /api/reservations/{id}", Level.Editor, HttpStatusCode.OK, async t =>
        {
            var project = await t.CreateProjectAsync();
            var parcel = await t.CreateOwnParcelAsync();
            return new Call(HttpMethod.Delete, $"/api/reservations/{await t.ReserveAsync(project, parcel)}", Cleanup: () => t.DropOwnParcelAsync(parcel));
        }),
        new("POST /api/allocate", Level.Editor, HttpStatusCode.OK,
            async t => new Call(HttpMethod.Post, "/api/allocate", new { projectIds = new[] { await t.CreateProjectAsync() } })),

        Get("/api/admin/users", Level.Admin),
        new("POST /api/admin/users", Level.Admin, HttpStatusCode.Created,
            _ => Task.FromResult(new Call(HttpMethod.Post, "/api/admin/users", new { name = UniqueName("amx-user"), role = Roles.Staff }))),
        new("PUT /api/admin/users/{name}/disabled", Level.Admin, HttpStatusCode.OK,
            async t => new Call(HttpMethod.Put, $"/api/admin/users/{await t.CreateUserAsync(Roles.Staff, UserStore.NewPassword())}/disabled", new { disabled = false })),
        Get("/api/admin/keys", Level.Admin),
        new("POST /api/admin/keys", Level.Admin, HttpStatusCode.Created,
            _ => Task.FromResult(new Call(HttpMethod.Post, "/api/admin/keys", new { name = UniqueName("amx-key"), role = Roles.Staff }))),
        new("DELETE /api/admin/keys/{name}", Level.Admin, HttpStatusCode.OK,
            async t => new Call(HttpMethod.Delete, $"/api/admin/keys/{(await t.CreateKeyAsync(Roles.Staff)).Name}")),
    ];

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var e in Endpoints)
            foreach (var c in Callers) data.Add(e.Name, c.Name);
        return data;
    }

    /// <summary>The answer a caller of <paramref name="role"/> gets from an endpoint of <paramref name="level"/>: success, 401 or 403.</summary>
    private static HttpStatusCode Expected(Endpoint e, string role) =>
        Roles.Rank(role) >= (int)e.Level ? e.Success
        : role == Roles.Public ? HttpStatusCode.Unauthorized
        : HttpStatusCode.Forbidden;

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_endpoint_answers_each_caller_by_its_access_level(string endpoint, string caller)
    {
        var e = Endpoints.Single(x => x.Name == endpoint);
        var c = Callers.Single(x => x.Name == caller);
        var (status, problem) = await RunCellAsync(e, c);
        output.WriteLine($"{endpoint} as {caller}: {(int)status}{(problem is null ? "" : " " + problem)}");
        Assert.Null(CellFailure(e, c, status, problem));
    }

    [Fact]
    public async Task The_whole_matrix_prints_as_a_table()
    {
        var failures = new List<string>();
        var table = new StringBuilder();
        var first = Endpoints.Max(e => e.Name.Length) + 2;
        table.Append("endpoint".PadRight(first));
        foreach (var c in Callers) table.Append(c.Name.PadLeft(14));
        table.AppendLine();
        foreach (var e in Endpoints)
        {
            table.Append(e.Name.PadRight(first));
            foreach (var c in Callers)
            {
                var (status, problem) = await RunCellAsync(e, c);
                var failure = CellFailure(e, c, status, problem);
                if (failure is not null) failures.Add(failure);
                table.Append(((failure is null ? "" : "!") + (int)status).PadLeft(14));
            }
            table.AppendLine();
        }
        table.AppendLine("(401/403 cells are application/problem+json with code unauthorized/forbidden; ! marks a cell that differs from the expected)");
        output.WriteLine(table.ToString());
        Assert.Empty(failures);
    }

    private static string? CellFailure(Endpoint e, Caller c, HttpStatusCode status, string? problemCode)
    {
        var expected = Expected(e, c.Role);
        if (status != expected) return $"{e.Name} as {c.Name}: expected {(int)expected}, got {(int)status} ({problemCode})";
        var code = status switch { HttpStatusCode.Unauthorized => "unauthorized", HttpStatusCode.Forbidden => "forbidden", _ => null };
        return code is not null && problemCode != code ? $"{e.Name} as {c.Name}: {(int)status} with code '{problemCode}', expected '{code}'" : null;
    }

    /// <summary>Sends the cell's request; the problem's code (or a description of a malformed problem) for 4xx answers.</summary>
    private async Task<(HttpStatusCode Status, string? Problem)> RunCellAsync(Endpoint e, Caller c)
    {
        var call = await e.Prepare(this);
        try
        {
            var client = c.Role == Roles.Public ? fx.Anonymous : c.Cookie ? await CookieClientAsync(c.Role) : fx.ClientFor(c.Role);
            using var req = new HttpRequestMessage(call.Method, call.Path) { Content = call.Body switch { null => null, HttpContent file => file, var json => JsonContent.Create(json) } };
            if (call.IfMatch is not null) req.Headers.TryAddWithoutValidation("If-Match", call.IfMatch);
            using var res = await client.SendAsync(req);
            var text = await res.Content.ReadAsStringAsync();
            return ((int)res.StatusCode >= 400 ? (res.StatusCode, ProblemCode(res, text)) : (res.StatusCode, null));
        }
        finally
        {
            if (call.Cleanup is not null) await call.Cleanup();
        }
    }

    /// <summary>The problem's code; a description instead when the answer is not application/problem+json with a code.</summary>
    internal static string ProblemCode(HttpResponseMessage res, string text)
    {
        if (res.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"(not a problem: {res.Content.Headers.ContentType?.MediaType ?? "no content type"})";
        try
        {
            return JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString()! : "(problem without a code)";
        }
        catch (JsonException)
        {
            return "(problem that is not JSON)";
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage res, HttpStatusCode status, string code)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == status, $"expected {(int)status}, got {(int)res.StatusCode}: {text}");
        Assert.Equal(code, ProblemCode(res, text));
    }

    // ---------------------------------------------------------------- sessions, keys and users

    [Fact]
    public async Task A_revoked_key_is_401_invalid_api_key_at_once()
    {
        var (name, key) = await CreateKeyAsync(Roles.Editor);
        using var client = fx.Factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, key);
        using (var before = await client.GetAsync("/api/projects")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using (var revoke = await fx.ClientFor(Roles.Admin).DeleteAsync($"/api/admin/keys/{name}"))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        using (var after = await client.GetAsync("/api/projects")) await AssertProblemAsync(after, HttpStatusCode.Unauthorized, "invalid-api-key");
        // Not a fall-back to the public view either.
        using (var publicRead = await client.GetAsync("/collections")) await AssertProblemAsync(publicRead, HttpStatusCode.Unauthorized, "invalid-api-key");
    }

    [Fact]
    public async Task A_disabled_users_cookie_stops_working_on_the_next_request()
    {
        var password = UserStore.NewPassword();
        var name = await CreateUserAsync(Roles.Editor, password);
        var (client, _) = await SignInAsync(name, password);
        using (client)
        {
            using (var before = await client.GetAsync("/api/projects")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

            using (var disable = await fx.ClientFor(Roles.Admin).PutAsJsonAsync($"/api/admin/users/{name}/disabled", new { disabled = true }))
                Assert.Equal(HttpStatusCode.OK, disable.StatusCode);

            using (var after = await client.GetAsync("/api/projects")) await AssertProblemAsync(after, HttpStatusCode.Unauthorized, "unauthorized");
            var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
            Assert.Equal(Roles.Public, me.GetProperty("role").GetString());
        }
        // Nor can the disabled user sign in again.
        using var anonymous = fx.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var again = await anonymous.PostAsJsonAsync("/api/auth/login", new { name, password });
        await AssertProblemAsync(again, HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [Fact]
    public async Task Sign_in_with_a_wrong_password_is_401_invalid_credentials()
    {
        using var client = fx.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var res = await client.PostAsJsonAsync("/api/auth/login", new { name = "test-editor", password = "not-the-password-1" });
        await AssertProblemAsync(res, HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.False(res.Headers.Contains("Set-Cookie"));
        using var unknown = await client.PostAsJsonAsync("/api/auth/login", new { name = "no-such-user", password = "not-the-password-1" });
        await AssertProblemAsync(unknown, HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    // ---------------------------------------------------------------- CSRF and CORS

    private const string ProjectJson = """{"name":"CSRF 测试","pollutionClass":"1","investmentWan":1000,"landNeedMu":5,"stage":"producing"}""";

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data")]
    public async Task A_cookie_write_that_is_not_json_is_415(string contentType)
    {
        var (client, token) = await SignInAsync("test-editor", fx.Passwords["test-editor"]);
        using (client)
        {
            HttpContent content = contentType switch
            {
                "application/x-www-form-urlencoded" => new FormUrlEncodedContent([new("name", "CSRF 测试"), new("pollutionClass", "1")]),
                "multipart/form-data" => new MultipartFormDataContent { { new StringContent(ProjectJson), "project" } },
                _ => new StringContent(ProjectJson, Encoding.UTF8, contentType),
            };
            using var req = new HttpRequestMessage(HttpMethod.Post, "/api/projects") { Content = content };
            req.Headers.Add(AccessSetup.CsrfHeader, token);
            using var res = await client.SendAsync(req);
            await AssertProblemAsync(res, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        }
    }

    [Fact]
    public async Task A_cookie_json_write_needs_the_csrf_header()
    {
        var (client, token) = await SignInAsync("test-editor", fx.Passwords["test-editor"]);
        using (client)
        {
            using (var without = await client.PostAsync("/api/projects", new StringContent(ProjectJson, Encoding.UTF8, "application/json")))
                await AssertProblemAsync(without, HttpStatusCode.Forbidden, "csrf-token-invalid");

            using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/projects") { Content = new StringContent(ProjectJson, Encoding.UTF8, "application/json") };
            wrong.Headers.Add(AccessSetup.CsrfHeader, "not-a-token");
            using (var res = await client.SendAsync(wrong)) await AssertProblemAsync(res, HttpStatusCode.Forbidden, "csrf-token-invalid");

            using var with = new HttpRequestMessage(HttpMethod.Post, "/api/projects") { Content = new StringContent(ProjectJson, Encoding.UTF8, "application/json") };
            with.Headers.Add(AccessSetup.CsrfHeader, token);
            using (var res = await client.SendAsync(with)) Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        }
    }

    [Theory]
    [InlineData("/collections/parcels/tiles/WebMercatorQuad/8/a/b")] // a tile address that is not numbers
    [InlineData("/collections/parcels/tiles/NoSuchMatrixSet/8/1/1")]
    [InlineData("/api/no-such-endpoint")]
    [InlineData("/no-such-page.js")]
    public async Task A_path_nothing_serves_is_a_404_problem_for_the_public_too_not_a_request_to_sign_in(string path)
    {
        using (var res = await fx.Anonymous.GetAsync(path)) await AssertProblemAsync(res, HttpStatusCode.NotFound, "not-found");
        using (var res = await fx.Client.GetAsync(path)) await AssertProblemAsync(res, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Another_origin_gets_no_cors_headers_by_default()
    {
        const string evil = "https://evil.example";
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/projects");
        preflight.Headers.Add("Origin", evil);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type, x-api-key, x-csrf-token");
        using (var res = await fx.Anonymous.SendAsync(preflight)) AssertNoCors(res);

        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/projects") { Content = new StringContent(ProjectJson, Encoding.UTF8, "application/json") };
        post.Headers.Add("Origin", evil);
        using (var res = await fx.Client.SendAsync(post))
        {
            Assert.Equal(HttpStatusCode.Created, res.StatusCode);
            AssertNoCors(res);
        }

        using var read = new HttpRequestMessage(HttpMethod.Get, "/collections");
        read.Headers.Add("Origin", evil);
        using (var res = await fx.Anonymous.SendAsync(read)) AssertNoCors(res);
    }

    private static void AssertNoCors(HttpResponseMessage res)
    {
        Assert.False(res.Headers.Contains("Access-Control-Allow-Origin"), $"{(int)res.StatusCode}: Access-Control-Allow-Origin sent");
        Assert.False(res.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.False(res.Headers.Contains("Access-Control-Allow-Methods"));
    }

    // ---------------------------------------------------------------- helpers

    private static readonly ConcurrentDictionary<(string Database, string Role), Task<(HttpClient Client, string Token)>> Sessions = new();

    /// <summary>One cookie session per role for the whole run: signing in costs a password hash.</summary>
    private async Task<HttpClient> CookieClientAsync(string role)
    {
        var (client, token) = await Sessions.GetOrAdd((fx.DatabaseName, role), _ => SignInAsync($"test-{role}", fx.Passwords[$"test-{role}"]));
        if (!client.DefaultRequestHeaders.Contains(AccessSetup.CsrfHeader)) client.DefaultRequestHeaders.Add(AccessSetup.CsrfHeader, token);
        return client;
    }

    /// <summary>A cookie session without the CSRF header set, and its token.</summary>
    private async Task<(HttpClient Client, string Token)> SignInAsync(string name, string password)
    {
        var client = fx.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        using var res = await client.PostAsJsonAsync("/api/auth/login", new { name, password });
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"sign-in as {name}: {(int)res.StatusCode} {body}");
        return (client, JsonDocument.Parse(body).RootElement.GetProperty("csrfToken").GetString()!);
    }

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A valid project that is not open ("producing"), so batch allocation over open projects never takes it.</summary>
    private static object Project(string name) =>
        new { name, pollutionClass = "1", investmentWan = 3000, landNeedMu = 10, stage = "producing" };

    private async Task<long> CreateProjectAsync()
    {
        using var res = await fx.Client.PostAsJsonAsync("/api/projects", Project("权限矩阵项目"));
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    private async Task<long> ReserveAsync(long project, string parcel)
    {
        using var res = await fx.Client.PostAsJsonAsync("/api/reservations", new { projectId = project, kind = "parcel", code = parcel });
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.Created, $"reserving {parcel}: {(int)res.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    private async Task<string> CreateUserAsync(string role, string password)
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        return (await UserStore.AddUserAsync(db, UniqueName("amx-user"), role, password, "test")).Name;
    }

    private async Task<(string Name, string Key)> CreateKeyAsync(string role)
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        var (info, key) = await UserStore.AddKeyAsync(db, UniqueName("amx-key"), role, "test");
        return (info.Name, key);
    }

    /// <summary>Zone of this class's own parcels, far from the demo zones and TST (100°E 30°N), existing only while a cell runs.</summary>
    private const string OwnZone = "AMX";

    /// <summary>An idle 1-mu parcel of our own to reserve: reserving TST or demo parcels would change rows other tests read.</summary>
    private async Task<string> CreateOwnParcelAsync()
    {
        var code = UniqueName("AMX");
        await ExecAsync("""
            INSERT INTO zones (code, name_zh, name_en, level, city, geom, area_mu)
            VALUES ($1, '权限测试区', 'Auth matrix zone', 'provincial', '测试', ST_Multi(ST_MakeEnvelope(99.99, 29.99, 100.01, 30.01, 4490)), 1000)
            ON CONFLICT (code) DO NOTHING
            """, OwnZone);
        await ExecAsync("""
            INSERT INTO parcels (code, zone_code, geom, area_mu, gk_central_meridian, land_use, land_use_original, ownership, status)
            VALUES ($1, $2, ST_Multi(ST_MakeEnvelope(100.0, 30.0, 100.0005, 30.0005, 4490)), 1, 99, '100101', '100101', 'state', 'idle')
            """, code, OwnZone);
        return code;
    }

    /// <summary>Removes the parcel with its reservations and history, and the zone once it is empty.</summary>
    private async Task DropOwnParcelAsync(string code)
    {
        await ExecAsync("DELETE FROM reservations WHERE resource_code = $1", code);
        await ExecAsync("DELETE FROM changes WHERE code = $1", code);
        await ExecAsync("DELETE FROM parcels WHERE code = $1", code);
        await ExecAsync("DELETE FROM zones WHERE code = $1 AND NOT EXISTS (SELECT 1 FROM parcels WHERE zone_code = $1)", OwnZone);
    }

    private async Task ExecAsync(string sql, params object[] values)
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await cmd.ExecuteNonQueryAsync();
    }
}
