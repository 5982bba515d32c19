using LandMap.Core.Projects;
using LandMap.Core.Resources;
using LandMap.Core.Revitalisation;

namespace LandMap.Core.Matching;

/// <summary>A parcel whose latest finding puts it idle through the enterprise's fault, with the facts the rules read.</summary>
public sealed record RecoveringParcel(ParcelCandidate Parcel, SuppliedLandFacts Facts, IdleFinding Finding);

/// <summary>
/// Land that fits the project once it is taken back: its evaluation as if idle, the day it is expected to be free (the
/// recovery date of 《闲置土地处置办法》art. 14, two full years idle), whether that day has come, and the rule.
/// </summary>
public sealed record AfterRecoveryEvaluation(Evaluation Evaluation, DateOnly AvailableFrom, bool RecoveryDue, RuleCitation Rule);

/// <summary>
/// Issue 13 §5: land found idle through the enterprise's fault is not free land — the land-use right is the enterprise's
/// until it is taken back — but it will be. Matching shows it apart, "available after recovery" with the expected date,
/// never among the candidates.
/// </summary>
public static class AfterRecovery
{
    /// <summary>
    /// The parcels that pass every check as if idle and have a recovery date (an enterprise cause with a known idle clock),
    /// soonest available first, then by score and code.
    /// </summary>
    public static IReadOnlyList<AfterRecoveryEvaluation> Match(Project p, IEnumerable<RecoveringParcel> parcels, ScoreWeights w, MatchOptions o,
        DateOnly today, IdleLandRuleSet rules)
    {
        var result = new List<AfterRecoveryEvaluation>();
        foreach (var x in parcels.Where(x => x.Finding.Cause == IdleCause.Enterprise))
        {
            var recovery = IdleLandEngine.Assess(x.Facts, x.Finding, today, rules).Consequences.FirstOrDefault(c => c.Kind == "recovery" && c.DueOn is not null);
            if (recovery is null) continue;
            var (fits, _) = Matcher.MatchLand(p, [x.Parcel with { Status = ResourceStatus.Idle }], w, o, today);
            if (fits.Count == 1) result.Add(new(fits[0], recovery.DueOn!.Value, recovery.Reached, recovery.Rule));
        }
        return [.. result.OrderBy(r => r.AvailableFrom).ThenByDescending(r => r.Evaluation.Score).ThenBy(r => r.Evaluation.Code, StringComparer.Ordinal)];
    }
}
