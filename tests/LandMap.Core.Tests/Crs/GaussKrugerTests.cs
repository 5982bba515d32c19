using LandMap.Core.Crs;
using LandMap.Core.Units;
using NetTopologySuite.Geometries;

namespace LandMap.Core.Tests.Crs;

public sealed class GaussKrugerTests
{
    private static readonly GeometryFactory Factory = new();

    // CGCS2000 ellipsoid (EPSG:1024).
    private const double A = 6378137.0;
    private const double F = 1 / 298.257222101;
    private static readonly double E2 = F * (2 - F);

    /// <summary>
    /// A square of the given side centred at (lon, lat), built from the ellipsoid's radii of curvature
    /// (M = a(1−e²)/(1−e² sin²φ)^1.5 north–south, N cos φ = a cos φ/(1−e² sin²φ)^0.5 east–west), independent of ProjNet.
    /// </summary>
    private static Polygon Square(double lon, double lat, double sideM)
    {
        var phi = lat * Math.PI / 180;
        var w = 1 - E2 * Math.Sin(phi) * Math.Sin(phi);
        var m = A * (1 - E2) / Math.Pow(w, 1.5);
        var n = A / Math.Sqrt(w);
        var dLat = sideM / 2 / m * 180 / Math.PI;
        var dLon = sideM / 2 / (n * Math.Cos(phi)) * 180 / Math.PI;
        return Factory.CreatePolygon([
            new(lon - dLon, lat - dLat), new(lon + dLon, lat - dLat), new(lon + dLon, lat + dLat), new(lon - dLon, lat + dLat), new(lon - dLon, lat - dLat)]);
    }

    [Theory]
    [InlineData(120.4, 120)]
    [InlineData(117.0, 117)]
    [InlineData(116.8, 117)]
    [InlineData(118.49, 117)]
    [InlineData(118.51, 120)]
    [InlineData(121.4, 120)]
    [InlineData(122.6, 123)]
    public void Central_meridian_is_the_nearest_multiple_of_three(double lon, int cm) =>
        Assert.Equal(cm, GaussKruger.CentralMeridianFor(lon));

    [Theory]
    [InlineData(117, 4548)]
    [InlineData(120, 4549)]
    [InlineData(114, 4547)]
    [InlineData(123, 4550)]
    [InlineData(75, 4534)]
    public void Epsg_codes_match_the_cgcs2000_3_degree_cm_series(int cm, int epsg) => Assert.Equal(epsg, GaussKruger.EpsgFor(cm));

    [Fact]
    public void A_100_m_square_near_Qingdao_is_15_mu()
    {
        var square = Square(120.4, 36.1, 100);
        Assert.Equal(120, GaussKruger.CentralMeridianFor(square.Centroid.X));
        Assert.Equal(15.00, Area.MuFromM2(GaussKruger.AreaM2(square)), 0.05);
    }

    [Fact]
    public void A_100_m_square_near_Jinan_uses_the_cm_117_zone_and_is_15_mu()
    {
        var square = Square(117.0, 36.6, 100);
        Assert.Equal(117, GaussKruger.CentralMeridianFor(square.Centroid.X));
        Assert.Equal(15.00, Area.MuFromM2(GaussKruger.AreaM2(square)), 0.05);
    }

    [Fact]
    public void Measuring_in_a_far_zone_inflates_the_area_by_the_scale_factor()
    {
        // Point scale of TM at Δλ from the CM is ≈ 1 + (Δλ cos φ)²/2, area scale its square.
        var square = Square(117.0, 36.6, 1000);
        var own = GaussKruger.AreaM2(square, 117);
        var far = GaussKruger.AreaM2(square, 120);
        var dl = 3 * Math.PI / 180 * Math.Cos(36.6 * Math.PI / 180);
        Assert.Equal(Math.Pow(1 + dl * dl / 2, 2), far / own, 4);
        Assert.InRange(own, 999_500, 1_000_500); // within 0.05 % in its own zone
    }

    [Fact]
    public void Degrees_are_never_used_as_area()
    {
        var square = Square(120.4, 36.1, 100);
        Assert.True(square.Area < 1e-5);                  // NTS on lon/lat: square degrees
        Assert.True(GaussKruger.AreaM2(square) > 9_990);  // projected: square metres
    }

    [Fact]
    public void Central_meridian_projects_to_false_easting_and_the_meridian_arc()
    {
        var p = (Point)GaussKruger.Project(new Point(120, 36), 120);
        Assert.Equal(500_000, p.X, 3);
        Assert.Equal(MeridianArc(36), p.Y, 2);
    }

    [Fact]
    public void Unproject_inverts_project()
    {
        var square = Square(116.8, 36.55, 250);
        var back = GaussKruger.Unproject(GaussKruger.Project(square, 117), 117);
        for (var i = 0; i < square.Coordinates.Length; i++)
        {
            Assert.Equal(square.Coordinates[i].X, back.Coordinates[i].X, 9);
            Assert.Equal(square.Coordinates[i].Y, back.Coordinates[i].Y, 9);
        }
    }

    /// <summary>Meridian arc length from the equator, by Simpson integration of M(φ) (independent of ProjNet).</summary>
    private static double MeridianArc(double latDeg)
    {
        const int n = 2000;
        var phi = latDeg * Math.PI / 180;
        double M(double x) => A * (1 - E2) / Math.Pow(1 - E2 * Math.Sin(x) * Math.Sin(x), 1.5);
        var h = phi / n;
        var sum = M(0) + M(phi);
        for (var i = 1; i < n; i++) sum += (i % 2 == 1 ? 4 : 2) * M(i * h);
        return sum * h / 3;
    }
}
