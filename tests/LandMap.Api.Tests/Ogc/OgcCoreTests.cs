using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace LandMap.Api.Tests.Ogc;

/// <summary>OGC API – Features Part 1 and 2 as clients meet them: the landing page, conformance, paging, links, types, CRS.</summary>
[Collection(LandMapCollection.Name)]
public sealed class OgcCoreTests(LandMapFixture fx)
{
    private async Task<(HttpResponseMessage Response, JsonElement Body)> Get(string url, string? accept = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        var response = await (client ?? fx.Client).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url} → {(int)response.StatusCode} {text}");
        return (response, JsonDocument.Parse(text).RootElement);
    }

    [Theory]
    [InlineData("application/json", null)]
    [InlineData(null, "?f=json")]
    [InlineData("text/html;q=0.5, application/json", null)]
    [InlineData("*/*", null)]          // OWSLib (python-requests), curl
    [InlineData(null, null)]
    public async Task The_landing_page_is_json_for_clients_that_ask(string? accept, string? query)
    {
        var (response, doc) = await Get("/" + query, accept, fx.Anonymous);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var rels = doc.GetProperty("links").EnumerateArray().ToDictionary(l => l.GetProperty("rel").GetString()!, l => l);
        Assert.Equal(["alternate", "conformance", "data", "self", "service-desc", "service-doc"], rels.Keys.Order(StringComparer.Ordinal));
        Assert.EndsWith("/api", rels["service-desc"].GetProperty("href").GetString());
        Assert.Equal("application/vnd.oai.openapi+json;version=3.0", rels["service-desc"].GetProperty("type").GetString());
        Assert.EndsWith("/collections", rels["data"].GetProperty("href").GetString());
    }

    [Theory]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")] // Chromium, Firefox
    [InlineData("text/html, application/json")]
    [InlineData("text/html")]
    public async Task Browsers_get_the_map_at_the_root(string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        var response = await fx.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("可用招商资源动态地图", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Conformance_and_the_api_definition_are_public()
    {
        var (_, conformance) = await Get("/conformance", client: fx.Anonymous);
        var classes = conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs", classes);
        Assert.Contains("http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2", classes);
        Assert.DoesNotContain("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html", classes);
        var (_, api) = await Get("/api", client: fx.Anonymous);
        Assert.StartsWith("3.0", api.GetProperty("openapi").GetString());
        var items = api.GetProperty("paths").GetProperty("/collections/{collectionId}/items").GetProperty("get");
        var parameters = items.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p);
        foreach (var name in new[] { "limit", "bbox", "bbox-crs", "crs", "filter", "filter-lang", "filter-crs", "datetime", "properties", "sortby", "minMu", "landUse" })
            Assert.True(parameters.ContainsKey(name), $"the items operation declares {name}");
        Assert.Equal(10_000, parameters["limit"].GetProperty("schema").GetProperty("maximum").GetInt32());
    }

    [Fact]
    public async Task A_limit_above_the_maximum_is_clamped_and_below_one_refused()
    {
        foreach (var huge in new[] { "1000000", "999999999999", "000000000000000000001000000" })
        {
            var (_, page) = await Get("/collections/zones/items?limit=" + huge);
            Assert.Equal(page.GetProperty("numberMatched").GetInt32(), page.GetProperty("numberReturned").GetInt32());
        }
        var zero = await fx.Client.GetAsync("/collections/zones/items?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
    }

    [Fact]
    public async Task Datetime_selects_by_last_change()
    {
        var (_, all) = await Get($"/collections/parcels/items?zone={TestRows.Zone}&limit=1000&properties=updatedAt");
        var times = all.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("updatedAt").GetDateTimeOffset()).ToList();
        Assert.NotEmpty(times);
        var first = times.Min();
        var instant = Uri.EscapeDataString(first.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"));
        var (_, after) = await Get($"/collections/parcels/items?zone={TestRows.Zone}&limit=1000&datetime={instant}/..");
        Assert.Equal(times.Count, after.GetProperty("numberMatched").GetInt32());
        var (_, before) = await Get($"/collections/parcels/items?zone={TestRows.Zone}&limit=1000&datetime=../2000-01-01");
        Assert.Equal(0, before.GetProperty("numberMatched").GetInt32());
        var bad = await fx.Client.GetAsync($"/collections/parcels/items?datetime=2026-02-30");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"field\":\"datetime\"", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Properties_choose_the_fields_and_sortby_the_order()
    {
        var (_, page) = await Get($"/collections/parcels/items?zone={TestRows.Zone}&limit=1000&properties=code,areaMu&sortby=-areaMu,code");
        var features = page.GetProperty("features").EnumerateArray().ToList();
        Assert.All(features, f => Assert.Equal(["areaMu", "code"], f.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        var areas = features.Select(f => f.GetProperty("properties").GetProperty("areaMu").GetDouble()).ToList();
        Assert.Equal(areas.OrderDescending(), areas);
        var (_, ascending) = await Get($"/collections/parcels/items?zone={TestRows.Zone}&limit=1000&properties=areaMu&sortby=areaMu");
        Assert.Equal(areas.Order(), ascending.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("areaMu").GetDouble()));

        var internalField = await fx.Anonymous.GetAsync("/collections/parcels/items?properties=owner");
        Assert.Equal(HttpStatusCode.BadRequest, internalField.StatusCode);
        Assert.Contains("unknown property 'owner'", await internalField.Content.ReadAsStringAsync());
        var badSort = await fx.Client.GetAsync("/collections/parcels/items?sortby=geometry");
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
    }

    [Fact]
    public async Task Decimal_fields_are_written_as_decimals_even_when_whole()
    {
        var raw = await fx.Client.GetStringAsync($"/collections/parcels/items?zone={TestRows.Zone}&limit=1&properties=areaMu,plotRatioMin,buildingCoverageMin,powerKva,gkCentralMeridian");
        // TestRows: plot ratio 1, coverage 30, power 1000 (whole numbers in double columns); the CM is a true integer.
        Assert.Matches("\"plotRatioMin\" ?: ?1\\.0[,}\\s]", raw);
        Assert.Matches("\"buildingCoverageMin\" ?: ?30\\.0[,}\\s]", raw);
        Assert.Matches("\"powerKva\" ?: ?1000\\.0[,}\\s]", raw);
        Assert.Matches("\"gkCentralMeridian\" ?: ?117[,}\\s]", raw);
    }

    [Fact]
    public async Task A_single_feature_carries_self_and_collection_links_and_its_crs()
    {
        var (response, feature) = await Get("/collections/parcels/items/TST-01");
        var rels = feature.GetProperty("links").EnumerateArray().ToDictionary(l => l.GetProperty("rel").GetString()!, l => l.GetProperty("href").GetString()!);
        Assert.EndsWith("/collections/parcels/items/TST-01", rels["self"]);
        Assert.EndsWith("/collections/parcels", rels["collection"]);
        Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", response.Headers.GetValues("Content-Crs").Single());
    }

    [Fact]
    public async Task Gauss_kruger_output_is_northing_first_in_metres_and_round_trips_through_bbox_crs()
    {
        var (_, lonLat) = await Get("/collections/parcels/items/TST-01");
        var gkUri = "http://www.opengis.net/def/crs/EPSG/0/4527"; // CGCS2000 3° zone 39 (CM 117°E), easting prefixed with 39
        var (response, gk) = await Get($"/collections/parcels/items/TST-01?crs={Uri.EscapeDataString(gkUri)}");
        Assert.Equal($"<{gkUri}>", response.Headers.GetValues("Content-Crs").Single());
        var p = lonLat.GetProperty("geometry").GetProperty("coordinates")[0][0][0];
        var q = gk.GetProperty("geometry").GetProperty("coordinates")[0][0][0];
        var expected = (NetTopologySuite.Geometries.Point)LandMap.Core.Crs.GaussKruger.Project(
            new NetTopologySuite.Geometries.GeometryFactory().CreatePoint(new NetTopologySuite.Geometries.Coordinate(p[0].GetDouble(), p[1].GetDouble())), 117);
        Assert.Equal(expected.Y, q[0].GetDouble(), 0.01);                // northing (PostGIS/PROJ against ProjNet: within 1 cm)
        Assert.Equal(39_000_000 + expected.X, q[1].GetDouble(), 0.01);   // easting with the zone number

        // A box drawn round the parcel in GK (northing, easting order) finds it.
        var (n, e) = (q[0].GetDouble(), q[1].GetDouble());
        var box = FormattableString.Invariant($"{n - 5},{e - 5},{n + 5},{e + 5}");
        var (_, found) = await Get($"/collections/parcels/items?zone={TestRows.Zone}&bbox={box}&bbox-crs={Uri.EscapeDataString(gkUri)}");
        Assert.Contains(found.GetProperty("features").EnumerateArray(), f => f.GetProperty("id").GetString() == "TST-01");

        var (_, collection) = await Get("/collections/parcels");
        Assert.Contains(gkUri, collection.GetProperty("crs").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("http://www.opengis.net/def/crs/EPSG/0/4490", collection.GetProperty("storageCrs").GetString());
    }

    [Theory]
    [InlineData("bbox=1e300,1e300,1e301,1e301&bbox-crs=EPSG:4527")]
    [InlineData("bbox=-1e308,-1e308,1e308,1e308&bbox-crs=EPSG:4490")]
    [InlineData("bbox=0,0,1,1&bbox-crs=EPSG:3857")]
    [InlineData("crs=EPSG:9999")]
    [InlineData("sortby=--areaMu")]
    [InlineData("sortby=-%2BareaMu")]
    [InlineData("limit=-1")]
    [InlineData("filter=S_INTERSECTS(geometry,POINT(999 999))")]
    public async Task Boxes_and_crs_that_cannot_be_converted_are_a_400(string query)
    {
        var response = await fx.Client.GetAsync("/collections/parcels/items?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Queryables_and_schema_are_json_schemas_that_follow_the_role()
    {
        var (response, queryables) = await Get("/collections/parcels/queryables", client: fx.Anonymous);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        var props = queryables.GetProperty("properties");
        Assert.Equal("number", props.GetProperty("areaMu").GetProperty("type").GetString());
        Assert.Contains("亩", props.GetProperty("areaMu").GetProperty("x-ogc-unit").GetString());
        Assert.Contains("idle", props.GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("100101", props.GetProperty("landUse").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.False(props.TryGetProperty("owner", out _));
        var (_, staff) = await Get("/collections/parcels/queryables");
        Assert.True(staff.GetProperty("properties").TryGetProperty("owner", out _));

        var (_, schema) = await Get("/collections/parcels/schema");
        var fields = schema.GetProperty("properties");
        Assert.Equal("integer", fields.GetProperty("version").GetProperty("type").GetString());
        Assert.Equal("array", fields.GetProperty("industryChains").GetProperty("type").GetString());
        Assert.Equal("date", fields.GetProperty("haltedOn").GetProperty("format").GetString());
    }

    [Fact]
    public async Task F_html_on_items_leads_to_the_map_and_an_unknown_format_is_named()
    {
        var noRedirect = fx.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var html = await noRedirect.GetAsync("/collections/parcels/items?f=html");
        Assert.Equal(HttpStatusCode.Redirect, html.StatusCode);
        Assert.EndsWith("/", html.Headers.Location!.ToString());
        var bad = await fx.Client.GetAsync("/collections/parcels/items?f=xml");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"field\":\"f\"", await bad.Content.ReadAsStringAsync());
    }
}
