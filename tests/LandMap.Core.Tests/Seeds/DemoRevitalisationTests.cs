using LandMap.Core.Plans;
using LandMap.Core.Resources;
using LandMap.Core.Revitalisation;
using LandMap.Seeds;
using Xunit.Abstractions;

namespace LandMap.Core.Tests.Seeds;

/// <summary>The demo's idle land and revitalisation as generated (the loaded database is checked by DemoDataTests).</summary>
public sealed class DemoRevitalisationTests(ITestOutputHelper output)
{
    private static readonly SeedSet Demo = DemoGenerator.Generate();
    private static readonly RevitalisationSeed R = Demo.Revitalisation!;
    private static readonly IdleLandRuleSet Rules = IdleLandRuleSet.Load();

    [Fact]
    public void Laixi_revitalises_in_its_demo_year_what_the_article_reports()
    {
        var done = R.Plans.Where(p => p.ZoneCode == DemoRevitalisation.Laixi && p.Outcome?.RevitalisedOn.Year == DemoRevitalisation.Year).ToList();
        var mu = done.Where(p => p.ResourceKind == "parcel").Sum(p => Demo.Parcels.Single(x => x.Code == p.ResourceCode).AreaMu);
        var m2 = done.Where(p => p.ResourceKind == "factory").Sum(p => p.AmountRevitalised!.Value);
        var investment = done.Sum(p => p.Outcome!.InvestmentAddedWan);
        var outputWan = done.Sum(p => p.Outcome!.ExpectedOutputWan);
        output.WriteLine($"Laixi {DemoRevitalisation.Year}: {mu:N1} mu, {m2:N0} m², {done.Count(p => p.Outcome!.Kind == "expanded")} expanded, "
                         + $"{done.Count(p => p.Outcome!.Kind == "new_project")} new projects, {investment:N0} 万元 invested, {outputWan:N0} 万元 expected output");
        Assert.InRange(mu, 980, 1000);       // 991 亩
        Assert.InRange(m2, 31_000, 33_000);  // 3.2万 m²
        Assert.Equal((18, 13), (done.Count(p => p.Outcome!.Kind == "expanded"), done.Count(p => p.Outcome!.Kind == "new_project")));
        Assert.Equal(100_000, investment);   // 10亿元
        Assert.InRange(outputWan, 1.3 * investment, 2.6 * investment);
        Assert.All(done, p => Assert.Equal(p.Outcome!.Kind == "expanded" ? "企业改扩建" : "招商盘活", p.DisposalMethod));
    }

    [Fact]
    public void What_a_done_plan_revitalised_is_no_longer_idle_and_its_history_says_so_on_that_day()
    {
        foreach (var p in R.Plans.Where(p => p.Outcome is not null))
        {
            var (status, vacant) = p.ResourceKind == "parcel"
                ? (Demo.Parcels.Single(x => x.Code == p.ResourceCode).Status, 0.0)
                : (Demo.Factories.Single(x => x.Code == p.ResourceCode).Status, Demo.Factories.Single(x => x.Code == p.ResourceCode).VacantFloorM2);
            Assert.Equal((ResourceStatus.Allocated, 0.0), (status, vacant));
            var last = Demo.History.Last(h => h.ResourceKind == p.ResourceKind && h.ResourceCode == p.ResourceCode);
            Assert.Equal((ResourceStatus.Allocated, p.Outcome!.RevitalisedOn), (last.ToStatus, DateOnly.FromDateTime(last.ChangedAt.DateTime)));
            if (p.ResourceKind == "factory") Assert.Equal((p.AmountRevitalised, 0.0), (last.VacantBeforeM2, last.VacantAfterM2!.Value));
            Assert.All(p.Milestones, m => Assert.True(m.DoneOn <= p.Outcome.RevitalisedOn));
        }
        Assert.DoesNotContain(Demo.Reservations!, r => R.Plans.Any(p => p.Outcome is not null && p.ResourceCode == r.ResourceCode));
    }

    [Fact]
    public void Laixi_has_parcels_nearing_a_year_without_a_start_suspected_ones_and_findings_of_both_causes()
    {
        var laixi = Demo.Parcels.Where(p => p.ZoneCode == DemoRevitalisation.Laixi && p.Supplied is not null).ToList();
        var assessed = laixi.Select(p => (p, IdleLandEngine.Assess(Facts(p), Finding(p.Code), DemoGenerator.AsOf, Rules))).ToList();
        output.WriteLine(string.Join("\n", assessed.Select(a => $"{a.p.Code} {a.p.Status} {a.Item2.Status} warn={a.Item2.Warning?.DaysLeft} "
            + string.Join(",", a.Item2.Consequences.Select(c => $"{c.Kind}:{c.DueOn}{(c.Reached ? "!" : "")}")))));
        Assert.InRange(assessed.Count(a => a.Item2.Warning is not null), 3, 5);
        Assert.InRange(assessed.Count(a => a.Item2.Status == IdleStatus.Suspected), 2, 6);
        var everywhere = Demo.Parcels.Where(p => p.Supplied is not null).Select(p => IdleLandEngine.Assess(Facts(p), Finding(p.Code), DemoGenerator.AsOf, Rules)).ToList();
        Assert.InRange(everywhere.Count(a => a.Status == IdleStatus.Suspected), 5, 15);
        Assert.InRange(everywhere.Count(a => a.Warning is not null), 6, 12);
        var found = R.Findings.Where(f => laixi.Any(p => p.Code == f.ParcelCode)).ToList();
        Assert.True(found.Count(f => f.Cause == IdleCause.Enterprise) >= 3 && found.Count(f => f.Cause == IdleCause.Government) >= 2);
        // Some found through the enterprise's fault are due for recovery (two full years), some only for the fee.
        var recovery = assessed.Where(a => a.Item2.Consequences.Any(c => c.Kind == "recovery" && c.Reached)).ToList();
        Assert.InRange(recovery.Count, 2, 4);
        Assert.Contains(assessed, a => a.Item2.Consequences.Any(c => c.Kind == "fee" && c.Reached && c.AmountWan > 0)
                                       && !a.Item2.Consequences.Any(c => c.Kind == "recovery" && c.Reached));
        Assert.All(laixi, p => Assert.Contains(p.Status, new[] { ResourceStatus.Allocated, ResourceStatus.InUse }));
    }

    [Fact]
    public void Open_plans_have_done_and_overdue_milestones_and_government_causes_take_art_12_methods()
    {
        var open = R.Plans.Where(p => p.Outcome is null).ToList();
        Assert.InRange(open.Count, 15, 40);
        Assert.Contains(open, p => p.ResourceKind == "factory" && p.ZoneCode == DemoRevitalisation.Laixi);
        Assert.InRange(open.Count(p => p.Milestones.Any(m => m.DoneOn is null && m.DueOn < DemoGenerator.AsOf)), 3, open.Count - 3);
        Assert.All(open, p => Assert.Contains(p.Milestones, m => m.DoneOn is not null));
        foreach (var f in R.Findings.Where(f => f.Cause == IdleCause.Government))
            Assert.Contains(open.Single(p => p.ResourceCode == f.ParcelCode).DisposalMethod, PlanLists.GovernmentCauseMethods);
        Assert.Equal(open.Count, open.Select(p => (p.ResourceKind, p.ResourceCode)).Distinct().Count()); // one open plan per resource

        Assert.Equal(2, R.Meetings.Count);
        Assert.All(R.Meetings, m => Assert.True(m.HeldOn < DemoGenerator.AsOf && m.Decisions.Count > 0));
        Assert.All(R.Meetings.SelectMany(m => m.Decisions), d => Assert.Contains(open, p => p.ResourceCode == d.ResourceCode));
    }

    private static SuppliedLandFacts Facts(ParcelSeed p) => new(p.Supplied!.SupplyType, p.Supplied.AgreedStartOn, p.Supplied.ActualStartOn,
        p.Supplied.DevelopedShare, p.Supplied.InvestedShare, p.Supplied.HaltedOn, (decimal)p.Supplied.LandPriceWan);

    private static IdleFinding? Finding(string code) =>
        R.Findings.FirstOrDefault(f => f.ParcelCode == code) is { } f ? new IdleFinding(f.FoundOn, f.Cause, f.GovernmentCauseType) : null;
}
