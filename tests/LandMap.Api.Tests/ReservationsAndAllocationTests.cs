using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace LandMap.Api.Tests;

[Collection(LandMapCollection.Name)]
public sealed class ReservationsAndAllocationTests(LandMapFixture fx)
{
    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string url, object? body = null)
    {
        using var req = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        using var res = await fx.Client.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<long> CreateProjectAsync(object project)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/projects", project);
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("id").GetInt64();
    }

    private async Task<string> StatusOf(string collection, string code) =>
        (await fx.GetJsonAsync($"/collections/{collection}/items/{code}")).GetProperty("properties").GetProperty("status").GetString()!;

    private async Task<List<(string? From, string To)>> HistoryOf(string code)
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT status_before, status_after FROM changes WHERE code = $1 AND status_before IS DISTINCT FROM status_after AND version > 1 ORDER BY id");
        cmd.Parameters.Add(new NpgsqlParameter { Value = code });
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<(string?, string)>();
        while (await r.ReadAsync()) list.Add((r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1)));
        return list;
    }

    private async Task<double> ChainScoreOfTst01Async(string chain)
    {
        var (_, m) = await SendAsync(HttpMethod.Post, "/api/match",
            new { project = new { name = "集聚测试", pollutionClass = "1", investmentWan = 15000, landNeedMu = 25, industryChain = chain }, zones = new[] { "TST" } });
        var tst01 = m.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "TST-01");
        return tst01.GetProperty("breakdown").EnumerateArray().Single(b => b.GetProperty("name").GetString() == "chain").GetProperty("score").GetDouble();
    }

    [Fact]
    public async Task Chain_agglomeration_counts_same_chain_parcels_in_use_and_same_chain_reservations_by_edge_distance()
    {
        // Laid out in metres (TestRows, 24 m streets along a row, 36 m between rows): TST-01 spans x 0–200, y 0…−100;
        // TST-07 (in use, chain 新型显示) spans x 324–824, y −136…−269, so the nearest edges are √(124² + 36²) = 129.1 m
        // apart; TST-03 spans x 398–798 in the first row: 198 m away. Score n / (n + 2) with n = Σ exp(−d / 1 km).
        var inUse = Math.Exp(-Math.Sqrt(124 * 124 + 36 * 36) / 1000);
        Assert.Equal(inUse / (inUse + 2), await ChainScoreOfTst01Async("新型显示"), 3);
        Assert.Equal(0, await ChainScoreOfTst01Async("食品加工"));

        // A same-chain project reserving TST-03 is a second source (建链聚链); undoing the reservation removes it again.
        var project = await CreateProjectAsync(new { name = "同链项目", pollutionClass = "3", investmentWan = 30000, landNeedMu = 58, industryChain = "新型显示" });
        var (status, reservation) = await SendAsync(HttpMethod.Post, "/api/reservations", new { projectId = project, kind = "parcel", code = "TST-03" });
        Assert.Equal(HttpStatusCode.Created, status);
        try
        {
            var both = inUse + Math.Exp(-198.0 / 1000);
            Assert.Equal(both / (both + 2), await ChainScoreOfTst01Async("新型显示"), 3);
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"/api/reservations/{reservation.GetProperty("id").GetInt64()}")).Status);
        }
        Assert.Equal(inUse / (inUse + 2), await ChainScoreOfTst01Async("新型显示"), 3);
    }

    [Fact]
    public async Task Undo_does_not_overwrite_a_status_the_ledger_changed_since()
    {
        var project = await CreateProjectAsync(new { name = "撤销保护", pollutionClass = "3", investmentWan = 30000, landNeedMu = 58 });
        var (_, reservation) = await SendAsync(HttpMethod.Post, "/api/reservations", new { projectId = project, kind = "parcel", code = "TST-03" });
        var id = reservation.GetProperty("id").GetInt64();
        await SetParcelStatus("TST-03", "allocated"); // e.g. the land was granted and the ledger updated meanwhile
        try
        {
            var (status, problem) = await SendAsync(HttpMethod.Delete, $"/api/reservations/{id}");
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Contains("allocated", problem.GetProperty("detail").GetString());
            Assert.Equal("allocated", await StatusOf("parcels", "TST-03"));
        }
        finally
        {
            await SetParcelStatus("TST-03", "reserved");
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"/api/reservations/{id}")).Status);
        }
        Assert.Equal("idle", await StatusOf("parcels", "TST-03"));
    }

    private async Task SetParcelStatus(string code, string status)
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("UPDATE parcels SET status = $2 WHERE code = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = code });
        cmd.Parameters.Add(new NpgsqlParameter { Value = status });
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task Reserving_a_parcel_records_history_and_undo_restores_it()
    {
        var project = await CreateProjectAsync(new { name = "预留测试", pollutionClass = "3", investmentWan = 30000, landNeedMu = 58 });
        var (status, reservation) = await SendAsync(HttpMethod.Post, "/api/reservations", new { projectId = project, kind = "parcel", code = "TST-03" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("reserved", await StatusOf("parcels", "TST-03"));
        Assert.Equal(("idle", "reserved"), (await HistoryOf("TST-03"))[^1]);

        var (again, problem) = await SendAsync(HttpMethod.Post, "/api/reservations", new { projectId = project, kind = "parcel", code = "TST-03" });
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal("resource-unavailable", problem.GetProperty("code").GetString());

        var id = reservation.GetProperty("id").GetInt64();
        var (undone, released) = await SendAsync(HttpMethod.Delete, $"/api/reservations/{id}");
        Assert.Equal(HttpStatusCode.OK, undone);
        Assert.NotEqual(JsonValueKind.Null, released.GetProperty("releasedAt").ValueKind);
        Assert.Equal("idle", await StatusOf("parcels", "TST-03"));
        Assert.Equal(("reserved", "idle"), (await HistoryOf("TST-03"))[^1]);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Delete, $"/api/reservations/{id}")).Status);
    }

    [Fact]
    public async Task Reserving_factory_space_takes_the_floor_area_and_undo_returns_it()
    {
        var project = await CreateProjectAsync(new { name = "厂房预留", pollutionClass = "1", investmentWan = 1500, floorNeedM2 = 1200 });
        var (status, reservation) = await SendAsync(HttpMethod.Post, "/api/reservations", new { projectId = project, kind = "factory", code = "TST-F01" });
        Assert.Equal(HttpStatusCode.Created, status);
        var vacant = (await fx.GetJsonAsync("/collections/factories/items/TST-F01")).GetProperty("properties").GetProperty("vacantFloorM2").GetDouble();
        Assert.Equal(1800, vacant);
        await SendAsync(HttpMethod.Delete, $"/api/reservations/{reservation.GetProperty("id").GetInt64()}");
        vacant = (await fx.GetJsonAsync("/collections/factories/items/TST-F01")).GetProperty("properties").GetProperty("vacantFloorM2").GetDouble();
        Assert.Equal(3000, vacant);
        Assert.Equal("idle", await StatusOf("factories", "TST-F01"));
    }

    [Theory]
    [InlineData("""{"kind":"parcel","code":"TST-01"}""", 422)]
    [InlineData("""{"projectId":1,"kind":"house","code":"TST-01"}""", 422)]
    [InlineData("""{"projectId":987654321,"kind":"parcel","code":"TST-01"}""", 404)]
    public async Task Bad_reservations_are_problems_and_change_nothing(string json, int status)
    {
        using var res = await fx.Client.PostAsync("/api/reservations", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, (int)res.StatusCode);
        Assert.Equal("idle", await StatusOf("parcels", "TST-01"));
    }

    [Fact]
    public async Task Allocation_gives_each_parcel_to_at_most_one_project_and_explains_the_rest()
    {
        // Identical projects competing for the same candidates: with one more project than candidates, exactly one is left out.
        var spec = new { name = "分配测试", pollutionClass = "3", investmentWan = 30000, landNeedMu = 58, powerKva = 900, maxLandPriceWanPerMu = 30.5, industryChain = "新型显示" };
        var (_, match) = await SendAsync(HttpMethod.Post, "/api/match", new { project = spec });
        var k = match.GetProperty("candidateCount").GetInt32();
        Assert.InRange(k, 1, 15);
        var ids = new List<long>();
        for (var i = 0; i <= k; i++) ids.Add(await CreateProjectAsync(spec with { name = $"分配测试{i}" }));

        var (status, result) = await SendAsync(HttpMethod.Post, "/api/allocate", new { projectIds = ids });
        Assert.Equal(HttpStatusCode.OK, status);
        var land = result.GetProperty("land");
        var assigned = land.GetProperty("assignments").EnumerateArray().ToList();
        Assert.Equal(k, assigned.Count);
        Assert.Equal(k, assigned.Select(a => a.GetProperty("code").GetString()).Distinct().Count());
        var unassigned = Assert.Single(land.GetProperty("unassigned").EnumerateArray());
        Assert.Contains("other projects", unassigned.GetProperty("reason").GetString());
        Assert.True(land.GetProperty("provenOptimal").GetBoolean());
        Assert.Equal(assigned.Sum(a => a.GetProperty("score").GetDouble()), land.GetProperty("totalScore").GetDouble(), 1);

        // The assignments come back as GeoJSON too (lon/lat), one feature per assigned resource, with the project's name.
        var features = result.GetProperty("features").GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(assigned.Select(a => a.GetProperty("code").GetString()).Order(), features.Select(f => f.GetProperty("id").GetString()).Order());
        Assert.All(features, f => Assert.Equal("assigned", f.GetProperty("properties").GetProperty("role").GetString()));
        Assert.All(features, f => Assert.StartsWith("分配测试", f.GetProperty("properties").GetProperty("project").GetString()));
        Assert.All(features, f => Assert.InRange(f.GetProperty("geometry").GetProperty("coordinates")[0][0][0][0].GetDouble(), 115, 122));

        var (_, again) = await SendAsync(HttpMethod.Post, "/api/allocate", new { projectIds = ids });
        Assert.Equal(result.GetProperty("land").ToString(), again.GetProperty("land").ToString()); // deterministic
    }

    [Fact]
    public async Task Allocation_reports_the_factory_gap_and_unknown_projects_are_refused()
    {
        var small = await CreateProjectAsync(new { name = "小项目", pollutionClass = "1", investmentWan = 800, floorNeedM2 = 900 });
        var (_, result) = await SendAsync(HttpMethod.Post, "/api/allocate", new { projectIds = new[] { small } });
        var factory = result.GetProperty("factory");
        Assert.Single(factory.GetProperty("assignments").EnumerateArray());
        Assert.InRange(factory.GetProperty("gap").GetDouble(), 0, 1);
        Assert.True(factory.GetProperty("upperBound").GetDouble() >= factory.GetProperty("totalScore").GetDouble());

        var (status, _) = await SendAsync(HttpMethod.Post, "/api/allocate", new { projectIds = new[] { 987654321L } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
    }
}
