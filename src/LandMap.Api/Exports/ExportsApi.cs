using LandMap.Api.Ogc;
using System.Globalization;
using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Collections;
using LandMap.Api.Configuration;
using LandMap.Api.Problems;
using LandMap.Core.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Exports;

/// <summary>
/// GET /collections/{parcels|factories}/export?format=geojson|csv|xlsx|shp|gpkg[&amp;crs=…] with the items endpoint's filters:
/// the filtered set as a file. Access is exactly that of the items: the public gets the public statuses and fields
/// (<see cref="Visibility"/>), staff and above everything. Columns follow the ledger catalogue so the file imports again.
/// </summary>
public static class ExportsApi
{
    /// <summary>Rows in one export at most; a larger set is refused (422), never cut short silently.</summary>
    public const int MaxRows = 200_000;

    /// <summary>China Standard Time (UTC+8, no daylight saving): the date in file names and the 导出时间 a ledger shows.</summary>
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/collections/{collectionId}/export", Export).WithTags("Collections").WithName("ExportCollection")
            .WithQueryParameters(Collections.Collection.All.SelectMany(c => Parameters(c.Id)).Distinct()).AllowAnonymous();
        return app;
    }

    /// <summary>The query parameters of an export of <paramref name="collectionId"/>: the items' filters without paging, format and crs.</summary>
    public static string[] Parameters(string collectionId) =>
        Collection.Find(collectionId) is { } c
            ? [.. c.Parameters.Except(ItemQueryParser.Paging).Except(ItemQueryParser.Filtering).Except(ItemQueryParser.ItemsOnly), "format", "crs"] : [];

    public static async Task<Results<ExportResult, ProblemHttpResult>> Export(
        string collectionId, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<AccessOptions> access,
        IOptions<FreshnessOptions> freshness, TimeProvider time, CancellationToken ct)
    {
        if (Collection.Find(collectionId) is not { HasStatus: true } c)
            return Problems.Problems.NotFound(Problems.Problems.CollectionNotFound, $"No exportable collection '{collectionId}'; exports: parcels, factories");
        var role = Caller.Role(user);
        var (parsed, errors) = ItemQueryParser.Parse(request.Query, Parameters(c.Id), time);
        var format = ExportFormat.Parse(request.Query["format"], errors);
        var requestedCrs = ExportCrs.Parse(request.Query["crs"], format, errors);
        errors.AddRange(await CollectionsApi.UnknownZonesAsync(db, parsed.Zones, ct));
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
        var (q, refused) = Visibility.ForRole(parsed, role, access.Value.PublicStatuses);
        if (refused.Count > 0) return Problems.Problems.Forbidden(Problems.Problems.StatusNotPublic, "", refused);

        var filter = c.Filter(q);
        var from = c.Source(filter, Moment.Of(q.AsOf, freshness.Value, time));
        var count = await CountAsync(db, from, filter, ct);
        if (count > MaxRows)
            return Problems.Problems.Status(StatusCodes.Status422UnprocessableEntity, Problems.Problems.ExportTooLarge,
                $"the filter matches {count.ToString("N0", CultureInfo.InvariantCulture)} {c.Id}; an export holds at most " +
                $"{MaxRows.ToString("N0", CultureInfo.InvariantCulture)}: narrow it (zone, bbox, status …)");

        var crs = requestedCrs;
        if (crs is null) // crs=gk
        {
            var (zoneCrs, problem) = await RowsZoneAsync(db, c, from, filter, ct);
            if (zoneCrs is null) return problem!;
            crs = zoneCrs;
        }

        var now = time.GetUtcNow().ToOffset(ChinaOffset);
        var suffix = $"-{now:yyyyMMdd}{(crs.IsLonLat ? "" : $"-epsg{crs.Epsg}")}";
        var notes = new ExportNotes(c.TitleZh, now, FilterText(request.Query, role == Roles.Public && parsed.Statuses.Count == 0 ? q.Statuses : null),
            role == Roles.Public, count);
        return new ExportResult(new ExportPlan(c, format!, crs, ExportColumns.For(c, role), from, filter, count, c.Id + suffix, c.TitleZh + suffix, notes), db);
    }

    private static async Task<long> CountAsync(NpgsqlDataSource db, string from, SqlFilter filter, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ExportQueries.Count(from, filter));
        CollectionsApi.AddParameters(cmd, filter.Values);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>crs=gk: the one Gauss–Krüger zone the rows lie in, or a 422 naming the zones to choose from.</summary>
    private static async Task<(ExportCrs? Crs, ProblemHttpResult? Problem)> RowsZoneAsync(NpgsqlDataSource db, Collection c, string from, SqlFilter filter, CancellationToken ct)
    {
        var zones = new List<(int CentralMeridian, long Rows)>();
        await using (var cmd = db.CreateCommand(ExportQueries.CentralMeridians(c, from, filter)))
        {
            CollectionsApi.AddParameters(cmd, filter.Values);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) zones.Add((reader.GetInt32(0), reader.GetInt64(1)));
        }
        return zones switch
        {
            [var only] => (ExportCrs.ForZone(only.CentralMeridian), null),
            [] => (null, Problems.Problems.Unprocessable([new("crs", Problems.Problems.CrsAmbiguous,
                "crs=gk takes the Gauss–Krüger zone of the rows, and the filter matches none; name the zone instead, e.g. crs=EPSG:4548 (CM 117°E)")])),
            _ => (null, Problems.Problems.Unprocessable([new("crs", Problems.Problems.CrsAmbiguous,
                $"the rows lie in {zones.Count} Gauss–Krüger zones: " +
                string.Join(", ", zones.Select(z => $"CM {z.CentralMeridian}°E = EPSG:{ExportCrs.ForZone(z.CentralMeridian).Epsg} ({z.Rows} rows)")) +
                $"; ask for one with crs=EPSG:{ExportCrs.ForZone(zones[0].CentralMeridian).Epsg} (rows outside it are projected into it too) or narrow the filter")])),
        };
    }

    /// <summary>The filter as the caller gave it (format and crs aside), and the statuses the public view added, for the ledger's 说明.</summary>
    private static string FilterText(IQueryCollection query, IReadOnlyList<string>? publicStatuses)
    {
        var parts = query.Where(kv => kv.Key is not ("format" or "crs")).Select(kv => $"{kv.Key}={string.Join(",", kv.Value.ToArray())}").ToList();
        if (publicStatuses is not null) parts.Add($"status={string.Join(",", publicStatuses)}（公开状态）");
        return parts.Count == 0 ? "无（全部）" : string.Join("; ", parts);
    }
}

/// <summary>What the ledger's 说明 sheet says about an export.</summary>
internal sealed record ExportNotes(string TitleZh, DateTimeOffset ExportedAt, string Filter, bool PublicView, long Count);

/// <summary>An export decided and checked: the rows are read and written only when the result executes.</summary>
internal sealed record ExportPlan(
    Collection Collection, ExportFormat Format, ExportCrs Crs, IReadOnlyList<ExportColumn> Columns, string From, SqlFilter Filter, long Count,
    string FileStem, string FileStemZh, ExportNotes Notes, string? Order = null);
