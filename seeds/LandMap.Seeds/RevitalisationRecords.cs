namespace LandMap.Seeds;

/// <summary>The facts of supplied land on a parcel (issue 13 §1): shares 0–1, the land price in 万元.</summary>
public sealed record SuppliedLandSeed(
    string SupplyType, DateOnly AgreedStartOn, DateOnly? ActualStartOn, double? DevelopedShare, double? InvestedShare,
    DateOnly? HaltedOn, double LandPriceWan);

/// <summary>A finding (闲置土地认定书) on a parcel: enterprise, or government with its type.</summary>
public sealed record FindingSeed(string ParcelCode, DateOnly FoundOn, string Cause, string? GovernmentCauseType, string FindingNo, string Note);

public sealed record MilestoneSeed(string Title, DateOnly DueOn, DateOnly? DoneOn);

/// <summary>A progress entry; <see cref="MeetingKey"/>: reported to that meeting (<see cref="MeetingSeed.Key"/>).</summary>
public sealed record ProgressSeed(DateOnly On, string Text, string? MeetingKey = null);

/// <summary>The outcome that closed a plan as done (section 4's figures are sums of these).</summary>
public sealed record OutcomeSeed(string Kind, double InvestmentAddedWan, double ExpectedOutputWan, DateOnly RevitalisedOn, string Project);

/// <summary>
/// A plan (一地一策) for a parcel or factory. <see cref="AmountRevitalised"/>: what it revitalised, the parcel's area (亩) or
/// the factory's vacant floor when it was taken (m²), for the demo's own checks.
/// </summary>
public sealed record PlanSeed(
    string ResourceKind, string ResourceCode, string ZoneCode, string DisposalMethod, string ResponsibleUnit, string Officer,
    string Notes, DateOnly CreatedOn, IReadOnlyList<MilestoneSeed> Milestones, IReadOnlyList<ProgressSeed> Progress,
    OutcomeSeed? Outcome = null, double? AmountRevitalised = null)
{
    public string Status => Outcome is null ? "open" : "done";
}

/// <summary>A decision of a meeting on the plan of a resource.</summary>
public sealed record DecisionSeed(string ResourceKind, string ResourceCode, string Decision);

/// <summary>A past dispatch meeting (政企闲置资源调度会) of a zone, with its decisions.</summary>
public sealed record MeetingSeed(string Key, DateOnly HeldOn, string Title, string ZoneCode, IReadOnlyList<DecisionSeed> Decisions);

/// <summary>The demo's idle-land findings, plans and meetings (issue 13 §1–3).</summary>
public sealed record RevitalisationSeed(IReadOnlyList<FindingSeed> Findings, IReadOnlyList<PlanSeed> Plans, IReadOnlyList<MeetingSeed> Meetings);
