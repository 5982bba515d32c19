using LandMap.Api.Ledgers.Readers;
using MiniExcelLibs;
using static LandMap.Api.Tests.Ledgers.ReaderFiles;

namespace LandMap.Api.Tests.Ledgers;

/// <summary>XLSX: Chinese headers, cells as text, dates, title rows, sheets, files that are not workbooks.</summary>
public partial class ReaderTests
{
    [Fact]
    public void Xlsx_with_Chinese_headers_gives_cells_as_invariant_text_and_dates_as_iso()
    {
        var sheet = new MemoryStream();
        sheet.SaveAs(new List<Dictionary<string, object?>>
        {
            new() { ["厂房编号"] = "CF-001", ["坐落"] = Address1, ["建筑面积(平方米)"] = 12000.5, ["空置面积"] = 0.1 + 0.2, ["宗地代码"] = 370211001001L, ["供地时间"] = new DateTime(2021, 3, 5), ["有行车"] = true, ["备注"] = "" },
            new() { ["厂房编号"] = "CF-002", ["坐落"] = Address2, ["建筑面积(平方米)"] = 800, ["空置面积"] = null, ["宗地代码"] = null, ["供地时间"] = new DateTime(2022, 12, 31, 8, 30, 0), ["有行车"] = false, ["备注"] = "１２３亩" },
        });

        using var source = LedgerReaders.Open("厂房台账.xlsx", sheet);
        var rows = source.Rows().ToList();

        Assert.Equal("xlsx", source.Info.Format);
        Assert.Null(source.Info.Encoding);
        Assert.Equal(["厂房编号", "坐落", "建筑面积(平方米)", "空置面积", "宗地代码", "供地时间", "有行车", "备注"], source.Info.Columns);
        Assert.Equal([1, 2], rows.Select(r => r.Number));
        Assert.Equal(Address1, rows[0].Cells["坐落"]);
        Assert.Equal(Address2, rows[1].Cells["坐落"]);
        Assert.Equal("12000.5", rows[0].Cells["建筑面积(平方米)"]);
        Assert.Equal("0.3", rows[0].Cells["空置面积"]); // as Excel shows it, not 0.30000000000000004
        Assert.Equal("370211001001", rows[0].Cells["宗地代码"]);
        Assert.Equal("2021-03-05", rows[0].Cells["供地时间"]);
        Assert.Equal("2022-12-31 08:30:00", rows[1].Cells["供地时间"]);
        Assert.Equal("true", rows[0].Cells["有行车"]);
        Assert.Null(rows[0].Cells["备注"]);
        Assert.Equal("１２３亩", rows[1].Cells["备注"]);
        Assert.Null(rows[1].Cells["空置面积"]);
    }

    [Fact]
    public void Xlsx_title_row_is_skipped_and_the_sheet_can_be_named()
    {
        var sheet = new MemoryStream();
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["A"] = "黄岛区闲置厂房台账（2024年）", ["B"] = null, ["C"] = null },
            new() { ["A"] = "厂房编号", ["B"] = "坐落", ["C"] = "厂房编号" },
            new() { ["A"] = "CF-001", ["B"] = Address1, ["C"] = "重复" },
            new() { ["A"] = null, ["B"] = null, ["C"] = null },
            new() { ["A"] = "CF-003", ["B"] = Address2, ["C"] = null },
        };
        sheet.SaveAs(new Dictionary<string, object> { ["说明"] = new[] { new { 说明 = "见第二页" } }, ["台账"] = rows }, printHeader: false);

        using var first = LedgerReaders.Open("厂房.xlsx", sheet);
        Assert.Contains(first.Info.Notes, n => n.Contains("Sheet '说明' read (2 sheets"));

        using var source = LedgerReaders.Open("厂房.xlsx", sheet, layer: "台账");
        var read = source.Rows().ToList();

        Assert.Equal(["厂房编号", "坐落", "厂房编号(2)"], source.Info.Columns);
        Assert.Contains(source.Info.Notes, n => n.Contains("Headers on row 2"));
        Assert.Equal([1, 3], read.Select(r => r.Number));
        Assert.Equal("重复", read[0].Cells["厂房编号(2)"]);
        Assert.Equal(Address2, read[1].Cells["坐落"]);
    }

    [Fact]
    public void Xlsx_that_is_text_is_refused()
    {
        Assert.Equal("XLSX: '厂房.xlsx' is not an .xlsx workbook.", Refused("厂房.xlsx", new MemoryStream("厂房编号,坐落"u8.ToArray())).Message);
    }

    [Fact]
    public void Xls_from_excel_97_is_refused_asking_for_xlsx()
    {
        var e = Refused("厂房.xls", new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]));

        Assert.StartsWith("XLSX: '厂房.xls' is an Excel 97–2003 .xls workbook, not .xlsx", e.Message);
    }

    [Fact]
    public void Zip_named_xlsx_without_a_workbook_is_refused()
    {
        var e = Refused("厂房.xlsx", Zip(("readme.txt", "hello"u8.ToArray())));

        Assert.StartsWith("XLSX: '厂房.xlsx' cannot be read: ", e.Message);
    }
}
