using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LandMap.Api.Tests;

[Collection(LandMapCollection.Name)]
public sealed class ProjectsAndMatchingTests(LandMapFixture fx)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string url, object body)
    {
        using var res = await fx.Client.PostAsJsonAsync(url, body);
        var text = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<long> CreateProjectAsync(object project)
    {
        var (status, body) = await PostAsync("/api/projects", project);
        Assert.True(status == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetInt64();
    }

    private static List<JsonElement> Items(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().ToList();

    [Fact]
    public async Task Display_module_plant_gets_ranked_land_with_reasons_and_near_misses()
    {
        // The example: 新型显示 module plant, 二类, 5 亿元, 40 亩, 4000 kVA.
        var (status, m) = await PostAsync("/api/match", new { project = new { name = "新型显示模组工厂", industryChain = "新型显示", pollutionClass = "二类", investmentWan = 50000, landNeedMu = 40, powerKva = 4000 } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("land", m.GetProperty("route").GetProperty("pool").GetString());
        Assert.Contains("1 亿", m.GetProperty("route").GetProperty("ruleZh").GetString()!.Replace("10000 万元", "1 亿"));
        var candidates = Items(m, "candidates");
        Assert.NotEmpty(candidates);
        var scores = candidates.Select(c => c.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        foreach (var c in candidates)
        {
            Assert.Contains(c.GetProperty("landUse").GetString(), new[] { "100102", "100103" });
            Assert.InRange(c.GetProperty("areaMu").GetDouble(), 40, 52);
            Assert.All(Items(c, "checks"), k => Assert.True(k.GetProperty("passed").GetBoolean()));
            var parts = Items(c, "breakdown");
            Assert.Equal(8, parts.Count);
            Assert.Equal(c.GetProperty("score").GetDouble(), Math.Round(100 * parts.Sum(p => p.GetProperty("points").GetDouble()), 2), 2);
            Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("reasonZh").GetString()));
        }
        var near = Items(m, "nearMisses");
        Assert.NotEmpty(near);
        Assert.All(near, n => Assert.InRange(n.GetProperty("failures").GetArrayLength(), 1, 2));
        var features = Items(m.GetProperty("features"), "features");
        Assert.Equal(candidates.Count + near.Count + Items(m, "afterRecovery").Count, features.Count);
        Assert.All(features, f => Assert.InRange(f.GetProperty("geometry").GetProperty("coordinates")[0][0][0][0].GetDouble(), 115, 122));
    }

    [Fact]
    public async Task Test_zone_parcels_are_candidates_or_near_misses_with_exact_gaps()
    {
        // Class 1, 25 mu, 1.5 亿元, only in the test zone: fits 25–32.5 mu. TST-01 (30 mu, 100101) fits; TST-05 (20 mu,
        // ledger M1) is 5 mu short. TST-03 (60 mu) is outside the near-miss window (17.5–42.25 mu) and not read at all.
        var (_, m) = await PostAsync("/api/match", new { project = new { name = "精密电子", pollutionClass = "1", investmentWan = 15000, landNeedMu = 25, industryChain = "新型显示" }, zones = new[] { "TST" } });
        Assert.Equal(["TST-01"], Items(m, "candidates").Select(c => c.GetProperty("code").GetString()));
        Assert.Equal(30, Items(m, "candidates")[0].GetProperty("areaMu").GetDouble(), 2);
        var near = Items(m, "nearMisses").ToDictionary(n => n.GetProperty("code").GetString()!);
        Assert.Equal(["TST-05"], near.Keys); // TST-02 (15 mu) is below the window too
        var small = Assert.Single(Items(near["TST-05"], "failures"));
        Assert.Equal("area-too-small", small.GetProperty("code").GetString());
        Assert.Equal((25, 20, -5), (small.GetProperty("required").GetDouble(), small.GetProperty("actual").GetDouble(), small.GetProperty("gap").GetDouble()));

        // 33 mu: TST-06 (45 mu, ledger M0) is too large and not a class-1 code: two failures; TST-01 is 3 mu short.
        var (_, m33) = await PostAsync("/api/match", new { project = new { name = "精密电子", pollutionClass = "1", investmentWan = 15000, landNeedMu = 33 }, zones = new[] { "TST" } });
        var near33 = Items(m33, "nearMisses").ToDictionary(n => n.GetProperty("code").GetString()!);
        Assert.Equal(["area-too-large", "land-use-incompatible"], Items(near33["TST-06"], "failures").Select(f => f.GetProperty("code").GetString()).Order());
        Assert.Equal(-3, Items(near33["TST-01"], "failures")[0].GetProperty("gap").GetDouble(), 2);
    }

    [Fact]
    public async Task Small_project_is_routed_to_factory_space_and_both_pools_can_be_asked()
    {
        var project = new { name = "小型装配", pollutionClass = "1", investmentWan = 2000, floorNeedM2 = 2000, landNeedMu = 5, minFloorHeightM = 8 };
        var (_, m) = await PostAsync("/api/match", new { project });
        Assert.Equal("factory", m.GetProperty("route").GetProperty("pool").GetString());
        Assert.Contains(Items(m, "candidates"), c => c.GetProperty("code").GetString() == "TST-F01");
        Assert.All(Items(m, "candidates"), c => Assert.Equal("factory", c.GetProperty("kind").GetString()));
        Assert.DoesNotContain(Items(m, "candidates").Concat(Items(m, "nearMisses")), c => c.GetProperty("code").GetString() == "TST-F03"); // in use

        var (_, both) = await PostAsync("/api/match", new { project, pool = "both" });
        Assert.Equal(["land", "factory"], both.GetProperty("pools").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Matching_a_stored_project_by_id_gives_the_same_answer_as_inline()
    {
        var project = new { name = "按编号匹配", pollutionClass = "2", investmentWan = 50000, landNeedMu = 40, powerKva = 4000, industryChain = "新型显示" };
        var id = await CreateProjectAsync(project);
        var (_, byId) = await PostAsync("/api/match", new { projectId = id });
        var (_, inline) = await PostAsync("/api/match", new { project });
        Assert.Equal(Items(inline, "candidates").Select(c => (c.GetProperty("code").GetString(), c.GetProperty("score").GetDouble())),
            Items(byId, "candidates").Select(c => (c.GetProperty("code").GetString(), c.GetProperty("score").GetDouble())));
        Assert.Equal(id, byId.GetProperty("projectId").GetInt64());
    }

    [Fact]
    public async Task Projects_can_be_created_read_listed_and_updated()
    {
        using var created = await fx.Client.PostAsJsonAsync("/api/projects", new { name = "储能电池", pollutionClass = "3", investmentWan = 80000, landNeedMu = 120, preferredZones = new[] { "QDDZ" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var doc = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = doc.GetProperty("id").GetInt64();
        Assert.Equal($"/api/projects/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("negotiating", doc.GetProperty("stage").GetString());

        var read = await fx.GetJsonAsync($"/api/projects/{id}");
        Assert.Equal("储能电池", read.GetProperty("name").GetString());
        Assert.Equal(["QDDZ"], read.GetProperty("preferredZones").EnumerateArray().Select(z => z.GetString()));

        using var putRequest = new HttpRequestMessage(HttpMethod.Put, $"/api/projects/{id}")
        {
            Content = JsonContent.Create(new { name = "储能电池二期", pollutionClass = "3", investmentWan = 90000, landNeedMu = 130, stage = "signed" }),
        };
        putRequest.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        using var put = await fx.Client.SendAsync(putRequest);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"2\"", put.Headers.ETag?.Tag);
        var listed = await fx.GetJsonAsync("/api/projects?stage=signed&limit=1000");
        var mine = Assert.Single(Items(listed, "items"), p => p.GetProperty("id").GetInt64() == id);
        Assert.Equal("储能电池二期", mine.GetProperty("name").GetString());
        Assert.Equal(130, mine.GetProperty("landNeedMu").GetDouble());
    }

    [Theory]
    [InlineData("""{"pollutionClass":"1","investmentWan":100,"landNeedMu":5}""", 422, "name")]
    [InlineData("""{"name":"x","pollutionClass":"四类","investmentWan":100,"landNeedMu":5}""", 422, "pollutionClass")]
    [InlineData("""{"name":"x","pollutionClass":"1","investmentWan":-1,"landNeedMu":5}""", 422, "investmentWan")]
    [InlineData("""{"name":"x","pollutionClass":"1","investmentWan":100}""", 422, "landNeedMu")]
    [InlineData("""{"name":"x","pollutionClass":"1","investmentWan":100,"landNeedMu":0}""", 422, "landNeedMu")]
    [InlineData("""{"name":"x","pollutionClass":"1","investmentWan":100,"landNeedMu":5,"stage":"done"}""", 422, "stage")]
    [InlineData("""{"name":"x","pollutionClass":"1","investmentWan":100,"landNeedMu":5,"preferredZones":["MARS"]}""", 422, "preferredZones")]
    [InlineData("""{"name":"x","pollutionClass":"1","investmentWan":"many","landNeedMu":5}""", 400, "investmentWan")]
    [InlineData("""{"name":"x","pollutionClass":"1","investmentWan":100,"landNeedMu":5,"landNeed":5}""", 400, "landNeed")]
    [InlineData("""{"name":"x", """, 400, "body")]
    public async Task Bad_project_is_a_problem_naming_the_field_and_writes_nothing(string json, int status, string field)
    {
        var before = (await fx.GetJsonAsync("/api/projects?limit=1")).GetProperty("total").GetInt64();
        using var res = await fx.Client.PostAsync("/api/projects", Json(json));
        Assert.Equal(status, (int)res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(Items(problem, "errors"), e => e.GetProperty("field").GetString() == field);
        Assert.Equal(before, (await fx.GetJsonAsync("/api/projects?limit=1")).GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("""{"projectId":999999999}""", 404)]
    [InlineData("""{}""", 400)]
    [InlineData("""{"projectId":1,"pool":"sea"}""", 400)]
    [InlineData("""{"project":{"name":"x","pollutionClass":"1","investmentWan":100,"floorNeedM2":500},"pool":"land"}""", 422)]
    public async Task Bad_match_requests_are_problems(string json, int status)
    {
        using var res = await fx.Client.PostAsync("/api/match", Json(json));
        Assert.Equal(status, (int)res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_unknown_project_is_404_problem()
    {
        using var res = await fx.Client.GetAsync("/api/projects/987654321");
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Equal("project-not-found", JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }
}
