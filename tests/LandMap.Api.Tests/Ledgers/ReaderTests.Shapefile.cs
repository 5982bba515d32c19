using System.Text;
using LandMap.Api.Ledgers;
using LandMap.Api.Ledgers.Readers;
using static LandMap.Api.Tests.Ledgers.ReaderFiles;

namespace LandMap.Api.Tests.Ledgers;

/// <summary>Zipped Shapefiles: DBF encodings (given, .cpg, language driver, detected), the .prj, damaged .shp/.dbf files.</summary>
public partial class ReaderTests
{
    [Fact]
    public void Zipped_shapefile_with_GBK_cpg_and_prj_gives_Chinese_attributes_and_stored_coordinates()
    {
        using var source = LedgerReaders.Open("黄岛宗地.zip", Zip(ParcelShapefile(Gbk, "GBK")));
        var rows = source.Rows().ToList();

        Assert.Equal("shapefile", source.Info.Format);
        Assert.Equal("GBK", source.Info.Encoding);
        Assert.Equal(Gk40Prj, source.Info.Crs);
        Assert.Equal(["宗地编号", "坐落", "面积(亩)", "用地性质", "供地时间"], source.Info.Columns);
        Assert.Contains(source.Info.Notes, n => n.Contains("from the .cpg ('GBK')"));
        Assert.Equal([1, 2], rows.Select(r => r.Number));
        Assert.Equal("HD-001", rows[0].Cells["宗地编号"]);
        Assert.Equal(Address1, rows[0].Cells["坐落"]);
        Assert.Equal(Address2, rows[1].Cells["坐落"]);
        Assert.Equal("35.5", rows[0].Cells["面积(亩)"]);
        Assert.Equal("工业用地", rows[0].Cells["用地性质"]);
        Assert.Null(rows[1].Cells["用地性质"]);
        Assert.Equal("2021-03-05", rows[0].Cells["供地时间"]);
        Assert.Null(rows[1].Cells["供地时间"]);
        // Zone-prefixed Gauss–Krüger metres exactly as stored: not swapped, not transformed.
        AssertRing(rows[0].Geometry, Ring());
        AssertRing(rows[1].Geometry, Ring(500));
    }

    [Fact]
    public void Shapefile_without_cpg_takes_GBK_from_the_DBF_language_driver_byte()
    {
        var parts = ParcelShapefile(Gbk, cpg: null);
        Assert.Equal(0x4D, parts["parcels.dbf"][29]);

        using var source = LedgerReaders.Open("parcels.zip", Zip(parts));

        Assert.Equal("GBK", source.Info.Encoding);
        Assert.Contains(source.Info.Notes, n => n.Contains("language driver byte 0x4D"));
        Assert.Equal(Address1, source.Rows().First().Cells["坐落"]);
    }

    [Fact]
    public void Shapefile_without_cpg_or_language_driver_is_detected_as_GBK_when_its_bytes_are_not_UTF8()
    {
        var parts = ParcelShapefile(Gbk, cpg: null);
        parts["parcels.dbf"][29] = 0; // "unknown": as many Chinese tools write it

        using var source = LedgerReaders.Open("parcels.zip", Zip(parts));

        Assert.Equal("GB18030", source.Info.Encoding);
        Assert.Contains(source.Info.Notes, n => n.Contains("detected") && n.Contains("not UTF-8"));
        Assert.Equal(["宗地编号", "坐落", "面积(亩)", "用地性质", "供地时间"], source.Info.Columns);
        Assert.Equal([Address1, Address2], source.Rows().Select(r => r.Cells["坐落"]));
    }

    [Fact]
    public void Shapefile_without_cpg_or_language_driver_is_detected_as_UTF8_when_its_bytes_are()
    {
        var parts = ParcelShapefile(new UTF8Encoding(false), cpg: null, chineseFieldNames: false);
        parts["parcels.dbf"][29] = 0;

        using var source = LedgerReaders.Open("parcels.zip", Zip(parts));

        Assert.Equal("UTF-8", source.Info.Encoding);
        Assert.Contains(source.Info.Notes, n => n.Contains("detected") && n.Contains("valid UTF-8"));
        Assert.Equal([Address1, Address2], source.Rows().Select(r => r.Cells["ADDRESS"]));
    }

    [Theory]
    [InlineData("936", "GBK")]
    [InlineData("ANSI 936", "GBK")]
    [InlineData("gb2312", "GBK")]
    [InlineData("GB18030", "GB18030")]
    public void Shapefile_cpg_names_and_code_pages_are_understood(string cpg, string encoding)
    {
        using var source = LedgerReaders.Open("parcels.zip", Zip(ParcelShapefile(Gbk, cpg)));

        Assert.Equal(encoding, source.Info.Encoding);
        Assert.Equal(Address2, source.Rows().Last().Cells["坐落"]);
    }

    [Fact]
    public void Shapefile_cpg_65001_reads_UTF8()
    {
        using var source = LedgerReaders.Open("parcels.zip", Zip(ParcelShapefile(new UTF8Encoding(false), "65001", chineseFieldNames: false)));

        Assert.Equal("UTF-8", source.Info.Encoding);
        Assert.Equal(Address1, source.Rows().First().Cells["ADDRESS"]);
    }

    [Fact]
    public void Encoding_given_with_the_upload_wins_over_a_wrong_cpg()
    {
        var parts = ParcelShapefile(Gbk, cpg: "UTF-8");

        using var source = LedgerReaders.Open("parcels.zip", Zip(parts), encoding: "GBK");

        Assert.Equal("GBK", source.Info.Encoding);
        Assert.Contains(source.Info.Notes, n => n.Contains("given with the upload"));
        Assert.Equal(Address1, source.Rows().First().Cells["坐落"]);
    }

    [Fact]
    public void Shapefile_in_a_folder_inside_the_zip_without_prj_has_no_crs()
    {
        var parts = ParcelShapefile(Gbk, "GBK", prj: null).ToDictionary(p => "台账/" + p.Key, p => p.Value);

        using var source = LedgerReaders.Open("parcels.zip", Zip(parts));

        Assert.Null(source.Info.Crs);
        Assert.Contains(source.Info.Notes, n => n.Contains("no .prj"));
        Assert.Equal(2, source.Rows().Count());
    }

    [Fact]
    public void Truncated_shp_is_refused_on_open()
    {
        var parts = ParcelShapefile(Gbk, "GBK", copies: 50);
        var length = parts["parcels.shp"].Length;
        parts["parcels.shp"] = parts["parcels.shp"][..(length / 2)];

        var e = Refused("parcels.zip", Zip(parts));

        Assert.Equal($"Shapefile: the .shp is truncated: its header says {length} bytes, the file has {length / 2}.", e.Message);
    }

    [Fact]
    public void Shp_cut_inside_its_header_is_refused_on_open()
    {
        var parts = ParcelShapefile(Gbk, "GBK");
        parts["parcels.shp"] = parts["parcels.shp"][..50];

        Assert.Equal("Shapefile: the .shp is truncated: its header says 100 bytes, the file has 50.", Refused("parcels.zip", Zip(parts)).Message);
    }

    [Fact]
    public void Truncated_dbf_is_refused_on_open()
    {
        var parts = ParcelShapefile(Gbk, "GBK", copies: 50);
        parts["parcels.dbf"] = parts["parcels.dbf"][..^300];

        Assert.StartsWith("Shapefile: the .dbf is truncated: its header says ", Refused("parcels.zip", Zip(parts)).Message);
    }

    /// <summary>The offset of a .shp record's content (after its 8-byte header), from the .shx: 16-bit words, big-endian, 8 bytes a record after a 100-byte header.</summary>
    private static int ShpContentOffset(Dictionary<string, byte[]> parts, int record) =>
        2 * System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(parts["parcels.shx"].AsSpan(100 + 8 * (record - 1))) + 8;

    [Fact]
    public void Shp_record_of_another_shape_type_is_refused_rather_than_shifting_the_attributes()
    {
        var parts = ParcelShapefile(Gbk, "GBK", copies: 50);
        BitConverter.GetBytes(1).CopyTo(parts["parcels.shp"], ShpContentOffset(parts, 61)); // a Point in a Polygon file

        Assert.Equal("Shapefile: record 61 of the .shp has shape type 1 in a file of shape type 5.", Refused("parcels.zip", Zip(parts)).Message);
    }

    [Fact]
    public void Shp_record_asking_for_more_parts_than_its_bytes_hold_is_refused_before_anything_is_allocated()
    {
        var parts = ParcelShapefile(Gbk, "GBK");
        BitConverter.GetBytes(100_000_000).CopyTo(parts["parcels.shp"], ShpContentOffset(parts, 2) + 36); // NumParts

        Assert.Equal("Shapefile: record 2 of the .shp says 100000000 parts and 5 points, more than its 128 bytes hold.", Refused("parcels.zip", Zip(parts)).Message);
    }

    [Fact]
    public void Shp_part_starting_outside_its_points_is_refused()
    {
        var parts = ParcelShapefile(Gbk, "GBK");
        BitConverter.GetBytes(-7).CopyTo(parts["parcels.shp"], ShpContentOffset(parts, 1) + 44); // the first part's start

        Assert.Equal("Shapefile: record 1 of the .shp has part 1 starting at point -7, outside its 5 points.", Refused("parcels.zip", Zip(parts)).Message);
    }

    [Fact]
    public void Shp_and_dbf_with_different_record_counts_are_refused()
    {
        var parts = ParcelShapefile(Gbk, "GBK");
        parts["parcels.dbf"] = ParcelShapefile(Gbk, "GBK", copies: 2)["parcels.dbf"];

        Assert.Equal("Shapefile: the .shp has 2 records and the .dbf 4: they must match one to one.", Refused("parcels.zip", Zip(parts)).Message);
    }

    [Fact]
    public void Shapefile_rows_stream_up_to_an_unreadable_attribute_then_fail_naming_the_last_good_row()
    {
        var parts = ParcelShapefile(Gbk, "GBK", copies: 50);
        var dbf = parts["parcels.dbf"];
        var headerLength = BitConverter.ToUInt16(dbf, 8);
        var recordLength = BitConverter.ToUInt16(dbf, 10);
        // Record 61's 面积(亩), a numeric field after the deletion flag, 宗地编号 (20) and 坐落 (120).
        "x.y.z"u8.CopyTo(dbf.AsSpan(headerLength + 60 * recordLength + 1 + 20 + 120));

        using var source = LedgerReaders.Open("parcels.zip", Zip(parts));
        Assert.Equal(Address1, source.Rows().First().Cells["坐落"]); // read before the broken record is reached
        var e = Assert.Throws<LedgerFormatException>(() => source.Rows().ToList());

        Assert.StartsWith("Shapefile: the row after row 60 cannot be read: ", e.Message);
    }

    [Fact]
    public void Bare_shp_upload_is_refused_asking_for_a_zip()
    {
        var e = Refused("parcels.shp", new MemoryStream(ParcelShapefile(Gbk, null)["parcels.shp"]));

        Assert.Contains("upload it as a .zip together with its .shx, .dbf and .prj", e.Message);
    }
}
