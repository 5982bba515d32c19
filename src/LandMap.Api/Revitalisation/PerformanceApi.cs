using LandMap.Api.Ogc;
using System.Globalization;
using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Collections;
using LandMap.Api.Ledgers;
using LandMap.Api.Ledgers.Readers;
using LandMap.Api.Problems;
using LandMap.Core.Resources;
using LandMap.Core.Revitalisation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using NpgsqlTypes;

namespace LandMap.Api.Revitalisation;

/// <summary>
/// Issue 13 §4, low-efficiency land (闲置低效用地) and 腾笼换鸟. POST /api/performance (editor): yearly figures per parcel
/// as JSON rows or a CSV/XLSX file (?fileName=), every row checked, all or nothing, a parcel and year re-imported replaced.
/// GET /api/performance?zone=&amp;year= (staff): the stored figures. GET /api/low-efficiency?zone=&amp;year= (staff): the
/// register graded A/B/C/D by 亩均税收 with the thresholds used, C/D parcels as candidates with the land they could free.
/// GET /api/stats/revitalisation?zone=&amp;year= (staff): see <see cref="RevitalisationStatsApi"/>. The public sees none of it.
/// </summary>
public static class PerformanceApi
{
    /// <summary>Upload limit of a performance file (a register of 50 000 rows is a few MB).</summary>
    public const long MaxFileBytes = 20L * 1024 * 1024;

    public const int MaxListRows = 20_000;

    private static readonly string[] ListParameters = ["zone", "year"];
    private static readonly string[] ImportParameters = ["fileName", "sourceName", "encoding"];

    public static IEndpointRouteBuilder MapRevitalisation(this IEndpointRouteBuilder app)
    {
        var options = MuBenefitOptions.Load(app.ServiceProvider.GetRequiredService<IConfiguration>());
        app.MapPost("/api/performance", Import).WithTags("Revitalisation").WithName("ImportPerformance")
            .WithJsonBody<PerformanceImportRequest>().WithFileBody().WithQueryParameters(ImportParameters).WithMetadata(new FileUploadAttribute()).RequireAuthorization(Policies.Editor);
        app.MapGet("/api/performance", List).WithTags("Revitalisation").WithName("ListPerformance").WithQueryParameters(ListParameters).RequireAuthorization(Policies.Staff);
        app.MapGet("/api/low-efficiency", (HttpRequest request, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
            LowEfficiency(request, db, time, options, ct)).WithTags("Revitalisation").WithName("GetLowEfficiency").WithQueryParameters(ListParameters).RequireAuthorization(Policies.Staff);
        app.MapGet("/api/stats/revitalisation", RevitalisationStatsApi.Get).WithTags("Stats").WithName("GetRevitalisation").WithQueryParameters(ListParameters).RequireAuthorization(Policies.Staff);
        return app;
    }

    public static async Task<Results<Ok<PerformanceImportResult>, ProblemHttpResult>> Import(
        HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var q = http.Request.Query;
        var errors = Unknown(q, ImportParameters);
        List<PerformanceRow> rows;
        List<string> ignored = [];
        string source, sourceName;
        if (JsonBody.IsJson(http.Request.ContentType))
        {
            if (q.Count > 0) errors.Add(new("fileName", Problems.Problems.InvalidParameter, "query parameters are for a file upload; send JSON rows without them"));
            if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
            var (body, problem) = await JsonBody.ReadAsync<PerformanceImportRequest>(http.Request, ct);
            if (problem is not null) return problem;
            (rows, errors) = PerformanceInput.FromJson(body!);
            (source, sourceName) = ("json", body!.SourceName?.Trim() ?? "JSON");
        }
        else
        {
            var fileName = Path.GetFileName(q["fileName"].ToString());
            if (fileName.Length is 0 or > 255 || !(fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)))
                errors.Add(new("fileName", Problems.Problems.InvalidParameter, "required with a file: its name, ending .csv or .xlsx"));
            var named = q["sourceName"].ToString();
            if (named.Length > 255) errors.Add(new("sourceName", Problems.Problems.InvalidParameter, "at most 255 characters"));
            var encoding = q.TryGetValue("encoding", out var enc) ? enc.ToString() : null;
            if (encoding is { Length: 0 or > 40 }) errors.Add(new("encoding", Problems.Problems.InvalidParameter, "an encoding name such as GBK or UTF-8"));
            if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
            if (http.Request.ContentLength > MaxFileBytes) return Problems.Problems.PayloadTooLarge(MaxFileBytes);
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxFileBytes;

            var file = await ReadUploadAsync(http.Request, ct);
            if (file is null) return Problems.Problems.PayloadTooLarge(MaxFileBytes);
            await using var content = file;
            if (content.Length == 0) return Problems.Problems.BadRequest([new("body", Problems.Problems.InvalidField, "the file is empty")]);
            try
            {
                using var ledger = LedgerReaders.Open(fileName, content, encoding);
                (rows, errors, ignored) = PerformanceInput.FromFile(ledger);
            }
            catch (LedgerFormatException e)
            {
                return Problems.Problems.Unprocessable([new("file", Problems.Problems.UnreadableFile, e.Message)]);
            }
            (source, sourceName) = ("file", named.Length > 0 ? named : fileName);
        }
        errors.AddRange(PerformanceInput.Duplicates(rows));
        if (errors.Count == 0)
        {
            var known = new HashSet<string>(StringComparer.Ordinal);
            await using (var cmd = db.CreateCommand(RevitalisationQueries.KnownParcels))
            {
                cmd.Parameters.Add(new() { Value = rows.Select(r => r.ParcelCode).Distinct().ToArray() });
                cmd.Parameters.Add(new() { Value = ResourceStatus.All.ToArray() });
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) known.Add(r.GetString(0));
            }
            errors.AddRange(rows.Where(r => !known.Contains(r.ParcelCode)).Select(r => new FieldError($"rows[{r.Index}].parcelCode",
                Problems.Problems.ParcelNotFound, $"no parcel '{r.ParcelCode}' on the map")));
        }
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors.Take(1000).ToList());

        var replaced = 0;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await using (var cmd = new NpgsqlCommand(RevitalisationQueries.Upsert, conn, tx))
            {
                foreach (var v in new object[]
                         {
                             rows.Select(r => r.ParcelCode).ToArray(), rows.Select(r => (short)r.Year).ToArray(), rows.Select(r => r.TaxWan).ToArray(),
                             rows.Select(r => r.RevenueWan).ToArray(), rows.Select(r => r.OutputWan).ToArray(), rows.Select(r => r.Jobs).ToArray(),
                             rows.Select(r => r.Enterprise).ToArray(), source, sourceName, Caller.Actor(user),
                         })
                    cmd.Parameters.Add(new() { Value = v });
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) if (r.GetBoolean(0)) replaced++;
            }
            await tx.CommitAsync(ct);
        }
        return TypedResults.Ok(new PerformanceImportResult(rows.Count, rows.Count - replaced, replaced, rows.Select(r => r.ParcelCode).Distinct().Count(),
            [.. rows.Select(r => r.Year).Distinct().Order()], source, sourceName, ignored));
    }

    /// <summary>The body copied to a temporary file (deleted on dispose), or null past <see cref="MaxFileBytes"/>.</summary>
    private static async Task<FileStream?> ReadUploadAsync(HttpRequest request, CancellationToken ct)
    {
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var buffer = new byte[1 << 16];
        long size = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > MaxFileBytes)
            {
                await file.DisposeAsync();
                return null;
            }
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        file.Position = 0;
        return file;
    }

    public static async Task<Results<Ok<PerformanceList>, ProblemHttpResult>> List(HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        var (zones, year, errors) = await ParseZoneYearAsync(request, db, ct);
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
        var items = new List<PerformanceItem>();
        await using var cmd = db.CreateCommand(RevitalisationQueries.List);
        cmd.Parameters.Add(new() { Value = zones });
        cmd.Parameters.Add(new() { Value = (object?)year ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        cmd.Parameters.Add(new() { Value = MaxListRows + 1 });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var area = Db.Number(r, "area_mu")!.Value;
            double tax = Db.Number(r, "tax_wan")!.Value, revenue = Db.Number(r, "revenue_wan")!.Value;
            items.Add(new(Db.Text(r, "parcel_code")!, Db.Text(r, "zone_code")!, Db.Text(r, "status")!, area, r.GetInt16(r.GetOrdinal("year")),
                tax, revenue, Db.Number(r, "output_wan"), Db.Whole(r, "jobs"), Db.Text(r, "enterprise"), Round(tax / area), Round(revenue / area),
                Db.Text(r, "source")!, Db.Text(r, "source_name"), Db.Text(r, "recorded_by")!, r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("recorded_at"))));
        }
        var truncated = items.Count > MaxListRows;
        return TypedResults.Ok(new PerformanceList(zones, year, truncated ? items[..MaxListRows] : items, truncated));
    }

    public static async Task<Results<Ok<LowEfficiencyDocument>, ProblemHttpResult>> LowEfficiency(
        HttpRequest request, NpgsqlDataSource db, TimeProvider time, MuBenefitOptions options, CancellationToken ct)
    {
        var (zones, year, errors) = await ParseZoneYearAsync(request, db, ct);
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
        if (year is null)
        {
            // The latest year with figures in the zone; last calendar year when there are none yet.
            await using var latest = db.CreateCommand(RevitalisationQueries.LatestYear);
            latest.Parameters.Add(new() { Value = zones });
            year = await latest.ExecuteScalarAsync(ct) as int? ?? Core.History.ChinaDay.Today(time.GetUtcNow()).Year - 1;
        }
        var register = new List<RegisterParcel>();
        await using (var cmd = db.CreateCommand(RevitalisationQueries.Register))
        {
            cmd.Parameters.Add(new() { Value = zones });
            cmd.Parameters.Add(new() { Value = (short)year.Value });
            cmd.Parameters.Add(new() { Value = ResourceStatus.InUse });
            cmd.Parameters.Add(new() { Value = ResourceStatus.All.ToArray() });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                List<YearFigures> years = r.IsDBNull(r.GetOrdinal("year")) ? [] :
                [
                    new(year.Value, Db.Number(r, "tax_wan")!.Value, Db.Number(r, "revenue_wan")!.Value, Db.Number(r, "output_wan"),
                        Db.Whole(r, "jobs"), Db.Text(r, "enterprise")),
                ];
                register.Add(new(Db.Text(r, "code")!, Db.Text(r, "zone_code")!, Db.Number(r, "area_mu")!.Value, years));
            }
        }
        var evaluation = MuBenefit.Evaluate(register, year.Value, options.Thresholds);
        var parcels = evaluation.Results.Select(GradedParcel.Of).ToList();
        return TypedResults.Ok(new LowEfficiencyDocument(zones, year.Value, ThresholdsDocument.Of(options),
            [.. evaluation.Totals.Select(t => new GradeTotal(t.Grade, t.Parcels, Round(t.AreaMu)))],
            parcels.Count(p => p.Grade is not null), parcels.Count(p => p.Grade is null),
            [.. parcels.Where(p => p.Candidate).OrderBy(p => p.Grade == MuBenefitGrade.D ? 0 : 1).ThenBy(p => p.TaxWanPerMu)],
            Round(evaluation.FreeableMu), parcels));
    }

    /// <summary>zone (a zone or park code, comma-separated; none = all) and year (2000–2100, optional); unknown parameters refused.</summary>
    internal static async Task<(string[] Zones, int? Year, List<FieldError> Errors)> ParseZoneYearAsync(HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        var errors = Unknown(request.Query, ListParameters);
        string[] zones = [.. request.Query["zone"].SelectMany(z => (z ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct()];
        if (zones.Length > 50 || zones.Any(z => z.Length > 100)) errors.Add(new("zone", Problems.Problems.InvalidParameter, "at most 50 zone codes of up to 100 characters"));
        else errors.AddRange(await CollectionsApi.UnknownZonesAsync(db, zones, ct));
        int? year = null;
        if (request.Query["year"] is { Count: > 0 } y)
        {
            if (int.TryParse(y[0], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v is >= PerformanceInput.MinYear and <= PerformanceInput.MaxYear) year = v;
            else errors.Add(new("year", Problems.Problems.InvalidParameter, $"a year {PerformanceInput.MinYear}–{PerformanceInput.MaxYear}"));
        }
        return (zones, year, errors);
    }

    private static List<FieldError> Unknown(IQueryCollection q, string[] allowed) =>
        [.. q.Keys.Where(k => !allowed.Contains(k)).Select(k => new FieldError(k, Problems.Problems.UnknownParameter, $"unknown parameter; allowed: {string.Join(", ", allowed)}"))];

    internal static double Round(double v) => Math.Round(v, 2);

    internal static double? Round(double? v) => v is { } x ? Math.Round(x, 2) : null;
}

/// <summary>Reading nullable columns by name.</summary>
internal static class Db
{
    public static string? Text(NpgsqlDataReader r, string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetString(r.GetOrdinal(column));
    public static double? Number(NpgsqlDataReader r, string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetDouble(r.GetOrdinal(column));
    public static int? Whole(NpgsqlDataReader r, string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetInt32(r.GetOrdinal(column));
}

public sealed record PerformanceImportResult(int Rows, int Added, int Replaced, int Parcels, IReadOnlyList<int> Years, string Source, string SourceName,
    IReadOnlyList<string> IgnoredColumns);

public sealed record PerformanceItem(string ParcelCode, string ZoneCode, string Status, double AreaMu, int Year, double TaxWan, double RevenueWan,
    double? OutputWan, int? Jobs, string? Enterprise, double TaxWanPerMu, double RevenueWanPerMu, string Source, string? SourceName,
    string RecordedBy, DateTimeOffset RecordedAt);

public sealed record PerformanceList(IReadOnlyList<string> Zones, int? Year, IReadOnlyList<PerformanceItem> Items, bool Truncated);

/// <summary>A parcel's per-mu figures and grade (null with the reason when it has none), rounded to 0.01.</summary>
public sealed record GradedParcel(string Code, string ZoneCode, double AreaMu, string? Enterprise, double? TaxWan, double? RevenueWan, double? OutputWan,
    int? Jobs, double? TaxWanPerMu, double? RevenueWanPerMu, double? OutputWanPerMu, string? Grade, string? NotGradedReason, bool Candidate, double FreeableMu)
{
    public static GradedParcel Of(MuBenefitResult r) => new(r.Code, r.ZoneCode, PerformanceApi.Round(r.AreaMu), r.Enterprise, r.TaxWan, r.RevenueWan,
        r.OutputWan, r.Jobs, PerformanceApi.Round(r.TaxWanPerMu), PerformanceApi.Round(r.RevenueWanPerMu), PerformanceApi.Round(r.OutputWanPerMu),
        r.Grade, r.NotGradedReason, r.Candidate, PerformanceApi.Round(r.FreeableMu));
}

/// <summary>The register graded for a year: thresholds used, totals per grade, 腾笼换鸟 candidates (D first) and every parcel.</summary>
public sealed record LowEfficiencyDocument(IReadOnlyList<string> Zones, int Year, ThresholdsDocument Thresholds, IReadOnlyList<GradeTotal> Totals,
    int Graded, int NotGraded, IReadOnlyList<GradedParcel> Candidates, double CandidateFreeableMu, IReadOnlyList<GradedParcel> Parcels);
