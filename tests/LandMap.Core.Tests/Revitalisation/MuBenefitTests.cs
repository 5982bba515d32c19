using LandMap.Core.Revitalisation;

namespace LandMap.Core.Tests.Revitalisation;

/// <summary>Grades on a hand-built register: cut-offs 30 / 15 / 5 万元/亩 (a local setting, as shipped).</summary>
public sealed class MuBenefitTests
{
    private static readonly MuBenefitThresholds Local = new(30, 15, 5, "local setting", "山东省亩产效益评价 (单位用地税收)");

    private static RegisterParcel Parcel(string code, double areaMu, params YearFigures[] years) => new(code, "Z", areaMu, years);

    private static YearFigures Year(int year, double taxWan, double revenueWan = 1000, double? outputWan = null) =>
        new(year, taxWan, revenueWan, outputWan, 12, "某企业");

    // 10 mu: tax 300 → exactly 30/mu (A); 299.99 → just under (B); boundaries take the higher grade.
    [Theory]
    [InlineData(300.0, "A")]
    [InlineData(299.99, "B")]
    [InlineData(150.0, "B")]
    [InlineData(149.99, "C")]
    [InlineData(50.0, "C")]
    [InlineData(49.99, "D")]
    [InlineData(0.0, "D")]
    [InlineData(1e6, "A")]
    public void A_tax_per_mu_exactly_at_a_cut_off_takes_the_higher_grade(double taxWan, string grade)
    {
        var r = MuBenefit.Evaluate(Parcel("P1", 10, Year(2025, taxWan)), 2025, Local);
        Assert.Equal((grade, taxWan / 10, (string?)null), (r.Grade, r.TaxWanPerMu, r.NotGradedReason));
    }

    [Fact]
    public void Per_mu_figures_divide_by_the_parcel_area()
    {
        var r = MuBenefit.Evaluate(Parcel("P1", 40, Year(2025, 600, revenueWan: 12000, outputWan: 20000)), 2025, Local);
        Assert.Equal((15.0, 300.0, 500.0, "B"), (r.TaxWanPerMu, r.RevenueWanPerMu, r.OutputWanPerMu, r.Grade));
        Assert.False(r.Candidate);
        Assert.Equal(0, r.FreeableMu);
    }

    [Fact]
    public void C_and_D_parcels_are_candidates_that_could_free_their_whole_area()
    {
        var c = MuBenefit.Evaluate(Parcel("C1", 25.5, Year(2025, 25.5 * 5)), 2025, Local);
        var d = MuBenefit.Evaluate(Parcel("D1", 12, Year(2025, 10)), 2025, Local);
        Assert.Equal(("C", true, 25.5), (c.Grade, c.Candidate, c.FreeableMu));
        Assert.Equal(("D", true, 12.0), (d.Grade, d.Candidate, d.FreeableMu));
    }

    [Fact]
    public void Zero_area_is_not_graded_and_frees_nothing()
    {
        var r = MuBenefit.Evaluate(Parcel("Z0", 0, Year(2025, 100)), 2025, Local);
        Assert.Equal((null, null, NotGraded.NoArea, false, 0.0), (r.Grade, r.TaxWanPerMu, r.NotGradedReason, r.Candidate, r.FreeableMu));
        Assert.Equal(100, r.TaxWan); // the figures are still shown
    }

    [Fact]
    public void A_missing_year_is_not_graded_and_other_years_do_not_stand_in()
    {
        var p = Parcel("M1", 10, Year(2023, 10), Year(2025, 400));
        Assert.Equal((null, NotGraded.NoFigures), (MuBenefit.Evaluate(p, 2024, Local).Grade, MuBenefit.Evaluate(p, 2024, Local).NotGradedReason));
        Assert.Equal("D", MuBenefit.Evaluate(p, 2023, Local).Grade);
        Assert.Equal("A", MuBenefit.Evaluate(p, 2025, Local).Grade);
    }

    [Fact]
    public void A_register_is_graded_with_totals_per_grade_and_the_thresholds_used()
    {
        RegisterParcel[] register =
        [
            Parcel("A1", 10, Year(2025, 300)),      // 30   A
            Parcel("B1", 20, Year(2025, 300)),      // 15   B
            Parcel("C1", 30, Year(2025, 150)),      // 5    C
            Parcel("D1", 40, Year(2025, 199.6)),    // 4.99 D
            Parcel("D2", 8, Year(2025, 0)),         // 0    D
            Parcel("N1", 50, Year(2024, 999)),      // no 2025 figures
        ];
        var e = MuBenefit.Evaluate(register, 2025, Local);
        Assert.Same(Local, e.Thresholds);
        Assert.Equal(["D2", "D1", "C1", "B1", "A1", "N1"], e.Results.Select(r => r.Code));
        Assert.Equal([("A", 1, 10.0), ("B", 1, 20.0), ("C", 1, 30.0), ("D", 2, 48.0)], e.Totals.Select(t => (t.Grade, t.Parcels, t.AreaMu)));
        Assert.Equal(["D2", "D1", "C1"], e.Candidates.Select(r => r.Code));
        Assert.Equal(78, e.FreeableMu);
    }

    [Theory]
    [InlineData(30, 30, 5, "fall from A to C")]
    [InlineData(30, 15, -1, "not negative")]
    [InlineData(double.NaN, 15, 5, "finite")]
    [InlineData(30, 15, 15.000001, "fall from A to C")]
    public void Thresholds_that_cannot_grade_are_refused(double a, double b, double c, string reason)
    {
        var problems = new MuBenefitThresholds(a, b, c, "local setting", "m").Problems();
        Assert.Contains(problems, p => p.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Thresholds_must_say_their_source_and_method()
    {
        Assert.Empty(Local.Problems());
        Assert.Equal(2, new MuBenefitThresholds(30, 15, 5, " ", "").Problems().Count);
    }
}
