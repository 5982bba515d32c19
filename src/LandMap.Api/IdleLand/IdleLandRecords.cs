using LandMap.Core.Revitalisation;

namespace LandMap.Api.IdleLand;

/// <summary>IdleLand:RuleSet picks the rules in force (national, or a provincial variant such as hainan, from
/// data/idle_land_rules.csv); IdleLand:WarningDays is the default look-ahead of the warning list.</summary>
public sealed class IdleLandOptions
{
    public const string Section = "IdleLand";
    public string RuleSet { get; set; } = IdleLandRuleSet.National;
    public int WarningDays { get; set; } = IdleLandEngine.DefaultWarningDays;

    public const int MaxWarningDays = 3650;

    /// <summary>The section bound and checked, and its rules loaded: a wrong section or a broken table stops the start.</summary>
    public static (IdleLandOptions Options, IdleLandRuleSet Rules) Load(IConfiguration config)
    {
        var options = config.GetSection(Section).Get<IdleLandOptions>() ?? new();
        if (!IdleLandRuleSet.Names.Contains(options.RuleSet))
            throw new InvalidOperationException($"IdleLand:RuleSet '{options.RuleSet}' is not one of {string.Join(", ", IdleLandRuleSet.Names)}");
        if (options.WarningDays is < 1 or > MaxWarningDays)
            throw new InvalidOperationException($"IdleLand:WarningDays must be 1–{MaxWarningDays}");
        return (options, IdleLandRuleSet.Load(options.RuleSet));
    }
}

public sealed record ParcelFacts(
    string Code, string ZoneCode, string Status, int Version, string? SupplyType, DateOnly? AgreedStartOn, DateOnly? ActualStartOn,
    double? DevelopedShare, double? InvestedShare, DateOnly? HaltedOn, double? LandPriceWan)
{
    public SuppliedLandFacts ToCore() =>
        new(SupplyType, AgreedStartOn, ActualStartOn, DevelopedShare, InvestedShare, HaltedOn, (decimal?)LandPriceWan);
}

public sealed record FindingRecord(
    long Id, DateOnly FoundOn, string Cause, string? GovernmentCauseType, string? FindingNo, string? Note, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>GET /api/idle-land/{code}: the facts, the findings (latest first) and the assessment under the rules in force.</summary>
public sealed record IdleLandDocument(
    string Code, string ZoneCode, string Status, int Version, string RuleSet, DateOnly Today, ParcelFacts Facts,
    IReadOnlyList<FindingRecord> Findings, IdleAssessment Assessment);

public sealed record IdleWarningItem(string Code, string ZoneCode, DateOnly AgreedStartOn, DateOnly IdleOn, int DaysLeft, RuleCitation Rule);

public sealed record IdleWarningList(string RuleSet, DateOnly Today, int Days, IReadOnlyList<IdleWarningItem> Items);

public sealed record FindingRequest(DateOnly? FoundOn, string? Cause, string? GovernmentCauseType, string? FindingNo, string? Note);
