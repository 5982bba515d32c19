using NetTopologySuite.Geometries;

namespace LandMap.Seeds;

public sealed record ZoneSeed(
    string Code, string? ParentCode, string NameZh, string NameEn, string Level, string City,
    MultiPolygon Geom, double AreaMu);

public sealed record ParcelSeed(
    string Code, string ZoneCode, string? ParkCode, string Address, MultiPolygon Geom,
    double AreaMu, int GkCentralMeridian, double? LedgerAreaMu,
    string LandUse, string LandUseOriginal,
    double PlotRatioMin, double PlotRatioMax, double BuildingCoverageMin, double GreenRatioMax, double HeightLimitM,
    double MinInvestmentWanPerMu, double MinTaxWanPerMu, string[] IndustryChains,
    double PowerKva, bool Water, bool Gas, bool Heat, string Readiness, double PriceWanPerMu,
    string Ownership, DateOnly IdleSince, string IdleReason, string Status, string Contact);

public sealed record FactorySeed(
    string Code, string ZoneCode, string? ParkCode, string Name, string Address, MultiPolygon Geom,
    double FootprintM2, double TotalFloorM2, double VacantFloorM2, int Floors, double FloorHeightM,
    double FloorLoadKnM2, double CraneT, double PowerKva, double? RentYuanM2Month, double? SalePriceYuanM2,
    string Status, string Contact);

public sealed record HistorySeed(
    string ResourceKind, string ResourceCode, string ZoneCode, string? FromStatus, string ToStatus,
    DateTimeOffset ChangedAt, string ChangedBy, string? Note);

public sealed record SeedSet(
    IReadOnlyList<ZoneSeed> Zones, IReadOnlyList<ParcelSeed> Parcels,
    IReadOnlyList<FactorySeed> Factories, IReadOnlyList<HistorySeed> History);
