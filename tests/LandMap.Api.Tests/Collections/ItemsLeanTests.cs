using System.Globalization;
using System.Text.Json;
using LandMap.Core.Access;
using Npgsql;

namespace LandMap.Api.Tests.Collections;

/// <summary>
/// Lean item pages (issue 11): null properties left out, properties= answering exactly the full page's values, paging
/// stable without sortby (a map view nearest its centre first, anything else by the primary key), numberMatched exact
/// wherever it is present.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class ItemsLeanTests(LandMapFixture fx) : IAsyncLifetime
{
    /// <summary>This class's own zone, far from TST and the demo (101°E 31°N), holding <see cref="Count"/> parcels.</summary>
    private readonly string _zone = "LEAN" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    private const int Count = 23;

    public async Task InitializeAsync()
    {
        await ExecAsync("""
            INSERT INTO zones (code, name_zh, name_en, level, city, geom, area_mu)
            VALUES ($1, '精简测试区', 'Lean items zone', 'provincial', '测试', ST_Multi(ST_MakeEnvelope(100.99, 30.99, 101.1, 31.1, 4490)), 1000)
            """, _zone);
        // Mostly NULL rows (no address, no planning figures); every third one has an address, every other one is idle.
        await ExecAsync("""
            INSERT INTO parcels (code, zone_code, address, geom, area_mu, gk_central_meridian, land_use, land_use_original, ownership, status)
            SELECT $1 || '-' || lpad(i::text, 2, '0'), $1, CASE WHEN i % 3 = 0 THEN '精简路' || i || '号' END,
                   ST_Multi(ST_MakeEnvelope(101 + i * 0.001, 31, 101 + i * 0.001 + 0.0005, 31.0005, 4490)),
                   1 + i, 102, '100101', '100101', 'state', CASE WHEN i % 2 = 0 THEN 'idle' ELSE 'negotiating' END
            FROM generate_series(1, $2) i
            """, _zone, Count);
    }

    public async Task DisposeAsync()
    {
        await ExecAsync("DELETE FROM changes WHERE code LIKE $1 || '-%'", _zone);
        await ExecAsync("DELETE FROM parcels WHERE zone_code = $1", _zone);
        await ExecAsync("DELETE FROM zones WHERE code = $1", _zone);
    }

    private static Dictionary<string, JsonElement> ById(JsonElement fc) =>
        fc.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!);

    private static Dictionary<string, string> Properties(JsonElement feature) =>
        feature.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());

    private static async Task<JsonElement> JsonAsync(HttpClient client, string url)
    {
        using var res = await client.GetAsync(url);
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"GET {url} → {(int)res.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Theory]
    [InlineData("parcels", "zone=TST", Roles.Editor)]
    [InlineData("parcels", "zone=TST", Roles.Public)]
    [InlineData("factories", "zone=TST", Roles.Editor)]
    [InlineData("zones", "zone=TST", Roles.Public)]
    public async Task Items_equal_the_single_features_without_their_nulls(string collection, string query, string role)
    {
        var client = fx.ClientFor(role);
        var page = ById(await JsonAsync(client, $"/collections/{collection}/items?{query}&limit=1000"));
        Assert.NotEmpty(page);
        foreach (var (code, feature) in page)
        {
            // The single feature is built by json_build_object and keeps its nulls: the page's feature is it without them.
            var single = await JsonAsync(client, $"/collections/{collection}/items/{Uri.EscapeDataString(code)}");
            Assert.Equal(single.GetProperty("geometry").GetRawText(), feature.GetProperty("geometry").GetRawText());
            var expected = single.GetProperty("properties").EnumerateObject()
                .Where(p => p.Value.ValueKind != JsonValueKind.Null).ToDictionary(p => p.Name, p => p.Value.GetRawText());
            Assert.Equal(expected, Properties(feature));
        }
    }

    [Theory]
    [InlineData("parcels", "code,areaMu,status,landUse", Roles.Public)]
    [InlineData("parcels", "address,zone,plotRatioMin,priceWanPerMu", Roles.Public)]
    [InlineData("parcels", "owner,version,stale,projectId,ledgerAreaMu", Roles.Editor)]
    [InlineData("factories", "vacantFloorM2,vacancyRate,name", Roles.Editor)]
    [InlineData("zones", "nameEn,parent,areaMu", Roles.Public)]
    public async Task Lean_items_equal_the_full_ones_on_the_chosen_properties(string collection, string properties, string role)
    {
        var client = fx.ClientFor(role);
        var full = ById(await JsonAsync(client, $"/collections/{collection}/items?limit=1000"));
        var lean = ById(await JsonAsync(client, $"/collections/{collection}/items?limit=1000&properties={properties}"));
        Assert.Equal(full.Keys.Order(StringComparer.Ordinal), lean.Keys.Order(StringComparer.Ordinal));
        var chosen = properties.Split(',').ToHashSet();
        foreach (var (code, feature) in lean)
        {
            Assert.Equal(full[code].GetProperty("geometry").GetRawText(), feature.GetProperty("geometry").GetRawText());
            Assert.Equal(Properties(full[code]).Where(p => chosen.Contains(p.Key)).ToDictionary(), Properties(feature));
        }
    }

    [Fact]
    public async Task Null_properties_are_left_out_of_items()
    {
        var fc = await fx.GetJsonAsync($"/collections/parcels/items?zone={_zone}&limit=1000");
        var features = fc.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(Count, features.Count);
        Assert.All(features, f => Assert.All(f.GetProperty("properties").EnumerateObject(), p => Assert.NotEqual(JsonValueKind.Null, p.Value.ValueKind)));
        // Only the rows that have an address carry one; none carries the planning figures nobody entered.
        Assert.Equal(Count / 3, features.Count(f => f.GetProperty("properties").TryGetProperty("address", out _)));
        Assert.DoesNotContain(features, f => f.GetProperty("properties").TryGetProperty("plotRatioMin", out _));
        // A lean page whose chosen properties are all NULL has empty properties, not a broken feature.
        var lean = await fx.GetJsonAsync($"/collections/parcels/items?zone={_zone}&limit=1000&properties=plotRatioMin,priceWanPerMu");
        Assert.All(lean.GetProperty("features").EnumerateArray(), f => Assert.Empty(f.GetProperty("properties").EnumerateObject()));
    }

    /// <summary>Follows next links from <paramref name="url"/>; before each next page, <paramref name="between"/> runs.</summary>
    private async Task<(List<string> Codes, List<JsonElement> Pages)> FollowAsync(string url, Func<int, Task>? between = null)
    {
        var codes = new List<string>();
        var pages = new List<JsonElement>();
        string? next = url;
        while (next is not null)
        {
            if (pages.Count > 0 && between is not null) await between(pages.Count);
            var page = await fx.GetJsonAsync(next);
            pages.Add(page);
            Assert.Equal(page.GetProperty("numberReturned").GetInt32(), page.GetProperty("features").GetArrayLength());
            codes.AddRange(page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!));
            next = page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next")
                .Select(l => new Uri(l.GetProperty("href").GetString()!).PathAndQuery).FirstOrDefault();
            Assert.True(pages.Count <= Count + 1, "next links never end");
        }
        return (codes, pages);
    }

    private IEnumerable<string> Expected(Func<int, bool> which) =>
        Enumerable.Range(1, Count).Where(which).Select(i => $"{_zone}-{i.ToString("00", CultureInfo.InvariantCulture)}");

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(100)]
    public async Task Paging_a_filtered_result_without_sortby_returns_every_row_exactly_once(int limit)
    {
        // minMu=5 leaves out rows 1-3 (area 2-4 mu); status=idle the odd ones.
        var (codes, pages) = await FollowAsync($"/collections/parcels/items?zone={_zone}&status=idle&minMu=5&limit={limit}");
        var expected = Expected(i => i % 2 == 0 && i >= 4).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), codes.Order(StringComparer.Ordinal));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal(Math.Max(1, (expected.Count + limit - 1) / limit), pages.Count);
        // numberMatched: exact on every page (offset + returned on the last, a capped count before it).
        Assert.All(pages, p => Assert.Equal(expected.Count, p.GetProperty("numberMatched").GetInt32()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(100)]
    public async Task A_map_view_is_paged_nearest_its_centre_first_each_row_once(int limit)
    {
        // The box's centre (101.0143, 31.0) lies in row 14 (101.014 … 101.0145); then rows 15 (0.0007° away), 13 (0.0008°),
        // 16, 12 … alternate outwards at distinct distances. Ordered by id instead, row 1 would come first.
        const string box = "100.9993,30.99,101.0293,31.01";
        const double centre = 101.0143;
        static double Distance(int i) => Math.Max(0, Math.Max(101 + i * 0.001 - centre, centre - (101 + i * 0.001 + 0.0005)));
        var expected = Enumerable.Range(1, Count).OrderBy(Distance)
            .Select(i => $"{_zone}-{i.ToString("00", CultureInfo.InvariantCulture)}").ToList();
        var (codes, pages) = await FollowAsync($"/collections/parcels/items?zone={_zone}&bbox={box}&limit={limit}");
        Assert.Equal(expected, codes);
        // No count of the whole box on a page with more after it (numberMatched is optional); the last page says it exactly.
        Assert.All(pages[..^1], p => Assert.False(p.TryGetProperty("numberMatched", out _)));
        Assert.Equal(Count, pages[^1].GetProperty("numberMatched").GetInt32());
        // Sorted on request (the resource list), the page still counts what the box holds.
        var sorted = await fx.GetJsonAsync($"/collections/parcels/items?zone={_zone}&bbox={box}&sortby=-areaMu&limit=5");
        Assert.Equal(Count, sorted.GetProperty("numberMatched").GetInt32());
        Assert.Equal($"{_zone}-{Count}", sorted.GetProperty("features")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Paging_stays_stable_when_rows_are_edited_between_pages()
    {
        // Each page in between, the rows still to come and those already seen change (address, area within the filter,
        // updated_at): a stable order does not move them, so each still comes exactly once.
        var (codes, _) = await FollowAsync($"/collections/parcels/items?zone={_zone}&limit=5", async page =>
            await ExecAsync("""
                UPDATE parcels SET address = 'p' || $2::int, area_mu = area_mu + 0.5, updated_at = now()
                WHERE zone_code = $1 AND (id % 3) = ($2::int % 3)
                """, _zone, page));
        Assert.Equal(Expected(_ => true).Order(StringComparer.Ordinal), codes.Order(StringComparer.Ordinal));
        Assert.Equal(Count, codes.Distinct().Count());
    }

    [Theory]
    [InlineData(0, 5, 5, Count, true)]     // more after the page: a capped count
    [InlineData(20, 5, 3, Count, false)]   // the last page: offset + returned
    [InlineData(18, 5, 5, Count, false)]   // exactly the rest: the row after the page does not exist
    [InlineData(0, 23, 23, Count, false)]
    [InlineData(0, 22, 22, Count, true)]
    [InlineData(23, 5, 0, null, false)]    // past the end: not said
    [InlineData(40, 5, 0, null, false)]
    public async Task NumberMatched_is_exact_where_present(int offset, int limit, int returned, int? matched, bool next)
    {
        var page = await fx.GetJsonAsync($"/collections/parcels/items?zone={_zone}&offset={offset}&limit={limit}");
        Assert.Equal(returned, page.GetProperty("numberReturned").GetInt32());
        Assert.Equal(matched, page.TryGetProperty("numberMatched", out var m) ? m.GetInt32() : null);
        Assert.Equal(next, page.GetProperty("links").EnumerateArray().Any(l => l.GetProperty("rel").GetString() == "next"));
    }

    private async Task ExecAsync(string sql, params object[] values)
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await cmd.ExecuteNonQueryAsync();
    }
}
