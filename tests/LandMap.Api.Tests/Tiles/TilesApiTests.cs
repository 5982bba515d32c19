using System.Net;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.VectorTiles.Mapbox;

namespace LandMap.Api.Tests.Tiles;

/// <summary>Vector tiles (ST_AsMVT) decoded with NetTopologySuite's Mapbox reader: where features land, what they carry, who sees what.</summary>
[Collection(LandMapCollection.Name)]
public sealed class TilesApiTests(LandMapFixture fx)
{
    private const int Zoom = 14;

    /// <summary>The WebMercatorQuad tile (x, y) holding a point at a zoom.</summary>
    internal static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var n = 1 << z;
        var x = (int)Math.Floor((lon + 180) / 360 * n);
        var rad = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(rad) + 1 / Math.Cos(rad)) / Math.PI) / 2 * n);
        return (x, y);
    }

    private async Task<Point> CentreOf(string code)
    {
        var feature = await fx.GetJsonAsync($"/collections/parcels/items/{code}");
        var ring = feature.GetProperty("geometry").GetProperty("coordinates")[0][0].EnumerateArray()
            .Select(c => new Coordinate(c[0].GetDouble(), c[1].GetDouble())).ToArray();
        return new GeometryFactory().CreatePolygon(ring).Centroid;
    }

    private static async Task<(HttpStatusCode Status, Dictionary<string, (Geometry Geometry, Dictionary<string, object> Properties)> Features)> Tile(
        HttpClient client, string collection, int z, int x, int y, string query = "")
    {
        using var response = await client.GetAsync($"/collections/{collection}/tiles/WebMercatorQuad/{z}/{y}/{x}{query}");
        if (response.StatusCode != HttpStatusCode.OK) return (response.StatusCode, []);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var tile = new MapboxTileReader().Read(stream, new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, y, z));
        var layer = Assert.Single(tile.Layers);
        Assert.Equal(collection, layer.Name);
        return (HttpStatusCode.OK, layer.Features.ToDictionary(
            f => (string)f.Attributes["code"],
            f => (f.Geometry, f.Attributes.GetNames().ToDictionary(n => n, n => f.Attributes[n]))));
    }

    [Fact]
    public async Task A_tile_holds_the_parcels_under_it_where_they_are_with_a_few_public_properties()
    {
        var centre = await CentreOf("TST-01");
        var (x, y) = TileOf(centre.X, centre.Y, Zoom);
        var (status, features) = await Tile(fx.Anonymous, "parcels", Zoom, x, y, "?zone=TST");
        Assert.Equal(HttpStatusCode.OK, status);
        var (geometry, properties) = features["TST-01"];
        // 4096 units over a ~2.4 km tile: a unit is ~0.6 m; the centroid lands within a few metres.
        Assert.InRange(geometry.Centroid.Distance(centre), 0, 5e-5);
        Assert.Equal(["areaMu", "code", "landUse", "status"], properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(30.0, Convert.ToDouble(properties["areaMu"], System.Globalization.CultureInfo.InvariantCulture), 0.01);
        Assert.Equal("idle", properties["status"]);
    }

    [Fact]
    public async Task The_public_sees_public_statuses_and_staff_see_all_and_filters_apply()
    {
        var centre = await CentreOf("TST-07");
        var (x, y) = TileOf(centre.X, centre.Y, Zoom);
        var (_, forPublic) = await Tile(fx.Anonymous, "parcels", Zoom, x, y, "?zone=TST");
        var (_, forStaff) = await Tile(fx.ClientFor("staff"), "parcels", Zoom, x, y, "?zone=TST");
        Assert.DoesNotContain("TST-07", forPublic.Keys); // in use: not shown to the public
        Assert.Contains("TST-07", forStaff.Keys);
        Assert.All(forPublic.Values, f => Assert.Contains((string)f.Properties["status"], new[] { "idle", "negotiating" }));

        var (_, filtered) = await Tile(fx.ClientFor("staff"), "parcels", Zoom, x, y, "?zone=TST&filter=" + Uri.EscapeDataString("areaMu >= 60"));
        Assert.Equal(["TST-03", "TST-07"], filtered.Keys.Where(k => k.StartsWith("TST-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var (_, byParameter) = await Tile(fx.ClientFor("staff"), "parcels", Zoom, x, y, "?zone=TST&minMu=60");
        Assert.Equal(filtered.Keys.Order(StringComparer.Ordinal), byParameter.Keys.Order(StringComparer.Ordinal));
        var (_, byQueryable) = await Tile(fx.ClientFor("staff"), "parcels", Zoom, x, y, "?zone=TST&code=TST-07");
        Assert.Equal(["TST-07"], byQueryable.Keys);
    }

    [Fact]
    public async Task An_empty_tile_is_a_204_and_a_tile_that_does_not_exist_a_400()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await fx.Client.GetAsync("/collections/parcels/tiles/WebMercatorQuad/14/0/0")).StatusCode);
        foreach (var url in new[] { "/collections/parcels/tiles/WebMercatorQuad/23/0/0", "/collections/parcels/tiles/WebMercatorQuad/2/4/0",
                     "/collections/parcels/tiles/WebMercatorQuad/2/0/-1", "/collections/parcels/tiles/WebMercatorQuad/14/0/0?limit=5",
                     "/collections/parcels/tiles/WebMercatorQuad/14/0/0?filter=" + Uri.EscapeDataString("areaMu >") })
        {
            using var response = await fx.Client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} → {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Client.GetAsync("/collections/nope/tiles/WebMercatorQuad/1/0/0")).StatusCode);
    }
}
