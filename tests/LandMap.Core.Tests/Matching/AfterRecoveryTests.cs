using LandMap.Core.Matching;
using LandMap.Core.Projects;
using LandMap.Core.Revitalisation;

namespace LandMap.Core.Tests.Matching;

/// <summary>Issue 13 §5: land found idle through the enterprise's fault, dated by its recovery (art. 14, two full years idle).</summary>
public sealed class AfterRecoveryTests
{
    private static readonly DateOnly Today = new(2026, 10, 31);
    private static readonly IdleLandRuleSet Rules = IdleLandRuleSet.Load();
    private static readonly Project Plant = new() { Name = "厂", PollutionClass = "2", InvestmentWan = 50_000, LandNeedMu = 40 };

    private static RecoveringParcel Parcel(string code, string agreed, string cause = IdleCause.Enterprise, double mu = 42, string status = "allocated") => new(
        new ParcelCandidate { Code = code, ZoneCode = "LXEDZ", AreaMu = mu, LandUse = "100102", Status = status },
        new SuppliedLandFacts(SupplyType.Transfer, DateOnly.Parse(agreed), null, null, null, null, 1000m),
        new IdleFinding(DateOnly.Parse(agreed).AddYears(1).AddDays(30), cause, cause == IdleCause.Government ? "planning-changed" : null));

    [Fact]
    public void Enterprise_cause_land_that_fits_is_dated_by_its_recovery_soonest_first()
    {
        var result = AfterRecovery.Match(Plant,
            [Parcel("LATER", "2025-06-01"), Parcel("DUE", "2024-03-01"), Parcel("GOV", "2023-01-01", IdleCause.Government), Parcel("SMALL", "2023-01-01", mu: 20)],
            new ScoreWeights(), new MatchOptions(), Today, Rules);
        Assert.Equal(["DUE", "LATER"], result.Select(r => r.Evaluation.Code));
        Assert.Equal((new DateOnly(2026, 3, 1), true, IdleLandRuleSet.Recovery), (result[0].AvailableFrom, result[0].RecoveryDue, result[0].Rule.RuleId));
        Assert.Equal((new DateOnly(2027, 6, 1), false), (result[1].AvailableFrom, result[1].RecoveryDue));
        Assert.All(result, r => Assert.Empty(r.Evaluation.Failures)); // judged as it will be once taken back: idle
    }
}
