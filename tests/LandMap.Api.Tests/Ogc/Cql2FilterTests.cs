using System.Net;
using System.Text.Json;
using LandMap.Core.Crs;
using NetTopologySuite.Geometries;

namespace LandMap.Api.Tests.Ogc;

/// <summary>
/// OGC API – Features Part 3: CQL2 filters on the items, evaluated by PostGIS over the queryables whitelist, giving the
/// same features as the convenience parameters; errors are 400s naming the filter and the position.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class Cql2FilterTests(LandMapFixture fx)
{
    private static string[] Codes(JsonElement fc) =>
        fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();

    private Task<JsonElement> Items(string collection, string query, HttpClient? client = null) =>
        GetJson(client ?? fx.Client, $"/collections/{collection}/items?zone={TestRows.Zone}&limit=1000&{query}");

    private static async Task<JsonElement> GetJson(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url} → {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static string F(string cql2) => "filter=" + Uri.EscapeDataString(cql2);

    [Theory]
    [InlineData("landUse=1001&minMu=20&maxMu=50", "landUse LIKE '1001%' AND areaMu BETWEEN 20 AND 50")]
    [InlineData("minMu=30", "areaMu >= 30")]
    [InlineData("status=idle,negotiating&maxMu=40", "status IN ('idle', 'negotiating') AND areaMu <= 40")]
    [InlineData("landUse=100101&status=in_use", "landUse = '100101' AND status = 'in_use'")]
    [InlineData("landUse=M0", "landUseOriginal = 'M0'")]
    public async Task A_filter_selects_what_the_convenience_parameters_select(string parameters, string cql2)
    {
        var byParameters = Codes(await Items("parcels", parameters));
        var byFilter = Codes(await Items("parcels", F(cql2) + (cql2.Contains("status", StringComparison.Ordinal) ? "&status=idle,negotiating,reserved,allocated,in_use" : "")));
        Assert.NotEmpty(byParameters);
        Assert.Equal(byParameters, byFilter);
        var json = Codes(await Items("parcels", "filter-lang=cql2-json&filter=" + Uri.EscapeDataString(ToJson(cql2))
            + (cql2.Contains("status", StringComparison.Ordinal) ? "&status=idle,negotiating,reserved,allocated,in_use" : "")));
        Assert.Equal(byParameters, json);
    }

    [Fact]
    public async Task Factory_filters_match_their_parameters_and_number_matched_counts_the_filter()
    {
        var byParameters = await Items("factories", "minVacantM2=400&minFloorHeight=6&minPowerKva=500");
        var byFilter = await Items("factories", F("vacantFloorM2 >= 400 AND floorHeightM >= 6 AND powerKva >= 500"));
        Assert.Equal(Codes(byParameters), Codes(byFilter));
        Assert.Equal(["TST-F01"], Codes(byFilter));
        Assert.Equal(1, byFilter.GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task Spatial_filters_in_crs84_and_in_gauss_kruger_select_the_parcel_under_them()
    {
        var one = await GetJson(fx.Client, "/collections/parcels/items/TST-01");
        var ring = one.GetProperty("geometry").GetProperty("coordinates")[0][0].EnumerateArray()
            .Select(c => new Coordinate(c[0].GetDouble(), c[1].GetDouble())).ToArray();
        var outline = new GeometryFactory().CreatePolygon(ring);
        var centre = outline.InteriorPoint;
        var bbox = FormattableString.Invariant($"{centre.X - 1e-5},{centre.Y - 1e-5},{centre.X + 1e-5},{centre.Y + 1e-5}");

        var byBbox = Codes(await Items("parcels", "bbox=" + bbox));
        Assert.Equal(["TST-01"], byBbox);
        Assert.Equal(byBbox, Codes(await Items("parcels", F($"S_INTERSECTS(geometry, BBOX({bbox}))"))));
        Assert.Equal(byBbox, Codes(await Items("parcels", F(FormattableString.Invariant($"S_INTERSECTS(geometry, POINT({centre.X} {centre.Y}))")))));
        Assert.Equal(byBbox, Codes(await Items("parcels", F(FormattableString.Invariant($"S_CONTAINS(geometry, POINT({centre.X} {centre.Y}))")))));

        // The same point in CGCS2000 GK zone 39 with the zone number (EPSG:4527): northing first, as EPSG defines the axes.
        var gk = (Point)GaussKruger.Project(centre, 117);
        var easting = gk.X + 39_000_000;
        var inGk = Codes(await Items("parcels", F(FormattableString.Invariant($"S_INTERSECTS(geometry, POINT({gk.Y} {easting}))"))
            + "&filter-crs=" + Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/4527")));
        Assert.Equal(byBbox, inGk);
        // EPSG:4490 is latitude first.
        Assert.Equal(byBbox, Codes(await Items("parcels", F(FormattableString.Invariant($"S_INTERSECTS(geometry, POINT({centre.Y} {centre.X}))"))
            + "&filter-crs=EPSG:4490")));
    }

    [Theory]
    [InlineData("areaMu >", "at position 9")]
    [InlineData("areaMu > 5 AND (", "at position 17")]
    [InlineData("areaMu > 'big'", "'areaMu' is a number, compared with text")]
    [InlineData("nope = 1", "unknown queryable 'nope'")]
    [InlineData("S_INTERSECTS(areaMu, POINT(1 2))", "'areaMu' is a number, compared with a geometry")]
    [InlineData("S_INTERSECTS(geometry, 5)", "a number (5) is compared with a geometry")]
    [InlineData("water > true", "compared with = or <> only")]
    public async Task A_bad_filter_is_a_400_naming_the_filter_and_the_reason(string cql2, string reason)
    {
        var response = await fx.Client.GetAsync($"/collections/parcels/items?{F(cql2)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0];
        Assert.Equal("filter", error.GetProperty("field").GetString());
        Assert.Contains(reason, error.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("filter-lang=ecql&filter=a%3D1", "filter-lang")]
    [InlineData("filter-crs=EPSG:3857&filter=a%3D1", "filter-crs")]
    public async Task Unsupported_filter_languages_and_crs_are_named(string query, string field)
    {
        var response = await fx.Client.GetAsync($"/collections/parcels/items?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"field\":\"{field}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_public_cannot_filter_on_internal_fields_and_staff_can()
    {
        var response = await fx.Anonymous.GetAsync($"/collections/parcels/items?{F("owner LIKE '%'")}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("unknown queryable 'owner'", body);
        Assert.DoesNotContain("idleSince", body); // the list of queryables it offers is the public one
        Assert.NotEmpty(Codes(await Items("parcels", F("idleSince < DATE('2030-01-01')"))));
    }

    [Fact]
    public async Task Queryables_as_query_parameters_select_by_equality_like_the_filter()
    {
        Assert.Equal(["TST-01"], Codes(await Items("parcels", "code=TST-01")));
        Assert.Equal(Codes(await Items("factories", F("floors = 2 AND craneT = 10"))), Codes(await Items("factories", "floors=2&craneT=10")));
        Assert.Equal(["TST-F01"], Codes(await Items("factories", "floors=2&craneT=10")));
        Assert.Equal(Codes(await Items("parcels", F("water = true AND readiness = '七通一平'"))),
            Codes(await Items("parcels", "water=true&readiness=" + Uri.EscapeDataString("七通一平"))));

        var bad = await fx.Client.GetAsync("/collections/factories/items?floors=two");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"field\":\"floors\"", await bad.Content.ReadAsStringAsync());
        var internalField = await fx.Anonymous.GetAsync("/collections/parcels/items?owner=x");
        Assert.Equal(HttpStatusCode.BadRequest, internalField.StatusCode);
        Assert.Contains("unknown queryable 'owner'", await internalField.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_properties_compare_with_each_other()
    {
        var all = Codes(await Items("parcels", ""));
        Assert.Equal(all, Codes(await Items("parcels", F("plotRatioMin < plotRatioMax"))));
        Assert.Empty(Codes(await Items("parcels", F("plotRatioMin > plotRatioMax"))));
    }

    [Fact]
    public async Task Quotes_in_a_literal_are_data_not_sql()
    {
        var all = Codes(await Items("parcels", ""));
        Assert.NotEmpty(all);
        Assert.Empty(Codes(await Items("parcels", F("code = 'x'' OR ''1''=''1'"))));
        Assert.Empty(Codes(await Items("parcels", F("code = 'TST-01''); DROP TABLE parcels; --'"))));
        Assert.Equal(all, Codes(await Items("parcels", "")));
    }

    /// <summary>Token soup: 400 filters glued from CQL2's own words, values and punctuation, text and JSON; none may be a 500.</summary>
    [Fact]
    public async Task Random_filters_get_an_answer_or_a_400_never_a_500()
    {
        string[] tokens =
        [
            "areaMu", "landUse", "code", "status", "water", "updatedAt", "geometry", "owner", "\"areaMu\"", "=", "<>", "<", ">=", "AND", "OR", "NOT",
            "LIKE", "BETWEEN", "IN", "IS", "NULL", "(", ")", ",", "'1001%'", "'it''s'", "''", "20", "-1e308", "1e400", "NaN", "true",
            "DATE('2026-01-01')", "TIMESTAMP('2026-01-01T00:00:00Z')", "CASEI(code)", "S_INTERSECTS(", "POINT(118 37)", "BBOX(1,2,3,4)",
            "POLYGON((0 0,1 1,0 1,0 0))", "T_BEFORE(", "\\", "%", "_", ";", "--", "/*", "\u0000", "中文", "\"",
        ];
        string[] json =
        [
            """{"op":"=","args":[{"property":"areaMu"},"x"]}""", """{"op":"and","args":[]}""", """{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[1e400,2]}]}""",
            """{"op":"in","args":[{"property":"code"},[]]}""", """[[[[[[[[[[]]]]]]]]]]""", """{"op":"like","args":[{"property":"code"},{"casei":{"casei":"x"}}]}""",
            """{"op":"between","args":[{"property":"updatedAt"},{"date":"2026-01-01"},{"timestamp":"2026-01-01T00:00:00Z"}]}""", "null", "\"\"",
        ];
        var random = new Random(20261126);
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < 400; i++)
        {
            var useJson = i % 8 == 7;
            var filter = useJson ? json[random.Next(json.Length)]
                : string.Join(' ', Enumerable.Range(0, random.Next(1, 9)).Select(_ => tokens[random.Next(tokens.Length)]));
            var client = i % 3 == 0 ? fx.Anonymous : fx.Client;
            using var response = await client.GetAsync($"/collections/parcels/items?limit=1&{(useJson ? "filter-lang=cql2-json&" : "")}filter={Uri.EscapeDataString(filter)}");
            Assert.True((int)response.StatusCode < 500, $"{filter} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
        }
        Assert.True(statuses.GetValueOrDefault(400) > 0 && statuses.GetValueOrDefault(200) > 0, string.Join(", ", statuses));
    }

    /// <summary>The cql2-json of the handful of forms the theory uses (kept small and explicit rather than a second parser).</summary>
    private static string ToJson(string cql2) => cql2 switch
    {
        "landUse LIKE '1001%' AND areaMu BETWEEN 20 AND 50" => """{"op":"and","args":[{"op":"like","args":[{"property":"landUse"},"1001%"]},{"op":"between","args":[{"property":"areaMu"},20,50]}]}""",
        "areaMu >= 30" => """{"op":">=","args":[{"property":"areaMu"},30]}""",
        "status IN ('idle', 'negotiating') AND areaMu <= 40" => """{"op":"and","args":[{"op":"in","args":[{"property":"status"},["idle","negotiating"]]},{"op":"<=","args":[{"property":"areaMu"},40]}]}""",
        "landUse = '100101' AND status = 'in_use'" => """{"op":"and","args":[{"op":"=","args":[{"property":"landUse"},"100101"]},{"op":"=","args":[{"property":"status"},"in_use"]}]}""",
        "landUseOriginal = 'M0'" => """{"op":"=","args":[{"property":"landUseOriginal"},"M0"]}""",
        _ => throw new ArgumentException(cql2),
    };
}
