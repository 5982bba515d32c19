using LandMap.Core.Editing;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace LandMap.Core.Tests.Editing;

public sealed class ParcelMergeTests
{
    private static readonly WKTReader Wkt = new();

    // Each case lists the parcels' WKT separated by " | ".

    [Theory]
    // Two squares sharing an edge: one 200 × 100 rectangle.
    [InlineData("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0)) | POLYGON ((100 0, 200 0, 200 100, 100 100, 100 0))", 20000)]
    // Sharing part of an edge only.
    [InlineData("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0)) | POLYGON ((100 50, 150 50, 150 150, 100 150, 100 50))", 15000)]
    // Three in a row, listed out of order: the chain is still one polygon.
    [InlineData("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0)) | POLYGON ((20 0, 30 0, 30 10, 20 10, 20 0)) | POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))", 300)]
    // A 5 mm gap between neighbours (digitising): snapped within the 1 cm tolerance.
    [InlineData("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0)) | POLYGON ((100.005 0, 200 0, 200 100, 100.005 100, 100.005 0))", 20000)]
    public void Adjacent_parcels_merge_into_one_polygon_with_the_summed_area(string parcels, double expectedM2)
    {
        var result = ParcelMerge.Union(parcels.Split(" | ").Select(Wkt.Read).ToList(), 0.01);

        Assert.Null(result.Problem);
        Assert.Equal(1, result.Union!.NumGeometries);
        Assert.Equal(expectedM2, result.Union.Area, 6);
    }

    [Theory]
    // Apart by a street.
    [InlineData("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0)) | POLYGON ((124 0, 200 0, 200 100, 124 100, 124 0))")]
    // Meeting at one corner only.
    [InlineData("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0)) | POLYGON ((100 100, 200 100, 200 200, 100 200, 100 100))")]
    // Two adjacent and a third far away.
    [InlineData("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0)) | POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0)) | POLYGON ((50 0, 60 0, 60 10, 50 10, 50 0))")]
    public void Parcels_that_are_not_adjacent_do_not_merge(string parcels)
    {
        var result = ParcelMerge.Union(parcels.Split(" | ").Select(Wkt.Read).ToList(), 0.01);

        Assert.Null(result.Union);
        Assert.Contains("not adjacent", result.Problem);
    }

    [Fact]
    public void One_parcel_is_not_a_merge()
    {
        var result = ParcelMerge.Union([Wkt.Read("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))")], 0.01);

        Assert.NotNull(result.Problem);
    }
}
