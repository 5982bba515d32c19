using LandMap.Api.Ledgers.Readers;
using static LandMap.Api.Tests.Ledgers.ReaderFiles;

namespace LandMap.Api.Tests.Ledgers;

/// <summary>Zips: which .shp is read, and the archives that are refused (path traversal, too many entries, zip bombs).</summary>
public partial class ReaderTests
{
    [Fact]
    public void Zip_with_two_shapefiles_is_refused_naming_both_unless_a_layer_is_named()
    {
        var parts = ParcelShapefile(Gbk, "GBK");
        var two = parts.Concat(parts.Select(p => KeyValuePair.Create(p.Key.Replace("parcels", "factories"), p.Value))).ToList();

        var e = Refused("two.zip", Zip(two));
        Assert.Contains("several .shp files", e.Message);
        Assert.Contains("parcels.shp", e.Message);
        Assert.Contains("factories.shp", e.Message);

        using var source = LedgerReaders.Open("two.zip", Zip(two), layer: "factories");
        Assert.Contains(source.Info.Notes, n => n.Contains("'factories.shp'"));
        Assert.Equal(2, source.Rows().Count());
    }

    [Fact]
    public void Zip_without_a_shp_is_refused_saying_what_it_holds()
    {
        var e = Refused("parcels.zip", Zip(("readme.txt", "hello"u8.ToArray()), ("parcels.dbf", [3])));

        Assert.Equal("Shapefile: the zip holds no .shp file (it holds: readme.txt, parcels.dbf).", e.Message);
    }

    [Fact]
    public void Zip_with_a_shp_but_no_dbf_is_refused()
    {
        var parts = ParcelShapefile(Gbk, "GBK");
        parts.Remove("parcels.dbf");

        Assert.Equal("Shapefile: 'parcels.shp' has no .dbf beside it in the zip.", Refused("parcels.zip", Zip(parts)).Message);
    }

    [Theory]
    [InlineData("../parcels.shp")]
    [InlineData("台账/../../parcels.shp")]
    [InlineData("..\\parcels.shp")]
    [InlineData("/etc/parcels.shp")]
    [InlineData("C:/Windows/parcels.shp")]
    [InlineData("c:parcels.shp")]
    public void Zip_entry_whose_name_leaves_the_archive_is_refused(string name)
    {
        var parts = ParcelShapefile(Gbk, "GBK");
        parts[name] = parts["parcels.shp"];
        parts.Remove("parcels.shp");

        var e = Refused("parcels.zip", Zip(parts));

        Assert.Equal($"Zip: the entry name '{name}' points outside the archive (path traversal): the file is refused.", e.Message);
    }

    [Fact]
    public void Zip_with_more_than_50_entries_is_refused()
    {
        var parts = ParcelShapefile(Gbk, "GBK").ToList();
        for (var i = 0; parts.Count <= 50; i++) parts.Add(KeyValuePair.Create($"note{i}.txt", new byte[] { 1 }));

        Assert.Equal("Zip: 51 entries, more than the 50 a zipped Shapefile may hold.", Refused("parcels.zip", Zip(parts)).Message);
    }

    [Fact]
    public void Zip_bomb_is_refused_by_its_compression_ratio()
    {
        var e = Refused("parcels.zip", Bomb());

        Assert.Equal("Zip: the entry 'parcels.dbf' is compressed more than 200:1 (zip bomb?): the file is refused.", e.Message);
    }

    [Fact]
    public void Zip_bomb_whose_headers_lie_about_its_size_is_refused_without_unpacking_300_MB()
    {
        // The headers pass the checks (100:1); unpacking stops at the size they state (.NET's zip reader stops there, and
        // ours counts the bytes too), so what comes out is 30 MB of zeros: no dBASE table with the .shp's records.
        var e = Refused("parcels.zip", LyingBomb());

        Assert.Equal("Shapefile: the .shp has 2 records and the .dbf 0: they must match one to one.", e.Message);
    }

    [Fact]
    public void File_named_zip_that_is_not_a_zip_is_refused()
    {
        var e = Refused("parcels.zip", new MemoryStream("宗地编号,坐落\nHD-001,青岛"u8.ToArray()));

        Assert.StartsWith("Shapefile: 'parcels.zip' is not a readable zip file (", e.Message);
    }
}
