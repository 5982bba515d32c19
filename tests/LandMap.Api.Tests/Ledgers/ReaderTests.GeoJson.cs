using System.Text;
using LandMap.Api.Ledgers.Readers;
using NetTopologySuite.Geometries;
using static LandMap.Api.Tests.Ledgers.ReaderFiles;

namespace LandMap.Api.Tests.Ledgers;

/// <summary>GeoJSON: properties, the old "crs" member, coordinates and ring order as in the file, broken JSON.</summary>
public partial class ReaderTests
{
    private const string Gk40GeoJson = """
        {
          "type": "FeatureCollection",
          "crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:EPSG::4549" } },
          "features": [
            { "type": "Feature", "properties": { "宗地编号": "HD-001", "坐落": "青岛市黄岛区前湾港路1号", "面积(亩)": 35.50, "闲置": true },
              "geometry": { "type": "Polygon", "coordinates": [[[40509012.345, 3980123.456], [40509012.345, 3980223.456], [40509112.345, 3980223.456], [40509112.345, 3980123.456], [40509012.345, 3980123.456]]] } },
            { "type": "Feature", "properties": { "宗地编号": "HD-002", "坐落": "", "备注": { "来源": "国土" } }, "geometry": null }
          ]
        }
        """;

    [Fact]
    public void GeoJson_passes_an_old_style_crs_member_through_and_keeps_coordinates_and_ring_order()
    {
        using var source = LedgerReaders.Open("parcels.geojson", new MemoryStream(Encoding.UTF8.GetBytes(Gk40GeoJson)));
        var rows = source.Rows().ToList();

        Assert.Equal("geojson", source.Info.Format);
        Assert.Equal("EPSG:4549", source.Info.Crs);
        Assert.Equal(["宗地编号", "坐落", "面积(亩)", "闲置", "备注"], source.Info.Columns);
        Assert.Equal([1, 2], rows.Select(r => r.Number));
        Assert.Equal(Address1, rows[0].Cells["坐落"]);
        Assert.Equal("35.50", rows[0].Cells["面积(亩)"]); // as written in the file
        Assert.Equal("true", rows[0].Cells["闲置"]);
        Assert.Null(rows[0].Cells["备注"]);
        Assert.Null(rows[1].Cells["坐落"]);
        Assert.Null(rows[1].Cells["面积(亩)"]);
        Assert.Equal("""{ "来源": "国土" }""", rows[1].Cells["备注"]);
        AssertRing(rows[0].Geometry, Ring()); // clockwise in the file, clockwise here: not reoriented to RFC 7946
        Assert.Null(rows[1].Geometry);
    }

    [Theory]
    [InlineData("EPSG:4490", "EPSG:4490")]
    [InlineData("urn:ogc:def:crs:EPSG:8.5:4528", "EPSG:4528")]
    [InlineData("urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84")]
    public void GeoJson_crs_names_are_given_as_EPSG_codes_when_they_are(string name, string crs)
    {
        var json = $$$"""{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"{{{name}}}"}},"features":[]}""";

        using var source = LedgerReaders.Open("x.json", new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(crs, source.Info.Crs);
        Assert.Empty(source.Rows());
    }

    [Fact]
    public void GeoJson_without_crs_member_has_none()
    {
        var json = """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"坐落":"青岛市黄岛区前湾港路1号"},"geometry":{"type":"Point","coordinates":[120.1834,35.9601]}}]}""";

        using var source = LedgerReaders.Open("parcels.geojson", new MemoryStream(Encoding.UTF8.GetBytes(json)));
        var row = Assert.Single(source.Rows());

        Assert.Null(source.Info.Crs);
        Assert.Equal(new Coordinate(120.1834, 35.9601), row.Geometry!.Coordinate);
    }

    [Fact]
    public void Bad_json_is_refused_with_its_place()
    {
        var e = Refused("parcels.geojson", new MemoryStream("{\n  \"type\": \"FeatureCollection\",\n  \"features\": [ {\"type\": \"Feature\" \n"u8.ToArray()));

        Assert.StartsWith("GeoJSON: not valid JSON (line 4", e.Message);
    }

    [Fact]
    public void Json_that_is_not_a_feature_collection_is_refused()
    {
        var e = Refused("parcels.geojson", new MemoryStream("""{"type":"Polygon","coordinates":[]}"""u8.ToArray()));

        Assert.Equal("GeoJSON: expected a FeatureCollection, found a Polygon.", e.Message);
    }

    [Fact]
    public void GeoJson_with_a_broken_geometry_is_refused_naming_the_feature()
    {
        var json = """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":"x"}}]}""";

        var e = Refused("parcels.geojson", new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.StartsWith("GeoJSON: the geometry of feature 1 cannot be read", e.Message);
    }
}
