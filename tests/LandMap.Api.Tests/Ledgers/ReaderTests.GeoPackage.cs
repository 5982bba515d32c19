using LandMap.Api.Ledgers.Readers;
using NetTopologySuite.Geometries;
using static LandMap.Api.Tests.Ledgers.ReaderFiles;

namespace LandMap.Api.Tests.Ledgers;

/// <summary>GeoPackages: the first feature table or a named one, its EPSG code, cells and geometries.</summary>
public partial class ReaderTests
{
    [Fact]
    public void GeoPackage_first_feature_table_gives_EPSG_crs_Chinese_cells_and_stored_coordinates()
    {
        using var source = LedgerReaders.Open("黄岛.gpkg", ParcelGeoPackage());
        var rows = source.Rows().ToList();

        Assert.Equal("geopackage", source.Info.Format);
        Assert.Equal("EPSG:4528", source.Info.Crs);
        Assert.Equal(["宗地编号", "坐落", "面积(亩)", "供地时间", "闲置", "地块数"], source.Info.Columns);
        Assert.Contains(source.Info.Notes, n => n.Contains("2 feature tables (宗地, 厂房): '宗地' read"));
        Assert.Equal([1, 2], rows.Select(r => r.Number));
        Assert.Equal("HD-001", rows[0].Cells["宗地编号"]);
        Assert.Equal(Address1, rows[0].Cells["坐落"]);
        Assert.Equal(Address2, rows[1].Cells["坐落"]);
        Assert.Equal("35.5", rows[0].Cells["面积(亩)"]);
        Assert.Equal("2021-03-05", rows[0].Cells["供地时间"]);
        Assert.Equal("true", rows[0].Cells["闲置"]);
        Assert.Equal("false", rows[1].Cells["闲置"]);
        Assert.Equal("2", rows[0].Cells["地块数"]);
        Assert.Null(rows[1].Cells["面积(亩)"]);
        AssertRing(rows[0].Geometry, Ring());
        AssertRing(rows[1].Geometry, Ring(500));
    }

    [Fact]
    public void GeoPackage_table_can_be_named()
    {
        using var source = LedgerReaders.Open("黄岛.gpkg", ParcelGeoPackage(), layer: "厂房");
        var row = Assert.Single(source.Rows());

        Assert.Equal("EPSG:4490", source.Info.Crs);
        Assert.Equal("CF-001", row.Cells["厂房编号"]);
        Assert.Equal(new Coordinate(120.18, 35.96), row.Geometry!.Coordinate);
    }

    [Fact]
    public void SQLite_file_without_GeoPackage_tables_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reader-test-{Guid.NewGuid():N}.gpkg");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE t (x)";
            create.ExecuteNonQuery();
        }
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);

        Assert.StartsWith("GeoPackage: the file is not a GeoPackage (no readable gpkg_contents table)", Refused("x.gpkg", new MemoryStream(bytes)).Message);
    }

    [Fact]
    public void File_named_gpkg_that_is_not_SQLite_is_refused()
    {
        Assert.Equal("GeoPackage: 'x.gpkg' is not a GeoPackage (an SQLite database).", Refused("x.gpkg", new MemoryStream("not sqlite"u8.ToArray())).Message);
    }
}
