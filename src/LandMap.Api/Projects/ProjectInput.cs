using LandMap.Api.Problems;
using LandMap.Core.Projects;

namespace LandMap.Api.Projects;

/// <summary>A project as posted: everything optional so that each missing or wrong field gets its own named error.</summary>
public sealed record ProjectInput
{
    public string? Name { get; init; }
    public string? Investor { get; init; }
    public string? IndustryChain { get; init; }
    public string? IndustryCategory { get; init; }
    public string? PollutionClass { get; init; }
    public double? InvestmentWan { get; init; }
    public double? LandNeedMu { get; init; }
    public double? FloorNeedM2 { get; init; }
    public double? AnnualOutputWan { get; init; }
    public double? AnnualTaxWan { get; init; }
    public int? Jobs { get; init; }
    public double? PowerKva { get; init; }
    public double? MinFloorHeightM { get; init; }
    public double? MinFloorLoadKnM2 { get; init; }
    public double? MinCraneT { get; init; }
    public double? MaxLandPriceWanPerMu { get; init; }
    public double? MaxRentYuanM2Month { get; init; }
    public string[]? PreferredZones { get; init; }
    public string? Stage { get; init; }

    /// <summary>Every rule of a project's fields; numbers within <see cref="ProjectLimits"/>, texts and lists bounded.</summary>
    public (Project? Project, List<FieldError> Errors) Validate()
    {
        var errors = new List<FieldError>();
        void Need(bool ok, string field, string reason) { if (!ok) errors.Add(new(field, Problems.Problems.InvalidField, reason)); }
        void InRange(double? v, FieldRange range) { if (v is { } x) Need(range.Contains(x), range.Field, range.Describe()); }

        Need(!string.IsNullOrWhiteSpace(Name), "name", "required");
        Need((Name?.Length ?? 0) <= ProjectLimits.MaxNameLength, "name", $"at most {ProjectLimits.MaxNameLength} characters");
        foreach (var (text, field) in new[] { (Investor, "investor"), (IndustryChain, "industryChain"), (IndustryCategory, "industryCategory") })
            Need((text?.Length ?? 0) <= ProjectLimits.MaxTextLength, field, $"at most {ProjectLimits.MaxTextLength} characters");
        var pollution = PollutionClasses.Normalize(PollutionClass);
        Need(pollution is not null, "pollutionClass", $"required, one of {string.Join(", ", PollutionClasses.All)} (or 一类/二类/三类/物流)");
        Need(InvestmentWan is not null, "investmentWan", "required, " + ProjectLimits.InvestmentWan.Describe());
        Need(LandNeedMu is not null || FloorNeedM2 is not null, "landNeedMu", "give landNeedMu (亩) or floorNeedM2 (m²)");
        InRange(InvestmentWan, ProjectLimits.InvestmentWan);
        InRange(LandNeedMu, ProjectLimits.LandNeedMu);
        InRange(FloorNeedM2, ProjectLimits.FloorNeedM2);
        InRange(AnnualOutputWan, ProjectLimits.AnnualOutputWan);
        InRange(AnnualTaxWan, ProjectLimits.AnnualTaxWan);
        InRange(Jobs, ProjectLimits.Jobs);
        InRange(PowerKva, ProjectLimits.PowerKva);
        InRange(MinFloorHeightM, ProjectLimits.MinFloorHeightM);
        InRange(MinFloorLoadKnM2, ProjectLimits.MinFloorLoadKnM2);
        InRange(MinCraneT, ProjectLimits.MinCraneT);
        InRange(MaxLandPriceWanPerMu, ProjectLimits.MaxLandPriceWanPerMu);
        InRange(MaxRentYuanM2Month, ProjectLimits.MaxRentYuanM2Month);
        if (PreferredZones is { } zones)
        {
            Need(zones.Length <= ProjectLimits.MaxPreferredZones, "preferredZones", $"at most {ProjectLimits.MaxPreferredZones} zone codes");
            Need(zones.All(z => z is not null), "preferredZones", "zone codes, no nulls");
            Need(zones.All(z => (z?.Length ?? 0) <= 64), "preferredZones", "zone codes of at most 64 characters");
        }
        var stage = Stage ?? ProjectStages.Negotiating;
        Need(ProjectStages.All.Contains(stage), "stage", $"one of {string.Join(", ", ProjectStages.All)}");
        if (errors.Count > 0) return (null, errors);

        return (new Project
        {
            Name = Name!.Trim(), Investor = Investor, IndustryChain = Blank(IndustryChain), IndustryCategory = IndustryCategory,
            PollutionClass = pollution!, InvestmentWan = InvestmentWan!.Value, LandNeedMu = LandNeedMu, FloorNeedM2 = FloorNeedM2,
            AnnualOutputWan = AnnualOutputWan, AnnualTaxWan = AnnualTaxWan, Jobs = Jobs, PowerKva = PowerKva,
            MinFloorHeightM = MinFloorHeightM, MinFloorLoadKnM2 = MinFloorLoadKnM2, MinCraneT = MinCraneT,
            MaxLandPriceWanPerMu = MaxLandPriceWanPerMu, MaxRentYuanM2Month = MaxRentYuanM2Month,
            PreferredZones = PreferredZones?.Where(z => !string.IsNullOrWhiteSpace(z)).Distinct().ToArray() ?? [], Stage = stage,
        }, errors);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
