using System.Net;
using System.Text.Json;

namespace LandMap.Api.Tests;

[Collection(LandMapCollection.Name)]
public sealed class StatsApiTests(LandMapFixture fx)
{
    private async Task<(int Count, double Mu)> SumParcels(string query)
    {
        var fc = await fx.GetJsonAsync($"/collections/parcels/items?limit=10000&{query}");
        var features = fc.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(fc.GetProperty("numberMatched").GetInt32(), features.Count);
        return (features.Count, features.Sum(f => f.GetProperty("properties").GetProperty("areaMu").GetDouble()));
    }

    private async Task<(int Count, double Vacant)> SumFactories(string query)
    {
        var fc = await fx.GetJsonAsync($"/collections/factories/items?limit=10000&{query}");
        var features = fc.GetProperty("features").EnumerateArray().ToList();
        return (features.Count, features.Sum(f => f.GetProperty("properties").GetProperty("vacantFloorM2").GetDouble()));
    }

    [Theory]
    [InlineData("zone=TST")]
    [InlineData("zone=LXEDZ&landUse=100101&minMu=20&maxMu=50&status=idle")]
    [InlineData("status=idle,negotiating")]
    [InlineData("landUse=1001&minMu=100")]
    [InlineData("bbox=120.0,35.8,120.3,36.1")]
    [InlineData("")]
    [InlineData("absorbedFrom=2026-01-01&absorbedTo=2026-12-31")] // the dashboard's period, for the page's totals
    public async Task Stats_totals_equal_the_sum_of_the_matching_items(string query)
    {
        var stats = await fx.GetJsonAsync($"/api/stats?{query}");
        var parcels = stats.GetProperty("parcels");
        var (count, mu) = await SumParcels(query);
        Assert.Equal(count, parcels.GetProperty("count").GetInt32());
        // Items carry areaMu rounded to 0.01; the sum of n rounded values is within n × 0.005 of the exact total.
        Assert.InRange(parcels.GetProperty("areaMu").GetDouble(), mu - count * 0.005 - 0.01, mu + count * 0.005 + 0.01);
        foreach (var group in new[] { "byZone", "byStatus", "byLandUse" })
        {
            var rows = parcels.GetProperty(group).EnumerateArray().ToList();
            Assert.Equal(count, rows.Sum(r => r.GetProperty("count").GetInt32()));
        }

        var factoryQuery = string.Join('&', query.Split('&').Where(p => !p.StartsWith("landUse") && !p.StartsWith("minMu") && !p.StartsWith("maxMu")));
        var (fCount, vacant) = await SumFactories(factoryQuery);
        Assert.Equal(fCount, stats.GetProperty("factories").GetProperty("count").GetInt32());
        Assert.Equal(vacant, stats.GetProperty("factories").GetProperty("vacantFloorM2").GetDouble(), 1);
    }

    [Fact]
    public async Task Stats_of_the_test_zone_have_the_hand_computed_figures()
    {
        var stats = await fx.GetJsonAsync("/api/stats?zone=TST");
        var byStatus = stats.GetProperty("parcels").GetProperty("byStatus").EnumerateArray()
            .ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("areaMu").GetDouble());
        Assert.Equal(30 + 60 + 20 + 45, byStatus["idle"], 2);
        Assert.Equal(15, byStatus["negotiating"], 2);
        Assert.Equal(100, byStatus["in_use"], 2);
        Assert.Equal(3500, stats.GetProperty("factories").GetProperty("vacantFloorM2").GetDouble(), 1);
    }

    [Theory]
    [InlineData("minMu=5&maxMu=1", "minMu")]
    [InlineData("status=gone", "status")]
    [InlineData("limit=5", "limit")]
    public async Task Stats_reject_bad_input_with_problem_details(string query, string field)
    {
        using var res = await fx.Client.GetAsync($"/api/stats?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        var problem = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task The_public_may_not_ask_the_totals_of_an_absorption_period()
    {
        using var response = await fx.Anonymous.GetAsync("/api/stats?absorbedFrom=2026-01-01");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("absorbedFrom", await response.Content.ReadAsStringAsync());
    }
}
