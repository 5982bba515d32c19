using NetTopologySuite.Geometries;

namespace LandMap.Api.Ledgers;

/// <summary>
/// One row of a ledger file as read, before any mapping: its 1-based number in the file (the header row of a CSV/XLSX is
/// not counted; a Shapefile/GeoPackage/GeoJSON counts features), the cells by the file's own column headers as text
/// (numbers written invariant, dates as yyyy-MM-dd, Excel serial dates left as numbers when the sheet did not type
/// them), and the geometry in the file's own coordinates (null for CSV/XLSX: there it comes from mapped columns).
/// </summary>
public sealed record SourceRow(int Number, IReadOnlyDictionary<string, string?> Cells, Geometry? Geometry);

/// <summary>
/// What was detected about a file: its format (geojson, shapefile, geopackage, csv, xlsx), the text encoding used (for
/// DBF and CSV), the coordinate system as the file states it (a .prj's WKT, a GeoPackage's srs definition or "EPSG:n",
/// a GeoJSON "crs" member; null when the file says nothing), the column headers in file order, and notes for the report.
/// </summary>
public sealed record SourceInfo(string Format, string? Encoding, string? Crs, IReadOnlyList<string> Columns, IReadOnlyList<string> Notes);

/// <summary>A ledger file opened for reading: its info, and its rows streamed once, in file order.</summary>
public abstract class LedgerSource : IDisposable
{
    public abstract SourceInfo Info { get; }

    /// <summary>The rows, read lazily (a 100 000-row file is never held in memory whole).</summary>
    public abstract IEnumerable<SourceRow> Rows();

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>A file LandMap cannot read, with the reason for the import report (a 400/415/422 at the API).</summary>
public sealed class LedgerFormatException(string message) : Exception(message);
