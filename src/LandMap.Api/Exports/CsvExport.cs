using System.Text;
using nietras.SeparatedValues;

namespace LandMap.Api.Exports;

/// <summary>
/// CSV written by Sep, streamed: UTF-8 with a BOM (so Excel opens the Chinese right), the catalogue's Chinese headers,
/// then the geometry as WKT in the export's CRS in the column "WKT".
/// </summary>
internal static class CsvExport
{
    public const string GeometryHeader = "WKT";

    public static async Task WriteAsync(ExportPlan plan, IAsyncEnumerable<ExportRow> rows, Stream output, CancellationToken ct)
    {
        var wkt = plan.Crs.WktWriter();
        await using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        await using (var csv = Sep.New(',').Writer(o => o with { Escape = true }).To(text))
        {
            csv.Header.Add([.. plan.Columns.Select(c => c.HeaderZh), GeometryHeader]);
            await csv.Header.WriteAsync(ct);
            await foreach (var row in rows.WithCancellation(ct))
            {
                await using var line = csv.NewRow(ct);
                for (var i = 0; i < plan.Columns.Count; i++)
                    line[i].Set(ExportColumns.LedgerText(plan.Collection.Id, plan.Columns[i], row.Values[i]));
                line[plan.Columns.Count].Set(wkt.Write(row.Geometry));
            }
        }
        await text.FlushAsync(ct);
    }
}
