using System.Runtime.CompilerServices;
using LandMap.Api.Collections;
using LandMap.Core.Ledgers;
using Microsoft.Net.Http.Headers;
using NetTopologySuite.Geometries;
using Npgsql;

namespace LandMap.Api.Exports;

/// <summary>One exported row: the values in column order (string, double, int, DateOnly or null) and the geometry in the export's CRS.</summary>
internal sealed record ExportRow(object?[] Values, Geometry Geometry);

/// <summary>
/// Writes an export as an attachment. GeoJSON and CSV stream to the client as the rows arrive; XLSX, Shapefile and
/// GeoPackage are built in a temporary folder first (their writers seek back into the file), then sent and deleted.
/// </summary>
public sealed class ExportResult : IResult
{
    private readonly ExportPlan _plan;
    private readonly NpgsqlDataSource _db;

    internal ExportResult(ExportPlan plan, NpgsqlDataSource db) => (_plan, _db) = (plan, db);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var ct = httpContext.RequestAborted;
        var response = httpContext.Response;
        response.ContentType = _plan.Format.ContentType;
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"{_plan.FileStem}.{_plan.Format.Extension}",
            FileNameStar = $"{_plan.FileStemZh}.{_plan.Format.Extension}",
        }.ToString();

        var rows = ReadRowsAsync(ct);
        if (_plan.Format == ExportFormat.GeoJson)
        {
            await GeoJsonExport.WriteAsync(_plan, rows, response.BodyWriter, ct);
            return;
        }
        if (_plan.Format == ExportFormat.Csv)
        {
            await CsvExport.WriteAsync(_plan, rows, response.Body, ct);
            return;
        }

        var folder = Directory.CreateTempSubdirectory("landmap-export-");
        try
        {
            var path = Path.Combine(folder.FullName, $"{_plan.FileStem}.{_plan.Format.Extension}");
            if (_plan.Format == ExportFormat.Xlsx) await XlsxExport.WriteAsync(_plan, rows, await ZoneNamesAsync(ct), path, ct);
            else if (_plan.Format == ExportFormat.Shapefile) await ShapefileExport.WriteAsync(_plan, rows, await ByteWidthsAsync(ct), path, ct);
            else await GeoPackageExport.WriteAsync(_plan, rows, path, ct);

            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            response.ContentLength = file.Length;
            await file.CopyToAsync(response.Body, ct);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The rows, read once and in code order; each value as its column's kind says.</summary>
    private async IAsyncEnumerable<ExportRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var columns = _plan.Columns;
        await using var cmd = _db.CreateCommand(ExportQueries.Rows(_plan.Collection, _plan.From, columns, _plan.Filter, _plan.Order));
        CollectionsApi.AddParameters(cmd, _plan.Filter.Values);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var values = new object?[columns.Count];
            for (var i = 0; i < values.Length; i++)
                values[i] = reader.IsDBNull(i) ? null : columns[i].Kind switch
                {
                    CellKind.Number => reader.GetDouble(i),
                    CellKind.Integer => reader.GetInt32(i),
                    CellKind.Date => reader.GetFieldValue<DateOnly>(i),
                    _ => reader.GetString(i),
                };
            yield return new ExportRow(values, _plan.Crs.Transform(reader.GetFieldValue<Geometry>(columns.Count)));
        }
    }

    private async Task<Dictionary<string, string>> ZoneNamesAsync(CancellationToken ct)
    {
        var names = new Dictionary<string, string>();
        await using var cmd = _db.CreateCommand(ExportQueries.ZoneNames);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names[reader.GetString(0)] = reader.GetString(1);
        return names;
    }

    private async Task<int[]> ByteWidthsAsync(CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand(ExportQueries.ByteWidths(_plan.From, _plan.Columns, _plan.Filter));
        CollectionsApi.AddParameters(cmd, _plan.Filter.Values);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return [.. Enumerable.Range(0, _plan.Columns.Count).Select(i => reader.GetInt32(i))];
    }
}
