using System.Net;
using System.Text.Json;
using LandMap.Core.Access;

namespace LandMap.Api.Tests;

/// <summary>
/// asOf=YYYY-MM-DD on items, single items and stats: the stock at the end of that day (China time), rebuilt from the
/// changes table. The past states are built by hand at back-dated moments and read live as they are made; the
/// reconstruction must give back exactly what the live answer was then.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class CollectionsAsOfTests(LandMapFixture fx)
{
    private const string Zone = "HAS";

    /// <summary>The fields that depend on the moment of reading rather than on the record: stale (relative to the day) and
    /// updatedAt (the trigger stamps the real time; the history the back-dated one).</summary>
    private static readonly string[] MomentFields = ["stale", "updatedAt"];

    /// <summary>A feature's id, geometry and record fields; a null field counts as absent (item pages leave nulls out, a single feature keeps them).</summary>
    private static string Comparable(JsonElement feature)
    {
        var props = feature.GetProperty("properties").EnumerateObject()
            .Where(p => !MomentFields.Contains(p.Name) && p.Value.ValueKind != JsonValueKind.Null)
            .ToDictionary(p => p.Name, p => p.Value.GetRawText());
        return JsonSerializer.Serialize(new { id = feature.GetProperty("id").GetString(), geometry = feature.GetProperty("geometry").GetRawText(), props });
    }

    private Task Sql(string at, string sql, params object[] values) => HistoryRows.AtAsync(fx.ConnectionString, HistoryRows.At(at), sql, values);

    private static string[] Codes(JsonElement fc) =>
        [.. fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task AsOf_reproduces_each_hand_built_past_state_exactly()
    {
        await HistoryRows.EnsureZoneAsync(fx.ConnectionString, Zone, 125.0, 45.0);
        var snapshots = new Dictionary<string, Dictionary<string, string>>(); // day → code → live feature then

        async Task Snap(string day)
        {
            var fc = await fx.GetJsonAsync($"/collections/parcels/items?zone={Zone}&status=idle,negotiating,reserved,allocated,in_use,retired&limit=100");
            snapshots[day] = fc.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!, Comparable);
        }

        // 2024-03-01: A and C created. 2024-05-10: A's address, price and outline change (area recomputed by hand).
        // 2024-06-16 07:00 China time (still 06-15 in UTC): A reserved. 2024-08-01: B created. 2024-09-01: C retired.
        await Sql("2024-03-01T10:00", HistoryRows.InsertParcel, "HAS-A", Zone, 125.01, 45.01, 30.0, "idle");
        await Sql("2024-03-01T10:05", HistoryRows.InsertParcel, "HAS-C", Zone, 125.03, 45.01, 12.5, "negotiating");
        await Snap("2024-03-01");
        await Sql("2024-05-10T09:00", """
            UPDATE parcels SET address = '历史路2号', price_wan_per_mu = 25.5, area_mu = 40.25,
                geom = ST_Multi(ST_MakeEnvelope(125.01, 45.01, 125.0125, 45.012, 4490)) WHERE code = 'HAS-A'
            """);
        await Snap("2024-05-10");
        await Sql("2024-06-16T07:00", "UPDATE parcels SET status = 'reserved' WHERE code = 'HAS-A'");
        await Snap("2024-06-16");
        await Sql("2024-08-01T12:00", HistoryRows.InsertParcel, "HAS-B", Zone, 125.05, 45.01, 7.0, "idle");
        await Sql("2024-09-01T12:00", "UPDATE parcels SET status = 'retired' WHERE code = 'HAS-C'");

        foreach (var (day, expectCodes) in new[]
                 {
                     ("2024-02-29", Array.Empty<string>()),
                     ("2024-03-01", ["HAS-A", "HAS-C"]),
                     ("2024-05-09", ["HAS-A", "HAS-C"]),
                     ("2024-05-10", ["HAS-A", "HAS-C"]),
                     ("2024-06-15", ["HAS-A", "HAS-C"]),
                     ("2024-06-16", ["HAS-A", "HAS-C"]),
                     ("2024-07-31", ["HAS-A", "HAS-C"]),
                     ("2024-08-01", ["HAS-A", "HAS-B", "HAS-C"]),
                 })
        {
            var fc = await fx.GetJsonAsync($"/collections/parcels/items?zone={Zone}&asOf={day}&status=idle,negotiating,reserved,allocated,in_use,retired&limit=100");
            Assert.Equal(expectCodes, Codes(fc));
        }

        // Field by field, geometry included: the state at the end of a day is what the live answer said right after that day's change.
        foreach (var (day, snapDay) in new[] { ("2024-03-01", "2024-03-01"), ("2024-05-09", "2024-03-01"), ("2024-05-10", "2024-05-10"),
                     ("2024-06-15", "2024-05-10"), ("2024-06-16", "2024-06-16"), ("2024-07-31", "2024-06-16") })
        {
            var fc = await fx.GetJsonAsync($"/collections/parcels/items?zone={Zone}&asOf={day}&status=idle,negotiating,reserved,allocated,in_use,retired&limit=100");
            foreach (var f in fc.GetProperty("features").EnumerateArray())
                Assert.Equal(snapshots[snapDay][f.GetProperty("id").GetString()!], Comparable(f));
            foreach (var code in new[] { "HAS-A", "HAS-C" })
                Assert.Equal(snapshots[snapDay][code], Comparable(await fx.GetJsonAsync($"/collections/parcels/items/{code}?asOf={day}")));
        }

        // The same values by hand: the day boundary is China time (06-16 07:00 +08:00 is 06-15 in UTC).
        var before = (await fx.GetJsonAsync("/collections/parcels/items/HAS-A?asOf=2024-06-15")).GetProperty("properties");
        Assert.Equal("idle", before.GetProperty("status").GetString());
        Assert.Equal(40.25, before.GetProperty("areaMu").GetDouble());
        Assert.Equal("历史路2号", before.GetProperty("address").GetString());
        Assert.Equal(2, before.GetProperty("version").GetInt32());
        var first = (await fx.GetJsonAsync("/collections/parcels/items/HAS-A?asOf=2024-05-09")).GetProperty("properties");
        Assert.Equal((30.0, 20.0, "历史路1号", 1), (first.GetProperty("areaMu").GetDouble(), first.GetProperty("priceWanPerMu").GetDouble(),
            first.GetProperty("address").GetString(), first.GetProperty("version").GetInt32()));
        Assert.Equal("reserved", (await fx.GetJsonAsync("/collections/parcels/items/HAS-A?asOf=2024-06-16")).GetProperty("properties").GetProperty("status").GetString());

        // The retired record is on the map as it was; the later one did not exist; today C is off the map unless asked.
        Assert.Equal("negotiating", (await fx.GetJsonAsync("/collections/parcels/items/HAS-C?asOf=2024-08-31")).GetProperty("properties").GetProperty("status").GetString());
        using (var absent = await fx.Client.GetAsync("/collections/parcels/items/HAS-B?asOf=2024-07-31"))
            Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        Assert.Equal(["HAS-A", "HAS-B"], Codes(await fx.GetJsonAsync($"/collections/parcels/items?zone={Zone}")));
        Assert.Equal(["HAS-A", "HAS-B", "HAS-C"], Codes(await fx.GetJsonAsync($"/collections/parcels/items?zone={Zone}&asOf=2024-08-31")));
    }

    [Fact]
    public async Task AsOf_applies_filters_stats_and_the_public_whitelist_to_the_past_rows()
    {
        const string zone = "HAF";
        await HistoryRows.EnsureZoneAsync(fx.ConnectionString, zone, 125.2, 45.0);
        await Sql("2023-01-10T10:00", HistoryRows.InsertParcel, "HAF-1", zone, 125.21, 45.01, 10.0, "idle");
        await Sql("2023-01-10T10:00", HistoryRows.InsertParcel, "HAF-2", zone, 125.23, 45.01, 50.0, "idle");
        await Sql("2023-01-10T10:00", HistoryRows.InsertFactory, "HAF-F", zone, 125.25, 45.01, 6000.0, "idle");
        await Sql("2023-04-02T10:00", "UPDATE parcels SET status = 'in_use' WHERE code = 'HAF-1'");
        await Sql("2023-04-02T10:00", "UPDATE factories SET vacant_floor_m2 = 2500 WHERE code = 'HAF-F'");
        await Sql("2023-06-02T10:00", "UPDATE parcels SET area_mu = 55 WHERE code = 'HAF-2'");

        // Filters see the past values: area, status.
        Assert.Equal(["HAF-2"], Codes(await fx.GetJsonAsync($"/collections/parcels/items?zone={zone}&asOf=2023-05-01&minMu=40&maxMu=52")));
        Assert.Empty(Codes(await fx.GetJsonAsync($"/collections/parcels/items?zone={zone}&minMu=40&maxMu=52")));
        Assert.Equal(["HAF-1", "HAF-2"], Codes(await fx.GetJsonAsync($"/collections/parcels/items?zone={zone}&asOf=2023-03-31&status=idle")));
        Assert.Equal(["HAF-F"], Codes(await fx.GetJsonAsync($"/collections/factories/items?zone={zone}&asOf=2023-03-31&minVacantM2=5000")));

        // Stats at the end of a day add up the past rows.
        var stats = await fx.GetJsonAsync($"/api/stats?zone={zone}&asOf=2023-03-31");
        Assert.Equal(60, stats.GetProperty("parcels").GetProperty("areaMu").GetDouble(), 6);
        Assert.Equal(6000, stats.GetProperty("factories").GetProperty("vacantFloorM2").GetDouble(), 6);
        var later = await fx.GetJsonAsync($"/api/stats?zone={zone}&asOf=2023-05-01&status=idle");
        Assert.Equal(50, later.GetProperty("parcels").GetProperty("areaMu").GetDouble(), 6);
        Assert.Equal(2500, later.GetProperty("factories").GetProperty("vacantFloorM2").GetDouble(), 6);

        // The public: past rows in the public statuses, public fields only, and hidden statuses refused as today.
        var pub = await fx.Anonymous.GetAsync($"/collections/parcels/items?zone={zone}&asOf=2023-03-31");
        var pubFc = JsonDocument.Parse(await pub.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["HAF-1", "HAF-2"], Codes(pubFc));
        Assert.All(pubFc.GetProperty("features").EnumerateArray(), f =>
        {
            foreach (var name in new[] { "version", "verifiedAt", "verifiedBy", "stale", "projectId", "projectName", "ownership" })
                Assert.False(f.GetProperty("properties").TryGetProperty(name, out _), name);
        });
        Assert.Equal(["HAF-2"], Codes(JsonDocument.Parse(await (await fx.Anonymous.GetAsync($"/collections/parcels/items?zone={zone}&asOf=2023-05-01")).Content.ReadAsStringAsync()).RootElement));
        using (var hidden = await fx.Anonymous.GetAsync("/collections/parcels/items/HAF-1?asOf=2023-05-01"))
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using (var shown = await fx.Anonymous.GetAsync("/collections/parcels/items/HAF-1?asOf=2023-03-31"))
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        using (var refused = await fx.Anonymous.GetAsync($"/collections/parcels/items?zone={zone}&asOf=2023-05-01&status=in_use"))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    /// <summary>Days near year 1 or 9999 once overflowed the day's end or the stale cut (StaleDays earlier): a 500.</summary>
    [Theory]
    [InlineData("/collections/parcels/items?asOf=0001-01-01", "asOf")]
    [InlineData("/collections/parcels/items?asOf=0001-02-15", "asOf")]
    [InlineData("/collections/parcels/items/TST-01?asOf=0001-01-01", "asOf")]
    [InlineData("/api/stats?asOf=0001-01-01", "asOf")]
    [InlineData("/collections/parcels/export?format=csv&asOf=0001-01-01", "asOf")]
    [InlineData("/collections/parcels/items?absorbedFrom=0001-01-01", "absorbedFrom")]
    [InlineData("/collections/factories/items?absorbedTo=9999-12-31", "absorbedTo")]
    [InlineData("/api/stats/absorption?from=0001-01-01&to=0001-03-01", "from")]
    [InlineData("/api/stats/absorption?to=9999-12-31&by=year", "to")]
    public async Task A_day_at_the_edge_of_the_calendar_is_a_400_naming_it(string url, string field)
    {
        using var res = await fx.Client.GetAsync(url);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains(JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
    }

    [Theory]
    [InlineData("/collections/parcels/items?asOf=1900-01-01")]
    [InlineData("/api/stats?asOf=1900-01-01")]
    [InlineData("/api/stats/absorption?from=1900-01-01&to=1900-12-31")]
    [InlineData("/collections/factories/items?absorbedTo=2999-12-31")]
    public async Task The_first_and_last_days_a_query_may_name_are_answered(string url)
    {
        using var res = await fx.Client.GetAsync(url);
        Assert.True(res.StatusCode == HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/collections/parcels/items?asOf=2024-13-01")]
    [InlineData("/collections/parcels/items?asOf=20240101")]
    [InlineData("/collections/parcels/items?asOf=2999-01-01")]
    [InlineData("/collections/factories/items?asOf=yesterday")]
    [InlineData("/collections/parcels/items/TST-01?asOf=2999-01-01")]
    [InlineData("/collections/parcels/items/TST-01?asOf=2024-02-30")]
    [InlineData("/api/stats?asOf=2999-01-01")]
    [InlineData("/api/stats?asOf=")]
    public async Task A_bad_or_future_asOf_is_a_400_naming_asOf(string url)
    {
        foreach (var client in new[] { fx.Client, fx.Anonymous })
        {
            using var res = await client.GetAsync(url);
            var text = await res.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
            Assert.Equal("asOf", JsonDocument.Parse(text).RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Staff_get_the_version_as_ETag_and_the_bookkeeping_fields_the_public_gets_neither()
    {
        var staff = fx.ClientFor(Roles.Staff);
        using var res = await staff.GetAsync("/collections/parcels/items/TST-01");
        var props = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("properties");
        var version = props.GetProperty("version").GetInt32();
        Assert.Equal($"\"{version}\"", res.Headers.ETag!.ToString());
        Assert.False(res.Headers.ETag.IsWeak);
        foreach (var name in new[] { "verifiedAt", "verifiedBy", "stale", "projectId", "projectName" })
            Assert.True(props.TryGetProperty(name, out _), name);

        using var pub = await fx.Anonymous.GetAsync("/collections/parcels/items/TST-01");
        Assert.Equal(HttpStatusCode.OK, pub.StatusCode);
        Assert.Null(pub.Headers.ETag);
        var pubProps = JsonDocument.Parse(await pub.Content.ReadAsStringAsync()).RootElement.GetProperty("properties");
        Assert.False(pubProps.TryGetProperty("version", out _));

        using var factory = await staff.GetAsync("/collections/factories/items/TST-F01");
        Assert.NotNull(factory.Headers.ETag);
    }

    [Fact]
    public async Task Staff_see_the_project_of_the_active_reservation_now_and_as_it_was()
    {
        const string zone = "HAP";
        await HistoryRows.EnsureZoneAsync(fx.ConnectionString, zone, 125.8, 45.0);
        await Sql("2023-01-10T10:00", HistoryRows.InsertParcel, "HAP-1", zone, 125.81, 45.01, 10.0, "idle");
        // Held by 历史项目甲 from 2023-03-01 to 2023-06-01 (released), by 历史项目乙 from 2023-09-01 on.
        await Sql("2023-03-01T10:00", """
            WITH a AS (INSERT INTO projects (name, pollution_class, investment_wan, land_need_mu, created_by, updated_by)
                       VALUES ('历史项目甲', '1', 1000, 10, 'test', 'test') RETURNING id),
                 b AS (INSERT INTO projects (name, pollution_class, investment_wan, land_need_mu, created_by, updated_by)
                       VALUES ('历史项目乙', '1', 1000, 10, 'test', 'test') RETURNING id)
            INSERT INTO reservations (project_id, resource_kind, resource_code, zone_code, previous_status, created_by, created_at, released_at)
            SELECT id, 'parcel', 'HAP-1', 'HAP', 'idle', 'test', '2023-03-01T10:00+08'::timestamptz, '2023-06-01T10:00+08'::timestamptz FROM a
            UNION ALL SELECT id, 'parcel', 'HAP-1', 'HAP', 'idle', 'test', '2023-09-01T10:00+08'::timestamptz, NULL FROM b
            """);
        string? Name(JsonElement f) => f.GetProperty("properties").GetProperty("projectName").GetString();
        Assert.Equal("历史项目乙", Name(await fx.GetJsonAsync("/collections/parcels/items/HAP-1")));
        Assert.Equal("历史项目甲", Name(await fx.GetJsonAsync("/collections/parcels/items/HAP-1?asOf=2023-04-01")));
        Assert.Null(Name(await fx.GetJsonAsync("/collections/parcels/items/HAP-1?asOf=2023-07-01")));
        var now = (await fx.GetJsonAsync($"/collections/parcels/items?zone={zone}")).GetProperty("features")[0].GetProperty("properties");
        Assert.Equal(JsonValueKind.Number, now.GetProperty("projectId").ValueKind);
    }
}
