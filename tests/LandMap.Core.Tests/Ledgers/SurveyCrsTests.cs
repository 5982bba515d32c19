using LandMap.Core.Crs;
using LandMap.Core.Ledgers;
using NetTopologySuite.Geometries;

namespace LandMap.Core.Tests.Ledgers;

public sealed class SurveyCrsTests
{
    private static readonly GeometryFactory Factory = new();

    // Qingdao West Coast, about 120.1°E 35.95°N: in the 3° zone of CM 120°E (zone 40, EPSG:4528 prefixed / 4549 not).
    private const double Lon = 120.1, Lat = 35.95;

    private static Coordinate Gk(int cm = 120) => GaussKruger.Project(Factory.CreatePoint(new Coordinate(Lon, Lat)), cm).Coordinate;

    [Fact]
    public void Prefixed_eastings_give_the_zone_and_come_back_to_the_same_lon_lat()
    {
        var p = Gk();
        var file = new Coordinate(40_000_000 + p.X, p.Y);
        var crs = SurveyCrsDetector.Detect(null, [file]);
        Assert.Equal((true, 120, 40, false, false), (crs.Projected, crs.CentralMeridian, crs.Zone, crs.SixDegree, crs.Swapped));
        Assert.Equal(4528, crs.Epsg);
        var back = crs.ToLonLat(Factory.CreatePoint(file)).Coordinate;
        Assert.Equal(Lon, back.X, 7);
        Assert.Equal(Lat, back.Y, 7);
    }

    [Fact]
    public void Swapped_axes_are_detected_from_the_magnitudes_and_said()
    {
        var p = Gk();
        var file = new Coordinate(p.Y, 40_000_000 + p.X); // X = northing, as Chinese surveys write it
        var crs = SurveyCrsDetector.Detect(null, [file]);
        Assert.True(crs.Swapped);
        Assert.Contains("swapped", crs.Describe());
        var back = crs.ToLonLat(Factory.CreatePoint(file)).Coordinate;
        Assert.Equal(Lon, back.X, 7);
        Assert.Equal(Lat, back.Y, 7);
    }

    [Fact]
    public void Six_degree_prefixed_zone_20_is_cm_117()
    {
        var p = Gk(117);
        var crs = SurveyCrsDetector.Detect(null, [new Coordinate(20_000_000 + p.X, p.Y)]);
        Assert.Equal((117, true, 4498), (crs.CentralMeridian, crs.SixDegree, crs.Epsg)); // EPSG:4491 is zone 13
    }

    [Fact]
    public void Lon_lat_and_swapped_lat_lon_by_range()
    {
        Assert.False(SurveyCrsDetector.Detect(null, [new Coordinate(Lon, Lat)]).Projected);
        var swapped = SurveyCrsDetector.Detect(null, [new Coordinate(Lat, Lon)]);
        Assert.True(swapped.Swapped);
        Assert.Equal(Lon, swapped.ToLonLat(Factory.CreatePoint(new Coordinate(Lat, Lon))).Coordinate.X, 9);
    }

    [Fact]
    public void Unprefixed_eastings_need_a_prj_or_the_central_meridian()
    {
        var p = Gk();
        var ex = Assert.Throws<SurveyCrsException>(() => SurveyCrsDetector.Detect(null, [p]));
        Assert.Contains("central meridian", ex.Message);
        Assert.Equal(4549, SurveyCrsDetector.Detect(null, [p], centralMeridian: 120).Epsg);
        Assert.Equal(4549, SurveyCrsDetector.Detect("EPSG:4549", [p]).Epsg);
    }

    [Fact]
    public void A_prj_with_false_easting_40500000_is_zone_40()
    {
        var prj = GaussKruger.Projection(120, 40_500_000).WKT;
        var p = Gk();
        var crs = SurveyCrsDetector.Detect(prj, [new Coordinate(40_000_000 + p.X, p.Y)]);
        Assert.Equal((120, 40, true), (crs.CentralMeridian, crs.Zone, crs.Prefixed));
    }

    [Theory]
    [InlineData("""PROJCS["Xian_1980_3_Degree_GK_Zone_40",GEOGCS["GCS_Xian_1980"]]""")]
    [InlineData("""PROJCS["Beijing_1954_3_Degree_GK_CM_120E",GEOGCS["GCS_Beijing_1954"]]""")]
    [InlineData("EPSG:2385")]
    public void Xian_1980_and_Beijing_1954_are_refused_not_shifted(string prj)
    {
        var ex = Assert.Throws<SurveyCrsException>(() => SurveyCrsDetector.Detect(prj, [Gk()]));
        Assert.Contains("transformation parameters", ex.Message);
    }
}

public sealed class DatumShiftTests
{
    private static readonly GeometryFactory Factory = new();

    // Illustrative parameters of the published size (tens of metres, sub-second rotations, a few ppm): the test checks the
    // mechanics both ways, not any zone's official values.
    private static readonly double[] Parameters = [-12.5, 48.3, 26.1, 0.31, -0.18, 0.47, 2.6];

    private const string XianPrj =
        """PROJCS["Xian_1980_3_Degree_GK_Zone_40",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",40500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";

    [Fact]
    public void Xian_1980_with_the_zones_parameters_comes_back_to_the_cgcs2000_point_it_was_made_from()
    {
        var shift = DatumShift.Xian1980(Parameters);
        var inverse = shift.ToCgcs2000(120).Inverse();
        var (e, n) = inverse.Transform(120.1, 35.95);
        var file = new Coordinate(40_000_000 + e, n);

        var crs = SurveyCrsDetector.Detect(XianPrj, [file], shift: DatumShift.Xian1980(Parameters));
        Assert.Equal(2364, crs.Epsg); // EPSG:2364 Xian 1980 / 3-degree Gauss-Kruger zone 40 (2349 is zone 25)
        Assert.Contains("Xian 1980", crs.Describe());
        // Within a centimetre both ways (1e-7° ≈ 1 cm; ProjNet's geocentric-to-geographic step iterates).
        var back = crs.ToLonLat(Factory.CreatePoint(file)).Coordinate;
        Assert.InRange(Math.Abs(back.X - 120.1), 0, 1.5e-7);
        Assert.InRange(Math.Abs(back.Y - 35.95), 0, 1.5e-7);

        // Read as if it were CGCS2000 the same numbers land tens of metres away: the shift is really applied.
        var naive = GaussKruger.Unproject(Factory.CreatePoint(new Coordinate(e, n)), 120).Coordinate;
        var metres = Math.Sqrt(Math.Pow((naive.X - back.X) * 90_000, 2) + Math.Pow((naive.Y - back.Y) * 111_000, 2));
        Assert.InRange(metres, 5, 500);
    }

    [Fact]
    public void A_file_that_states_nothing_can_be_declared_beijing_1954_with_its_parameters()
    {
        var shift = DatumShift.Beijing1954(Parameters);
        var (e, n) = shift.ToCgcs2000(117).Inverse().Transform(117.3, 36.6);
        var crs = SurveyCrsDetector.Detect(null, [new Coordinate(39_000_000 + e, n)], shift: shift);
        Assert.Equal(2415, crs.Epsg); // EPSG:2415 Beijing 1954 / 3-degree Gauss-Kruger zone 39 (2401 is zone 25)
        var back = crs.ToLonLat(Factory.CreatePoint(new Coordinate(39_000_000 + e, n))).Coordinate;
        Assert.InRange(Math.Abs(back.X - 117.3), 0, 1.5e-7);
        Assert.InRange(Math.Abs(back.Y - 36.6), 0, 1.5e-7);
    }
}

public sealed class SurveyCrsRefusalTests
{
    [Theory]
    [InlineData("EPSG:99999999999", "EPSG")]
    [InlineData("EPSG:4610", "Xian")] // Xian 1980 geographic is not CGCS2000
    [InlineData("""PROJCS["WGS 84 / UTM zone 50N",GEOGCS["WGS 84"],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",117],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000]]""", "scale factor")]
    [InlineData("""PROJCS["local",GEOGCS["CGCS2000"],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",120.5],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000]]""", "central meridian")]
    [InlineData("""PROJCS["x",GEOGCS["CGCS2000"],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",-],PARAMETER["false_easting",500000]]""", "not a number")]
    public void Systems_that_are_not_cgcs2000_gauss_kruger_are_refused_with_a_reason(string stated, string reason)
    {
        var ex = Assert.Throws<SurveyCrsException>(() => SurveyCrsDetector.Detect(stated, [new NetTopologySuite.Geometries.Coordinate(500_000, 4_000_000)]));
        Assert.Contains(reason, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Northing_first_without_a_zone_prefix_is_detected_as_swapped()
    {
        var crs = SurveyCrsDetector.Detect("EPSG:4549", [new NetTopologySuite.Geometries.Coordinate(3_980_000, 509_000)]);
        Assert.True(crs.Swapped);
    }
}
