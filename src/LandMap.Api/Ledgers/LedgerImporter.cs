using System.Text.Json;
using LandMap.Api.Ledgers.Readers;
using LandMap.Api.Problems;
using LandMap.Core.Ledgers;
using NetTopologySuite.Geometries;
using Npgsql;

namespace LandMap.Api.Ledgers;

/// <summary>An uploaded file on disk, with its SHA-256 and size.</summary>
public sealed record UploadedFile(string Path, string Sha256, long SizeBytes);

/// <summary>A request that cannot run as given (e.g. the mapping names a column the file lacks): a 400 naming the field.</summary>
public sealed class ImportRequestException(FieldError error) : Exception(error.Reason)
{
    public FieldError Error { get; } = error;
}

/// <summary>
/// The import itself, shared by the endpoint and the benchmark: pass 1 reads the columns and a sample of coordinates
/// (mapping and CRS detection), pass 2 streams every row through <see cref="LedgerRows"/> into the staging table, then
/// the database finds zones and compares; a real run without rejected rows applies it in the same transaction.
/// </summary>
public static class LedgerImporter
{
    /// <summary>Runs an import (or a dry run) of a file already on disk; returns the report and whether rows were rejected.</summary>
    internal static async Task<(ImportReport Report, bool Blocked)> RunAsync(
        ImportTable table, ImportApi.ImportRequest request, IReadOnlyDictionary<string, string> saved, UploadedFile file, string actor,
        NpgsqlDataSource db, ImportOptions o, CancellationToken ct)
    {
        // The readers leave the stream to the caller: each pass opens the file and closes it with the source.
        var streams = new List<Stream>();
        LedgerSource Open()
        {
            var stream = File.OpenRead(file.Path);
            streams.Add(stream);
            return LedgerReaders.Open(request.FileName, stream, request.Encoding);
        }
        try
        {
            return await RunOpenedAsync(table, request, saved, file, actor, db, o, Open, ct);
        }
        finally
        {
            foreach (var s in streams) await s.DisposeAsync();
        }
    }

    private static async Task<(ImportReport Report, bool Blocked)> RunOpenedAsync(
        ImportTable table, ImportApi.ImportRequest request, IReadOnlyDictionary<string, string> saved, UploadedFile file, string actor,
        NpgsqlDataSource db, ImportOptions o, Func<LedgerSource> open, CancellationToken ct)
    {

        // Pass 1: the columns, the mapping, and a sample of coordinates to detect the coordinate system.
        SourceInfo info;
        Dictionary<string, string> mapping;
        SurveyCrs crs;
        using (var first = open())
        {
            info = first.Info;
            mapping = LedgerFields.DefaultMapping([.. table.Fields, .. LedgerRows.GeometryColumns], info.Columns);
            // An override with an empty header unmaps the field (the page's "—").
            foreach (var (key, header) in saved.Concat(request.Overrides))
                if (header.Length == 0) mapping.Remove(key);
                else mapping[key] = header;
            var unknownHeaders = mapping.Where(kv => !info.Columns.Contains(kv.Value)).Select(kv => $"{kv.Key} → '{kv.Value}'").ToList();
            if (unknownHeaders.Count > 0)
                throw new ImportRequestException(new("mapping", Problems.Problems.InvalidParameter,
                    $"the file has no column {string.Join(", ", unknownHeaders)}; its columns: {string.Join(", ", info.Columns)}"));
            var sample = new List<Coordinate>();
            foreach (var row in first.Rows().Take(200))
            {
                // Problems of the sample rows are reported by pass 2, not here.
                var g = row.Geometry ?? LedgerRows.GeometryFromCells(row.Number, row.Cells, mapping, []);
                if (g is { IsEmpty: false }) sample.AddRange(g.Coordinates.Take(4));
            }
            crs = SurveyCrsDetector.Detect(info.Crs, sample, request.CentralMeridian, request.Shift);
        }

        // Pass 2: every row read, checked and streamed into the staging table; the report keeps the first problems.
        var rowOptions = new LedgerRowOptions { Repair = request.Repair, AreaTolerance = request.AreaTolerance };
        var problems = new List<ImportProblem>();
        var preview = new List<PreviewRow>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        int rows = 0, rejected = 0, flaggedRows = 0;
        await using var store = await ImportStore.BeginAsync(db, table, mapping.Keys.ToHashSet(), ct);
        using (var source = open())
        {
            foreach (var sourceRow in source.Rows())
            {
                rows++;
                var (row, outline, rowProblems) = LedgerRows.Read(sourceRow.Number, sourceRow.Cells, sourceRow.Geometry, mapping, table.Fields, crs, rowOptions);
                if (row is not null && !codes.Add(row.Code))
                {
                    rowProblems.Add(new(sourceRow.Number, "code", "duplicate-code", $"code {row.Code} appears earlier in the file"));
                    row = null;
                }
                var blocking = row is null || rowProblems.Any(p => p.Blocking);
                if (blocking) rejected++;
                else if (rowProblems.Count > 0) flaggedRows++;
                if (problems.Count < o.MaxProblems) problems.AddRange(rowProblems.Take(o.MaxProblems - problems.Count));
                if (!blocking) await store.AddAsync(row!, ct);
                // Rejected rows are previewed too, wherever their outline could be read, so the page can show them in red.
                if (preview.Count < o.PreviewRows && outline is not null)
                    preview.Add(new(sourceRow.Number, row?.Code ?? CodeOf(sourceRow, mapping) ?? $"#{sourceRow.Number}",
                        blocking ? "rejected" : rowProblems.Count > 0 ? "flagged" : "ok", outline,
                        Math.Round(row?.AreaMu ?? LandMap.Core.Units.Area.MuFromM2(LandMap.Core.Crs.GaussKruger.AreaM2(outline)), 2)));
            }
        }
        // Rows only the database can judge (zones, parks, vacant over total) are rejected too: out of the staging table,
        // so they are neither counted as new or changed nor written, and red in the preview.
        var dbProblems = await store.PrepareAsync(request.Ownership, ct);
        var dbRejected = dbProblems.Select(p => p.Row).ToHashSet();
        rejected += dbRejected.Count;
        for (var i = 0; i < preview.Count; i++)
            if (dbRejected.Contains(preview[i].Row)) preview[i] = preview[i] with { State = "rejected" };
        problems.AddRange(dbProblems.Take(Math.Max(0, o.MaxProblems - problems.Count)));
        var (added, changed, unchanged) = await store.DiffAsync(ct);
        var retired = await store.CountRetiredAsync(ct);
        var counts = new ImportCounts(rows, added, changed, unchanged, rejected, flaggedRows, request.RetireMissing ? retired : 0);

        var mappingJson = JsonSerializer.Serialize(mapping);
        long? importId = null;
        var blocked = rejected > 0;
        if (!request.DryRun && !blocked)
        {
            importId = await store.ApplyAsync(new ImportRecord(request.FileName, file.Sha256, file.SizeBytes, info.Format, info.Encoding, crs.Describe(),
                mappingJson, counts, actor), request.RetireMissing, ct);
            await store.CommitAsync(ct);
        }
        var report = new ImportReport(request.DryRun, importId, blocked && !request.DryRun ? "nothing was written: fix the rejected rows, or leave them out" : null,
            table.Kind, request.FileName, file.Sha256, file.SizeBytes, info.Format, info.Encoding, info.Notes,
            new CrsReport(crs.Describe(), crs.Epsg, crs.Swapped, crs.Projected ? crs.CentralMeridian : null, crs.Zone),
            info.Columns, mapping, counts, problems, PreviewFeatures(preview));
        return (report, blocked);
    }

    private static string? CodeOf(SourceRow row, IReadOnlyDictionary<string, string> mapping) =>
        mapping.TryGetValue("code", out var h) && row.Cells.GetValueOrDefault(h) is { Length: > 0 } code ? code : null;

    private static System.Text.Json.Nodes.JsonObject PreviewFeatures(List<PreviewRow> rows)
    {
        var features = new System.Text.Json.Nodes.JsonArray();
        foreach (var r in rows)
            features.Add(new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "Feature",
                ["id"] = r.Code,
                ["geometry"] = JsonSerializer.SerializeToNode(r.Geometry, GeoJsonOptions),
                ["properties"] = new System.Text.Json.Nodes.JsonObject { ["row"] = r.Row, ["code"] = r.Code, ["state"] = r.State, ["areaMu"] = r.AreaMu },
            });
        return new System.Text.Json.Nodes.JsonObject { ["type"] = "FeatureCollection", ["features"] = features };
    }

    private static readonly JsonSerializerOptions GeoJsonOptions = new() { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } };

    private sealed record PreviewRow(int Row, string Code, string State, Geometry Geometry, double AreaMu);

}
