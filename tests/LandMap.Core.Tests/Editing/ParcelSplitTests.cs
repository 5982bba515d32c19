using LandMap.Core.Crs;
using LandMap.Core.Editing;
using LandMap.Core.Units;
using LandMap.Seeds;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace LandMap.Core.Tests.Editing;

public sealed class ParcelSplitTests
{
    private static readonly WKTReader Wkt = new();

    private static Geometry Read(string wkt) => Wkt.Read(wkt);

    [Theory]
    // A 100 m square cut by a vertical line at x = 30: 3 000 m² west, 7 000 m² east.
    [InlineData("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))", "LINESTRING (30 -10, 30 110)", 3000, 7000)]
    // The same square cut corner to corner (the line starts and ends exactly on vertices): two triangles of 5 000 m².
    [InlineData("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))", "LINESTRING (0 0, 100 100)", 5000, 5000)]
    // A bent line: west part = 20×50 + 60×50 = 4 000 m².
    [InlineData("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))", "LINESTRING (20 -5, 20 50, 60 50, 60 105)", 4000, 6000)]
    // An L-shape (200×100 plus 100×100 on top of its west half) cut through its foot at x = 150: 25 000 m² and 5 000 m².
    [InlineData("POLYGON ((0 0, 200 0, 200 100, 100 100, 100 200, 0 200, 0 0))", "LINESTRING (150 -1, 150 101)", 25000, 5000)]
    // A square with a 20 m hole in the middle, cut through the hole at x = 50: the hole belongs to neither part.
    [InlineData("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0), (40 40, 60 40, 60 60, 40 60, 40 40))", "LINESTRING (50 -1, 50 101)", 4800, 4800)]
    public void Split_by_line_gives_the_known_parts(string parcel, string line, double firstM2, double secondM2)
    {
        var result = ParcelSplit.ByLine(Read(parcel), (LineString)Read(line));

        Assert.Null(result.Problem);
        Assert.Equal(firstM2, result.First!.Area, 6);
        Assert.Equal(secondM2, result.Second!.Area, 6);
        Assert.True(result.First.IsValid && result.Second.IsValid);
    }

    [Theory]
    [InlineData("LINESTRING (30 -10, 30 50)", "does not cross")]          // stops inside
    [InlineData("LINESTRING (200 0, 200 100)", "does not cross")]         // misses the parcel
    [InlineData("LINESTRING (30 -10, 30 110, 70 110, 70 -10)", "3 pieces")] // crosses twice
    public void Split_by_a_line_that_does_not_cut_in_two_is_refused(string line, string expected)
    {
        var result = ParcelSplit.ByLine(Read("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))"), (LineString)Read(line));

        Assert.Null(result.First);
        Assert.Contains(expected, result.Problem);
    }

    [Theory]
    // Square 100 × 100: a west part of 2 500 m² is cut at x = 25.
    [InlineData("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))", 2500, CutDirection.NorthSouth, 25, double.NaN)]
    // The same, south part by an east–west cut at y = 70.
    [InlineData("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))", 7000, CutDirection.EastWest, double.NaN, 70)]
    // Right triangle (0 0, 100 0, 0 100): the area west of x = t is 100t − t²/2, so 2 500 m² at t = 100 − √5000.
    [InlineData("POLYGON ((0 0, 100 0, 0 100, 0 0))", 2500, CutDirection.NorthSouth, 29.289321881345245, double.NaN)]
    public void Split_by_area_cuts_where_the_known_answer_says(string parcel, double targetM2, CutDirection direction, double cutX, double cutY)
    {
        var g = Read(parcel);
        var result = ParcelSplit.ByArea(g, targetM2, direction, 1e-9);

        Assert.Null(result.Problem);
        Assert.Equal(targetM2, result.First!.Area, 6);
        Assert.Equal(g.Area - targetM2, result.Second!.Area, 6);
        var env = result.First.EnvelopeInternal;
        if (!double.IsNaN(cutX)) Assert.Equal(cutX, env.MaxX, 6);
        if (!double.IsNaN(cutY)) Assert.Equal(cutY, env.MaxY, 6);
    }

    [Fact]
    public void Split_by_area_of_a_U_shape_may_give_a_first_part_in_two_pieces()
    {
        // A U open to the north (5 200 m²): two 20 m legs on a 100 m × 20 m base. A south part of 5 000 m² is cut at
        // y = 95, through both legs, so the north part has two pieces.
        var u = Read("POLYGON ((0 0, 100 0, 100 100, 80 100, 80 20, 20 20, 20 100, 0 100, 0 0))");
        var result = ParcelSplit.ByArea(u, 5000, CutDirection.EastWest, 1e-9);

        Assert.Null(result.Problem);
        Assert.Equal(5000, result.First!.Area, 6);
        Assert.Equal(2, result.Second!.NumGeometries);
        Assert.Equal(u.Area - 5000, result.Second.Area, 6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(10000)]
    [InlineData(12000)]
    [InlineData(double.NaN)]
    public void Split_by_an_area_outside_the_parcel_is_refused(double targetM2)
    {
        var result = ParcelSplit.ByArea(Read("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))"), targetM2, CutDirection.NorthSouth, 1e-9);

        Assert.NotNull(result.Problem);
    }

    [Theory]
    [InlineData(0, 12.345678)]
    [InlineData(0, 29.999999)]
    [InlineData(33, 7.5)]
    public void Split_of_a_lon_lat_parcel_in_its_Gauss_Kruger_zone_adds_up_and_keeps_its_vertices(double rotationDeg, double targetMu)
    {
        // A 200 m × 100 m parcel (30 mu) near 118.3°E 36.6°N, rotated, measured in zone CM 117°E as the API stores it.
        var layout = new Layout(118.3, 36.6, 1000, rotationDeg);
        var parcel = layout.ToLonLat(Layout.Rectangle(0, 0, 200, 100));
        var cm = layout.CentralMeridian;
        double Mu(Geometry g) => Area.MuFromM2(GaussKruger.AreaM2(g, cm));

        var result = ParcelSplit.InZone(parcel, cm,
            plane => ParcelSplit.ByArea(plane, Area.M2FromMu(targetMu), ParcelSplit.DefaultDirection(plane), Area.M2FromMu(1e-8)));

        Assert.Null(result.Problem);
        Assert.Equal(targetMu, Mu(result.First!), 6);
        Assert.Equal(Mu(parcel), Mu(result.First!) + Mu(result.Second!), 6);
        // Every vertex of the parent is kept exactly: neighbours still meet the parts edge to edge.
        var kept = result.First!.Union(result.Second!).Coordinates.ToHashSet();
        Assert.All(parcel.Coordinates, c => Assert.Contains(c, kept));
    }

    [Fact]
    public void Split_of_a_lon_lat_parcel_by_a_drawn_line_adds_up()
    {
        var layout = new Layout(118.3, 36.6, 1000, 21);
        var parcel = layout.ToLonLat(Layout.Rectangle(0, 0, 200, 100));
        var cm = layout.CentralMeridian;
        // A slanted line across the middle, drawn in lon/lat as the map sends it.
        var env = parcel.EnvelopeInternal;
        var line = new LineString([new((env.MinX + env.MaxX) / 2 - 0.0002, env.MinY - 0.001), new((env.MinX + env.MaxX) / 2 + 0.0003, env.MaxY + 0.001)]);

        var result = ParcelSplit.InZone(parcel, cm, plane => ParcelSplit.ByLine(plane, (LineString)GaussKruger.Project(line, cm)));

        Assert.Null(result.Problem);
        double Mu(Geometry g) => Area.MuFromM2(GaussKruger.AreaM2(g, cm));
        Assert.Equal(30, Mu(parcel), 6);
        Assert.Equal(Mu(parcel), Mu(result.First!) + Mu(result.Second!), 6);
    }
}
