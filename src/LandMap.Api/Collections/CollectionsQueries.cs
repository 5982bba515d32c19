namespace LandMap.Api.Collections;

/// <summary>
/// The SQL of the collections feature. Features are built in PostGIS as GeoJSON from the fields in <see cref="Visibility"/>;
/// the parcel and factory extents take $1 = the statuses the caller may see (NULL: all).
/// </summary>
internal static class CollectionsQueries
{
    public const string ParcelsFrom = "FROM parcels p";
    public const string FactoriesFrom = "FROM factories f";
    public const string ZonesFrom = "FROM zones z";

    public const string ParcelsById = "p.code = $1";
    public const string FactoriesById = "f.code = $1";
    public const string ZonesById = "z.code = $1";

    /// <summary>Appended to ById for the public: $2 = the public statuses.</summary>
    public const string AndStatusIn = " AND status = ANY($2)";

    public const string ParcelsOrder = "ORDER BY p.code";
    public const string FactoriesOrder = "ORDER BY f.code";
    public const string ZonesOrder = "ORDER BY z.parent_code NULLS FIRST, z.code";

    public const string ParcelsExtent = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), n FROM (SELECT ST_Extent(geom) e, count(*) n FROM parcels WHERE $1::text[] IS NULL OR status = ANY($1)) s";
    public const string FactoriesExtent = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), n FROM (SELECT ST_Extent(geom) e, count(*) n FROM factories WHERE $1::text[] IS NULL OR status = ANY($1)) s";
    public const string ZonesExtent = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), n FROM (SELECT ST_Extent(geom) e, count(*) n FROM zones) s";

    public const string KnownZones = "SELECT code FROM zones WHERE code = ANY($1)";
}
