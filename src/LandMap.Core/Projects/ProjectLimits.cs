namespace LandMap.Core.Projects;

/// <summary>A documented, finite range for one numeric field (inclusive). The database backs each with a CHECK constraint.</summary>
public sealed record FieldRange(string Field, double Min, double Max, string Unit)
{
    public bool Contains(double value) => double.IsFinite(value) && value >= Min && value <= Max;

    public string Describe() => $"must be a finite number from {Min:G} to {Max:G} {Unit}".TrimEnd();
}

/// <summary>
/// The ranges of a project's numeric fields. Generous enough for any real project in a Chinese development zone (the
/// largest single industrial investments are a few hundred 亿元 = a few million 万元), tight enough that a typo such as
/// 1e309 (stored as Infinity) or 5e-324 m² cannot get in. Migration 004 holds the same numbers as CHECK constraints.
/// </summary>
public static class ProjectLimits
{
    public static readonly FieldRange InvestmentWan = new("investmentWan", 1, 100_000_000, "万元");
    public static readonly FieldRange LandNeedMu = new("landNeedMu", 0.1, 100_000, "亩");
    public static readonly FieldRange FloorNeedM2 = new("floorNeedM2", 10, 10_000_000, "m²");
    public static readonly FieldRange AnnualOutputWan = new("annualOutputWan", 0, 1_000_000_000, "万元");
    public static readonly FieldRange AnnualTaxWan = new("annualTaxWan", 0, 100_000_000, "万元");
    public static readonly FieldRange Jobs = new("jobs", 0, 1_000_000, "");
    public static readonly FieldRange PowerKva = new("powerKva", 0, 10_000_000, "kVA");
    public static readonly FieldRange MinFloorHeightM = new("minFloorHeightM", 0, 100, "m");
    public static readonly FieldRange MinFloorLoadKnM2 = new("minFloorLoadKnM2", 0, 1_000, "kN/m²");
    public static readonly FieldRange MinCraneT = new("minCraneT", 0, 2_000, "t");
    public static readonly FieldRange MaxLandPriceWanPerMu = new("maxLandPriceWanPerMu", 0, 100_000, "万元/亩");
    public static readonly FieldRange MaxRentYuanM2Month = new("maxRentYuanM2Month", 0, 10_000, "元/m²/月");

    public static IReadOnlyList<FieldRange> All { get; } =
    [
        InvestmentWan, LandNeedMu, FloorNeedM2, AnnualOutputWan, AnnualTaxWan, Jobs, PowerKva, MinFloorHeightM, MinFloorLoadKnM2,
        MinCraneT, MaxLandPriceWanPerMu, MaxRentYuanM2Month,
    ];

    public const int MaxNameLength = 200;
    public const int MaxTextLength = 500;
    public const int MaxPreferredZones = 50;
}
