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
    string Ownership, DateOnly IdleSince, string IdleReason, string Status, string Contact,
    DateTimeOffset? VerifiedAt = null, string? VerifiedBy = null, SuppliedLandSeed? Supplied = null);

public sealed record FactorySeed(
    string Code, string ZoneCode, string? ParkCode, string Name, string Address, MultiPolygon Geom,
    double FootprintM2, double TotalFloorM2, double VacantFloorM2, int Floors, double FloorHeightM,
    double FloorLoadKnM2, double CraneT, double PowerKva, double? RentYuanM2Month, double? SalePriceYuanM2,
    string Status, string Contact, DateTimeOffset? VerifiedAt = null, string? VerifiedBy = null);

/// <summary>
/// One back-dated change of a parcel, factory or project (kind project: <see cref="ResourceCode"/> is the project's name,
/// <see cref="FromStatus"/>/<see cref="ToStatus"/> its stage). No from-status: the record's creation. A factory's vacant
/// floor before and after the change (equal when it did not change; null: the factory's vacant floor as stored).
/// </summary>
public sealed record HistorySeed(
    string ResourceKind, string ResourceCode, string? ZoneCode, string? FromStatus, string ToStatus,
    DateTimeOffset ChangedAt, string ChangedBy, string? Note, double? VacantBeforeM2 = null, double? VacantAfterM2 = null);

/// <summary>A demo project, created at <see cref="CreatedAt"/>; its name is unique in the seed (history and reservations refer to it by name).</summary>
public sealed record ProjectSeed(LandMap.Core.Projects.Project Project, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>An active reservation of a demo project: the resource's status before it was reserved, and m² taken from a factory.</summary>
public sealed record ReservationSeed(
    string ProjectName, string ResourceKind, string ResourceCode, string ZoneCode, double? FloorM2, string PreviousStatus,
    DateTimeOffset CreatedAt, string CreatedBy);

public sealed record SeedSet(
    IReadOnlyList<ZoneSeed> Zones, IReadOnlyList<ParcelSeed> Parcels,
    IReadOnlyList<FactorySeed> Factories, IReadOnlyList<HistorySeed> History,
    IReadOnlyList<ProjectSeed>? Projects = null, IReadOnlyList<ReservationSeed>? Reservations = null,
    RevitalisationSeed? Revitalisation = null);
