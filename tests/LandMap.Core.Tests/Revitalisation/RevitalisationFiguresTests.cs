using LandMap.Core.History;
using LandMap.Core.Revitalisation;

namespace LandMap.Core.Tests.Revitalisation;

/// <summary>A revitalised plan's amount from the history, and the year's totals as sums over the plans.</summary>
public sealed class RevitalisationFiguresTests
{
    private static readonly DateOnly Day = new(2025, 6, 10);

    private static DateTimeOffset At(DateOnly day, int hour) => ChinaDay.Start(day).AddHours(hour);

    private static DonePlan Plan(long id, string kind, double? current, string outcome = OutcomeKind.NewProject, params ResourceChange[] changes) =>
        new(id, kind, $"R{id}", "Z", outcome, Day, 1000, 2000, current, changes);

    [Fact]
    public void The_amount_before_the_change_that_took_the_resource_out_of_idle_is_counted()
    {
        // A factory let on the day: its vacant floor went 3000 → 0 with the status change.
        var p = Plan(1, "factory", 0, OutcomeKind.NewProject,
            new(10, At(Day.AddDays(-400), 9), null, "idle", null),
            new(11, At(Day, 15), "idle", "in_use", 3000));
        Assert.Equal((3000.0, AmountBasis.ExitChange, (long?)11), RevitalisationFigures.AmountOf(p));
    }

    [Fact]
    public void A_later_split_does_not_change_what_was_revitalised()
    {
        // Out of idle in March at 50 mu; re-surveyed to 42 mu in August (after the plan's day).
        var p = Plan(2, "parcel", 42, OutcomeKind.Expanded,
            new(20, At(Day.AddDays(-90), 9), "negotiating", "allocated", 50),
            new(21, At(Day.AddDays(60), 9), "allocated", "allocated", 50));
        Assert.Equal((50.0, AmountBasis.ExitChange, (long?)20), RevitalisationFigures.AmountOf(p));
    }

    [Fact]
    public void Without_an_exit_change_the_amount_as_of_the_day_is_counted()
    {
        // An in-use low-efficiency parcel (腾笼换鸟): no status change; its area was 30 mu until a change next year.
        var p = Plan(3, "parcel", 28, OutcomeKind.NewProject,
            new(30, At(Day.AddDays(-800), 9), null, "in_use", null),
            new(31, At(Day.AddDays(200), 9), "in_use", "in_use", 30));
        Assert.Equal((30.0, AmountBasis.AsOf, (long?)31), RevitalisationFigures.AmountOf(p));
    }

    [Fact]
    public void An_exit_long_ago_followed_by_a_return_to_idle_is_not_the_one_counted()
    {
        var p = Plan(4, "parcel", 20, OutcomeKind.Expanded,
            new(40, At(Day.AddDays(-900), 9), "idle", "in_use", 25),
            new(41, At(Day.AddDays(-300), 9), "in_use", "idle", 20));
        Assert.Equal((20.0, AmountBasis.Current, (long?)null), RevitalisationFigures.AmountOf(p));
    }

    [Fact]
    public void A_change_the_next_day_is_after_the_revitalisation_day()
    {
        var p = Plan(5, "parcel", 9, OutcomeKind.Expanded,
            new ResourceChange(50, ChinaDay.End(Day), "idle", "in_use", 12));
        Assert.Equal((12.0, AmountBasis.AsOf, (long?)50), RevitalisationFigures.AmountOf(p));
    }

    [Fact]
    public void The_totals_are_sums_over_the_plans()
    {
        DonePlan[] plans =
        [
            Plan(1, "parcel", 40, OutcomeKind.Expanded) with { InvestmentAddedWan = 5000, ExpectedOutputWan = 8000 },
            Plan(2, "parcel", 60.5, OutcomeKind.NewProject) with { InvestmentAddedWan = 12000, ExpectedOutputWan = 30000 },
            Plan(3, "factory", 3200, OutcomeKind.NewProject) with { InvestmentAddedWan = 800, ExpectedOutputWan = 1500 },
            Plan(4, "factory", 1800, OutcomeKind.Expanded) with { InvestmentAddedWan = 0, ExpectedOutputWan = 0 },
        ];
        var t = RevitalisationFigures.Sum(plans);
        Assert.Equal((100.5, 5000.0, 2, 2, 17800.0, 39500.0), (t.LandRevitalisedMu, t.FactoryRevitalisedM2, t.FirmsExpanded, t.NewProjects,
            t.InvestmentAddedWan, t.ExpectedOutputWan));
        Assert.Equal([("mu", 40.0), ("mu", 60.5), ("m2", 3200.0), ("m2", 1800.0)], t.Plans.Select(p => (p.AmountUnit, p.Amount)));
        Assert.All(t.Plans, p => Assert.Equal(AmountBasis.Current, p.AmountBasis));
    }

    [Fact]
    public void No_plans_give_zeros()
    {
        var t = RevitalisationFigures.Sum([]);
        Assert.Equal((0.0, 0.0, 0, 0, 0.0, 0.0, 0), (t.LandRevitalisedMu, t.FactoryRevitalisedM2, t.FirmsExpanded, t.NewProjects,
            t.InvestmentAddedWan, t.ExpectedOutputWan, t.Plans.Count));
    }
}
