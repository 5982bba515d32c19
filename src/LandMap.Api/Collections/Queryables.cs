using LandMap.Core.Access;
using LandMap.Core.LandUse;
using LandMap.Core.Resources;

namespace LandMap.Api.Collections;

/// <summary>The JSON Schema type of a queryable, and how CQL2 literals compare with it.</summary>
public enum QueryableType { String, Number, Integer, Boolean, Date, DateTime, Geometry }

/// <summary>
/// A property a CQL2 filter may name (OGC API – Features Part 3, queryables): its SQL column, type, unit and allowed
/// values. Filters become SQL only through this whitelist; a name not listed (or not public, for the public) is refused.
/// </summary>
internal sealed record Queryable(string Name, string Sql, QueryableType Type, string Title, string? Unit = null,
    IReadOnlyList<string>? Enum = null, bool Public = true);

internal static class Queryables
{
    /// <summary>The geometry queryable's name, as the spatial functions name it (geom is accepted too).</summary>
    public const string Geometry = "geometry";

    private static readonly IReadOnlyList<string> LandUses = [.. LandUseCodes.Canonical.Keys.Order(StringComparer.Ordinal)];

    public static readonly Queryable[] Parcel =
    [
        new(Geometry, "p.geom", QueryableType.Geometry, "outline (CGCS2000, EPSG:4490)"),
        new("code", "p.code", QueryableType.String, "parcel code 地块编号"),
        new("zone", "p.zone_code", QueryableType.String, "development zone 开发区"),
        new("park", "p.park_code", QueryableType.String, "park 园区"),
        new("address", "p.address", QueryableType.String, "address 地址"),
        new("areaMu", "p.area_mu", QueryableType.Number, "area 面积, from the outline in CGCS2000 Gauss–Krüger", "mu (亩, 666.67 m²)"),
        new("landUse", "p.land_use", QueryableType.String, "land use 用地用途 (2023 classification code)", Enum: LandUses),
        new("landUseOriginal", "p.land_use_original", QueryableType.String, "land use as in the ledger"),
        new("plotRatioMin", "p.plot_ratio_min", QueryableType.Number, "plot ratio minimum 容积率下限"),
        new("plotRatioMax", "p.plot_ratio_max", QueryableType.Number, "plot ratio maximum 容积率上限"),
        new("buildingCoverageMin", "p.building_coverage_min", QueryableType.Number, "building coverage minimum 建筑密度下限", "ratio 0–1"),
        new("greenRatioMax", "p.green_ratio_max", QueryableType.Number, "green ratio maximum 绿地率上限", "ratio 0–1"),
        new("heightLimitM", "p.height_limit_m", QueryableType.Number, "height limit 限高", "m"),
        new("minInvestmentWanPerMu", "p.min_investment_wan_per_mu", QueryableType.Number, "investment intensity minimum 投资强度下限", "万元/亩"),
        new("minTaxWanPerMu", "p.min_tax_wan_per_mu", QueryableType.Number, "tax per mu minimum 亩均税收下限", "万元/亩/年"),
        new("powerKva", "p.power_kva", QueryableType.Number, "power capacity 供电容量", "kVA"),
        new("water", "p.water", QueryableType.Boolean, "water supply 供水"),
        new("gas", "p.gas", QueryableType.Boolean, "gas supply 供气"),
        new("heat", "p.heat", QueryableType.Boolean, "heat supply 供热"),
        new("readiness", "p.readiness", QueryableType.String, "site readiness 场地平整"),
        new("priceWanPerMu", "p.price_wan_per_mu", QueryableType.Number, "land price 地价", "万元/亩"),
        new("status", "p.status", QueryableType.String, "status 状态", Enum: ResourceStatus.Stored),
        new("updatedAt", "p.updated_at", QueryableType.DateTime, "last changed 更新时间"),
        new("ownership", "p.ownership", QueryableType.String, "owner class 权属", Enum: ["state", "enterprise"], Public: false),
        new("idleSince", "p.idle_since", QueryableType.Date, "idle since 闲置起始", Public: false),
        new("owner", "p.owner_name", QueryableType.String, "holder 权属人", Public: false),
        new("suppliedOn", "p.supplied_on", QueryableType.Date, "supplied on 供地日期", Public: false),
        new("agreedStartOn", "p.agreed_start_on", QueryableType.Date, "agreed start 约定开工日期", Public: false),
        new("actualStartOn", "p.actual_start_on", QueryableType.Date, "actual start 实际开工日期", Public: false),
        new("landPriceWan", "p.land_price_wan", QueryableType.Number, "land price paid 土地价款", "万元", Public: false),
    ];

    public static readonly Queryable[] Factory =
    [
        new(Geometry, "f.geom", QueryableType.Geometry, "footprint (CGCS2000, EPSG:4490)"),
        new("code", "f.code", QueryableType.String, "building code 厂房编号"),
        new("zone", "f.zone_code", QueryableType.String, "development zone 开发区"),
        new("park", "f.park_code", QueryableType.String, "park 园区"),
        new("name", "f.name", QueryableType.String, "name 名称"),
        new("address", "f.address", QueryableType.String, "address 地址"),
        new("footprintM2", "f.footprint_m2", QueryableType.Number, "footprint 占地面积, from the outline", "m²"),
        new("totalFloorM2", "f.total_floor_m2", QueryableType.Number, "floor area 建筑面积", "m²"),
        new("vacantFloorM2", "f.vacant_floor_m2", QueryableType.Number, "vacant floor area 闲置面积", "m²"),
        new("floors", "f.floors", QueryableType.Integer, "storeys 层数"),
        new("floorHeightM", "f.floor_height_m", QueryableType.Number, "storey height 层高", "m"),
        new("floorLoadKnM2", "f.floor_load_kn_m2", QueryableType.Number, "floor load 楼面荷载", "kN/m²"),
        new("craneT", "f.crane_t", QueryableType.Number, "crane 行车", "t"),
        new("powerKva", "f.power_kva", QueryableType.Number, "power capacity 供电容量", "kVA"),
        new("rentYuanM2Month", "f.rent_yuan_m2_month", QueryableType.Number, "rent 租金", "元/m²/月"),
        new("salePriceYuanM2", "f.sale_price_yuan_m2", QueryableType.Number, "sale price 售价", "元/m²"),
        new("status", "f.status", QueryableType.String, "status 状态", Enum: ResourceStatus.Stored),
        new("updatedAt", "f.updated_at", QueryableType.DateTime, "last changed 更新时间"),
    ];

    public static readonly Queryable[] Zone =
    [
        new(Geometry, "z.geom", QueryableType.Geometry, "outline (CGCS2000, EPSG:4490)"),
        new("code", "z.code", QueryableType.String, "zone code"),
        new("parent", "z.parent_code", QueryableType.String, "parent zone"),
        new("nameZh", "z.name_zh", QueryableType.String, "name (Chinese)"),
        new("nameEn", "z.name_en", QueryableType.String, "name (English)"),
        new("level", "z.level", QueryableType.String, "level"),
        new("city", "z.city", QueryableType.String, "city"),
        new("areaMu", "z.area_mu", QueryableType.Number, "area", "mu (亩)"),
    ];

    /// <summary>The queryables of a collection that <paramref name="role"/> may name, by name (geom is an alias of geometry).</summary>
    public static IReadOnlyDictionary<string, Queryable> For(string collectionId, string role)
    {
        var all = collectionId switch { "parcels" => Parcel, "factories" => Factory, _ => Zone };
        var map = all.Where(q => q.Public || role != Roles.Public).ToDictionary(q => q.Name, StringComparer.Ordinal);
        map["geom"] = map[Geometry];
        return map;
    }

    public static Queryable[] Of(string collectionId) => collectionId switch { "parcels" => Parcel, "factories" => Factory, _ => Zone };
}
