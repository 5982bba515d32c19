using System.Net;
using System.Text.Json;

namespace LandMap.Api.Tests.Search;

/// <summary>GET /api/search over the test zone's rows (TestRows): what is found, in which order, and by whom.</summary>
[Collection(LandMapCollection.Name)]
public sealed class SearchApiTests(LandMapFixture fx)
{
    private static async Task<List<JsonElement>> Items(HttpClient client, string query)
    {
        using var res = await client.GetAsync($"/api/search?{query}");
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"{query} → {(int)res.StatusCode}: {body}");
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }

    private static string Code(JsonElement e) => e.GetProperty("code").GetString()!;

    [Fact]
    public async Task A_typed_code_is_the_first_suggestion_and_carries_its_box()
    {
        var items = await Items(fx.Client, "q=tst-03");
        var first = items[0];
        Assert.Equal(("parcel", "TST-03"), (first.GetProperty("kind").GetString(), Code(first)));
        Assert.Equal("TST", first.GetProperty("zone").GetString());
        var bbox = first.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        // The test zone lies near 118.0°E 37.0°N (TestRows); a 400 m × 100 m rectangle is a few thousandths of a degree.
        Assert.InRange(bbox[0], 117.9, 118.1);
        Assert.InRange(bbox[1], 36.9, 37.1);
        Assert.True(bbox[2] > bbox[0] && bbox[3] > bbox[1]);
    }

    [Fact]
    public async Task The_public_finds_only_public_statuses_and_staff_find_the_others()
    {
        var anonymous = (await Items(fx.Anonymous, "q=TST-0&limit=20")).Select(Code).ToList();
        Assert.Contains("TST-01", anonymous); // idle
        Assert.Contains("TST-02", anonymous); // negotiating
        Assert.DoesNotContain("TST-04", anonymous); // reserved
        Assert.DoesNotContain("TST-07", anonymous); // in use

        var staff = (await Items(fx.Client, "q=TST-0&limit=20")).Select(Code).ToList();
        Assert.Contains("TST-04", staff);
        Assert.Contains("TST-07", staff);
    }

    [Fact]
    public async Task A_suggestion_has_only_public_fields()
    {
        var allowed = new HashSet<string> { "kind", "code", "nameZh", "nameEn", "address", "zone", "status", "bbox" };
        foreach (var item in await Items(fx.Anonymous, "q=TST&limit=20"))
            Assert.All(item.EnumerateObject(), p => Assert.Contains(p.Name, allowed));
    }

    [Fact]
    public async Task Finds_factories_by_address_and_zones_and_parks_by_name()
    {
        var byAddress = await Items(fx.Anonymous, $"q={Uri.EscapeDataString("测试路2号")}&limit=20");
        Assert.Equal(["TST-F01", "TST-F02"], byAddress.Select(Code).Order(StringComparer.Ordinal).ToArray()); // F03 is in use

        var zone = await Items(fx.Anonymous, $"q={Uri.EscapeDataString("测试开发区")}");
        Assert.Equal(("zone", "TST"), (zone[0].GetProperty("kind").GetString(), Code(zone[0])));

        var park = await Items(fx.Anonymous, "q=test%20park");
        Assert.Equal(("park", "TST-P1"), (park[0].GetProperty("kind").GetString(), Code(park[0])));
    }

    [Fact]
    public async Task Like_wildcards_are_text()
    {
        Assert.Empty(await Items(fx.Client, "q=TST_01"));
        Assert.Empty(await Items(fx.Client, "q=%25%25"));
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=%20%20", "q")]
    [InlineData("q=TST&limit=0", "limit")]
    [InlineData("q=TST&limit=21", "limit")]
    [InlineData("q=TST&limit=two", "limit")]
    [InlineData("q=TST&zone=TST", "zone")]
    public async Task Bad_input_is_a_400_naming_the_parameter(string query, string field)
    {
        using var res = await fx.Anonymous.GetAsync($"/api/search?{query}");
        var body = await res.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Contains(JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
    }

    [Fact]
    public async Task Text_longer_than_the_limit_is_a_400()
    {
        using var res = await fx.Anonymous.GetAsync($"/api/search?q={new string('x', 101)}");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
    }
}
