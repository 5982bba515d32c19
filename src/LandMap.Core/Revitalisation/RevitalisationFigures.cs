using LandMap.Core.History;

namespace LandMap.Core.Revitalisation;

/// <summary>Plan outcome kinds (migration 009): the firm expanded (改扩建) or a new project landed (新项目落地).</summary>
public static class OutcomeKind
{
    public const string Expanded = "expanded";
    public const string NewProject = "new_project";
}

/// <summary>Where a revitalised plan's amount was read from.</summary>
public static class AmountBasis
{
    /// <summary>The amount before the status change that took the resource out of idle (the last status change up to the day).</summary>
    public const string ExitChange = "exit-change";

    /// <summary>The amount as it stood at the start of the revitalisation day (the first later change's amount before).</summary>
    public const string AsOf = "as-of";

    /// <summary>Nothing changed since: the amount stored now.</summary>
    public const string Current = "current";
}

/// <summary>One row of the changes history of a resource: when, the status and amount before and after (migration 006).</summary>
public sealed record ResourceChange(long Id, DateTimeOffset ChangedAt, string? StatusBefore, string? StatusAfter, double? AmountBefore);

/// <summary>
/// A done plan (一地一策) as the figures need it: its resource (parcel: amount in mu; factory: vacant floor in m²), the
/// amount stored now (null when the resource is gone), the resource's changes and the outcome.
/// </summary>
public sealed record DonePlan(
    long PlanId, string ResourceKind, string ResourceCode, string ZoneCode, string OutcomeKind, DateOnly RevitalisedOn,
    double InvestmentAddedWan, double ExpectedOutputWan, double? CurrentAmount, IReadOnlyList<ResourceChange> Changes);

/// <summary>A plan's part in the figures: the amount counted and where it came from (the change's id when from the history).</summary>
public sealed record PlanContribution(
    long PlanId, string ResourceKind, string ResourceCode, string ZoneCode, string OutcomeKind, DateOnly RevitalisedOn,
    double Amount, string AmountUnit, string AmountBasis, long? ChangeId, double InvestmentAddedWan, double ExpectedOutputWan);

/// <summary>
/// A zone's year in the articles' terms (Laixi: 累计盘活闲置低效用地991亩、闲置厂房3.2万平方米，引导18家企业改扩建，
/// 引进13个新项目落地，增加固定资产投资10亿元): land and factory space revitalised, firms guided to expand, new projects
/// landed, investment added and expected output, each the sum over <see cref="Plans"/>.
/// </summary>
public sealed record RevitalisationTotals(
    double LandRevitalisedMu, double FactoryRevitalisedM2, int FirmsExpanded, int NewProjects, double InvestmentAddedWan,
    double ExpectedOutputWan, IReadOnlyList<PlanContribution> Plans);

public static class RevitalisationFigures
{
    private const string Parcel = "parcel";

    /// <summary>
    /// The amount a plan revitalised, from the history rather than today's record (a parcel may have been split or
    /// re-surveyed since, a factory let): the amount before the last status change up to the end of the revitalisation
    /// day when that change took it out of idle (idle/negotiating/reserved → allocated/in use); otherwise the amount at
    /// the start of that day (the amount before the first change from then on); otherwise the amount stored now.
    /// </summary>
    public static (double Amount, string Basis, long? ChangeId) AmountOf(DonePlan plan)
    {
        var dayStart = ChinaDay.Start(plan.RevitalisedOn);
        var dayEnd = ChinaDay.End(plan.RevitalisedOn);
        var ordered = plan.Changes.OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToList();
        var lastStatus = ordered.LastOrDefault(c => c.ChangedAt < dayEnd && c.StatusBefore is not null && c.StatusBefore != c.StatusAfter);
        if (lastStatus is { AmountBefore: { } exitAmount }
            && Absorption.RevitalisedFrom.Contains(lastStatus.StatusBefore!) && Absorption.RevitalisedTo.Contains(lastStatus.StatusAfter ?? ""))
            return (exitAmount, AmountBasis.ExitChange, lastStatus.Id);
        if (ordered.FirstOrDefault(c => c.ChangedAt >= dayStart && c.AmountBefore is not null) is { } later)
            return (later.AmountBefore!.Value, AmountBasis.AsOf, later.Id);
        return (plan.CurrentAmount ?? 0, AmountBasis.Current, null);
    }

    /// <summary>The totals over <paramref name="plans"/> (the caller chooses the zone and year), plans in day then id order.</summary>
    public static RevitalisationTotals Sum(IEnumerable<DonePlan> plans)
    {
        var parts = plans.OrderBy(p => p.RevitalisedOn).ThenBy(p => p.PlanId).Select(p =>
        {
            var (amount, basis, change) = AmountOf(p);
            return new PlanContribution(p.PlanId, p.ResourceKind, p.ResourceCode, p.ZoneCode, p.OutcomeKind, p.RevitalisedOn, amount,
                p.ResourceKind == Parcel ? "mu" : "m2", basis, change, p.InvestmentAddedWan, p.ExpectedOutputWan);
        }).ToList();
        return new(
            parts.Where(p => p.ResourceKind == Parcel).Sum(p => p.Amount),
            parts.Where(p => p.ResourceKind != Parcel).Sum(p => p.Amount),
            parts.Count(p => p.OutcomeKind == OutcomeKind.Expanded),
            parts.Count(p => p.OutcomeKind == OutcomeKind.NewProject),
            parts.Sum(p => p.InvestmentAddedWan),
            parts.Sum(p => p.ExpectedOutputWan),
            parts);
    }
}
