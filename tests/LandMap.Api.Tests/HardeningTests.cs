using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LandMap.Api.Database;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LandMap.Api.Tests;

/// <summary>Limits, problem texts, races and consistency: the parts of "safe to hold real data" that are not about roles.</summary>
[Collection(LandMapCollection.Name)]
public sealed class HardeningTests(LandMapFixture fx)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage res)
    {
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var text = await res.Content.ReadAsStringAsync();
        Assert.DoesNotContain("System.", text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<NpgsqlDataSource> DbAsync()
    {
        var b = new NpgsqlDataSourceBuilder(fx.ConnectionString);
        b.UseNetTopologySuite();
        return await Task.FromResult(b.Build());
    }

    /// <summary>
    /// The zone these tests' own rows live in (TST's outline moved 1° east), so tests that count TST's rows, by zone or by box, never see them.
    /// </summary>
    private const string Zone = "HRD";

    private async Task EnsureZoneAsync(NpgsqlDataSource db)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO zones (code, name_zh, name_en, level, city, geom, area_mu)
            SELECT $1, '加固测试区', 'Hardening test zone', level, city, ST_Translate(geom, 1, 0), area_mu FROM zones WHERE code = 'TST'
            ON CONFLICT (code) DO NOTHING
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = Zone });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A parcel of this test's own: a copy of TST-01 (30 mu, idle) under a new code, in zone HRD.</summary>
    private async Task<string> CopyParcelAsync(string code)
    {
        await using var db = await DbAsync();
        await EnsureZoneAsync(db);
        await using var cmd = db.CreateCommand("""
            INSERT INTO parcels (code, zone_code, park_code, address, geom, area_mu, gk_central_meridian, ledger_area_mu, land_use,
                land_use_original, industry_chains, water, gas, heat, ownership, status, contact)
            SELECT $1, 'HRD', NULL, address, ST_Translate(geom, 1, 0), area_mu, gk_central_meridian, ledger_area_mu, land_use,
                land_use_original, industry_chains, water, gas, heat, ownership, 'idle', contact FROM parcels WHERE code = 'TST-01'
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = code });
        await cmd.ExecuteNonQueryAsync();
        return code;
    }

    /// <summary>A building of this test's own: a copy of TST-F01 (3000 m² vacant, idle) under a new code, in zone HRD.</summary>
    private async Task CopyFactoryAsync(string code)
    {
        await using var db = await DbAsync();
        await EnsureZoneAsync(db);
        await using var cmd = db.CreateCommand("""
            INSERT INTO factories (code, zone_code, name, address, geom, footprint_m2, total_floor_m2, vacant_floor_m2, floors, status)
            SELECT $1, 'HRD', name, address, ST_Translate(geom, 1, 0), footprint_m2, total_floor_m2, 3000, floors, 'idle' FROM factories WHERE code = 'TST-F01'
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = code });
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<long> ProjectAsync(object body)
    {
        using var res = await fx.Client.PostAsJsonAsync("/api/projects", body);
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        return (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Infinite_investment_is_a_400_naming_the_field_and_nothing_is_stored()
    {
        using var res = await fx.Client.PostAsync("/api/projects", Json("""{"name":"无穷","pollutionClass":"1","investmentWan":1e309,"landNeedMu":30}"""));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        var problem = await ProblemOf(res);
        Assert.Equal("investmentWan", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Contains("finite", problem.GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, (await fx.Client.GetAsync("/api/projects?limit=10000")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"a","pollutionClass":"1","investmentWan":5e-324,"landNeedMu":30}""", "investmentWan")]
    [InlineData("""{"name":"a","pollutionClass":"1","investmentWan":100,"floorNeedM2":5e-324}""", "floorNeedM2")]
    [InlineData("""{"name":"a","pollutionClass":"1","investmentWan":100,"landNeedMu":30,"jobs":-1}""", "jobs")]
    [InlineData("""{"name":"a","pollutionClass":"1","investmentWan":100,"landNeedMu":30,"preferredZones":[null]}""", "preferredZones")]
    public async Task Out_of_range_numbers_and_null_array_items_are_422_naming_the_field(string body, string field)
    {
        using var res = await fx.Client.PostAsync("/api/projects", Json(body));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        var problem = await ProblemOf(res);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
    }

    [Fact]
    public async Task Wrong_type_names_the_field_in_json_words_not_a_dotnet_type()
    {
        using var res = await fx.Client.PostAsync("/api/projects", Json("""{"name":"a","pollutionClass":"1","investmentWan":"lots","landNeedMu":30}"""));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        var error = (await ProblemOf(res)).GetProperty("errors")[0];
        Assert.Equal("investmentWan", error.GetProperty("field").GetString());
        Assert.Equal("expected a number", error.GetProperty("reason").GetString());
    }

    /// <summary>
    /// A record read through its constructor: the serializer names the record, not the parameter, in its message; the
    /// reason must still say what the field takes (it said "expected an object" for a boolean).
    /// </summary>
    [Theory]
    [InlineData("/api/allocate", """{"includeHeld":"yes"}""", "includeHeld", "expected true or false")]
    [InlineData("/api/allocate", """{"projectIds":"x"}""", "projectIds", "expected an array")]
    [InlineData("/api/allocate", """{"projectIds":[1,"x"]}""", "projectIds[1]", "expected an integer")]
    [InlineData("/api/projects", """{"name":"a","pollutionClass":"1","investmentWan":100,"landNeedMu":30,"preferredZones":"z"}""", "preferredZones", "expected an array")]
    public async Task Wrong_type_in_a_record_body_says_what_the_field_takes(string url, string body, string field, string reason)
    {
        using var res = await fx.Client.PostAsync(url, Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        var error = (await ProblemOf(res)).GetProperty("errors")[0];
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal(reason, error.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("/collections/parcels/items?zone=%00", "zone")]
    [InlineData("/api/stats?status=idle%00", "status")]
    [InlineData("/collections/parcels/items?zone=%ED%A0%80", null)] // an encoded lone surrogate decodes to U+FFFD: an unknown zone, 400
    public async Task Nul_in_a_query_string_is_a_400_naming_the_parameter(string url, string? field)
    {
        using var res = await fx.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        var problem = await ProblemOf(res);
        if (field is not null) Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{"name":"a\u0000b","pollutionClass":"1","investmentWan":100,"landNeedMu":30}""", "name")]
    [InlineData("""{"name":"a\ud800b","pollutionClass":"1","investmentWan":100,"landNeedMu":30}""", "name")]
    public async Task Nul_or_unpaired_surrogate_in_json_text_is_a_400_naming_the_field(string body, string field)
    {
        using var res = await fx.Client.PostAsync("/api/projects", Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal(field, (await ProblemOf(res)).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Null_zone_and_a_million_zones_in_a_match_are_refused_quickly()
    {
        using var nulls = await fx.Client.PostAsync("/api/match", Json("""{"projectId":1,"zones":[null]}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nulls.StatusCode);
        var many = "{\"project\":{\"name\":\"a\",\"pollutionClass\":\"1\",\"investmentWan\":100,\"landNeedMu\":30},\"zones\":[" +
                   string.Join(',', Enumerable.Repeat("\"Z\"", 200_000)) + "]}";
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var res = await fx.Client.PostAsync("/api/match", Json(many));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        Assert.Equal("zones", (await ProblemOf(res)).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}"); // was 10–22 s with a million codes
    }

    [Fact]
    public async Task Body_over_one_megabyte_is_413()
    {
        var big = "{\"name\":\"" + new string('x', 1_100_000) + "\"}";
        using var res = await fx.Client.PostAsync("/api/projects", Json(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, res.StatusCode);
        Assert.Equal("payload-too-large", (await ProblemOf(res)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Url_over_8_kb_is_414_problem()
    {
        using var res = await fx.Client.GetAsync("/collections/parcels/items?zone=" + new string('A', 9000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, res.StatusCode);
        Assert.Equal("uri-too-long", (await ProblemOf(res)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unknown_route_and_wrong_method_are_problems_with_codes()
    {
        using var missing = await fx.Client.GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("not-found", (await ProblemOf(missing)).GetProperty("code").GetString());
        using var method = await fx.Client.DeleteAsync("/api/stats");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
        Assert.Equal("method-not-allowed", (await ProblemOf(method)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Fifty_parallel_reservations_of_one_parcel_have_exactly_one_winner()
    {
        var code = await CopyParcelAsync("RACE-01");
        var project = await ProjectAsync(new { name = "抢地", pollutionClass = "1", investmentWan = 15000, landNeedMu = 25 });
        var tasks = Enumerable.Range(0, 50).Select(async _ =>
        {
            using var res = await fx.Client.PostAsJsonAsync("/api/reservations", new { projectId = project, kind = "parcel", code });
            return res.StatusCode;
        });
        var codes = await Task.WhenAll(tasks);
        var answers = string.Join(", ", codes.GroupBy(c => (int)c).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}"));
        Assert.True(codes.Count(c => c == HttpStatusCode.Created) == 1 && codes.Count(c => c == HttpStatusCode.Conflict) == 49,
            $"expected 1 × 201 and 49 × 409, got {answers}");
        await using var db = await DbAsync();
        await using var cmd = db.CreateCommand("SELECT count(*) FROM changes WHERE code = $1 AND source = 'reservation'");
        cmd.Parameters.Add(new NpgsqlParameter { Value = code });
        Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);
        // The burst queued for the pool's bounded connections instead of opening a backend per request (on a loaded machine,
        // unbounded, the 50 handshakes at once outlasted the 2 s connect timeout of the time: 503s for a database that was up).
        var pool = new NpgsqlConnectionStringBuilder(fx.Factory.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
        Assert.Equal((DatabaseSetup.MaxPoolSize, DatabaseSetup.ConnectTimeoutSeconds), (pool.MaxPoolSize, pool.Timeout));
    }

    [Fact]
    public async Task Undoing_a_factory_reservation_does_not_overwrite_a_status_the_ledger_set_since()
    {
        await using var db = await DbAsync();
        await CopyFactoryAsync("UNDO-F1");
        var project = await ProjectAsync(new { name = "小厂", pollutionClass = "1", investmentWan = 500, floorNeedM2 = 1000 });
        using var reserved = await fx.Client.PostAsJsonAsync("/api/reservations", new { projectId = project, kind = "factory", code = "UNDO-F1" });
        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        var id = (await reserved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await using (var ledger = db.CreateCommand("UPDATE factories SET status = 'in_use' WHERE code = 'UNDO-F1'")) await ledger.ExecuteNonQueryAsync();
        using var undo = await fx.Client.DeleteAsync($"/api/reservations/{id}");
        Assert.Equal(HttpStatusCode.Conflict, undo.StatusCode);
        await using var check = db.CreateCommand("SELECT status, vacant_floor_m2 FROM factories WHERE code = 'UNDO-F1'");
        await using var r = await check.ExecuteReaderAsync();
        await r.ReadAsync();
        Assert.Equal(("in_use", 2000.0), (r.GetString(0), r.GetDouble(1)));
    }

    [Fact]
    public async Task Undoing_a_reservation_of_a_building_that_is_gone_is_404()
    {
        await using var db = await DbAsync();
        await CopyFactoryAsync("GONE-F1");
        var project = await ProjectAsync(new { name = "小厂2", pollutionClass = "1", investmentWan = 500, floorNeedM2 = 1000 });
        using var reserved = await fx.Client.PostAsJsonAsync("/api/reservations", new { projectId = project, kind = "factory", code = "GONE-F1" });
        var id = (await reserved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await using (var delete = db.CreateCommand("DELETE FROM factories WHERE code = 'GONE-F1'")) await delete.ExecuteNonQueryAsync();
        using var undo = await fx.Client.DeleteAsync($"/api/reservations/{id}");
        Assert.Equal(HttpStatusCode.NotFound, undo.StatusCode);
        await ProblemOf(undo);
    }

    [Fact]
    public async Task History_records_who_reserved_in_commit_order()
    {
        var code = await CopyParcelAsync("HIST-01");
        var project = await ProjectAsync(new { name = "记录", pollutionClass = "1", investmentWan = 15000, landNeedMu = 25 });
        var staffCookie = await fx.SignInAsync("editor");
        using var reserved = await staffCookie.PostAsJsonAsync("/api/reservations", new { projectId = project, kind = "parcel", code });
        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        var id = (await reserved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var undone = await fx.Client.DeleteAsync($"/api/reservations/{id}");
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);

        var history = await fx.GetJsonAsync($"/api/history/parcel/{code}");
        var rows = history.EnumerateArray().Select(h => (h.GetProperty("toStatus").GetString(), h.GetProperty("changedBy").GetString())).ToList();
        // The first row is the copy's creation by SQL; then the reservation and its undo, each by its caller.
        Assert.Equal([("reserved", "test-editor"), ("idle", "key:test-editor-key")], rows[^2..]);
        var project2 = await fx.GetJsonAsync($"/api/projects/{project}");
        Assert.Equal("key:test-editor-key", project2.GetProperty("createdBy").GetString());
    }

    [Fact]
    public async Task Security_headers_are_on_the_page_and_the_api()
    {
        foreach (var url in new[] { "/", "/api/config" })
        {
            using var res = await fx.Anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            var csp = string.Join(";", res.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", res.Headers.GetValues("Referrer-Policy").Single());
        }
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/");
        browser.Headers.Accept.ParseAdd("text/html"); // the map page, as a browser asks for it (other clients get the OGC landing JSON)
        var page = await (await fx.Anonymous.SendAsync(browser)).Content.ReadAsStringAsync();
        Assert.Contains("<html", page);
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)", page); // no inline script for the CSP to allow
    }

    [Fact]
    public async Task A_forged_host_header_is_refused_and_links_do_not_follow_it()
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, "/collections/parcels/items?limit=1");
        req.Headers.Host = "evil.example";
        using var res = await fx.Anonymous.SendAsync(req);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("invalid-host", (await ProblemOf(res)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Health_live_and_ready_answer_with_the_database_and_migrations_checked()
    {
        using var live = await fx.Anonymous.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var ready = await fx.GetJsonAsync("/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal(["database", "migrations"], ready.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).Order());
    }

    [Fact]
    public async Task Migration_004_repairs_stored_infinity_and_records_the_old_value()
    {
        var name = $"landmap_test_rep_{Guid.NewGuid():N}"[..28];
        var admin = Environment.GetEnvironmentVariable("LANDMAP_TEST_ADMIN_DB")!;
        await using (var a = new NpgsqlConnection(admin))
        {
            await a.OpenAsync();
            await using var c = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", a);
            await c.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
        try
        {
            await using var db = NpgsqlDataSource.Create(cs);
            // The schema as it was before migration 004, with a row the old API let in.
            await using (var conn = await db.OpenConnectionAsync())
            {
                await using (var ledger = new NpgsqlCommand("CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", conn))
                    await ledger.ExecuteNonQueryAsync();
                foreach (var (version, sql) in Migrator.Migrations().Where(m => string.CompareOrdinal(m.Version, "004") < 0))
                {
                    await using var run = new NpgsqlCommand(sql + $"; INSERT INTO schema_migrations (version) VALUES ('{version}')", conn);
                    await run.ExecuteNonQueryAsync();
                }
                await using var bad = new NpgsqlCommand("""
                    INSERT INTO projects (name, pollution_class, investment_wan, land_need_mu, power_kva, created_by, updated_by)
                    VALUES ('坏数据', '1', 'Infinity', 30, 'NaN', 'old', 'old')
                    """, conn);
                await bad.ExecuteNonQueryAsync();
            }
            var applied = await Migrator.MigrateAsync(db);
            Assert.Contains(applied, v => v.StartsWith("004", StringComparison.Ordinal));
            await using var check = db.CreateCommand("SELECT investment_wan, power_kva FROM projects WHERE name = '坏数据'");
            await using (var r = await check.ExecuteReaderAsync())
            {
                await r.ReadAsync();
                Assert.Equal(100_000_000, r.GetDouble(0));
                Assert.True(r.IsDBNull(1));
            }
            await using var repairs = db.CreateCommand("SELECT column_name, old_value FROM data_repairs ORDER BY column_name");
            await using var rr = await repairs.ExecuteReaderAsync();
            var rows = new List<(string, string)>();
            while (await rr.ReadAsync()) rows.Add((rr.GetString(0), rr.GetString(1)));
            Assert.Equal([("investment_wan", "Infinity"), ("power_kva", "NaN")], rows);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var a = new NpgsqlConnection(admin);
            await a.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", a);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
