using System.Text;
using LandMap.Api.Ledgers;
using LandMap.Api.Ledgers.Readers;
using MiniExcelLibs;
using NetTopologySuite.Geometries;
using static LandMap.Api.Tests.Ledgers.ReaderFiles;

namespace LandMap.Api.Tests.Ledgers;

/// <summary>
/// The ledger readers on files made here with the formats' own writers: Chinese text comes back exactly, row numbers and
/// coordinates are as in the file, and every broken or hostile file ends in a <see cref="LedgerFormatException"/> saying why.
/// </summary>
public partial class ReaderTests
{
    private static List<SourceRow> ReadAll(string fileName, Stream content, string? encoding = null, string? layer = null)
    {
        using var source = LedgerReaders.Open(fileName, content, encoding, layer);
        return [.. source.Rows()];
    }

    private static LedgerFormatException Refused(string fileName, Stream content, string? encoding = null) =>
        Assert.Throws<LedgerFormatException>(() => ReadAll(fileName, content, encoding));

    private static void AssertRing(Geometry? geometry, Coordinate[] expected)
    {
        Assert.NotNull(geometry);
        var polygon = geometry switch { Polygon p => p, MultiPolygon { NumGeometries: 1 } m => (Polygon)m.GetGeometryN(0), _ => null };
        Assert.NotNull(polygon);
        Assert.Equal(expected.Select(c => (c.X, c.Y)), polygon.ExteriorRing.Coordinates.Select(c => (c.X, c.Y)));
    }

    [Fact]
    public void File_without_a_known_extension_is_recognised_by_its_first_bytes()
    {
        using var json = LedgerReaders.Open("export", new MemoryStream(Encoding.UTF8.GetBytes(Gk40GeoJson)));
        using var zip = LedgerReaders.Open("download.bin", Zip(ParcelShapefile(Gbk, "GBK")));
        var xlsx = new MemoryStream();
        xlsx.SaveAs(new[] { new { 厂房编号 = "CF-001" } });
        using var sheet = LedgerReaders.Open("download", xlsx);

        Assert.Equal("geojson", json.Info.Format);
        Assert.Equal("shapefile", zip.Info.Format);
        Assert.Equal("xlsx", sheet.Info.Format);
    }

    [Fact]
    public void Unknown_file_is_refused_listing_the_formats()
    {
        var e = Refused("scan.pdf", new MemoryStream("%PDF-1.7"u8.ToArray()));

        Assert.Equal("'scan.pdf' is not a ledger format LandMap reads: use .geojson/.json, .zip (Shapefile), .gpkg, .csv/.txt or .xlsx.", e.Message);
    }
}
