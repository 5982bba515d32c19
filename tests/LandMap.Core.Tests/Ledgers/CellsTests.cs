using LandMap.Core.Ledgers;

namespace LandMap.Core.Tests.Ledgers;

public sealed class CellsTests
{
    [Theory]
    [InlineData("35", "亩", 35.0)]
    [InlineData("35亩", "亩", 35.0)]
    [InlineData("３５．５亩", "亩", 35.5)]
    [InlineData("1,234.5", null, 1234.5)]
    [InlineData("1，234", null, 1234.0)]
    [InlineData("1.2万平方米", "m²", 12000.0)]
    [InlineData("1.2万㎡", "m²", 12000.0)]
    [InlineData("20000平方米", "亩", 30.0)]
    [InlineData("2公顷", "亩", 30.0)]
    [InlineData(" 8 米", "m", 8.0)]
    public void Numbers_are_read_as_people_type_them(string raw, string? unit, double expected)
    {
        var cell = Cells.Read(CellKind.Number, raw, unit);
        Assert.Null(cell.Problem);
        Assert.Equal(expected, (double)cell.Value!, 6);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("35公斤")]
    [InlineData("1e309")]
    [InlineData("NaN")]
    public void Unreadable_numbers_say_why(string raw)
    {
        var cell = Cells.Read(CellKind.Number, raw, "亩");
        Assert.Null(cell.Value);
        Assert.Contains(raw, cell.Problem);
    }

    [Theory]
    [InlineData("2021/3/5")]
    [InlineData("2021-03-05")]
    [InlineData("2021年3月5日")]
    [InlineData("２０２１年３月５日")]
    [InlineData("2021.3.5")]
    [InlineData("44260")] // Excel serial day number of 2021-03-05
    [InlineData("2021-03-05T00:00:00")]
    public void Dates_in_every_usual_form_read_the_same(string raw)
    {
        Assert.Equal(new DateOnly(2021, 3, 5), Cells.Read(CellKind.Date, raw).Value);
    }

    [Theory]
    [InlineData("2021-02-30")]
    [InlineData("三月")]
    public void Impossible_dates_are_problems(string raw) => Assert.NotNull(Cells.Read(CellKind.Date, raw).Problem);

    [Theory]
    [InlineData("100101", "100101")]
    [InlineData("M1", "100101")]
    [InlineData("一类工业用地", "100101")]
    [InlineData("M0", "M0")]
    public void Land_use_by_2023_code_old_code_or_chinese_name(string raw, string expectedOriginalOrCanonical)
    {
        var cell = Cells.Read(CellKind.LandUse, raw);
        Assert.Null(cell.Problem);
        var code = (LandMap.Core.LandUse.LandUseCode)cell.Value!;
        Assert.True(code.Canonical == expectedOriginalOrCanonical || code.Original == expectedOriginalOrCanonical, $"{code}");
    }

    [Theory]
    [InlineData("闲置", "idle")]
    [InlineData("洽谈中", "negotiating")]
    [InlineData("in_use", "in_use")]
    public void Statuses_in_chinese_or_english(string raw, string expected) => Assert.Equal(expected, Cells.Read(CellKind.Status, raw).Value);

    [Fact]
    public void Lists_split_on_chinese_and_ascii_separators() =>
        Assert.Equal(["新型显示", "智能家电", "新材料"], (string[])Cells.Read(CellKind.TextList, "新型显示、智能家电，新材料").Value!);

    [Fact]
    public void Default_mapping_finds_the_usual_chinese_headers_whatever_the_bracket_style()
    {
        var mapping = LedgerFields.DefaultMapping(LedgerFields.Parcel, ["地块编号", "坐落", "面积（亩）", "土地用途", "权属人", "闲置时间", "备注"]);
        Assert.Equal("地块编号", mapping["code"]);
        Assert.Equal("面积（亩）", mapping["ledgerAreaMu"]);
        Assert.Equal("土地用途", mapping["landUse"]);
        Assert.Equal("权属人", mapping["owner"]);
        Assert.Equal("闲置时间", mapping["idleSince"]);
        Assert.DoesNotContain("备注", mapping.Values);
    }
}
