using LandMap.Core.Revitalisation;

namespace LandMap.Core.Tests.Revitalisation;

public sealed class IdleLandEngineTests
{
    private static readonly IdleLandRuleSet National = IdleLandRuleSet.Load();
    private static readonly IdleLandRuleSet Hainan = IdleLandRuleSet.Load("hainan");

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static SuppliedLandFacts NotStarted(string agreed, decimal? price = 1000m) =>
        new(SupplyType.Transfer, D(agreed), null, null, null, null, price);

    private static SuppliedLandFacts Halted(double developed, double invested, string halted = "2023-06-01") =>
        new(SupplyType.Allocation, D("2022-01-01"), D("2022-03-01"), developed, invested, D(halted), 500m);

    // Art. 2 ¶1: "满一年" is reached on the anniversary of the agreed start, not the day before (see IdleLandEngine).
    [Theory]
    [InlineData("2024-03-01", "2025-02-28", IdleStatus.None)]       // the day before the anniversary: not yet
    [InlineData("2024-03-01", "2025-03-01", IdleStatus.Suspected)]  // exactly one year
    [InlineData("2024-03-01", "2025-03-02", IdleStatus.Suspected)]  // one year and a day
    [InlineData("2024-02-29", "2025-02-27", IdleStatus.None)]       // leap day: no 2025-02-29, the month's last day ends the year
    [InlineData("2024-02-29", "2025-02-28", IdleStatus.Suspected)]
    [InlineData("2023-03-01", "2024-02-29", IdleStatus.None)]       // a year spanning a leap day is still counted by the calendar
    [InlineData("2023-03-01", "2024-03-01", IdleStatus.Suspected)]
    public void Not_started_is_suspected_from_one_full_year_after_the_agreed_start(string agreed, string today, string status)
    {
        var a = IdleLandEngine.Assess(NotStarted(agreed), null, D(today), National);
        Assert.Equal(status, a.Status);
        if (status == IdleStatus.Suspected)
        {
            var g = Assert.Single(a.Grounds);
            Assert.Equal((IdleLandRuleSet.NoStart, true, D(agreed)), (g.Rule.RuleId, g.Rule.Confirmed, g.IdleSince));
        }
    }

    [Fact]
    public void A_start_before_the_year_is_up_stops_the_no_start_rule()
    {
        var f = NotStarted("2024-03-01") with { ActualStartOn = D("2024-12-01"), DevelopedShare = 0.5, InvestedShare = 0.5 };
        Assert.Equal(IdleStatus.None, IdleLandEngine.Assess(f, null, D("2026-01-01"), National).Status);
    }

    // Art. 2 ¶2: under 1/3 developed OR under 25 % invested, and halted one full year. Exactly at a threshold is not under.
    [Theory]
    [InlineData(0.5, 0.5, "2024-06-01", IdleStatus.None)]
    [InlineData(0.33, 0.5, "2024-06-01", IdleStatus.Suspected)]
    [InlineData(1.0 / 3.0, 0.5, "2024-06-01", IdleStatus.None)]      // exactly 1/3 developed
    [InlineData(0.5, 0.2499, "2024-06-01", IdleStatus.Suspected)]
    [InlineData(0.5, 0.25, "2024-06-01", IdleStatus.None)]           // exactly 25 % invested
    [InlineData(0.1, 0.1, "2024-05-31", IdleStatus.None)]            // halted a year less a day
    [InlineData(0.1, 0.1, "2024-06-01", IdleStatus.Suspected)]       // halted exactly one year
    [InlineData(0.1, 0.1, "2024-06-02", IdleStatus.Suspected)]
    public void Started_but_halted_is_suspected_under_a_third_developed_or_a_quarter_invested(double developed, double invested, string today, string status)
    {
        var a = IdleLandEngine.Assess(Halted(developed, invested), null, D(today), National);
        Assert.Equal(status, a.Status);
        if (status == IdleStatus.Suspected)
            Assert.Equal((IdleLandRuleSet.Halted, D("2023-06-01")), (Assert.Single(a.Grounds).Rule.RuleId, a.Grounds[0].IdleSince));
    }

    // Art. 14: enterprise at fault — fee of 20 % of the land price after one full year, recovery after two.
    [Theory]
    [InlineData("1000", "200.0")]
    [InlineData("1234.56", "246.912")]
    [InlineData("0.05", "0.010")]
    public void An_enterprise_finding_charges_a_fifth_of_the_land_price(string price, string fee)
    {
        var a = IdleLandEngine.Assess(NotStarted("2023-01-10", decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)),
            new IdleFinding(D("2024-02-01"), IdleCause.Enterprise, null), D("2024-02-01"), National);
        Assert.Equal(IdleStatus.Found, a.Status);
        var c = a.Consequences.Single(c => c.Kind == "fee");
        Assert.Equal((IdleLandRuleSet.Fee, decimal.Parse(fee, System.Globalization.CultureInfo.InvariantCulture), D("2024-01-10"), true),
            (c.Rule.RuleId, c.AmountWan, c.DueOn, c.Reached));
    }

    [Theory]
    [InlineData("2025-01-09", false)] // two years less a day
    [InlineData("2025-01-10", true)]  // exactly two full years
    [InlineData("2025-01-11", true)]
    public void Recovery_without_compensation_is_due_two_full_years_after_the_agreed_start(string today, bool due)
    {
        var a = IdleLandEngine.Assess(NotStarted("2023-01-10"), new IdleFinding(D("2024-02-01"), IdleCause.Enterprise, null), D(today), National);
        var r = a.Consequences.Single(c => c.Kind == "recovery");
        Assert.Equal((IdleLandRuleSet.Recovery, D("2025-01-10"), due), (r.Rule.RuleId, r.DueOn, r.Reached));
    }

    [Fact]
    public void Recovery_after_a_halt_counts_from_the_halt()
    {
        var a = IdleLandEngine.Assess(Halted(0.1, 0.1), new IdleFinding(D("2024-07-01"), IdleCause.Enterprise, null), D("2024-07-01"), National);
        Assert.Equal(D("2025-06-01"), a.Consequences.Single(c => c.Kind == "recovery").DueOn);
    }

    // Art. 8 (V2): a government cause exempts the fee and the recovery; art. 12 (V2) lists the disposal methods with limits.
    [Fact]
    public void A_government_cause_exempts_the_fee_and_lists_the_disposal_methods_to_be_confirmed()
    {
        var a = IdleLandEngine.Assess(NotStarted("2022-01-10"), new IdleFinding(D("2024-02-01"), IdleCause.Government, "planning-changed"), D("2024-02-01"), National);
        Assert.Equal(IdleStatus.Found, a.Status);
        Assert.DoesNotContain(a.Consequences, c => c.Kind is "fee" or "recovery");
        Assert.Equal((IdleLandRuleSet.GovernmentCause, false), (a.Exemption!.RuleId, a.Exemption.Confirmed));
        Assert.All(a.Consequences, c => Assert.Equal(("disposal", false), (c.Kind, c.Rule.Confirmed)));
        var extend = a.Consequences.Single(c => c.Rule.RuleId == "dispose-extend");
        Assert.Equal((1, D("2025-02-01")), (extend.LimitYears, extend.DueOn));
        Assert.Equal(2, a.Consequences.Single(c => c.Rule.RuleId == "dispose-temporary-use").LimitYears);
        Assert.Equal(6, a.Consequences.Count);
    }

    [Theory]
    [InlineData("2024-11-30", 90, null)]   // 91 days before the anniversary 2025-03-01: not yet on the list
    [InlineData("2024-11-30", 91, 91)]
    [InlineData("2024-12-01", 90, 90)]     // exactly 90 days left: on the list
    [InlineData("2024-12-02", 90, 89)]
    [InlineData("2025-02-28", 90, 1)]      // the last day before one full year
    [InlineData("2025-03-01", 90, null)]   // one full year: suspected, no longer a warning
    public void A_parcel_nearing_one_year_without_a_start_is_warned_with_its_days_left(string today, int days, int? left)
    {
        var a = IdleLandEngine.Assess(NotStarted("2024-03-01"), null, D(today), National, days);
        Assert.Equal(left, a.Warning?.DaysLeft);
        if (left is not null) Assert.Equal((IdleLandRuleSet.NoStart, D("2025-03-01")), (a.Warning!.Rule.RuleId, a.Warning.IdleOn));
    }

    // Hainan (Order No. 247, V2): two full years past the agreed start with under 25 % invested, halted or not.
    [Theory]
    [InlineData("2024-02-29", 0.2, false)] // two years less a day
    [InlineData("2024-03-01", 0.2, true)]
    [InlineData("2024-03-01", 0.25, false)] // exactly 25 %
    public void Hainan_adds_two_years_with_under_a_quarter_invested(string today, double invested, bool idle)
    {
        var f = new SuppliedLandFacts(SupplyType.Transfer, D("2022-03-01"), D("2022-06-01"), 0.9, invested, null, 800m);
        var a = IdleLandEngine.Assess(f, null, D(today), Hainan);
        Assert.Equal(idle ? IdleStatus.Suspected : IdleStatus.None, a.Status);
        if (idle) Assert.Equal(("hainan-low-investment", false), (Assert.Single(a.Grounds).Rule.RuleId, a.Grounds[0].Rule.Confirmed));
        Assert.Equal(IdleStatus.None, IdleLandEngine.Assess(f, null, D(today), National).Status);
    }

    [Fact]
    public void Missing_facts_are_named_and_assess_to_none()
    {
        var a = IdleLandEngine.Assess(new SuppliedLandFacts(null, null, null, null, null, null, null), null, D("2025-01-01"), National);
        Assert.Equal(IdleStatus.None, a.Status);
        Assert.Equal(["supplyType", "agreedStartOn", "landPriceWan"], a.MissingFacts);
    }
}
