namespace LandMap.Core.Projects;

/// <summary>An incoming project (项目信息库). Money in 万元, land in 亩, floor space in m², power in kVA.</summary>
public sealed record Project
{
    public long? Id { get; init; }
    public required string Name { get; init; }
    public string? Investor { get; init; }
    public string? IndustryChain { get; init; }
    public string? IndustryCategory { get; init; }

    /// <summary>"1", "2", "3" (一类/二类/三类 industrial) or "logistics" (物流仓储).</summary>
    public required string PollutionClass { get; init; }

    public required double InvestmentWan { get; init; }
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
    public IReadOnlyList<string> PreferredZones { get; init; } = [];

    /// <summary>negotiating 洽谈 → signed 签约 → started 开工 → producing 投产; or withdrawn 撤回 at any point.</summary>
    public string Stage { get; init; } = ProjectStages.Negotiating;
}

public static class ProjectStages
{
    public const string Negotiating = "negotiating";
    public const string Signed = "signed";
    public const string Started = "started";
    public const string Producing = "producing";

    /// <summary>Closed without settling (撤回/终止): never allocated; its reservations are released when it is withdrawn.</summary>
    public const string Withdrawn = "withdrawn";

    public static IReadOnlyList<string> All { get; } = [Negotiating, Signed, Started, Producing, Withdrawn];

    /// <summary>Stages in which a project still looks for land or space (batch allocation takes these).</summary>
    public static IReadOnlyList<string> Open { get; } = [Negotiating, Signed];
}

/// <summary>
/// Which land-use classes a project's pollution class may use: 一类 on 100101/100102/100103, 二类 on 100102/100103,
/// 三类 on 100103 only, logistics on 1101* (2023 guide classes; a cleaner project may sit on a dirtier class, not the reverse).
/// </summary>
public static class PollutionClasses
{
    public const string Logistics = "logistics";
    public static IReadOnlyList<string> All { get; } = ["1", "2", "3", Logistics];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["1"] = "1", ["一类"] = "1", ["class1"] = "1",
        ["2"] = "2", ["二类"] = "2", ["class2"] = "2",
        ["3"] = "3", ["三类"] = "3", ["class3"] = "3",
        ["logistics"] = Logistics, ["物流"] = Logistics, ["物流仓储"] = Logistics,
    };

    public static string? Normalize(string? value) => value is null ? null : Aliases.GetValueOrDefault(value.Trim());

    public static bool Allows(string pollutionClass, string canonicalLandUse) => pollutionClass switch
    {
        "1" => canonicalLandUse is "100101" or "100102" or "100103",
        "2" => canonicalLandUse is "100102" or "100103",
        "3" => canonicalLandUse is "100103",
        Logistics => canonicalLandUse.StartsWith("1101", StringComparison.Ordinal),
        _ => false,
    };

    public static string AllowedDescription(string pollutionClass) => pollutionClass switch
    {
        "1" => "100101/100102/100103",
        "2" => "100102/100103",
        "3" => "100103",
        _ => "1101*",
    };
}
