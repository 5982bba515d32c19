using LandMap.Core.Resources;
namespace LandMap.Core.Matching;

/// <summary>What matching needs to know of a parcel; <see cref="ChainNeighbours"/> is computed by the caller (PostGIS).</summary>
public sealed record ParcelCandidate
{
    public required string Code { get; init; }
    public required string ZoneCode { get; init; }
    public string ZoneLevel { get; init; } = "provincial";
    public string City { get; init; } = "";
    public required double AreaMu { get; init; }
    public required string LandUse { get; init; }
    public string Status { get; init; } = ResourceStatus.Idle;
    public double? MinInvestmentWanPerMu { get; init; }
    public double? MinTaxWanPerMu { get; init; }
    public double? PowerKva { get; init; }
    public bool Water { get; init; }
    public bool Gas { get; init; }
    public bool Heat { get; init; }
    public string? Readiness { get; init; }
    public double? PriceWanPerMu { get; init; }
    public DateOnly? IdleSince { get; init; }

    /// <summary>Distance-decayed count of same-chain occupants and projects nearby: Σ exp(−d / 1 km) within 3 km.</summary>
    public double ChainNeighbours { get; init; }
}

public sealed record FactoryCandidate
{
    public required string Code { get; init; }
    public required string ZoneCode { get; init; }
    public required double VacantFloorM2 { get; init; }
    public string Status { get; init; } = ResourceStatus.Idle;
    public double? FloorHeightM { get; init; }
    public double? FloorLoadKnM2 { get; init; }
    public double? CraneT { get; init; }
    public double? PowerKva { get; init; }
    public double? RentYuanM2Month { get; init; }
    public DateOnly? IdleSince { get; init; }
    public double ChainNeighbours { get; init; }
}
