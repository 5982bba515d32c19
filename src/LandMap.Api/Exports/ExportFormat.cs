using LandMap.Api.Problems;

namespace LandMap.Api.Exports;

/// <summary>A file format an export writes: its parameter value, file extension and media type.</summary>
internal sealed record ExportFormat(string Name, string Extension, string ContentType)
{
    public static readonly ExportFormat GeoJson = new("geojson", "geojson", "application/geo+json");
    public static readonly ExportFormat Csv = new("csv", "csv", "text/csv; charset=utf-8");
    public static readonly ExportFormat Xlsx = new("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    public static readonly ExportFormat Shapefile = new("shp", "zip", "application/zip");
    public static readonly ExportFormat GeoPackage = new("gpkg", "gpkg", "application/geopackage+sqlite3");

    public static readonly IReadOnlyList<ExportFormat> All = [GeoJson, Csv, Xlsx, Shapefile, GeoPackage];

    /// <summary>The format parameter (required: a download should never guess its type).</summary>
    public static ExportFormat? Parse(string? raw, List<FieldError> errors)
    {
        var found = All.FirstOrDefault(f => f.Name.Equals(raw?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (found is null)
            errors.Add(new("format", Problems.Problems.InvalidParameter,
                $"{(string.IsNullOrWhiteSpace(raw) ? "required" : $"unknown format '{raw}'")}; one of {string.Join(", ", All.Select(f => f.Name))}"));
        return found;
    }
}
