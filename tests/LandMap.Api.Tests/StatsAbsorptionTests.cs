using System.Net;
using System.Text.Json;
using LandMap.Core.Access;

namespace LandMap.Api.Tests;

/// <summary>
/// GET /api/stats/absorption on a history built by hand in a zone of its own (HAB), in 2022, checked by month and by
/// quarter against figures worked out below; and the items filter absorbedFrom/absorbedTo that a chart bar sets.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class StatsAbsorptionTests(LandMapFixture fx)
{
    private const string Zone = "HAB";
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static bool _built;

    private Task Sql(string at, string sql, params object[] values) => HistoryRows.AtAsync(fx.ConnectionString, HistoryRows.At(at), sql, values);

    /// <summary>
    /// 2022-01-05 10:00 P1 (30 mu idle), P2 (20 mu idle), P3 (10 mu negotiating), F1 (6000 m² vacant, idle) created: no absorption.
    /// 02-10 P1 reserved (absorbed 30). 02-20 F1 let down to 4000 m² vacant (absorbed and revitalised 2000). 03-15 P1 allocated (revitalised 30,
    /// idle 69 days). 04-01 02:00 China time (still March in UTC) P2 in use (absorbed 20, revitalised 20). 05-01 P3 idle
    /// (negotiating → idle: both on offer, nothing moves). 05-20 F1 back to 5000 m² vacant (returned 1000). 06-10 P1 idle
    /// again (returned 30). 07-01 P3 retired (not absorption). 08-01 F1 in use with its 5000 m² (absorbed and revitalised 5000,
    /// idle 208 days).
    /// </summary>
    private async Task BuildAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_built) return;
            await HistoryRows.EnsureZoneAsync(fx.ConnectionString, Zone, 125.4, 45.0);
            await Sql("2022-01-05T10:00", HistoryRows.InsertParcel, "HAB-P1", Zone, 125.41, 45.01, 30.0, "idle");
            await Sql("2022-01-05T10:00", HistoryRows.InsertParcel, "HAB-P2", Zone, 125.43, 45.01, 20.0, "idle");
            await Sql("2022-01-05T10:00", HistoryRows.InsertParcel, "HAB-P3", Zone, 125.45, 45.01, 10.0, "negotiating");
            await Sql("2022-01-05T10:00", HistoryRows.InsertFactory, "HAB-F1", Zone, 125.47, 45.01, 6000.0, "idle");
            await Sql("2022-02-10T10:00", "UPDATE parcels SET status = 'reserved' WHERE code = 'HAB-P1'");
            await Sql("2022-02-20T10:00", "UPDATE factories SET vacant_floor_m2 = 4000 WHERE code = 'HAB-F1'");
            await Sql("2022-03-15T10:00", "UPDATE parcels SET status = 'allocated' WHERE code = 'HAB-P1'");
            await Sql("2022-04-01T02:00", "UPDATE parcels SET status = 'in_use' WHERE code = 'HAB-P2'");
            await Sql("2022-05-01T10:00", "UPDATE parcels SET status = 'idle' WHERE code = 'HAB-P3'");
            await Sql("2022-05-20T10:00", "UPDATE factories SET vacant_floor_m2 = 5000 WHERE code = 'HAB-F1'");
            await Sql("2022-06-10T10:00", "UPDATE parcels SET status = 'idle' WHERE code = 'HAB-P1'");
            await Sql("2022-07-01T10:00", "UPDATE parcels SET status = 'retired' WHERE code = 'HAB-P3'");
            await Sql("2022-08-01T10:00", "UPDATE factories SET status = 'in_use' WHERE code = 'HAB-F1'");
            _built = true;
        }
        finally
        {
            Once.Release();
        }
    }

    private static double Days(string from, string to) => (HistoryRows.At(to) - HistoryRows.At(from)).TotalDays;

    private static readonly double P1Idle = Days("2022-01-05T10:00", "2022-03-15T10:00"); // 69
    private static readonly double P2Idle = Days("2022-01-05T10:00", "2022-04-01T02:00"); // 85⅔
    private static readonly double F1Idle = Days("2022-01-05T10:00", "2022-08-01T10:00"); // 208

    private static void AssertFigures(JsonElement e, double landAbsorbed, double landReturned, double landRevitalised,
        double factoryAbsorbed, double factoryReturned, double factoryRevitalised, double? avgIdleDays, string label)
    {
        Assert.True(landAbsorbed == e.GetProperty("landAbsorbedMu").GetDouble(), $"{label} landAbsorbedMu: {e}");
        Assert.True(landReturned == e.GetProperty("landReturnedMu").GetDouble(), $"{label} landReturnedMu: {e}");
        Assert.True(landRevitalised == e.GetProperty("landRevitalisedMu").GetDouble(), $"{label} landRevitalisedMu: {e}");
        Assert.True(factoryAbsorbed == e.GetProperty("factoryAbsorbedM2").GetDouble(), $"{label} factoryAbsorbedM2: {e}");
        Assert.True(factoryReturned == e.GetProperty("factoryReturnedM2").GetDouble(), $"{label} factoryReturnedM2: {e}");
        Assert.True(factoryRevitalised == e.GetProperty("factoryRevitalisedM2").GetDouble(), $"{label} factoryRevitalisedM2: {e}");
        var avg = e.GetProperty("avgIdleDays");
        Assert.True(avgIdleDays is null ? avg.ValueKind == JsonValueKind.Null : Math.Round(avgIdleDays.Value, 1) == avg.GetDouble(), $"{label} avgIdleDays: {e}");
    }

    [Fact]
    public async Task Absorption_by_month_matches_the_hand_built_history()
    {
        await BuildAsync();
        var doc = await fx.GetJsonAsync($"/api/stats/absorption?zone={Zone}&by=month&from=2022-01-01&to=2022-12-31");
        Assert.Equal("month", doc.GetProperty("by").GetString());
        Assert.Equal("2022-01-01", doc.GetProperty("from").GetString());
        Assert.Equal("2022-12-31", doc.GetProperty("to").GetString());
        var periods = doc.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(m => $"2022-{m:D2}"), periods.Select(p => p.GetProperty("period").GetString()));
        Assert.Equal(("2022-02-01", "2022-02-28"), (periods[1].GetProperty("start").GetString(), periods[1].GetProperty("end").GetString()));
        AssertFigures(periods[0], 0, 0, 0, 0, 0, 0, null, "Jan (creation is no absorption)");
        AssertFigures(periods[1], 30, 0, 0, 2000, 0, 2000, null, "Feb (space let is revitalised)");
        AssertFigures(periods[2], 0, 0, 30, 0, 0, 0, P1Idle, "Mar");
        AssertFigures(periods[3], 20, 0, 20, 0, 0, 0, P2Idle, "Apr (02:00 China time is April)");
        AssertFigures(periods[4], 0, 0, 0, 0, 1000, 0, null, "May");
        AssertFigures(periods[5], 0, 30, 0, 0, 0, 0, null, "Jun");
        AssertFigures(periods[6], 0, 0, 0, 0, 0, 0, null, "Jul (retirement is no absorption)");
        AssertFigures(periods[7], 0, 0, 0, 5000, 0, 5000, F1Idle, "Aug");
        AssertFigures(doc.GetProperty("totals"), 50, 30, 50, 7000, 1000, 7000, (P1Idle + P2Idle + F1Idle) / 3, "totals");
        var byZone = Assert.Single(doc.GetProperty("byZone").EnumerateArray());
        Assert.Equal(Zone, byZone.GetProperty("zone").GetString());
        AssertFigures(byZone, 50, 30, 50, 7000, 1000, 7000, (P1Idle + P2Idle + F1Idle) / 3, "byZone");
        var byLandUse = Assert.Single(doc.GetProperty("byLandUse").EnumerateArray());
        Assert.Equal(("100101", 50.0, 30.0, 50.0), (byLandUse.GetProperty("landUse").GetString(), byLandUse.GetProperty("landAbsorbedMu").GetDouble(),
            byLandUse.GetProperty("landReturnedMu").GetDouble(), byLandUse.GetProperty("landRevitalisedMu").GetDouble()));
        Assert.Equal((30.0, 0.0), (doc.GetProperty("availableNow").GetProperty("landMu").GetDouble(), doc.GetProperty("availableNow").GetProperty("factoryM2").GetDouble()));
    }

    [Fact]
    public async Task Absorption_by_quarter_matches_the_hand_built_history_and_the_stock_walks_back()
    {
        await BuildAsync();
        var doc = await fx.GetJsonAsync($"/api/stats/absorption?zone={Zone}&by=quarter&from=2022-02-15&to=2022-11-01");
        Assert.Equal(("2022-01-01", "2022-12-31"), (doc.GetProperty("from").GetString(), doc.GetProperty("to").GetString())); // whole quarters
        var periods = doc.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"], periods.Select(p => p.GetProperty("period").GetString()));
        Assert.Equal(("2022-04-01", "2022-06-30"), (periods[1].GetProperty("start").GetString(), periods[1].GetProperty("end").GetString()));
        AssertFigures(periods[0], 30, 0, 30, 2000, 0, 2000, P1Idle, "Q1");
        AssertFigures(periods[1], 20, 30, 20, 0, 1000, 0, P2Idle, "Q2");
        AssertFigures(periods[2], 0, 0, 0, 5000, 0, 5000, F1Idle, "Q3");
        AssertFigures(periods[3], 0, 0, 0, 0, 0, 0, null, "Q4");

        // On offer at the end of each quarter: Q1 P2 20 + P3 10, F1 4000; Q2 P1 30 + P3 10, F1 5000; Q3 and Q4 P1 30, F1 none.
        var stock = doc.GetProperty("stock").EnumerateArray().Where(s => s.GetProperty("zone").GetString() == Zone)
            .ToDictionary(s => s.GetProperty("period").GetString()!, s => (s.GetProperty("landAvailableMu").GetDouble(), s.GetProperty("factoryAvailableM2").GetDouble()));
        Assert.Equal(new Dictionary<string, (double, double)>
        {
            ["2022-Q1"] = (30, 4000), ["2022-Q2"] = (40, 5000), ["2022-Q3"] = (30, 0), ["2022-Q4"] = (30, 0),
        }, stock);

        var year = await fx.GetJsonAsync($"/api/stats/absorption?zone={Zone}&by=year&from=2022-01-01&to=2022-12-31");
        AssertFigures(Assert.Single(year.GetProperty("periods").EnumerateArray()), 50, 30, 50, 7000, 1000, 7000, (P1Idle + P2Idle + F1Idle) / 3, "2022");
        var otherUse = await fx.GetJsonAsync($"/api/stats/absorption?zone={Zone}&by=year&from=2022-01-01&to=2022-12-31&landUse=1101");
        AssertFigures(otherUse.GetProperty("totals"), 0, 0, 0, 7000, 1000, 7000, F1Idle, "landUse narrows land only");
    }

    [Theory]
    [InlineData("2022-02-01", "2022-02-28", "parcels", "HAB-P1")]
    [InlineData("2022-02-01", "2022-02-28", "factories", "HAB-F1")]
    [InlineData("2022-04-01", "2022-04-30", "parcels", "HAB-P2")]
    [InlineData("2022-03-01", "2022-03-31", "parcels", "")]          // revitalised from reserved, absorbed in February
    [InlineData("2022-07-01", "2022-07-31", "parcels", "")]          // the retirement is no absorption
    [InlineData("2022-01-01", "2022-12-31", "parcels", "HAB-P1,HAB-P2")]
    public async Task A_chart_bar_filters_the_map_to_what_was_absorbed_then(string from, string to, string collection, string expected)
    {
        await BuildAsync();
        var fc = await fx.GetJsonAsync($"/collections/{collection}/items?zone={Zone}&absorbedFrom={from}&absorbedTo={to}");
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries),
            fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Absorption_is_for_staff_and_the_absorbed_filter_is_refused_to_the_public()
    {
        using (var res = await fx.Anonymous.GetAsync($"/api/stats/absorption?zone={Zone}"))
            Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
        using (var res = await fx.ClientFor(Roles.Staff).GetAsync($"/api/stats/absorption?zone={Zone}"))
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        using var pub = await fx.Anonymous.GetAsync($"/collections/parcels/items?zone={Zone}&absorbedFrom=2022-01-01");
        var text = await pub.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, pub.StatusCode);
        Assert.Equal("staff-only-parameter", AuthMatrixTests.ProblemCode(pub, text));
    }

    [Theory]
    [InlineData("by=week", "by")]
    [InlineData("from=2022-05-01&to=2022-04-01", "from")]
    [InlineData("from=2022-5-1", "from")]
    [InlineData("to=tomorrow", "to")]
    [InlineData("zone=NOPE", "zone")]
    [InlineData("landUse=XX9", "landUse")]
    [InlineData("status=idle", "status")]
    [InlineData("from=1900-01-01&to=2022-01-01", "from")]
    public async Task Absorption_rejects_bad_input_with_a_400_naming_the_field(string query, string field)
    {
        using var res = await fx.Client.GetAsync($"/api/stats/absorption?{query}");
        var text = await res.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal(field, JsonDocument.Parse(text).RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
    }
}
