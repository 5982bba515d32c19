using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text;
using System.Text.Json;
using LandMap.Api.Configuration;
using LandMap.Core.Access;
using Npgsql;

namespace LandMap.Api.Tests;

/// <summary>
/// Freshness: records not verified within Freshness:StaleDays (90 by default) are flagged stale for staff (items, exports)
/// and listed in the survey worklist, oldest first; verifying clears the flag. Rows of their own in zone HFR.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class FreshnessApiTests(LandMapFixture fx)
{
    private const string Zone = "HFR";

    private async Task ExecAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>HFR-1 verified 100 days ago, HFR-2 10 days ago, HFR-3 never; building HFR-F 200 days ago; HFR-R retired, never verified.</summary>
    private async Task BuildAsync(string suffix)
    {
        await HistoryRows.EnsureZoneAsync(fx.ConnectionString, Zone, 125.6, 45.0);
        var lon = 125.6 + 0.01 * suffix.Length;
        foreach (var (code, status) in new[] { ("1", "idle"), ("2", "idle"), ("3", "negotiating"), ("R", "retired") })
            await HistoryRows.AtAsync(fx.ConnectionString, DateTimeOffset.UtcNow.AddDays(-300), HistoryRows.InsertParcel,
                $"HFR{suffix}-{code}", Zone, lon, 45.03, 10.0, status);
        await HistoryRows.AtAsync(fx.ConnectionString, DateTimeOffset.UtcNow.AddDays(-300), HistoryRows.InsertFactory, $"HFR{suffix}-F", Zone, lon, 45.05, 100.0, "idle");
        await ExecAsync($"""
            UPDATE parcels SET verified_at = now() - interval '100 days', verified_by = 'surveyor-a' WHERE code = 'HFR{suffix}-1';
            UPDATE parcels SET verified_at = now() - interval '10 days', verified_by = 'surveyor-b' WHERE code = 'HFR{suffix}-2';
            UPDATE factories SET verified_at = now() - interval '200 days', verified_by = 'surveyor-c' WHERE code = 'HFR{suffix}-F';
            """);
    }

    private async Task<bool> StaleAsync(string collection, string code) =>
        (await fx.GetJsonAsync($"/collections/{collection}/items/{code}")).GetProperty("properties").GetProperty("stale").GetBoolean();

    [Fact]
    public async Task The_stale_flag_appears_after_90_days_and_clears_when_verified()
    {
        await BuildAsync("a");
        Assert.True(await StaleAsync("parcels", "HFRa-1"));
        Assert.False(await StaleAsync("parcels", "HFRa-2"));
        Assert.True(await StaleAsync("parcels", "HFRa-3")); // never verified
        Assert.True(await StaleAsync("factories", "HFRa-F"));
        var props = (await fx.GetJsonAsync("/collections/parcels/items/HFRa-1")).GetProperty("properties");
        Assert.Equal("surveyor-a", props.GetProperty("verifiedBy").GetString());
        var version = props.GetProperty("version").GetInt32();

        // Verified: only verified_at/by change (a 'verify' change in the history), and the flag clears.
        await ExecAsync("UPDATE parcels SET verified_at = now(), verified_by = 'surveyor-d' WHERE code = 'HFRa-1'");
        Assert.False(await StaleAsync("parcels", "HFRa-1"));
        var after = (await fx.GetJsonAsync("/collections/parcels/items/HFRa-1")).GetProperty("properties");
        Assert.Equal(("surveyor-d", version + 1), (after.GetProperty("verifiedBy").GetString(), after.GetProperty("version").GetInt32()));
        var worklist = await fx.GetJsonAsync($"/api/worklist/stale?zone={Zone}&kind=parcel");
        Assert.DoesNotContain("HFRa-1", worklist.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));

        // The public never sees the flag or the verification.
        using var pub = await fx.Anonymous.GetAsync("/collections/parcels/items/HFRa-3");
        var pubProps = JsonDocument.Parse(await pub.Content.ReadAsStringAsync()).RootElement.GetProperty("properties");
        Assert.False(pubProps.TryGetProperty("stale", out _));
        Assert.False(pubProps.TryGetProperty("verifiedAt", out _));
    }

    [Fact]
    public async Task The_worklist_lists_stale_records_on_the_map_oldest_verification_first()
    {
        await BuildAsync("bb");
        var doc = await fx.GetJsonAsync($"/api/worklist/stale?zone={Zone}");
        Assert.Equal(90, doc.GetProperty("staleDays").GetInt32());
        var mine = doc.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("code").GetString()!.StartsWith("HFRbb-")).ToList();
        // Never verified first, then 200 days, then 100 days; the retired record and the fresh one are not listed.
        Assert.Equal(["HFRbb-3", "HFRbb-F", "HFRbb-1"], mine.Select(i => i.GetProperty("code").GetString()));
        Assert.Equal(["parcel", "factory", "parcel"], mine.Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal(JsonValueKind.Null, mine[0].GetProperty("ageDays").ValueKind);
        Assert.Equal(200, mine[1].GetProperty("ageDays").GetInt32());
        Assert.Equal((100, "surveyor-a"), (mine[2].GetProperty("ageDays").GetInt32(), mine[2].GetProperty("verifiedBy").GetString()));

        var parcelsOnly = await fx.GetJsonAsync($"/api/worklist/stale?zone={Zone}&kind=parcel&limit=1000");
        Assert.All(parcelsOnly.GetProperty("items").EnumerateArray(), i => Assert.Equal("parcel", i.GetProperty("kind").GetString()));

        // The same list as a ledger: the export's CSV writer with its Chinese headers and a 待核实 column, in the same order.
        using var csv = await fx.Client.GetAsync($"/api/worklist/stale?zone={Zone}&kind=parcel&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Contains("待核实", header);
        Assert.Contains("核实日期", header);
        var codes = lines.Skip(1).Select(l => l.Split(',')[0]).Where(c => c.StartsWith("HFRbb-")).ToList();
        Assert.Equal(["HFRbb-3", "HFRbb-1"], codes);
        Assert.All(lines.Skip(1), l => Assert.Equal("true", l.Split(',')[Array.IndexOf(header, "待核实")]));

        using var xlsx = await fx.Client.GetAsync($"/api/worklist/stale?zone={Zone}&kind=factory&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("PK", Encoding.ASCII.GetString((await xlsx.Content.ReadAsByteArrayAsync())[..2]));
    }

    [Fact]
    public async Task Exports_carry_the_stale_column_for_staff_only()
    {
        await BuildAsync("ccc");
        async Task<string[]> Lines(HttpClient client)
        {
            using var res = await client.GetAsync($"/collections/parcels/export?format=csv&zone={Zone}");
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            return Encoding.UTF8.GetString(await res.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        var staff = await Lines(fx.ClientFor(Roles.Staff));
        var header = staff[0].Split(',');
        var stale = Array.IndexOf(header, "待核实");
        Assert.True(stale >= 0, staff[0]);
        var byCode = staff.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => c[stale]);
        Assert.Equal(("true", "false", "true"), (byCode["HFRccc-1"], byCode["HFRccc-2"], byCode["HFRccc-3"]));
        var pub = await Lines(fx.Anonymous);
        Assert.DoesNotContain("待核实", pub[0]);
        Assert.DoesNotContain("核实", pub[0]);
    }

    [Theory]
    [InlineData("kind=building", "kind")]
    [InlineData("format=pdf", "format")]
    [InlineData("format=csv", "kind")]
    [InlineData("zone=NOPE", "zone")]
    [InlineData("status=idle", "status")]
    public async Task The_worklist_rejects_bad_input_with_a_400_naming_the_field(string query, string field)
    {
        using var res = await fx.Client.GetAsync($"/api/worklist/stale?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal(field, JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    /// <summary>offset + limit was added as int and wrapped negative: the database refused LIMIT -2147474649 (a 422 naming "body").</summary>
    [Fact]
    public async Task The_last_possible_offset_is_an_empty_page()
    {
        var page = await fx.GetJsonAsync("/api/worklist/stale?limit=10000&offset=2147483647");
        Assert.Empty(page.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_worklist_is_for_staff()
    {
        using var pub = await fx.Anonymous.GetAsync("/api/worklist/stale");
        Assert.Equal(HttpStatusCode.Unauthorized, pub.StatusCode);
        using var staff = await fx.ClientFor(Roles.Staff).GetAsync("/api/worklist/stale?limit=5");
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-5, false)]
    [InlineData(1, true)]
    [InlineData(90, true)]
    public void StaleDays_is_validated(int days, bool valid)
    {
        var options = new FreshnessOptions { StaleDays = days };
        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
    }
}
