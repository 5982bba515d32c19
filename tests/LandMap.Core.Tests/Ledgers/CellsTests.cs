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

    /// <summary>The facts of supplied land (issue 13) under the headers zones' ledgers use.</summary>
    [Fact]
    public void Default_mapping_finds_the_supplied_land_headers_zones_write()
    {
        string[] headers = ["宗地编号", "供地方式", "约定开工日期", "实际开工日期", "已开发面积比例", "已投资比例", "停工日期", "土地出让价款"];
        var mapping = LedgerFields.DefaultMapping(LedgerFields.Parcel, headers);
        Assert.Equal(headers[1..], new[] { "supplyType", "agreedStartOn", "actualStartOn", "developedShare", "investedShare", "haltedOn", "landPriceWan" }
            .Select(k => mapping[k]));
        // The catalogue's own headers (what an export writes) map too.
        var own = LedgerFields.DefaultMapping(LedgerFields.Parcel, LedgerFields.SuppliedLand.Select(f => f.HeaderZh));
        Assert.Equal(LedgerFields.SuppliedLand.Select(f => f.Key), own.Keys);
    }

    /// <summary>Shares as fractions or per cent; the land price in 万元 whichever way it is written.</summary>
    [Theory]
    [InlineData("developedShare", "30%", 0.3)]
    [InlineData("developedShare", "0.3", 0.3)]
    [InlineData("investedShare", "２５％", 0.25)]
    [InlineData("landPriceWan", "1200", 1200.0)]
    [InlineData("landPriceWan", "1200万", 1200.0)]
    [InlineData("landPriceWan", "1200万元", 1200.0)]
    [InlineData("landPriceWan", "12000000元", 1200.0)]
    public void Supplied_land_numbers_read_in_their_stored_unit(string key, string raw, double expected)
    {
        var f = LedgerFields.SuppliedLand.Single(x => x.Key == key);
        Assert.Equal(expected, (double)Cells.Read(f.Kind, raw, f.Unit).Value!, 6);
    }

    [Theory]
    [InlineData("supplyType", "租赁", "not-a-choice")]
    [InlineData("supplyType", "出让", null)]
    [InlineData("developedShare", "1.2", "out-of-range")]
    [InlineData("investedShare", "120%", "out-of-range")]
    public void Supplied_land_cells_are_checked_as_the_database_would(string key, string raw, string? problem)
    {
        var f = LedgerFields.SuppliedLand.Single(x => x.Key == key);
        Assert.Equal(problem, LedgerRows.Check(1, f, Cells.Read(f.Kind, raw, f.Unit))?.Code);
    }
}
