namespace LandMap.Core.Revitalisation;

/// <summary>How the land was supplied: 出让 (paid transfer, by contract) or 划拨 (allocation, by decision).</summary>
public static class SupplyType
{
    public const string Transfer = "出让";
    public const string Allocation = "划拨";
    public static readonly IReadOnlyList<string> All = [Transfer, Allocation];
}

/// <summary>Who caused the delay, as recorded in a finding (闲置土地认定书).</summary>
public static class IdleCause
{
    public const string Enterprise = "enterprise";
    public const string Government = "government";
    public static readonly IReadOnlyList<string> All = [Enterprise, Government];

    /// <summary>Government cause types named in art. 8 (V2), plus "other".</summary>
    public static readonly IReadOnlyList<string> GovernmentTypes =
        ["land-not-delivered", "planning-changed", "demolition-unfinished", "military-or-heritage", "other"];
}

public static class IdleStatus
{
    public const string None = "none";
    public const string Suspected = "suspected"; // 疑似闲置
    public const string Found = "found";         // 认定闲置
}

/// <summary>The facts of a supplied parcel. Shares are fractions 0–1; the land price is in 万元.</summary>
public sealed record SuppliedLandFacts(
    string? SupplyType, DateOnly? AgreedStartOn, DateOnly? ActualStartOn, double? DevelopedShare, double? InvestedShare,
    DateOnly? HaltedOn, decimal? LandPriceWan);

/// <summary>A recorded finding: found idle on a day, caused by the enterprise or the government (with its type).</summary>
public sealed record IdleFinding(DateOnly FoundOn, string Cause, string? GovernmentCauseType);

/// <summary>The rule a result rests on; <see cref="Confirmed"/> false = "to be confirmed" (V2).</summary>
public sealed record RuleCitation(string RuleId, string Article, string Status, bool Confirmed, string Source, string ArticleEn)
{
    /// <summary>The rule's article, in Chinese and in English (the English page; the Chinese when the table has no English).</summary>
    public static RuleCitation Of(IdleLandRule r) => new(r.Id, r.Article, r.Status, r.Confirmed, r.Source, r.ArticleEn ?? r.Article);
}

/// <summary>Why a parcel counts as idle: the rule, the day its idle clock started and the day the rule was met.</summary>
public sealed record IdleGround(RuleCitation Rule, DateOnly IdleSince, DateOnly MetOn);

/// <summary>
/// A consequence of a finding. Kind fee: <see cref="AmountWan"/> due from <see cref="DueOn"/>. Kind recovery: taking
/// the land back without compensation is due on <see cref="DueOn"/> (<see cref="Reached"/> once today is that day).
/// Kind disposal: a method allowed when the government is at fault, with its time limit in years if the rule sets one.
/// </summary>
public sealed record Consequence(string Kind, RuleCitation Rule, DateOnly? DueOn, bool Reached, decimal? AmountWan, int? LimitYears, string Content);

/// <summary>A parcel nearing one full year past its agreed start without a start.</summary>
public sealed record IdleWarning(RuleCitation Rule, DateOnly IdleOn, int DaysLeft);

public sealed record IdleAssessment(
    string Status, IReadOnlyList<IdleGround> Grounds, IReadOnlyList<Consequence> Consequences, IdleWarning? Warning,
    RuleCitation? Exemption, IReadOnlyList<string> MissingFacts);
