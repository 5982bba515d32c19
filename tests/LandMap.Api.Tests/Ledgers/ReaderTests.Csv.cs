using System.Text;
using LandMap.Api.Ledgers.Readers;
using static LandMap.Api.Tests.Ledgers.ReaderFiles;

namespace LandMap.Api.Tests.Ledgers;

/// <summary>CSV: encodings (GBK detected, UTF-8 with or without BOM, given), separators, title rows, streaming.</summary>
public partial class ReaderTests
{
    private const string ParcelCsv = "宗地编号,坐落,面积(亩),WKT\r\nHD-001,青岛市黄岛区前湾港路1号,35.5,\"POLYGON ((40509012.345 3980123.456, 40509012.345 3980223.456, 40509112.345 3980123.456, 40509012.345 3980123.456))\"\r\nHD-002,\"青岛市黄岛区长江中路288号（原海尔工业园）\",\"1,234.5\",\r\n";

    [Fact]
    public void Gbk_csv_is_detected_and_read()
    {
        using var source = LedgerReaders.Open("台账.csv", new MemoryStream(Gbk.GetBytes(ParcelCsv)));
        var rows = source.Rows().ToList();

        Assert.Equal("csv", source.Info.Format);
        Assert.Equal("GB18030", source.Info.Encoding);
        Assert.Null(source.Info.Crs);
        Assert.Equal(["宗地编号", "坐落", "面积(亩)", "WKT"], source.Info.Columns);
        Assert.Equal([1, 2], rows.Select(r => r.Number));
        Assert.Equal(Address1, rows[0].Cells["坐落"]);
        Assert.Equal(Address2, rows[1].Cells["坐落"]);
        Assert.Equal("1,234.5", rows[1].Cells["面积(亩)"]);
        Assert.StartsWith("POLYGON ((40509012.345 3980123.456,", rows[0].Cells["WKT"]);
        Assert.Null(rows[1].Cells["WKT"]);
        Assert.All(rows, r => Assert.Null(r.Geometry));
    }

    [Fact]
    public void Utf8_csv_with_bom_is_read_as_UTF8()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ParcelCsv)).ToArray();

        using var source = LedgerReaders.Open("台账.csv", new MemoryStream(bytes));

        Assert.Equal("UTF-8", source.Info.Encoding);
        Assert.Contains(source.Info.Notes, n => n.Contains("byte-order mark"));
        Assert.Equal("宗地编号", source.Info.Columns[0]); // no BOM glued to the first header
        Assert.Equal(Address1, source.Rows().First().Cells["坐落"]);
    }

    [Fact]
    public void Utf8_csv_without_bom_is_detected()
    {
        using var source = LedgerReaders.Open("台账.csv", new MemoryStream(Encoding.UTF8.GetBytes(ParcelCsv)));

        Assert.Equal("UTF-8", source.Info.Encoding);
        Assert.Equal(Address2, source.Rows().Last().Cells["坐落"]);
    }

    [Fact]
    public void Csv_encoding_given_with_the_upload_is_used()
    {
        using var source = LedgerReaders.Open("台账.csv", new MemoryStream(Gbk.GetBytes(ParcelCsv)), encoding: "GBK");

        Assert.Equal("GBK", source.Info.Encoding);
        Assert.Equal(Address1, source.Rows().First().Cells["坐落"]);
    }

    [Fact]
    public void Unknown_encoding_name_is_refused()
    {
        var e = Refused("台账.csv", new MemoryStream(Gbk.GetBytes(ParcelCsv)), encoding: "klingon");

        Assert.StartsWith("Unknown text encoding 'klingon'", e.Message);
    }

    [Theory]
    [InlineData(";")]
    [InlineData("\t")]
    public void Csv_separated_by_semicolons_or_tabs_is_sniffed(string separator)
    {
        var csv = $"宗地编号{separator}坐落{separator}面积(亩)\nHD-001{separator}青岛市黄岛区前湾港路1号{separator}35,5\n";

        using var source = LedgerReaders.Open("台账.csv", new MemoryStream(Gbk.GetBytes(csv)));
        var row = Assert.Single(source.Rows());

        Assert.Equal(["宗地编号", "坐落", "面积(亩)"], source.Info.Columns);
        Assert.Equal("35,5", row.Cells["面积(亩)"]);
        Assert.Equal(Address1, row.Cells["坐落"]);
    }

    [Fact]
    public void Csv_title_row_is_skipped_and_blank_rows_keep_their_numbers()
    {
        var csv = "黄岛开发区闲置土地台账,,,\n,,,\n宗地编号,坐落,,坐落\nHD-001,前湾港路1号,x,甲\n,,,\nHD-003,长江中路,,乙\n";

        using var source = LedgerReaders.Open("台账.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        var rows = source.Rows().ToList();

        Assert.Equal(["宗地编号", "坐落", "列3", "坐落(2)"], source.Info.Columns);
        Assert.Contains(source.Info.Notes, n => n.Contains("skipped as a title: '黄岛开发区闲置土地台账'"));
        Assert.Equal([1, 3], rows.Select(r => r.Number));
        Assert.Equal("x", rows[0].Cells["列3"]);
        Assert.Equal("乙", rows[1].Cells["坐落(2)"]);
    }

    [Fact]
    public void Csv_row_with_values_right_of_the_last_header_is_refused()
    {
        var e = Refused("台账.csv", new MemoryStream("宗地编号,坐落\nHD-001,前湾港路1号,,\nHD-002,长江中路,多余\n"u8.ToArray()));

        Assert.Equal("CSV: row 2 has 3 cells, more than the 2 headers.", e.Message);
    }

    [Fact]
    public void Csv_rows_stream_from_the_file()
    {
        var csv = new MemoryStream();
        using (var writer = new StreamWriter(csv, new UTF8Encoding(false), leaveOpen: true))
        {
            writer.Write("宗地编号,坐落,面积(亩)\n");
            for (var i = 1; i <= 100_000; i++) writer.Write($"HD-{i:000000},青岛市黄岛区前湾港路{i}号,{i % 97}.5\n");
        }
        csv.Position = 0;
        var counting = new CountingStream(csv, canSeek: false);

        using var source = LedgerReaders.Open("big.csv", counting, encoding: "UTF-8");
        var first = source.Rows().First();
        var copied = counting.BytesRead; // a stream that cannot seek is copied to a temporary file once

        Assert.Equal("青岛市黄岛区前湾港路1号", first.Cells["坐落"]);
        var count = 0;
        var last = first;
        foreach (var row in source.Rows()) { count++; last = row; }
        Assert.Equal(100_000, count);
        Assert.Equal(100_000, last.Number);
        Assert.Equal("青岛市黄岛区前湾港路100000号", last.Cells["坐落"]);
        Assert.Equal(csv.Length, copied);
    }

    [Fact]
    public void Csv_first_row_is_read_without_reading_the_whole_file()
    {
        var csv = new MemoryStream();
        using (var writer = new StreamWriter(csv, new UTF8Encoding(false), leaveOpen: true))
        {
            writer.Write("宗地编号,坐落\n");
            for (var i = 1; i <= 100_000; i++) writer.Write($"HD-{i:000000},青岛市黄岛区前湾港路{i}号\n");
        }
        var counting = new CountingStream(csv);

        using var source = LedgerReaders.Open("big.csv", counting, encoding: "UTF-8");
        _ = source.Rows().First();

        Assert.True(counting.BytesRead < csv.Length / 4, $"{counting.BytesRead} of {csv.Length} bytes read for the headers and one row");
    }
}
