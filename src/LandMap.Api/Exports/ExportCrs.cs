using System.Globalization;
using LandMap.Api.Problems;
using LandMap.Core.Crs;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.IO;

namespace LandMap.Api.Exports;

/// <summary>
/// The coordinate system of an export: CGCS2000 lon/lat (EPSG:4490), or a CGCS2000 3° Gauss–Krüger zone, without the zone
/// number in the easting (EPSG:4534–4554, false easting 500 000 m) or with it (EPSG:4513–4533, false easting
/// zone × 10⁶ + 500 000 m; zone = central meridian / 3, e.g. zone 39 = CM 117°E = EPSG:4527).
/// </summary>
internal sealed record ExportCrs(int Epsg, int? CentralMeridian, bool ZonePrefix)
{
    public const int LonLatEpsg = 4490;
    private const int FirstPrefixed = 4513, FirstPlain = 4534, Zones = 21, FirstCentralMeridian = 75;

    public static readonly ExportCrs LonLat = new(LonLatEpsg, null, false);

    public string Name => $"EPSG:{Epsg}";

    public bool IsLonLat => CentralMeridian is null;

    public int Zone => CentralMeridian!.Value / 3;

    private double ZoneOffset => ZonePrefix ? Zone * 1_000_000.0 : 0;

    /// <summary>The .prj / srs definition: the CGCS2000 GEOGCS, or the zone's PROJCS with its false easting.</summary>
    public string Wkt => CentralMeridian is { } cm ? GaussKruger.Projection(cm, 500_000 + ZoneOffset).WKT : GaussKruger.Cgcs2000.WKT;

    public string DescriptionZh => CentralMeridian is { } cm
        ? $"{Name} CGCS2000 3度带高斯-克吕格投影，中央经线 {cm}°E，{(ZonePrefix ? $"横坐标含带号 {Zone}" : "横坐标不含带号")}，单位米（X 东向、Y 北向）"
        : $"{Name} CGCS2000 经纬度（X 经度、Y 纬度，单位度）";

    /// <summary>
    /// WKT text (CSV, XLSX) in this system: 8 decimals of a degree (≈ 1 mm) or millimetres, finer than any survey and short
    /// enough for a spreadsheet cell; the binary formats keep every digit.
    /// </summary>
    public WKTWriter WktWriter() => new() { PrecisionModel = new PrecisionModel(IsLonLat ? 1e8 : 1e3) };

    /// <summary>A stored lon/lat geometry in this system (projected with ProjNet through <see cref="GaussKruger"/>).</summary>
    public Geometry Transform(Geometry lonLat)
    {
        if (CentralMeridian is not { } cm) return lonLat;
        var projected = GaussKruger.Project(lonLat, cm);
        return ZonePrefix ? AffineTransformation.TranslationInstance(ZoneOffset, 0).Transform(projected) : projected;
    }

    public static ExportCrs ForZone(int centralMeridian) => new(GaussKruger.EpsgFor(centralMeridian), centralMeridian, false);

    /// <summary>An EPSG code this export writes, or null.</summary>
    public static ExportCrs? FromEpsg(int epsg) => epsg switch
    {
        LonLatEpsg => LonLat,
        >= FirstPlain and < FirstPlain + Zones => new(epsg, FirstCentralMeridian + 3 * (epsg - FirstPlain), false),
        >= FirstPrefixed and < FirstPrefixed + Zones => new(epsg, FirstCentralMeridian + 3 * (epsg - FirstPrefixed), true),
        _ => null,
    };

    public const string Auto = "gk";

    /// <summary>
    /// The crs parameter: absent = EPSG:4490; "gk" = the zone of the rows (null here, decided once the rows are known);
    /// "EPSG:n" or "n" for 4490, 4534–4554 or 4513–4533. GeoJSON is RFC 7946 lon/lat only.
    /// </summary>
    public static ExportCrs? Parse(string? raw, ExportFormat? format, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(raw)) return LonLat;
        var value = raw.Trim();
        ExportCrs? crs = null;
        var auto = value.Equals(Auto, StringComparison.OrdinalIgnoreCase);
        if (!auto)
        {
            var digits = value.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase) ? value[5..] : value;
            crs = int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var epsg) ? FromEpsg(epsg) : null;
            if (crs is null)
            {
                errors.Add(new("crs", Problems.Problems.InvalidParameter,
                    $"unsupported crs '{raw}'; use EPSG:4490 (CGCS2000 lon/lat, the default), gk (the rows' own Gauss–Krüger zone), " +
                    "EPSG:4534–4554 (CGCS2000 3° Gauss–Krüger, e.g. EPSG:4548 = CM 117°E) or EPSG:4513–4533 (the same with the zone number in the easting)"));
                return LonLat;
            }
        }
        if (format?.Name == ExportFormat.GeoJson.Name && (auto || !crs!.IsLonLat))
            errors.Add(new("crs", Problems.Problems.InvalidParameter, "GeoJSON is always lon/lat (RFC 7946): omit crs or use EPSG:4490"));
        return crs;
    }
}
