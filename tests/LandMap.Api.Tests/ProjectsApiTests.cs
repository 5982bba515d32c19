using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace LandMap.Api.Tests;

/// <summary>
/// The project register: PATCH/PUT with If-Match, list filters, history, withdrawal, and what batch allocation leaves out.
/// Resources to hold are this class's own (zone PRJ, 101°E 31°N), made per test and dropped after it.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class ProjectsApiTests(LandMapFixture fx)
{
    private const string OwnZone = "PRJ";

    private async Task<(HttpStatusCode Status, JsonElement Body, string? ETag)> SendAsync(HttpMethod method, string url, object? body = null, string? ifMatch = null)
    {
        using var req = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null) req.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var res = await fx.Client.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), res.Headers.ETag?.Tag);
    }

    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 10)];

    /// <summary>A project in a stage no open batch takes (producing) unless a test says otherwise, so it never disturbs other tests' allocations.</summary>
    private async Task<long> CreateProjectAsync(string name, string stage = "producing", double landNeedMu = 1, string[]? zones = null)
    {
        var (status, body, etag) = await SendAsync(HttpMethod.Post, "/api/projects",
            new { name, pollutionClass = "1", investmentWan = 3000, landNeedMu, stage, investor = "测试投资方", industryChain = "新型显示", preferredZones = zones ?? [] });
        Assert.True(status == HttpStatusCode.Created, body.ToString());
        Assert.Equal("\"1\"", etag);
        return body.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Save_and_match_patches_the_same_project_instead_of_creating_another()
    {
        var name = Unique("保存并匹配");
        var id = await CreateProjectAsync(name);

        var (status, patched, etag) = await SendAsync(HttpMethod.Patch, $"/api/projects/{id}", new { investmentWan = 4500, note = "投资额调整" }, "\"1\"");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("\"2\"", etag);
        Assert.Equal(4500, patched.GetProperty("investmentWan").GetDouble());
        Assert.Equal(name, patched.GetProperty("name").GetString());           // untouched fields kept
        Assert.Equal(2, patched.GetProperty("version").GetInt32());

        (status, patched, etag) = await SendAsync(HttpMethod.Patch, $"/api/projects/{id}", new { jobs = 80, stage = "signed" }, etag);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("\"3\"", etag);
        Assert.Equal(4500, patched.GetProperty("investmentWan").GetDouble());

        // Saving the same values again changes nothing: no new version, no history row.
        (status, _, etag) = await SendAsync(HttpMethod.Patch, $"/api/projects/{id}", new { jobs = 80 }, etag);
        Assert.Equal((HttpStatusCode.OK, "\"3\""), (status, etag));

        var found = await fx.GetJsonAsync($"/api/projects?q={Uri.EscapeDataString(name)}");
        Assert.Equal(1, found.GetProperty("total").GetInt64());

        var history = await fx.GetJsonAsync($"/api/projects/{id}/history");
        Assert.Equal(("project", id.ToString()), (history.GetProperty("kind").GetString(), history.GetProperty("code").GetString()));
        var changes = history.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], changes.Select(c => c.GetProperty("version").GetInt32()));
        Assert.Equal(["create", "update", "status"], changes.Select(c => c.GetProperty("action").GetString()));
        Assert.All(changes, c => Assert.Equal("edit", c.GetProperty("source").GetString()));
        Assert.All(changes, c => Assert.Equal("key:test-editor-key", c.GetProperty("by").GetString()));
        var investment = changes[1].GetProperty("fields").GetProperty("investmentWan");
        Assert.Equal((3000, 4500), (investment.GetProperty("old").GetDouble(), investment.GetProperty("new").GetDouble()));
        Assert.Equal("投资额调整", changes[1].GetProperty("note").GetString());
        var stage = changes[2].GetProperty("fields").GetProperty("stage");
        Assert.Equal(("producing", "signed"), (stage.GetProperty("old").GetString(), stage.GetProperty("new").GetString()));
    }

    [Fact]
    public async Task Stale_or_missing_if_match_changes_nothing()
    {
        var id = await CreateProjectAsync(Unique("并发"));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Patch, $"/api/projects/{id}", new { jobs = 5 }, "\"1\"")).Status);

        var (status, problem, _) = await SendAsync(HttpMethod.Patch, $"/api/projects/{id}", new { jobs = 6 }, "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, status);
        Assert.Equal("version-mismatch", problem.GetProperty("code").GetString());

        (status, problem, _) = await SendAsync(HttpMethod.Patch, $"/api/projects/{id}", new { jobs = 7 });
        Assert.Equal(HttpStatusCode.PreconditionRequired, status);
        Assert.Equal("if-match-required", problem.GetProperty("code").GetString());

        var whole = new { name = "整体替换", pollutionClass = "1", investmentWan = 3000, landNeedMu = 1, stage = "producing" };
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await SendAsync(HttpMethod.Put, $"/api/projects/{id}", whole)).Status);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(HttpMethod.Put, $"/api/projects/{id}", whole, "\"1\"")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Patch, $"/api/projects/{id}", new { jobs = 8 }, "version 2")).Status);

        var (_, read, etag) = await SendAsync(HttpMethod.Get, $"/api/projects/{id}");
        Assert.Equal("\"2\"", etag);
        Assert.Equal(5, read.GetProperty("jobs").GetInt32());
        Assert.Equal(2, (await fx.GetJsonAsync($"/api/projects/{id}/history")).GetProperty("changes").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"landNeed":5}""", 400, "landNeed")]
    [InlineData("""{"jobs":"many"}""", 400, "jobs")]
    [InlineData("""{"stage":"done"}""", 422, "stage")]
    [InlineData("""{"investmentWan":null}""", 422, "investmentWan")]
    [InlineData("""{"note":7}""", 400, "note")]
    public async Task Bad_patch_is_a_problem_naming_the_field_and_changes_nothing(string json, int status, string field)
    {
        var id = await CreateProjectAsync(Unique("坏补丁"));
        using var req = new HttpRequestMessage(HttpMethod.Patch, $"/api/projects/{id}") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        req.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using var res = await fx.Client.SendAsync(req);
        Assert.Equal(status, (int)res.StatusCode);
        var problem = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        Assert.Equal(1, (await fx.GetJsonAsync($"/api/projects/{id}")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task List_filters_by_search_stage_and_zone_and_pages()
    {
        var token = Unique("检索");
        var parcel = await CreateOwnParcelAsync();
        try
        {
            var a = await CreateProjectAsync(token + "甲", "producing", zones: ["TST"]);
            var b = await CreateProjectAsync(token + "乙", "started");
            var c = await CreateProjectAsync(token + "丙", "producing");
            var reservation = await ReserveAsync(b, "parcel", parcel);

            async Task<List<long>> Ids(string query) =>
                (await fx.GetJsonAsync($"/api/projects?q={Uri.EscapeDataString(token)}&{query}")).GetProperty("items").EnumerateArray()
                    .Select(p => p.GetProperty("id").GetInt64()).ToList();

            Assert.Equal([a, b, c], await Ids("limit=10"));
            Assert.Equal([a, c], await Ids("stage=producing"));
            Assert.Equal([a, b, c], await Ids("stage=producing,started"));
            Assert.Equal([a], await Ids("zone=TST"));                // preferred zone
            Assert.Equal([b], await Ids($"zone={OwnZone}"));         // holds a parcel there
            Assert.Equal([b], await Ids("stage=started"));
            Assert.Equal([b], await Ids("limit=1&offset=1"));
            var page = await fx.GetJsonAsync($"/api/projects?q={Uri.EscapeDataString(token)}&limit=1&offset=2");
            Assert.Equal(3, page.GetProperty("total").GetInt64());
            Assert.Equal([c], page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
            Assert.Empty(await Ids("stage=withdrawn"));
            Assert.Equal([a, b, c], (await fx.GetJsonAsync("/api/projects?q=测试投资方&limit=1000")).GetProperty("items").EnumerateArray()
                .Select(p => p.GetProperty("id").GetInt64()).Where(id => id == a || id == b || id == c)); // investor searched too
            Assert.Empty((await fx.GetJsonAsync("/api/projects?q=%25%25%25no-such%25")).GetProperty("items").EnumerateArray());

            // The list and the detail show what a project holds, with the resource's status now.
            var held = (await fx.GetJsonAsync($"/api/projects/{b}")).GetProperty("resources").EnumerateArray().Single();
            Assert.Equal(("parcel", parcel, OwnZone, "reserved", reservation),
                (held.GetProperty("kind").GetString(), held.GetProperty("code").GetString(), held.GetProperty("zoneCode").GetString(),
                 held.GetProperty("status").GetString(), held.GetProperty("reservationId").GetInt64()));
            Assert.Empty((await fx.GetJsonAsync($"/api/projects/{a}")).GetProperty("resources").EnumerateArray());
            await SendAsync(HttpMethod.Delete, $"/api/reservations/{reservation}");
        }
        finally
        {
            await DropOwnRowsAsync(parcel);
        }

        foreach (var bad in new[] { "stage=done", "limit=0", "zone2=TST", "q=" + new string('x', 201) })
        {
            var (status, problem, _) = await SendAsync(HttpMethod.Get, "/api/projects?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(JsonValueKind.String, problem.GetProperty("code").ValueKind);
        }
    }

    [Fact]
    public async Task Withdrawing_a_project_releases_its_reservations_in_one_transaction()
    {
        var parcel = await CreateOwnParcelAsync();
        var factory = await CreateOwnFactoryAsync(2000);
        try
        {
            var name = Unique("撤回");
            var id = await CreateProjectAsync(name, "negotiating");
            await SendAsync(HttpMethod.Patch, $"/api/projects/{id}", new { floorNeedM2 = 1200, stage = "producing" }, "\"1\"");
            var onParcel = await ReserveAsync(id, "parcel", parcel);
            var onFactory = await ReserveAsync(id, "factory", factory);
            Assert.Equal(2, (await fx.GetJsonAsync($"/api/projects/{id}")).GetProperty("resources").GetArrayLength());
            Assert.Equal((800.0, "idle"), await FactoryAsync(factory));

            var (status, withdrawn, etag) = await SendAsync(HttpMethod.Patch, $"/api/projects/{id}", new { stage = "withdrawn", note = "企业放弃" }, "\"2\"");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("\"3\"", etag);
            Assert.Equal("withdrawn", withdrawn.GetProperty("stage").GetString());
            Assert.Empty(withdrawn.GetProperty("resources").EnumerateArray());
            Assert.Equal("idle", await ParcelStatusAsync(parcel));
            Assert.Equal((2000.0, "idle"), await FactoryAsync(factory));

            var released = (await fx.GetJsonAsync($"/api/reservations?projectId={id}")).EnumerateArray().ToList();
            Assert.Equal([onParcel, onFactory], released.Select(r => r.GetProperty("id").GetInt64()));
            Assert.All(released, r => Assert.NotEqual(JsonValueKind.Null, r.GetProperty("releasedAt").ValueKind));

            // The resources' history names the project; the project's own change is an edit with the note.
            var (source, note) = await LastChangeAsync(parcel);
            Assert.Equal("reservation", source);
            Assert.Contains($"项目 #{id} {name} 撤回", note);
            var last = (await fx.GetJsonAsync($"/api/projects/{id}/history")).GetProperty("changes").EnumerateArray().Last();
            Assert.Equal(("edit", "企业放弃"), (last.GetProperty("source").GetString(), last.GetProperty("note").GetString()));

            // A withdrawn project holds nothing new.
            var (again, problem, _) = await SendAsync(HttpMethod.Post, "/api/reservations", new { projectId = id, kind = "parcel", code = parcel });
            Assert.Equal(HttpStatusCode.Conflict, again);
            Assert.Equal("project-withdrawn", problem.GetProperty("code").GetString());
        }
        finally
        {
            await DropOwnRowsAsync(parcel, factory);
        }
    }

    [Fact]
    public async Task Withdrawal_that_would_overwrite_a_ledger_status_is_refused_and_changes_nothing()
    {
        var parcel = await CreateOwnParcelAsync();
        try
        {
            var id = await CreateProjectAsync(Unique("撤回冲突"));
            var reservation = await ReserveAsync(id, "parcel", parcel);
            await ExecAsync("UPDATE parcels SET status = 'allocated' WHERE code = $1", parcel); // granted meanwhile

            var (status, problem, _) = await SendAsync(HttpMethod.Patch, $"/api/projects/{id}", new { stage = "withdrawn" }, "\"1\"");
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Equal("resource-unavailable", problem.GetProperty("code").GetString());
            var project = await fx.GetJsonAsync($"/api/projects/{id}");
            Assert.Equal(("producing", 1), (project.GetProperty("stage").GetString(), project.GetProperty("version").GetInt32()));
            Assert.Equal(reservation, project.GetProperty("resources")[0].GetProperty("reservationId").GetInt64());
            Assert.Equal("allocated", await ParcelStatusAsync(parcel));
        }
        finally
        {
            await DropOwnRowsAsync(parcel);
        }
    }

    [Fact]
    public async Task Allocation_never_takes_a_withdrawn_project_and_skips_a_held_one_unless_asked()
    {
        var parcel = await CreateOwnParcelAsync();
        try
        {
            var withdrawn = await CreateProjectAsync(Unique("已撤回"), "withdrawn", landNeedMu: 1);
            var held = await CreateProjectAsync(Unique("已持有"), "negotiating", landNeedMu: 1);
            await ReserveAsync(held, "parcel", parcel);
            var free = await CreateProjectAsync(Unique("未持有"), "producing", landNeedMu: 1);

            var (status, result, _) = await SendAsync(HttpMethod.Post, "/api/allocate", new { projectIds = new[] { withdrawn, held, free } });
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(1, result.GetProperty("projects").GetInt32());
            Assert.Equal([(withdrawn, "withdrawn"), (held, "held")], Skipped(result));
            Assert.DoesNotContain(withdrawn, Considered(result));
            Assert.DoesNotContain(held, Considered(result));
            Assert.Contains(free, Considered(result));

            (_, result, _) = await SendAsync(HttpMethod.Post, "/api/allocate", new { projectIds = new[] { withdrawn, held }, includeHeld = true });
            Assert.Equal([(withdrawn, "withdrawn")], Skipped(result));
            Assert.Contains(held, Considered(result));

            // All open projects: the held one is left out of the batch, unless asked.
            (_, result, _) = await SendAsync(HttpMethod.Post, "/api/allocate", new { });
            Assert.DoesNotContain(held, Considered(result));
            Assert.DoesNotContain(withdrawn, Considered(result));
            (_, result, _) = await SendAsync(HttpMethod.Post, "/api/allocate", new { includeHeld = true });
            Assert.Contains(held, Considered(result));
            Assert.DoesNotContain(withdrawn, Considered(result));
            await PatchStageAsync(held, "producing", 1);
        }
        finally
        {
            await DropOwnRowsAsync(parcel);
        }
    }

    private static List<(long, string)> Skipped(JsonElement result) =>
        result.GetProperty("skipped").EnumerateArray().Select(s => (s.GetProperty("projectId").GetInt64(), s.GetProperty("why").GetString()!)).ToList();

    /// <summary>Every project the pools looked at: assigned or unassigned, land or factory.</summary>
    private static List<long> Considered(JsonElement result) =>
        new[] { "land", "factory" }.SelectMany(pool => new[] { "assignments", "unassigned" }
            .SelectMany(list => result.GetProperty(pool).GetProperty(list).EnumerateArray().Select(p => p.GetProperty("projectId").GetInt64()))).ToList();

    private async Task PatchStageAsync(long id, string stage, int version)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Patch, $"/api/projects/{id}", new { stage }, $"\"{version}\"");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    private async Task<long> ReserveAsync(long project, string kind, string code)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/reservations", new { projectId = project, kind, code });
        Assert.True(status == HttpStatusCode.Created, $"reserving {code}: {(int)status} {body}");
        return body.GetProperty("id").GetInt64();
    }

    private async Task<string> CreateOwnParcelAsync()
    {
        await EnsureOwnZoneAsync();
        var code = Unique("PRJ-");
        await ExecAsync("""
            INSERT INTO parcels (code, zone_code, geom, area_mu, gk_central_meridian, land_use, land_use_original, ownership, status)
            VALUES ($1, $2, ST_Multi(ST_MakeEnvelope(101.0, 31.0, 101.0005, 31.0005, 4490)), 1, 99, '100101', '100101', 'state', 'idle')
            """, code, OwnZone);
        return code;
    }

    private async Task<string> CreateOwnFactoryAsync(double vacantM2)
    {
        await EnsureOwnZoneAsync();
        var code = Unique("PRJ-F");
        await ExecAsync("""
            INSERT INTO factories (code, zone_code, geom, footprint_m2, total_floor_m2, vacant_floor_m2, floors, status)
            VALUES ($1, $2, ST_Multi(ST_MakeEnvelope(101.001, 31.0, 101.0015, 31.0005, 4490)), 2500, 5000, $3, 2, 'idle')
            """, code, OwnZone, vacantM2);
        return code;
    }

    private Task EnsureOwnZoneAsync() => ExecAsync("""
        INSERT INTO zones (code, name_zh, name_en, level, city, geom, area_mu)
        VALUES ($1, '项目测试区', 'Project register test zone', 'provincial', '测试', ST_Multi(ST_MakeEnvelope(100.99, 30.99, 101.01, 31.01, 4490)), 1000)
        ON CONFLICT (code) DO NOTHING
        """, OwnZone);

    /// <summary>Removes our resources with their reservations and history (the projects stay: they are closed or producing).</summary>
    private async Task DropOwnRowsAsync(params string[] codes)
    {
        object all = codes; // one array parameter, not the params list
        await ExecAsync("DELETE FROM reservations WHERE resource_code = ANY($1)", all);
        await ExecAsync("DELETE FROM changes WHERE kind <> 'project' AND code = ANY($1)", all);
        await ExecAsync("DELETE FROM parcels WHERE code = ANY($1)", all);
        await ExecAsync("DELETE FROM factories WHERE code = ANY($1)", all);
    }

    private async Task<string> ParcelStatusAsync(string code) => (string)(await ScalarAsync("SELECT status FROM parcels WHERE code = $1", code))!;

    private async Task<(double, string)> FactoryAsync(string code)
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT vacant_floor_m2, status FROM factories WHERE code = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = code });
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetDouble(0), r.GetString(1));
    }

    private async Task<(string Source, string Note)> LastChangeAsync(string code)
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT source, note FROM changes WHERE code = $1 ORDER BY id DESC LIMIT 1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = code });
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetString(0), r.GetString(1));
    }

    private async Task<object?> ScalarAsync(string sql, params object[] values)
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        return await cmd.ExecuteScalarAsync();
    }

    private async Task ExecAsync(string sql, params object[] values) => await ScalarAsync(sql, values);

    /// <summary>
    /// PATCH {"stage": null} once reset a producing project to negotiating (the whole-project default), and "name" with
    /// "Name" in one body threw while the object was indexed: a 500. Both are refused, and the project is unchanged.
    /// </summary>
    [Theory]
    [InlineData("""{"stage": null}""", HttpStatusCode.UnprocessableEntity, "stage")]
    [InlineData("""{"Stage": null, "note": "x"}""", HttpStatusCode.UnprocessableEntity, "stage")]
    [InlineData("""{"name": "a", "Name": "b"}""", HttpStatusCode.BadRequest, "body")]
    public async Task Patch_that_would_empty_the_stage_or_names_a_field_twice_is_refused_and_changes_nothing(string json, HttpStatusCode expected, string field)
    {
        var id = await CreateProjectAsync(Unique("不变项目"));

        using var req = new HttpRequestMessage(HttpMethod.Patch, $"/api/projects/{id}") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        req.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using var res = await fx.Client.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();

        Assert.True(res.StatusCode == expected, text);
        Assert.Equal(field, JsonDocument.Parse(text).RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
        var (_, after, etag) = await SendAsync(HttpMethod.Get, $"/api/projects/{id}");
        Assert.Equal(("producing", "\"1\""), (after.GetProperty("stage").GetString(), etag));
    }
}
