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

    public (Project? Project, List<FieldError> Errors) Validate()
    {
        var errors = new List<FieldError>();
        void Need(bool ok, string field, string reason) { if (!ok) errors.Add(new(field, Problems.Problems.InvalidField, reason)); }

        Need(!string.IsNullOrWhiteSpace(Name), "name", "required");
        Need((Name?.Length ?? 0) <= 200, "name", "at most 200 characters");
        var pollution = PollutionClasses.Normalize(PollutionClass);
        Need(pollution is not null, "pollutionClass", $"required, one of {string.Join(", ", PollutionClasses.All)} (or 一类/二类/三类/物流)");
        Need(InvestmentWan is > 0, "investmentWan", "required, a positive number of 万元");
        Need(LandNeedMu is not null || FloorNeedM2 is not null, "landNeedMu", "give landNeedMu (亩) or floorNeedM2 (m²)");
        Positive(LandNeedMu, "landNeedMu");
        Positive(FloorNeedM2, "floorNeedM2");
        foreach (var (v, f) in new[] { (AnnualOutputWan, "annualOutputWan"), (AnnualTaxWan, "annualTaxWan"), (PowerKva, "powerKva"),
                     (MinFloorHeightM, "minFloorHeightM"), (MinFloorLoadKnM2, "minFloorLoadKnM2"), (MinCraneT, "minCraneT"),
                     (MaxLandPriceWanPerMu, "maxLandPriceWanPerMu"), (MaxRentYuanM2Month, "maxRentYuanM2Month") })
            Need(v is null || (double.IsFinite(v.Value) && v >= 0), f, "must be a number ≥ 0");
        Need(Jobs is null or >= 0, "jobs", "must be ≥ 0");
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

        void Positive(double? v, string field) => Need(v is null || (double.IsFinite(v.Value) && v > 0), field, "must be a number > 0");
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
