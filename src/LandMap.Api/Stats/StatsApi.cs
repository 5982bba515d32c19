using LandMap.Api.Ogc;
using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Collections;
using LandMap.Api.Configuration;
using LandMap.Api.Tiles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Stats;

/// <summary>
/// GET /api/stats: idle land (mu) and vacant floor space (m²) by zone, status and land use, for the same filters as the
/// items endpoints. zone, status and bbox apply to both; landUse/minMu/maxMu to parcels; the factory filters to factories.
/// Public, over the statuses the caller may see (<see cref="Visibility"/>); asOf=YYYY-MM-DD gives the totals at the end of that day;
/// absorbedFrom/absorbedTo (staff) those of what was absorbed in that period.
/// </summary>
public static class StatsApi
{
    public static IEndpointRouteBuilder MapStats(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/stats", GetStats).WithTags("Stats").WithName("GetStats").WithQueryParameters(Parameters).AllowAnonymous();
        return app.MapAbsorption();
    }

    /// <summary>The items' filters, the day (asOf) and, for staff, what was absorbed in a period (the page's totals follow the dashboard's period).</summary>
    public static readonly string[] Parameters = [.. ItemQueryParser.Common, .. ItemQueryParser.ParcelFilters, .. ItemQueryParser.FactoryFilters, .. ItemQueryParser.History];

    public static async Task<Results<Ok<StatsDocument>, ProblemHttpResult>> GetStats(
        HttpRequest request, HttpResponse response, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<AccessOptions> access,
        IOptions<FreshnessOptions> freshness, ParcelOutlineSource outlines, IOptions<TilesOptions> tiles, TimeProvider time, CancellationToken ct)
    {
        var (parsed, errors) = ItemQueryParser.Parse(request.Query, Parameters, time);
        errors.AddRange(await CollectionsApi.UnknownZonesAsync(db, parsed.Zones, ct));
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
        var (q, refused) = Visibility.ForRole(parsed, Caller.Role(user), access.Value.PublicStatuses);
        if (refused.Count > 0) return Problems.Problems.Forbidden(Problems.Problems.StatusNotPublic, "", refused);

        var moment = Moment.Of(q.AsOf, freshness.Value, time);
        // The parcels the tiles hold in memory when they are at the database's current version, else PostGIS.
        var held = tiles.Value.InMemory && ParcelStatsFromMemory.Answers(q) ? await HeldAsync(db, outlines, ct) : null;
        if (held is not null) response.Headers["Server-Timing"] = "stats;desc=memory";
        var parcelRows = held is not null ? ParcelStatsFromMemory.Rows(held, q) : [];
        var pf = SqlFilter.ForParcels(q);
        if (held is null)
        {
            await using var cmd = db.CreateCommand(string.Format(StatsQueries.Parcels, Collection.Find("parcels")!.Source(pf, moment), pf.Where));
            CollectionsApi.AddParameters(cmd, pf.Values);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) parcelRows.Add((r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetDouble(4)));
        }

        var factoryRows = new List<(string Zone, string Status, long Count, double Vacant, double Total)>();
        var ff = SqlFilter.ForFactories(q);
        await using (var cmd = db.CreateCommand(string.Format(StatsQueries.Factories, Collection.Find("factories")!.Source(ff, moment), ff.Where)))
        {
            CollectionsApi.AddParameters(cmd, ff.Values);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) factoryRows.Add((r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetDouble(3), r.GetDouble(4)));
        }

        return TypedResults.Ok(new StatsDocument(
            new ParcelStats(parcelRows.Sum(r => r.Count), Round(parcelRows.Sum(r => r.Mu)),
                ParcelGroups(parcelRows, r => r.Zone), ParcelGroups(parcelRows, r => r.Status), ParcelGroups(parcelRows, r => r.LandUse)),
            new FactoryStats(factoryRows.Sum(r => r.Count), Round(factoryRows.Sum(r => r.Vacant)), Round(factoryRows.Sum(r => r.Total)),
                FactoryGroups(factoryRows, r => r.Zone), FactoryGroups(factoryRows, r => r.Status))));
    }

    /// <summary>The parcels held for the tiles, if they are at the version the database is at now (a reload starts otherwise).</summary>
    private static async Task<ParcelOutlines?> HeldAsync(NpgsqlDataSource db, ParcelOutlineSource outlines, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(TilesQueries.SnapshotKey);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return outlines.At(r.GetInt64(0), r.GetFieldValue<uint>(1));
    }

    private static IReadOnlyList<ParcelGroup> ParcelGroups(
        IEnumerable<(string Zone, string Status, string LandUse, long Count, double Mu)> rows,
        Func<(string Zone, string Status, string LandUse, long Count, double Mu), string> key) =>
        rows.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ParcelGroup(g.Key, g.Sum(r => r.Count), Round(g.Sum(r => r.Mu)))).ToList();

    private static IReadOnlyList<FactoryGroup> FactoryGroups(
        IEnumerable<(string Zone, string Status, long Count, double Vacant, double Total)> rows,
        Func<(string Zone, string Status, long Count, double Vacant, double Total), string> key) =>
        rows.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new FactoryGroup(g.Key, g.Sum(r => r.Count), Round(g.Sum(r => r.Vacant)), Round(g.Sum(r => r.Total)))).ToList();

    private static double Round(double v) => Math.Round(v, 2);
}

public sealed record StatsDocument(ParcelStats Parcels, FactoryStats Factories);

public sealed record ParcelStats(long Count, double AreaMu, IReadOnlyList<ParcelGroup> ByZone, IReadOnlyList<ParcelGroup> ByStatus, IReadOnlyList<ParcelGroup> ByLandUse);

public sealed record ParcelGroup(string Key, long Count, double AreaMu);

public sealed record FactoryStats(long Count, double VacantFloorM2, double TotalFloorM2, IReadOnlyList<FactoryGroup> ByZone, IReadOnlyList<FactoryGroup> ByStatus);

public sealed record FactoryGroup(string Key, long Count, double VacantFloorM2, double TotalFloorM2);
