using LandMap.Api.Collections;

namespace LandMap.Api.Exports;

/// <summary>
/// The SQL of exports. FROM (<see cref="Collection.Source"/>), ORDER BY and the WHERE clause are the collection's own (<see cref="Collection"/>,
/// <see cref="SqlFilter"/>); the selected expressions come only from <see cref="Visibility"/> through
/// <see cref="ExportColumns"/>; values travel as parameters.
/// </summary>
internal static class ExportQueries
{
    /// <summary>The Gauss–Krüger central meridian of a row: parcels store theirs; for factories the one of the centroid (as GaussKruger.CentralMeridianFor).</summary>
    private const string ParcelCentralMeridian = "p.gk_central_meridian::integer";
    private const string FactoryCentralMeridian = "(3 * round(ST_X(ST_Centroid(f.geom)) / 3))::integer";

    public const string ZoneNames = "SELECT code, name_zh FROM zones";

    public static string Count(string from, SqlFilter filter) => $"SELECT count(*) {from} {filter.Where}";

    /// <summary>The central meridians the rows lie in, with their row counts.</summary>
    public static string CentralMeridians(Collection c, string from, SqlFilter filter) =>
        $"SELECT {(c.Id == "parcels" ? ParcelCentralMeridian : FactoryCentralMeridian)} AS cm, count(*) {from} {filter.Where} GROUP BY 1 ORDER BY 1";

    /// <summary>The columns in order, then the geometry (EPSG:4490, as stored).</summary>
    public static string Rows(Collection c, string from, IEnumerable<ExportColumn> columns, SqlFilter filter, string? order = null) =>
        $"SELECT {string.Join(", ", columns.Select(col => col.TypedSql))}, {c.Alias}.geom {from} {filter.Where} {order ?? c.Order}";

    /// <summary>The longest value in bytes (UTF-8) of each column, for the widths of a DBF's character fields.</summary>
    public static string ByteWidths(string from, IEnumerable<ExportColumn> columns, SqlFilter filter) =>
        $"SELECT {string.Join(", ", columns.Select(col => $"coalesce(max(octet_length({col.TypedSql}::text)), 0)"))} {from} {filter.Where}";
}
