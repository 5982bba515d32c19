using System.Net;
using System.Text.Json;
using LandMap.Core.Crs;
using LandMap.Core.Units;
using NetTopologySuite.Geometries;

namespace LandMap.Api.Tests;

[Collection(LandMapCollection.Name)]
public sealed class CollectionsApiTests(LandMapFixture fx)
{
    private static string[] Codes(JsonElement fc) =>
        fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();

    private async Task<string[]> ParcelCodes(string query) => Codes(await fx.GetJsonAsync($"/collections/parcels/items?zone=TST&limit=1000&{query}"));

    [Fact]
    public async Task Collections_lists_parcels_factories_and_zones_with_extent()
    {
        var doc = await fx.GetJsonAsync("/collections");
        var ids = doc.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["parcels", "factories", "zones"], ids);
        var bbox = doc.GetProperty("collections")[0].GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0];
        Assert.InRange(bbox[0].GetDouble(), 73, 136); // lon first (CRS84)
        Assert.InRange(bbox[1].GetDouble(), 18, 54);
    }

    [Fact]
    public async Task Zone_filter_returns_only_that_zones_parcels()
    {
        Assert.Equal(TestRows.Parcels.Select(p => p.Code).Order(StringComparer.Ordinal), await ParcelCodes(""));
        Assert.Equal(TestRows.Parcels.Select(p => p.Code).Order(StringComparer.Ordinal),
            Codes(await fx.GetJsonAsync($"/collections/parcels/items?zone={TestRows.Park}&limit=1000")));
    }

    [Theory]
    [InlineData("landUse=1001", "TST-01,TST-02,TST-03,TST-05,TST-06,TST-07")]
    [InlineData("landUse=100101", "TST-01,TST-05,TST-07")]
    [InlineData("landUse=M1", "TST-01,TST-05,TST-07")]
    [InlineData("landUse=M0", "TST-06")]
    [InlineData("landUse=1101", "TST-04")]
    [InlineData("landUse=W1", "TST-04")]
    [InlineData("landUse=100102,100103", "TST-02,TST-03")]
    public async Task LandUse_filter_matches_the_code_and_its_children(string query, string expected) =>
        Assert.Equal(expected.Split(','), await ParcelCodes(query));

    [Theory]
    [InlineData("minMu=20&maxMu=50", "TST-01,TST-05,TST-06")] // 30, 20 (inclusive), 45
    [InlineData("minMu=45", "TST-03,TST-06,TST-07")]
    [InlineData("maxMu=15", "TST-02,TST-04")]
    [InlineData("status=idle", "TST-01,TST-03,TST-05,TST-06")]
    [InlineData("status=reserved,in_use", "TST-04,TST-07")]
    [InlineData("status=reserved&status=in_use", "TST-04,TST-07")]
    [InlineData("landUse=100101&minMu=20&maxMu=50&status=idle", "TST-01,TST-05")]
    public async Task Area_and_status_filters_combine(string query, string expected) =>
        Assert.Equal(expected.Split(','), await ParcelCodes(query));

    [Fact]
    public async Task Bbox_returns_parcels_that_intersect_it()
    {
        var one = await fx.GetJsonAsync("/collections/parcels/items/TST-03");
        var env = Envelope(one.GetProperty("geometry"));
        // A box inside TST-03 only: shrink its envelope by a third on each side.
        var (dx, dy) = (env.Width / 3, env.Height / 3);
        var bbox = FormattableString.Invariant($"{env.MinX + dx},{env.MinY + dy},{env.MaxX - dx},{env.MaxY - dy}");
        Assert.Equal(["TST-03"], Codes(await fx.GetJsonAsync($"/collections/parcels/items?bbox={bbox}")));
        // The whole test zone's box holds all its parcels (and demo zones are far away).
        var all = await fx.GetJsonAsync($"/collections/parcels/items?bbox=117.9,36.9,118.1,37.1&limit=1000");
        Assert.Equal(TestRows.Parcels.Length, all.GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task Paging_follows_next_links_to_every_item_exactly_once()
    {
        var seen = new List<string>();
        string? url = "/collections/parcels/items?limit=37";
        var matched = -1;
        var pages = 0;
        while (url is not null)
        {
            var page = await fx.GetJsonAsync(url);
            // numberMatched only on the last page: the pages before it have more after them and nothing counts them.
            if (page.TryGetProperty("numberMatched", out var m)) matched = m.GetInt32();
            var returned = page.GetProperty("numberReturned").GetInt32();
            Assert.Equal(returned, page.GetProperty("features").GetArrayLength());
            Assert.True(returned <= 37);
            seen.AddRange(page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!));
            url = page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next")
                .Select(l => new Uri(l.GetProperty("href").GetString()!).PathAndQuery).FirstOrDefault();
            pages++;
        }
        Assert.Equal(matched, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal((matched + 36) / 37, pages);
        Assert.Contains("TST-01", seen);
    }

    [Fact]
    public async Task Offset_past_the_end_returns_no_features_and_no_next_link()
    {
        var page = await fx.GetJsonAsync("/collections/parcels/items?zone=TST&offset=100");
        // How many there are is not known past the end without counting them, so it is not said.
        Assert.False(page.TryGetProperty("numberMatched", out _));
        Assert.Equal(0, page.GetProperty("numberReturned").GetInt32());
        Assert.DoesNotContain(page.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "next");
    }

    [Theory]
    [InlineData("minVacantM2=500", "TST-F01,TST-F02")]
    [InlineData("maxVacantM2=500", "TST-F02,TST-F03")]
    [InlineData("minFloorHeight=9", "TST-F01,TST-F03")]
    [InlineData("minFloorLoad=30", "TST-F01,TST-F03")]
    [InlineData("minCraneT=16", "TST-F03")]
    [InlineData("minPowerKva=800", "TST-F01,TST-F03")]
    [InlineData("status=idle,negotiating&minVacantM2=1", "TST-F01,TST-F02")]
    public async Task Factory_filters_select_the_right_buildings(string query, string expected) =>
        Assert.Equal(expected.Split(','), Codes(await fx.GetJsonAsync($"/collections/factories/items?zone=TST&{query}")));

    [Fact]
    public async Task Item_is_rfc7946_geojson_with_area_from_its_geometry()
    {
        using var res = await fx.Client.GetAsync("/collections/parcels/items/TST-01");
        Assert.Equal("application/geo+json", res.Content.Headers.ContentType?.MediaType);
        var f = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Feature", f.GetProperty("type").GetString());
        Assert.Equal("TST-01", f.GetProperty("id").GetString());
        Assert.False(f.GetProperty("geometry").TryGetProperty("crs", out _)); // RFC 7946 §4: no crs member
        var geom = (MultiPolygon)Geometry(f.GetProperty("geometry"));
        Assert.InRange(geom.Centroid.X, 117.9, 118.1); // lon, lat order
        Assert.InRange(geom.Centroid.Y, 36.9, 37.1);
        Assert.All(geom.Geometries.Cast<Polygon>(), p => Assert.True(p.Shell.IsCCW, "exterior rings are counter-clockwise (RFC 7946 §3.1.6)"));
        var props = f.GetProperty("properties");
        Assert.Equal(30.0, props.GetProperty("areaMu").GetDouble(), 2);
        Assert.Equal(Area.MuFromM2(GaussKruger.AreaM2(geom)), props.GetProperty("areaMu").GetDouble(), 1);
        Assert.Equal(117, props.GetProperty("gkCentralMeridian").GetInt32());
        Assert.Equal("100101", props.GetProperty("landUse").GetString());
    }

    [Fact]
    public async Task Ledger_code_is_kept_beside_the_canonical_one()
    {
        var props = (await fx.GetJsonAsync("/collections/parcels/items/TST-05")).GetProperty("properties");
        Assert.Equal("100101", props.GetProperty("landUse").GetString());
        Assert.Equal("M1", props.GetProperty("landUseOriginal").GetString());
    }

    [Theory]
    [InlineData("/collections/nope/items", "collection-not-found")]
    [InlineData("/collections/nope", "collection-not-found")]
    [InlineData("/collections/parcels/items/NO-SUCH-CODE", "feature-not-found")]
    [InlineData("/collections/factories/items/TST-01", "feature-not-found")]
    public async Task Unknown_collection_or_feature_is_404_problem(string url, string code)
    {
        using var res = await fx.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("parcels", "bbox=1,2,3", "bbox")]
    [InlineData("parcels", "bbox=a,b,c,d", "bbox")]
    [InlineData("parcels", "bbox=200,30,210,40", "bbox")]
    [InlineData("parcels", "bbox=120,40,119,30", "bbox")]
    [InlineData("parcels", "minMu=50&maxMu=20", "minMu")]
    [InlineData("parcels", "minMu=abc", "minMu")]
    [InlineData("parcels", "maxMu=-1", "maxMu")]
    [InlineData("parcels", "minMu=NaN", "minMu")]
    [InlineData("parcels", "status=sold", "status")]
    [InlineData("parcels", "landUse=9999", "landUse")]
    [InlineData("parcels", "landUse=M9", "landUse")]
    [InlineData("parcels", "limit=0", "limit")]
    [InlineData("parcels", "limit=ten", "limit")]
    [InlineData("parcels", "offset=-1", "offset")]
    [InlineData("parcels", "zone=NOWHERE", "zone")]
    [InlineData("parcels", "minmu=3", "minmu")]
    [InlineData("parcels", "minVacantM2=3", "minVacantM2")]
    [InlineData("factories", "minFloorHeight=high", "minFloorHeight")]
    [InlineData("factories", "minVacantM2=900&maxVacantM2=100", "minVacantM2")]
    [InlineData("factories", "minMu=3", "minMu")]
    public async Task Bad_input_is_400_problem_naming_the_parameter(string collection, string query, string field)
    {
        using var res = await fx.Client.GetAsync($"/collections/{collection}/items?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        Assert.Contains(field, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints()
    {
        var doc = await fx.GetJsonAsync("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/collections/{collectionId}/items", paths);
        Assert.Contains("/api/stats", paths);
    }

    private static Geometry Geometry(JsonElement geojson) =>
        new GeoJsonReaderLite().Read(geojson);

    private static Envelope Envelope(JsonElement geojson) => Geometry(geojson).EnvelopeInternal;
}

/// <summary>Reads the (Multi)Polygon GeoJSON the API emits into NTS, so tests measure what the client receives.</summary>
internal sealed class GeoJsonReaderLite
{
    private static readonly GeometryFactory Factory = new();

    public Geometry Read(JsonElement g) => g.GetProperty("type").GetString() switch
    {
        "Polygon" => Polygon(g.GetProperty("coordinates")),
        "MultiPolygon" => Factory.CreateMultiPolygon(g.GetProperty("coordinates").EnumerateArray().Select(Polygon).ToArray()),
        var t => throw new NotSupportedException(t),
    };

    private static Polygon Polygon(JsonElement rings)
    {
        var all = rings.EnumerateArray().Select(r => Factory.CreateLinearRing(
            r.EnumerateArray().Select(c => new Coordinate(c[0].GetDouble(), c[1].GetDouble())).ToArray())).ToArray();
        return Factory.CreatePolygon(all[0], all[1..]);
    }
}
