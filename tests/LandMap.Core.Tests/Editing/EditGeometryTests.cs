using LandMap.Core.Editing;
using LandMap.Core.Units;
using LandMap.Seeds;
using NetTopologySuite.IO;

namespace LandMap.Core.Tests.Editing;

public sealed class EditGeometryTests
{
    private static readonly WKTReader Wkt = new();

    [Theory]
    [InlineData("POLYGON ((118.3 36.6, 118.301 36.6, 118.301 36.601, 118.3 36.601, 118.3 36.6))", null)]
    [InlineData("POLYGON ((36.6 118.3, 36.6 118.301, 36.601 118.301, 36.601 118.3, 36.6 118.3))", "lat-lon-order")]
    [InlineData("POLYGON ((118.3 36.6, 118.301 36.601, 118.301 36.6, 118.3 36.601, 118.3 36.6))", "invalid-geometry")] // a bow tie
    [InlineData("LINESTRING (118.3 36.6, 118.301 36.6)", "not-a-polygon")]
    [InlineData("POLYGON ((2.3 48.8, 2.4 48.8, 2.4 48.9, 2.3 48.8))", "outside-china")]
    [InlineData("POLYGON ((116 36, 121 36, 121 37, 116 37, 116 36))", "outside-zone")]                   // 5° wide
    public void Outlines_are_checked_as_an_import_checks_them(string wkt, string? expectedCode)
    {
        var (ok, problem) = EditGeometry.Check(Wkt.Read(wkt));

        Assert.Equal(expectedCode, problem?.Code);
        Assert.Equal(expectedCode is null, ok is not null);
        if (problem is not null) Assert.Equal("geometry", problem.Field);
    }

    [Fact]
    public void The_area_is_measured_in_the_zone_of_the_outline()
    {
        var layout = new Layout(118.3, 36.6, 1000, 17);
        var (ok, _) = EditGeometry.Check(layout.ToLonLat(Layout.Rectangle(0, 0, 200, 100)));

        Assert.Equal(117, ok!.CentralMeridian);
        Assert.Equal(30, Area.MuFromM2(ok.AreaM2), 6);
    }
}
