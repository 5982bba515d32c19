using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static LandMap.Api.Tests.Editing.EditingTestRows;

namespace LandMap.Api.Tests.Editing;

[Collection(LandMapCollection.Name)]
public sealed class SplitMergeTests(LandMapFixture fx) : IAsyncLifetime
{
    /// <summary>This test's own ground (parcels may not overlap): set while xunit builds the instance, read by Rectangle and LonLat.</summary>
    private readonly int _sheet = NewSheet();

    public Task InitializeAsync() => EnsureZoneAsync(fx);

    public Task DisposeAsync() => Task.CompletedTask;

    private static string[] Related(JsonElement change) => [.. change.GetProperty("related").EnumerateArray().Select(e => e.GetString()!)];

    [Theory]
    [InlineData(12.345678, null)]
    [InlineData(7.5, "ew")]
    [InlineData(29.9, "ns")]
    public async Task Split_into_a_given_area_adds_up_to_the_parent_and_links_both_histories(double areaMu, string? direction)
    {
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 200, 100));
        var parentMu = (await RowAsync(fx, code)).AreaMu;

        using var res = await fx.Client.SendAsync(Request(HttpMethod.Post, $"/collections/parcels/items/{code}/split",
            new { areaMu, direction, note = "按项目需求分割" }, version));
        var body = await res.Content.ReadAsStringAsync();

        Assert.True(res.StatusCode == HttpStatusCode.Created, body);
        var children = new[] { $"{code}-1", $"{code}-2" };
        var (first, second) = (await RowAsync(fx, children[0]), await RowAsync(fx, children[1]));
        Assert.Equal(areaMu, first.AreaMu, 6);
        Assert.Equal(parentMu, first.AreaMu + second.AreaMu, 6);
        Assert.Equal(("retired", "idle", "idle"), ((await RowAsync(fx, code)).Status, first.Status, second.Status));
        Assert.Equal("编辑路1号", first.Address); // attributes inherited

        var parentChange = (await HistoryAsync(fx, code)).EnumerateArray().Last();
        Assert.Equal("split", parentChange.GetProperty("action").GetString());
        Assert.Equal(children, Related(parentChange));
        Assert.Equal("按项目需求分割", parentChange.GetProperty("note").GetString());
        foreach (var child in children)
        {
            var created = Assert.Single((await HistoryAsync(fx, child)).EnumerateArray());
            Assert.Equal("split", created.GetProperty("action").GetString());
            Assert.Equal([code], Related(created));
        }
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.Equal("retired", answer.GetProperty("parent").GetProperty("properties").GetProperty("status").GetString());
        Assert.Equal(2, answer.GetProperty("children").GetArrayLength());
    }

    [Fact]
    public async Task Split_along_a_drawn_line_with_given_codes()
    {
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 200, 100));
        var line = new { type = "LineString", coordinates = new[] { LonLat(50, -10), LonLat(50, 110) } };
        var codes = new[] { NewCode(), NewCode() };

        using var res = await fx.Client.SendAsync(Request(HttpMethod.Post, $"/collections/parcels/items/{code}/split", new { line, codes, note = "沿规划道路分割" }, version));

        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        Assert.Equal(7.5, (await RowAsync(fx, codes[0])).AreaMu, 4);   // 50 m × 100 m, the west part
        Assert.Equal(22.5, (await RowAsync(fx, codes[1])).AreaMu, 4);
    }

    [Fact]
    public async Task Split_with_a_stale_If_Match_is_412_and_nothing_is_created()
    {
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 200, 100));
        using (var edit = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}", new { properties = new { address = "x" } }, version)))
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);

        using var res = await fx.Client.SendAsync(Request(HttpMethod.Post, $"/collections/parcels/items/{code}/split", new { areaMu = 10, note = "x" }, version));

        Assert.Equal(HttpStatusCode.PreconditionFailed, res.StatusCode);
        Assert.Equal("idle", (await RowAsync(fx, code)).Status);
        using var child = await fx.Client.GetAsync($"/collections/parcels/items/{code}-1");
        Assert.Equal(HttpStatusCode.NotFound, child.StatusCode);
    }

    [Theory]
    [InlineData("""{"areaMu": 40, "note": "x"}""", 422, "split-impossible")]
    [InlineData("""{"areaMu": 10}""", 422, "note-required")]
    [InlineData("""{"note": "x"}""", 422, "invalid-field")]
    [InlineData("""{"areaMu": 10, "line": {"type":"LineString","coordinates":[[118,36],[119,37]]}, "note": "x"}""", 422, "invalid-field")]
    [InlineData("""{"line": {"type":"Point","coordinates":[118.3,36.6]}, "note": "x"}""", 422, "invalid-field")]
    [InlineData("""{"line": {"type":"LineString","coordinates":[[100,20],[100.1,20.1]]}, "note": "x"}""", 422, "split-impossible")]
    [InlineData("""{"areaMu": 10, "direction": "up", "note": "x"}""", 422, "invalid-field")]
    [InlineData("""{"areaMu": 10, "codes": ["A"], "note": "x"}""", 422, "invalid-field")]
    [InlineData("""{"areaMu": "NaN", "note": "x"}""", 400, "invalid-json")]
    public async Task Bad_split_requests_are_refused_and_change_nothing(string json, int status, string problemCode)
    {
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 200, 100));

        using var res = await fx.Client.SendAsync(RawRequest(HttpMethod.Post, $"/collections/parcels/items/{code}/split", json, version));

        Assert.Equal(status, (int)res.StatusCode);
        Assert.Equal(problemCode, (await Json(res)).GetProperty("code").GetString());
        Assert.Equal((version, "idle"), ((await RowAsync(fx, code)).Version, (await RowAsync(fx, code)).Status));
    }

    [Fact]
    public async Task Only_idle_or_negotiating_parcels_split()
    {
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 200, 100), status: "allocated");

        using var res = await fx.Client.SendAsync(Request(HttpMethod.Post, $"/collections/parcels/items/{code}/split", new { areaMu = 10, note = "x" }, version));

        Assert.Equal(HttpStatusCode.Conflict, res.StatusCode);
        Assert.Equal("resource-unavailable", (await Json(res)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Merge_of_adjacent_parcels_makes_one_whose_area_is_the_sum_and_links_both_ways()
    {
        var (a, _) = await CreateParcelAsync(fx, Rectangle(1000, 0, 200, 100));
        var (b, _) = await CreateParcelAsync(fx, Rectangle(1200, 0, 100, 100));
        var (c, _) = await CreateParcelAsync(fx, Rectangle(1000, 100, 300, 50), status: "negotiating");
        var child = NewCode();
        var sum = (await RowAsync(fx, a)).AreaMu + (await RowAsync(fx, b)).AreaMu + (await RowAsync(fx, c)).AreaMu;

        using var res = await fx.Client.PostAsJsonAsync("/collections/parcels/merge", new { codes = new[] { a, b, c }, code = child, note = "合并供地", versions = new Dictionary<string, int> { [a] = 1 } });
        var body = await res.Content.ReadAsStringAsync();

        Assert.True(res.StatusCode == HttpStatusCode.Created, body);
        var merged = await RowAsync(fx, child);
        Assert.Equal(sum, merged.AreaMu, 6);
        Assert.Equal(67.5, merged.AreaMu, 4);
        Assert.Equal("idle", merged.Status);   // from the first parent
        foreach (var parent in new[] { a, b, c })
        {
            Assert.Equal("retired", (await RowAsync(fx, parent)).Status);
            var change = (await HistoryAsync(fx, parent)).EnumerateArray().Last();
            Assert.Equal("merge", change.GetProperty("action").GetString());
            Assert.Equal([child], Related(change));
        }
        var created = Assert.Single((await HistoryAsync(fx, child)).EnumerateArray());
        Assert.Equal([a, b, c], Related(created));
        Assert.Equal("合并供地", created.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Merge_of_parcels_that_do_not_touch_is_422_and_changes_nothing()
    {
        var (a, va) = await CreateParcelAsync(fx, Rectangle(2000, 0, 100, 100));
        var (b, vb) = await CreateParcelAsync(fx, Rectangle(2124, 0, 100, 100)); // a 24 m street between them
        var (c, _) = await CreateParcelAsync(fx, Rectangle(2100, 100, 100, 100)); // touches a at one corner only

        foreach (var codes in new[] { new[] { a, b }, new[] { a, c } })
        {
            using var res = await fx.Client.PostAsJsonAsync("/collections/parcels/merge", new { codes, note = "x" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
            Assert.Equal("not-adjacent", (await Json(res)).GetProperty("code").GetString());
        }
        Assert.Equal((va, "idle"), ((await RowAsync(fx, a)).Version, (await RowAsync(fx, a)).Status));
        Assert.Equal((vb, "idle"), ((await RowAsync(fx, b)).Version, (await RowAsync(fx, b)).Status));
        using var child = await fx.Client.GetAsync($"/collections/parcels/items/{a}-M");
        Assert.Equal(HttpStatusCode.NotFound, child.StatusCode);
    }

    [Fact]
    public async Task Merge_with_a_stale_version_is_412()
    {
        var (a, va) = await CreateParcelAsync(fx, Rectangle(3000, 0, 100, 100));
        var (b, _) = await CreateParcelAsync(fx, Rectangle(3100, 0, 100, 100));

        using var res = await fx.Client.PostAsJsonAsync("/collections/parcels/merge", new { codes = new[] { a, b }, note = "x", versions = new Dictionary<string, int> { [a] = va + 1 } });

        Assert.Equal(HttpStatusCode.PreconditionFailed, res.StatusCode);
        Assert.Equal("idle", (await RowAsync(fx, a)).Status);
    }

    /// <summary>A null among the codes once reached the code check unguarded: a 500.</summary>
    [Fact]
    public async Task Split_or_merge_with_a_null_code_is_422_naming_codes_and_changes_nothing()
    {
        var (a, va) = await CreateParcelAsync(fx, Rectangle(9000, 0, 100, 100));
        var (b, vb) = await CreateParcelAsync(fx, Rectangle(9100, 0, 100, 100));

        using (var split = await fx.Client.SendAsync(RawRequest(HttpMethod.Post, $"/collections/parcels/items/{a}/split",
                   """{"areaMu": 5, "codes": [null, "SPLIT-NULL-B"], "note": "x"}""", va)))
            await AssertProblemAsync(split, HttpStatusCode.UnprocessableEntity, "codes");
        using (var merge = await fx.Client.SendAsync(RawRequest(HttpMethod.Post, "/collections/parcels/merge",
                   $$"""{"codes": ["{{a}}", null], "note": "x"}""")))
            await AssertProblemAsync(merge, HttpStatusCode.UnprocessableEntity, "codes");

        Assert.Equal((va, "idle"), ((await RowAsync(fx, a)).Version, (await RowAsync(fx, a)).Status));
        Assert.Equal((vb, "idle"), ((await RowAsync(fx, b)).Version, (await RowAsync(fx, b)).Status));
    }

    /// <summary>A line far outside lon/lat (1e308°) went through the projection into the overlay, which threw: a 500.</summary>
    [Theory]
    [InlineData(1e308, 36.6)]
    [InlineData(118.3, 1e308)]
    [InlineData(-181, 36.6)]
    public async Task Split_along_a_line_outside_lon_lat_is_422_naming_line(double lon, double lat)
    {
        var (a, va) = await CreateParcelAsync(fx, Rectangle(9300, 0, 100, 100));
        var line = new { type = "LineString", coordinates = new[] { new[] { lon, lat }, LonLat(9350, 200) } };

        using var res = await fx.Client.SendAsync(Request(HttpMethod.Post, $"/collections/parcels/items/{a}/split", new { line, note = "x" }, va));

        await AssertProblemAsync(res, HttpStatusCode.UnprocessableEntity, "line");
        Assert.Equal((va, "idle"), ((await RowAsync(fx, a)).Version, (await RowAsync(fx, a)).Status));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage res, HttpStatusCode status, string field)
    {
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == status, body);
        Assert.Contains(JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
    }
}
