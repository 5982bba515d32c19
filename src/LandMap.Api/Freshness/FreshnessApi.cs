using LandMap.Api.Ogc;
using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Collections;
using LandMap.Api.Configuration;
using LandMap.Api.Exports;
using LandMap.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Freshness;

/// <summary>
/// Freshness (issue 9): GET /api/worklist/stale?kind=parcel|factory&amp;zone=&amp;format=json|csv|xlsx (staff) lists the parcels
/// and factory buildings on the map not verified within Freshness:StaleDays, oldest verification (or never) first, for
/// the survey team. csv and xlsx are the ledger exports of one kind (the Exports writers), in the same order.
/// </summary>
public static class FreshnessApi
{
    public static readonly string[] Parameters = ["kind", "zone", "format", .. ItemQueryParser.Paging];

    private static readonly Dictionary<string, string> Kinds = new() { ["parcel"] = "parcels", ["factory"] = "factories" };

    public static IEndpointRouteBuilder MapFreshness(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/worklist/stale", GetStale).WithTags("Freshness").WithName("GetStaleWorklist").WithQueryParameters(Parameters).RequireAuthorization(Policies.Staff);
        return app;
    }

    public static async Task<Results<Ok<StaleWorklist>, ExportResult, ProblemHttpResult>> GetStale(
        HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<FreshnessOptions> freshness, TimeProvider time, CancellationToken ct)
    {
        var (q, errors) = ItemQueryParser.Parse(request.Query, Parameters, time);
        string? kind = request.Query["kind"];
        if (kind is not null && !Kinds.ContainsKey(kind))
            errors.Add(new("kind", Problems.Problems.InvalidParameter, $"'{kind}' is not one of {string.Join(", ", Kinds.Keys)}"));
        string? formatName = request.Query["format"];
        ExportFormat? file = null;
        if (formatName is not (null or "json"))
        {
            file = formatName == "csv" ? ExportFormat.Csv : formatName == "xlsx" ? ExportFormat.Xlsx : null;
            if (file is null) errors.Add(new("format", Problems.Problems.InvalidParameter, $"'{formatName}' is not one of json, csv, xlsx"));
            else if (kind is null) errors.Add(new("kind", Problems.Problems.InvalidParameter, "required with format=csv or xlsx: parcel or factory"));
        }
        errors.AddRange(await CollectionsApi.UnknownZonesAsync(db, q.Zones, ct));
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);

        var now = time.GetUtcNow();
        var moment = Moment.Of(null, freshness.Value, time);
        string[] ids = kind is null ? [.. Kinds.Values] : [Kinds[kind]];
        var collections = ids.Select(id => Collection.Find(id)!).ToList();
        if (file is not null)
        {
            var c = collections[0];
            var (filter, from) = Stale(c, q, moment);
            var count = await CountAsync(db, from, filter, ct);
            var stem = $"stale-{c.Id}-{LandMap.Core.History.ChinaDay.Today(now):yyyyMMdd}";
            var notes = new ExportNotes($"待核实{c.TitleZh}", now.ToOffset(LandMap.Core.History.ChinaDay.Offset),
                $"超过 {freshness.Value.StaleDays} 天未核实" + (q.Zones.Count > 0 ? $"; zone={string.Join(",", q.Zones)}" : ""), false, count);
            return new ExportResult(new ExportPlan(c, file, ExportCrs.LonLat, ExportColumns.For(c, Caller.Role(user)), from, filter, count,
                stem, stem, notes, FreshnessQueries.Order(c.Alias)), db);
        }

        var items = new List<StaleItem>();
        long total = 0;
        foreach (var c in collections)
        {
            var (filter, from) = Stale(c, q, moment);
            total += await CountAsync(db, from, filter, ct);
            // Each kind's first offset + limit rows, merged below: enough for the requested page of both together.
            await using var cmd = db.CreateCommand(FreshnessQueries.Stale(c.Kind!, c.Alias, from, filter.Where, filter.Param((long)q.Offset + q.Limit)));
            CollectionsApi.AddParameters(cmd, filter.Values);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                DateTimeOffset? verified = r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5);
                items.Add(new(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
                    verified, r.IsDBNull(6) ? null : r.GetString(6), verified is { } v ? (int)Math.Floor((now - v).TotalDays) : null));
            }
        }
        var page = items.OrderBy(i => i.VerifiedAt.HasValue).ThenBy(i => i.VerifiedAt).ThenBy(i => i.Code, StringComparer.Ordinal)
            .Skip(q.Offset).Take(q.Limit).ToList();
        return TypedResults.Ok(new StaleWorklist(freshness.Value.StaleDays, moment.StaleBefore, total, page));
    }

    /// <summary>The stale records of <paramref name="c"/> on the map (retired ones are not surveyed), in the asked zones.</summary>
    private static (SqlFilter Filter, string From) Stale(Collection c, ItemQuery q, Moment moment)
    {
        var filter = c.Filter(new ItemQuery { Zones = q.Zones });
        filter.Add(CollectionsQueries.Stale(c.Alias));
        return (filter, c.Source(filter, moment));
    }

    private static async Task<long> CountAsync(NpgsqlDataSource db, string from, SqlFilter filter, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ExportQueries.Count(from, filter));
        CollectionsApi.AddParameters(cmd, filter.Values);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}

/// <param name="AgeDays">Whole days since the last verification; null when never verified.</param>
public sealed record StaleItem(string Kind, string Code, string Zone, string? Park, string Status, DateTimeOffset? VerifiedAt, string? VerifiedBy, int? AgeDays);

/// <param name="StaleBefore">Records verified before this instant (or never) are stale.</param>
public sealed record StaleWorklist(int StaleDays, DateTimeOffset StaleBefore, long Total, IReadOnlyList<StaleItem> Items);
