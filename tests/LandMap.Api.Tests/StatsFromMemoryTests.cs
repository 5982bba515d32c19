using System.Text.Json;

namespace LandMap.Api.Tests;

/// <summary>
/// /api/stats counted over the parcels the tiles hold in memory (Stats/ParcelStatsFromMemory) against the SQL's answer on
/// the fixture's real data: the same counts per zone, status and land use, the same areas to the cent. A bbox covering
/// the world keeps the SQL path with the same parcels, so it gives the SQL's answer to compare with.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class StatsFromMemoryTests(LandMapFixture fx)
{
    private const string World = "bbox=-180,-90,180,90";

    private static async Task<(JsonElement Body, bool FromMemory)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} → {(int)response.StatusCode}: {body}");
        var fromMemory = response.Headers.TryGetValues("Server-Timing", out var timing) && timing.Any(t => t.Contains("stats;desc=memory", StringComparison.Ordinal));
        return (JsonDocument.Parse(body).RootElement.Clone(), fromMemory);
    }

    /// <summary>Asks until the answer comes from memory: the parcels are loaded in the background after a write.</summary>
    private static async Task<JsonElement> FromMemoryAsync(HttpClient client, string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var (body, fromMemory) = await GetAsync(client, url);
            if (fromMemory) return body;
            Assert.True(DateTime.UtcNow < deadline, "the parcels were not held in memory within 60 s");
            await Task.Delay(100);
        }
    }

    /// <summary>Counts equal; areas (rounded to 0.01 by both) within a cent: the two sum the same doubles in another order.</summary>
    private static void AssertSameGroup(JsonElement expected, JsonElement actual, string what)
    {
        Assert.Equal(expected.GetProperty("count").GetInt64(), actual.GetProperty("count").GetInt64());
        Assert.True(Math.Abs(expected.GetProperty("areaMu").GetDouble() - actual.GetProperty("areaMu").GetDouble()) <= 0.0101,
            $"{what}: {actual.GetProperty("areaMu").GetDouble()} mu from memory, {expected.GetProperty("areaMu").GetDouble()} by SQL");
    }

    [Theory]
    [InlineData("staff", "")]
    [InlineData("staff", "status=idle,allocated,retired")]
    [InlineData("staff", "zone=TST,LXEDZ")]
    [InlineData("staff", "zone=LXEDZ&landUse=100101&minMu=20&maxMu=50&status=idle")]
    [InlineData("staff", "landUse=1001&minMu=100")]
    [InlineData("staff", "landUse=M1&landUse=0901")]
    [InlineData("public", "")]
    [InlineData("public", "landUse=M1&maxMu=60")]
    public async Task Stats_from_the_parcels_in_memory_equal_the_sql_stats(string role, string query)
    {
        var client = role == "public" ? fx.Anonymous : fx.ClientFor(role);
        var memory = await FromMemoryAsync(client, $"/api/stats?{query}");
        var (sql, sqlFromMemory) = await GetAsync(client, $"/api/stats?{query}{(query.Length > 0 ? "&" : "")}{World}");
        Assert.False(sqlFromMemory);

        var (m, s) = (memory.GetProperty("parcels"), sql.GetProperty("parcels"));
        Assert.True(s.GetProperty("count").GetInt64() > 0, $"nothing matches {query}: the comparison would prove nothing");
        AssertSameGroup(s, m, "total");
        foreach (var by in new[] { "byZone", "byStatus", "byLandUse" })
        {
            var (expected, actual) = (s.GetProperty(by).EnumerateArray().ToList(), m.GetProperty(by).EnumerateArray().ToList());
            Assert.Equal(expected.Select(g => g.GetProperty("key").GetString()), actual.Select(g => g.GetProperty("key").GetString()));
            foreach (var (e, a) in expected.Zip(actual)) AssertSameGroup(e, a, $"{by} {e.GetProperty("key").GetString()}");
        }
        Assert.Equal(sql.GetProperty("factories").GetRawText(), memory.GetProperty("factories").GetRawText());
    }

    [Theory]
    [InlineData("asOf=2026-01-01")]
    [InlineData("bbox=120.0,35.8,120.3,36.1")]
    [InlineData("absorbedFrom=2026-01-01&absorbedTo=2026-12-31")]
    public async Task A_day_in_the_past_a_box_or_absorption_are_counted_by_the_sql(string query)
    {
        await FromMemoryAsync(fx.ClientFor("staff"), "/api/stats"); // the parcels are held: only the query keeps the SQL
        var (_, fromMemory) = await GetAsync(fx.ClientFor("staff"), $"/api/stats?{query}");
        Assert.False(fromMemory);
    }
}
