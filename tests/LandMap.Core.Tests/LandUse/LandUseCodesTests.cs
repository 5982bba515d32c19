using LandMap.Core.LandUse;

namespace LandMap.Core.Tests.LandUse;

public sealed class LandUseCodesTests
{
    [Theory]
    [InlineData("100101", "100101", "100101")]
    [InlineData("M1", "100101", "M1")]
    [InlineData("m2", "100102", "M2")]
    [InlineData(" M3 ", "100103", "M3")]
    [InlineData("W1", "110101", "W1")]
    [InlineData("W3", "110103", "W3")]
    [InlineData("M", "1001", "M")]
    [InlineData("M0", "1001", "M0")]
    [InlineData("A35", "0802", "A35")]
    [InlineData("1101", "1101", "1101")]
    public void Ledger_codes_normalise_to_the_2023_code_and_keep_the_original(string input, string canonical, string original)
    {
        var code = LandUseCodes.Normalize(input)!;
        Assert.Equal(canonical, code.Canonical);
        Assert.Equal(original, code.Original);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("M4")]
    [InlineData("100104")]
    [InlineData("工业")]
    public void Unknown_codes_are_rejected(string? input) => Assert.Null(LandUseCodes.Normalize(input));

    [Fact]
    public void Names_come_from_the_reference_table()
    {
        Assert.Equal("一类工业用地", LandUseCodes.NameOf("100101"));
        Assert.Equal("物流仓储用地", LandUseCodes.NameOf("1101"));
        Assert.Equal("新型产业用地", LandUseCodes.Normalize("M0")!.NameZh);
    }

    [Theory]
    [InlineData("1001", "1001", null)]
    [InlineData("M1", "100101", null)]
    [InlineData("M0", null, "M0")]
    public void Filters_match_subtrees_except_M0_which_matches_the_ledger_code(string input, string? prefix, string? original) =>
        Assert.Equal(new LandUseFilter(prefix, original), LandUseCodes.ResolveFilter(input));
}
