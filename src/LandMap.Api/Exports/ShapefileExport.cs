using System.IO.Compression;
using System.Text;
using LandMap.Core.Ledgers;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Dbf.Fields;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;

namespace LandMap.Api.Exports;

/// <summary>
/// A zipped Shapefile written by NetTopologySuite.IO.Esri.Shapefile: .shp .shx .dbf, the .prj (WKT of the export's CRS)
/// and a .cpg saying UTF-8, the DBF's encoding. Attribute names are the catalogue's ≤ 10-character ShpName; text values
/// are as in the spreadsheet (status and ownership in Chinese).
/// </summary>
internal static class ShapefileExport
{
    /// <summary>dBASE character fields hold at most 254 bytes (a UTF-8 Chinese character takes 3).</summary>
    public const int MaxCharacterBytes = 254;

    /// <summary>Room for the Chinese status and ownership labels (4 characters, 12 bytes).</summary>
    private const int LabelBytes = 12;

    /// <param name="byteWidths">The longest stored value of each column in UTF-8 bytes, so no text is cut.</param>
    public static async Task WriteAsync(ExportPlan plan, IAsyncEnumerable<ExportRow> rows, int[] byteWidths, string zipPath, CancellationToken ct)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(zipPath)!, "shp")).FullName;
        var options = new ShapefileWriterOptions(ShapeType.Polygon) { Encoding = Encoding.UTF8, Projection = plan.Crs.Wkt };
        var fields = plan.Columns.Select((c, i) => AddField(options, c, byteWidths[i])).ToArray();
        using (var shapefile = Shapefile.OpenWrite(Path.Combine(folder, plan.FileStem), options)) // writes the .cpg from the encoding
        {
            await foreach (var row in rows.WithCancellation(ct))
            {
                shapefile.Geometry = row.Geometry;
                for (var i = 0; i < fields.Length; i++)
                    fields[i].Value = row.Values[i] switch
                    {
                        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                        string s => ExportColumns.LabelZh(plan.Collection.Id, plan.Columns[i].Kind, s),
                        var v => v,
                    };
                shapefile.Write();
            }
        }
        ZipFile.CreateFromDirectory(folder, zipPath);
    }

    private static DbfField AddField(ShapefileWriterOptions options, ExportColumn column, int byteWidth)
    {
        switch (column.Kind)
        {
            case CellKind.Number when column.IsComputedArea:
                var area = new DbfNumericDoubleField(column.ShpName, 18, 2);
                options.Fields.Add(area);
                return area;
            case CellKind.Number:
                return options.AddNumericDoubleField(column.ShpName);
            case CellKind.Integer:
                return options.AddNumericInt32Field(column.ShpName);
            case CellKind.Date:
                return options.AddDateField(column.ShpName);
            default:
                var bytes = column.Kind is CellKind.Status or CellKind.Ownership ? Math.Max(byteWidth, LabelBytes) : byteWidth;
                return options.AddCharacterField(column.ShpName, Math.Clamp(bytes, 1, MaxCharacterBytes));
        }
    }
}
