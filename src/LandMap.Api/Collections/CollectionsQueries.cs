namespace LandMap.Api.Collections;

/// <summary>
/// All SQL of the collections feature. Features are built in PostGIS as GeoJSON (RFC 7946): rings forced
/// counter-clockwise (ST_ForcePolygonCCW), 7 decimals (~1 cm), properties camelCase. One name per concept.
/// </summary>
internal static class CollectionsQueries
{
    public const string ParcelFeature = """
        json_build_object('type', 'Feature', 'id', p.code,
          'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(p.geom), 7, 0)::json,
          'properties', json_build_object(
            'code', p.code, 'zone', p.zone_code, 'park', p.park_code, 'address', p.address,
            'areaMu', round(p.area_mu::numeric, 2), 'ledgerAreaMu', p.ledger_area_mu,
            'areaMismatch', (p.ledger_area_mu IS NOT NULL AND abs(p.ledger_area_mu - p.area_mu) > 0.05 * p.area_mu),
            'gkCentralMeridian', p.gk_central_meridian,
            'landUse', p.land_use, 'landUseOriginal', p.land_use_original,
            'plotRatioMin', p.plot_ratio_min, 'plotRatioMax', p.plot_ratio_max,
            'buildingCoverageMin', p.building_coverage_min, 'greenRatioMax', p.green_ratio_max, 'heightLimitM', p.height_limit_m,
            'minInvestmentWanPerMu', p.min_investment_wan_per_mu, 'minTaxWanPerMu', p.min_tax_wan_per_mu,
            'industryChains', p.industry_chains, 'powerKva', p.power_kva, 'water', p.water, 'gas', p.gas, 'heat', p.heat,
            'readiness', p.readiness, 'priceWanPerMu', p.price_wan_per_mu, 'ownership', p.ownership,
            'idleSince', p.idle_since, 'idleReason', p.idle_reason, 'status', p.status, 'contact', p.contact,
            'updatedAt', p.updated_at))::text
        """;

    public const string FactoryFeature = """
        json_build_object('type', 'Feature', 'id', f.code,
          'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(f.geom), 7, 0)::json,
          'properties', json_build_object(
            'code', f.code, 'zone', f.zone_code, 'park', f.park_code, 'name', f.name, 'address', f.address,
            'footprintM2', f.footprint_m2, 'totalFloorM2', f.total_floor_m2, 'vacantFloorM2', f.vacant_floor_m2,
            'vacancyRate', round((f.vacant_floor_m2 / f.total_floor_m2)::numeric, 3), 'floors', f.floors,
            'floorHeightM', f.floor_height_m, 'floorLoadKnM2', f.floor_load_kn_m2, 'craneT', f.crane_t,
            'powerKva', f.power_kva, 'rentYuanM2Month', f.rent_yuan_m2_month, 'salePriceYuanM2', f.sale_price_yuan_m2,
            'status', f.status, 'contact', f.contact, 'updatedAt', f.updated_at))::text
        """;

    public const string ZoneFeature = """
        json_build_object('type', 'Feature', 'id', z.code,
          'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(z.geom), 7, 0)::json,
          'properties', json_build_object(
            'code', z.code, 'parent', z.parent_code, 'nameZh', z.name_zh, 'nameEn', z.name_en, 'level', z.level,
            'city', z.city, 'areaMu', round(z.area_mu::numeric, 2)))::text
        """;

    public const string ParcelsFrom = "FROM parcels p";
    public const string FactoriesFrom = "FROM factories f";
    public const string ZonesFrom = "FROM zones z";

    public const string ParcelsById = "p.code = $1";
    public const string FactoriesById = "f.code = $1";
    public const string ZonesById = "z.code = $1";

    public const string ParcelsOrder = "ORDER BY p.code";
    public const string FactoriesOrder = "ORDER BY f.code";
    public const string ZonesOrder = "ORDER BY z.parent_code NULLS FIRST, z.code";

    public const string ParcelsExtent = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), n FROM (SELECT ST_Extent(geom) e, count(*) n FROM parcels) s";
    public const string FactoriesExtent = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), n FROM (SELECT ST_Extent(geom) e, count(*) n FROM factories) s";
    public const string ZonesExtent = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), n FROM (SELECT ST_Extent(geom) e, count(*) n FROM zones) s";

    public const string KnownZones = "SELECT code FROM zones WHERE code = ANY($1)";
}
