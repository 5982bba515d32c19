using LandMap.Core.LandUse;
using LandMap.Core.Ledgers;
using NpgsqlTypes;

namespace LandMap.Api.Ledgers;

/// <summary>
/// One stored column an import writes: its name (identifiers only from this whitelist), type, the ledger field it comes
/// from (null: computed from the geometry), how the value is taken from a row, and the value a new record gets when the
/// file does not have it.
/// </summary>
internal sealed record ImportColumn(string Name, NpgsqlDbType Type, string? Key, Func<LedgerRow, object?> Value, string? NewDefault = null);

/// <summary>The target of an import: parcels or factories, their ledger fields and the columns written.</summary>
internal sealed record ImportTable(string Kind, string Table, string ResourceKind, LedgerField[] Fields, ImportColumn[] Columns)
{
    private static object? V(LedgerRow r, string key) => r.Values.GetValueOrDefault(key);

    public static readonly ImportTable Parcels = new("parcels", "parcels", "parcel", LedgerFields.Parcel,
    [
        new("zone_code", NpgsqlDbType.Text, "zone", r => V(r, "zone")),
        new("park_code", NpgsqlDbType.Text, "park", r => V(r, "park")),
        new("address", NpgsqlDbType.Text, "address", r => V(r, "address")),
        new("geom", NpgsqlDbType.Geometry, null, r => r.Geometry),
        new("area_mu", NpgsqlDbType.Double, null, r => r.AreaMu),
        new("gk_central_meridian", NpgsqlDbType.Smallint, null, r => (short)r.CentralMeridian),
        new("ledger_area_mu", NpgsqlDbType.Double, "ledgerAreaMu", r => V(r, "ledgerAreaMu")),
        new("land_use", NpgsqlDbType.Text, "landUse", r => (V(r, "landUse") as LandUseCode)?.Canonical),
        new("land_use_original", NpgsqlDbType.Text, "landUse", r => (V(r, "landUse") as LandUseCode)?.Original),
        new("plot_ratio_min", NpgsqlDbType.Double, "plotRatioMin", r => V(r, "plotRatioMin")),
        new("plot_ratio_max", NpgsqlDbType.Double, "plotRatioMax", r => V(r, "plotRatioMax")),
        new("building_coverage_min", NpgsqlDbType.Double, "buildingCoverageMin", r => V(r, "buildingCoverageMin")),
        new("green_ratio_max", NpgsqlDbType.Double, "greenRatioMax", r => V(r, "greenRatioMax")),
        new("height_limit_m", NpgsqlDbType.Double, "heightLimitM", r => V(r, "heightLimitM")),
        new("min_investment_wan_per_mu", NpgsqlDbType.Double, "minInvestmentWanPerMu", r => V(r, "minInvestmentWanPerMu")),
        new("min_tax_wan_per_mu", NpgsqlDbType.Double, "minTaxWanPerMu", r => V(r, "minTaxWanPerMu")),
        new("industry_chains", NpgsqlDbType.Array | NpgsqlDbType.Text, "industryChains", r => V(r, "industryChains") ?? Array.Empty<string>(), "'{}'"),
        new("power_kva", NpgsqlDbType.Double, "powerKva", r => V(r, "powerKva")),
        new("readiness", NpgsqlDbType.Text, "readiness", r => V(r, "readiness")),
        new("price_wan_per_mu", NpgsqlDbType.Double, "priceWanPerMu", r => V(r, "priceWanPerMu")),
        new("ownership", NpgsqlDbType.Text, "ownership", r => V(r, "ownership"), "$ownership"),
        new("owner_name", NpgsqlDbType.Text, "owner", r => V(r, "owner")),
        new("idle_since", NpgsqlDbType.Date, "idleSince", r => V(r, "idleSince")),
        new("idle_reason", NpgsqlDbType.Text, "idleReason", r => V(r, "idleReason")),
        new("supplied_on", NpgsqlDbType.Date, "suppliedOn", r => V(r, "suppliedOn")),
        new("status", NpgsqlDbType.Text, "status", r => V(r, "status"), "'idle'"),
        new("contact", NpgsqlDbType.Text, "contact", r => V(r, "contact")),
        new("supply_type", NpgsqlDbType.Text, "supplyType", r => V(r, "supplyType")),
        new("agreed_start_on", NpgsqlDbType.Date, "agreedStartOn", r => V(r, "agreedStartOn")),
        new("actual_start_on", NpgsqlDbType.Date, "actualStartOn", r => V(r, "actualStartOn")),
        new("developed_share", NpgsqlDbType.Double, "developedShare", r => V(r, "developedShare")),
        new("invested_share", NpgsqlDbType.Double, "investedShare", r => V(r, "investedShare")),
        new("halted_on", NpgsqlDbType.Date, "haltedOn", r => V(r, "haltedOn")),
        new("land_price_wan", NpgsqlDbType.Double, "landPriceWan", r => V(r, "landPriceWan")),
    ]);

    public static readonly ImportTable Factories = new("factories", "factories", "factory", LedgerFields.Factory,
    [
        new("zone_code", NpgsqlDbType.Text, "zone", r => V(r, "zone")),
        new("park_code", NpgsqlDbType.Text, "park", r => V(r, "park")),
        new("name", NpgsqlDbType.Text, "name", r => V(r, "name")),
        new("address", NpgsqlDbType.Text, "address", r => V(r, "address")),
        new("geom", NpgsqlDbType.Geometry, null, r => r.Geometry),
        new("footprint_m2", NpgsqlDbType.Double, null, r => Math.Round(r.AreaM2, 2)),
        new("total_floor_m2", NpgsqlDbType.Double, "totalFloorM2", r => V(r, "totalFloorM2")),
        new("vacant_floor_m2", NpgsqlDbType.Double, "vacantFloorM2", r => V(r, "vacantFloorM2")),
        new("floors", NpgsqlDbType.Integer, "floors", r => V(r, "floors"), "1"),
        new("floor_height_m", NpgsqlDbType.Double, "floorHeightM", r => V(r, "floorHeightM")),
        new("floor_load_kn_m2", NpgsqlDbType.Double, "floorLoadKnM2", r => V(r, "floorLoadKnM2")),
        new("crane_t", NpgsqlDbType.Double, "craneT", r => V(r, "craneT")),
        new("power_kva", NpgsqlDbType.Double, "powerKva", r => V(r, "powerKva")),
        new("rent_yuan_m2_month", NpgsqlDbType.Double, "rentYuanM2Month", r => V(r, "rentYuanM2Month")),
        new("sale_price_yuan_m2", NpgsqlDbType.Double, "salePriceYuanM2", r => V(r, "salePriceYuanM2")),
        new("status", NpgsqlDbType.Text, "status", r => V(r, "status"), "'idle'"),
        new("contact", NpgsqlDbType.Text, "contact", r => V(r, "contact")),
    ]);

    public static ImportTable? Find(string kind) => kind switch { "parcels" => Parcels, "factories" => Factories, _ => null };
}
