using LandMap.Api.Ogc;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using LandMap.Api.Access;
using LandMap.Api.Ledgers.Readers;
using LandMap.Api.Problems;
using LandMap.Core.Ledgers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using Npgsql;

namespace LandMap.Api.Ledgers;

/// <summary>Section "Imports": the upload limit and how many rows of the report and preview are returned.</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";
    [System.ComponentModel.DataAnnotations.Range(1024, 2L * 1024 * 1024 * 1024)] public long MaxBytes { get; set; } = 200L * 1024 * 1024;
    [System.ComponentModel.DataAnnotations.Range(0, 100_000)] public int PreviewRows { get; set; } = 500;
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)] public int MaxProblems { get; set; } = 1000;
}

/// <summary>Marks an endpoint whose body is a file (any type but the form and text types a cross-site form could send).</summary>
public sealed class FileUploadAttribute : Attribute;

/// <summary>
/// POST /api/imports/{parcels|factories}: a ledger file in the body (GeoJSON, zipped Shapefile, GeoPackage, CSV, XLSX),
/// its name in ?fileName=. A dry run (the default) reads, maps, checks and compares everything and writes nothing; with
/// ?dryRun=false the import is all or nothing in one transaction. Editors only. GET /api/imports lists past imports.
/// </summary>
public static class ImportApi
{
    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder app)
    {
        // Policies add up (all must pass), so the group says staff and each write adds editor.
        var group = app.MapGroup("/api/imports").WithTags("Imports").RequireAuthorization(Policies.Staff);
        group.MapPost("/{kind}", Import).WithName("ImportLedger").WithMetadata(new FileUploadAttribute()).WithFileBody().WithQueryParameters(Parameters).RequireAuthorization(Policies.Editor);
        group.MapGet("/", List).WithName("ListImports");
        group.MapGet("/mappings", ListMappings).WithName("ListImportMappings");
        group.MapPut("/mappings/{name}", SaveMapping).WithName("SaveImportMapping").WithJsonBody<MappingRequest>().RequireAuthorization(Policies.Editor);
        return app;
    }

    private static readonly string[] Parameters =
        ["fileName", "dryRun", "encoding", "centralMeridian", "repair", "mapping", "ownership", "areaTolerance", "retireMissing", "datum", "datumShift"];

    public static async Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ProblemHttpResult>> Import(
        string kind, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<ImportOptions> options, CancellationToken ct)
    {
        if (ImportTable.Find(kind) is not { } table)
            return Problems.Problems.NotFound(Problems.Problems.NotFoundCode, $"No import kind '{kind}'; parcels or factories");
        var o = options.Value;
        var (request, errors) = ParseRequest(http.Request.Query);
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
        if (http.Request.ContentLength > o.MaxBytes) return Problems.Problems.PayloadTooLarge(o.MaxBytes);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = o.MaxBytes;

        var mapping = new Dictionary<string, string>();
        if (request.MappingName is { } saved)
        {
            if (await LoadMappingAsync(db, saved, kind, ct) is not { } stored)
                return Problems.Problems.BadRequest([new("mapping", Problems.Problems.InvalidParameter, $"no saved {kind} mapping '{saved}'")]);
            mapping = stored;
        }

        // The upload goes to a temporary file (bounded by MaxBytes) while its SHA-256 is taken: formats like Shapefile and
        // GeoPackage need to seek, and the rows are read twice (a sample to detect the coordinates, then all of them).
        var path = Path.GetTempFileName();
        try
        {
            string sha256;
            long size;
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                int read;
                size = 0;
                while ((read = await http.Request.Body.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > o.MaxBytes) return Problems.Problems.PayloadTooLarge(o.MaxBytes);
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            if (size == 0) return Problems.Problems.BadRequest([new("body", Problems.Problems.InvalidField, "the file is empty")]);
            var (written, blocked) = await LedgerImporter.RunAsync(table, request, mapping, new UploadedFile(path, sha256, size), Caller.Actor(user), db, o, ct);
            var report = ImportReportLanguage.Say(written, http);
            return blocked && !request.DryRun ? TypedResults.UnprocessableEntity(report) : TypedResults.Ok(report);
        }
        catch (ImportRequestException e)
        {
            return Problems.Problems.BadRequest([e.Error]);
        }
        catch (LedgerFormatException e)
        {
            return Problems.Problems.Unprocessable([new("file", Problems.Problems.UnreadableFile, e.Message)]);
        }
        catch (SurveyCrsException e)
        {
            return Problems.Problems.Unprocessable([new("crs", Problems.Problems.UnusableCoordinates, e.Message)]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>An import's options, from the query string.</summary>
    public sealed record ImportRequest(string FileName, bool DryRun, string? Encoding, int? CentralMeridian, bool Repair, string? MappingName,
        string Ownership, double AreaTolerance, Dictionary<string, string> Overrides, bool RetireMissing = false, DatumShift? Shift = null);

    internal static (ImportRequest Request, List<FieldError> Errors) ParseRequest(IQueryCollection q)
    {
        var errors = new List<FieldError>();
        foreach (var key in q.Keys.Where(k => !Parameters.Contains(k) && !k.StartsWith("map.", StringComparison.Ordinal)))
            errors.Add(new(key, Problems.Problems.UnknownParameter, $"unknown parameter; allowed: {string.Join(", ", Parameters)}, map.FIELD=HEADER"));
        var fileName = Path.GetFileName(q["fileName"].ToString());
        if (fileName.Length is 0 or > 255) errors.Add(new("fileName", Problems.Problems.InvalidParameter, "required: the file's name with its extension (.zip, .geojson, .gpkg, .csv, .xlsx)"));
        bool Flag(string name, bool fallback)
        {
            if (!q.TryGetValue(name, out var v)) return fallback;
            if (bool.TryParse(v, out var b)) return b;
            errors.Add(new(name, Problems.Problems.InvalidParameter, "true or false"));
            return fallback;
        }
        int? cm = null;
        if (q.TryGetValue("centralMeridian", out var cmRaw))
        {
            if (int.TryParse(cmRaw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v is >= 75 and <= 135 && v % 3 == 0) cm = v;
            else errors.Add(new("centralMeridian", Problems.Problems.InvalidParameter, "a Gauss–Krüger central meridian in China: 75, 78 … 135"));
        }
        var tolerance = 0.05;
        if (q.TryGetValue("areaTolerance", out var tolRaw)
            && !(double.TryParse(tolRaw, NumberStyles.Float, CultureInfo.InvariantCulture, out tolerance) && tolerance is >= 0 and <= 1))
            errors.Add(new("areaTolerance", Problems.Problems.InvalidParameter, "a share from 0 to 1 (0.05 = 5 %)"));
        var ownership = q.TryGetValue("ownership", out var own) ? own.ToString() : "state";
        if (ownership is not ("state" or "enterprise")) errors.Add(new("ownership", Problems.Problems.InvalidParameter, "state or enterprise"));
        var encoding = q.TryGetValue("encoding", out var enc) ? enc.ToString() : null;
        if (encoding is { Length: > 40 }) errors.Add(new("encoding", Problems.Problems.InvalidParameter, "an encoding name such as GBK or UTF-8"));
        var overrides = q.Where(kv => kv.Key.StartsWith("map.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[4..], kv => kv.Value.ToString());
        var mappingName = q.TryGetValue("mapping", out var m) ? m.ToString() : null;
        // Xian 1980 / Beijing 1954: the zone's 7 parameters (dx,dy,dz m; rx,ry,rz ″; scale ppm), and which datum when no .prj says.
        DatumShift? shift = null;
        if (q.TryGetValue("datumShift", out var shiftRaw))
        {
            var parts = shiftRaw.ToString().Split(',');
            var values = parts.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && Math.Abs(d) < 10_000 ? d : (double?)null).ToList();
            if (values.Count != 7 || values.Any(v => v is null))
                errors.Add(new("datumShift", Problems.Problems.InvalidParameter, "7 numbers: dx,dy,dz (m), rx,ry,rz (arc-seconds), scale (ppm)"));
            else
            {
                var p = values.Select(v => v!.Value).ToArray();
                var datum = q.TryGetValue("datum", out var d) ? d.ToString() : "xian1980";
                if (datum is "xian1980") shift = DatumShift.Xian1980(p);
                else if (datum is "beijing1954") shift = DatumShift.Beijing1954(p);
                else errors.Add(new("datum", Problems.Problems.InvalidParameter, "xian1980 or beijing1954"));
            }
        }
        else if (q.ContainsKey("datum")) errors.Add(new("datum", Problems.Problems.InvalidParameter, "give datumShift with it"));
        return (new ImportRequest(fileName, Flag("dryRun", true), encoding, cm, Flag("repair", false), mappingName, ownership, tolerance, overrides,
            Flag("retireMissing", false), shift), errors);
    }

    public static async Task<Ok<List<ImportSummary>>> List(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, kind, file_name, sha256, size_bytes, format, crs, rows_read, new_count, changed_count, unchanged_count, flagged_count,
                   created_by, created_at FROM imports ORDER BY id DESC LIMIT 200
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ImportSummary>();
        while (await r.ReadAsync(ct))
            list.Add(new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5), r.GetString(6),
                r.GetInt32(7), r.GetInt32(8), r.GetInt32(9), r.GetInt32(10), r.GetInt32(11), r.GetString(12), r.GetFieldValue<DateTimeOffset>(13)));
        return TypedResults.Ok(list);
    }

    public static async Task<Ok<List<SavedMapping>>> ListMappings(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT name, kind, mapping::text, updated_by, updated_at FROM import_mappings ORDER BY name");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<SavedMapping>();
        while (await r.ReadAsync(ct))
            list.Add(new(r.GetString(0), r.GetString(1), JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(2))!, r.GetString(3), r.GetFieldValue<DateTimeOffset>(4)));
        return TypedResults.Ok(list);
    }

    /// <summary>Saves a mapping (field key → the source's header) under a name, e.g. one per source: "黄岛区自然资源局-宗地".</summary>
    public static async Task<Results<Ok<SavedMapping>, ProblemHttpResult>> SaveMapping(string name, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<MappingRequest>(request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        if (name.Length is 0 or > 100) errors.Add(new("name", Problems.Problems.InvalidField, "1–100 characters"));
        if (ImportTable.Find(body!.Kind ?? "") is not { } table) errors.Add(new("kind", Problems.Problems.InvalidField, "parcels or factories"));
        else if (body.Mapping is null || body.Mapping.Count == 0 || body.Mapping.Count > 100) errors.Add(new("mapping", Problems.Problems.InvalidField, "1–100 entries field → header"));
        else
        {
            var keys = table.Fields.Concat(LedgerRows.GeometryColumns).Select(f => f.Key).ToHashSet();
            errors.AddRange(body.Mapping.Where(kv => !keys.Contains(kv.Key) || kv.Value is not { Length: > 0 and <= 200 })
                .Select(kv => new FieldError("mapping", Problems.Problems.InvalidField, $"'{kv.Key}': unknown field or empty header; fields: {string.Join(", ", keys)}")));
        }
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);
        await using var cmd = db.CreateCommand("""
            INSERT INTO import_mappings (name, kind, mapping, updated_by) VALUES ($1, $2, $3::jsonb, $4)
            ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, mapping = EXCLUDED.mapping, updated_by = EXCLUDED.updated_by, updated_at = now()
            RETURNING updated_at
            """);
        foreach (var v in new object[] { name, body.Kind!, JsonSerializer.Serialize(body.Mapping), Caller.Actor(user) })
            cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var at = r.GetFieldValue<DateTimeOffset>(0);
        return TypedResults.Ok(new SavedMapping(name, body.Kind!, body.Mapping!, Caller.Actor(user), at));
    }

    private static async Task<Dictionary<string, string>?> LoadMappingAsync(NpgsqlDataSource db, string name, string kind, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT mapping::text FROM import_mappings WHERE name = $1 AND kind = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = name });
        cmd.Parameters.Add(new NpgsqlParameter { Value = kind });
        return await cmd.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) : null;
    }
}

public sealed record MappingRequest(string? Kind, Dictionary<string, string>? Mapping);

public sealed record SavedMapping(string Name, string Kind, Dictionary<string, string> Mapping, string UpdatedBy, DateTimeOffset UpdatedAt);

public sealed record CrsReport(string Description, int Epsg, bool Swapped, int? CentralMeridian, int? Zone);

/// <summary>The whole answer of an import or dry run: what was detected, the mapping, the counts, every problem (row, field, reason) and a preview.</summary>
public sealed record ImportReport(bool DryRun, long? ImportId, string? Refused, string Kind, string FileName, string Sha256, long SizeBytes, string Format,
    string? Encoding, IReadOnlyList<string> Notes, CrsReport Crs, IReadOnlyList<string> Columns, IReadOnlyDictionary<string, string> Mapping,
    ImportCounts Counts, IReadOnlyList<ImportProblem> Problems, System.Text.Json.Nodes.JsonObject Preview);

public sealed record ImportSummary(long Id, string Kind, string FileName, string Sha256, long SizeBytes, string Format, string Crs, int Rows, int New,
    int Changed, int Unchanged, int Flagged, string CreatedBy, DateTimeOffset CreatedAt);
