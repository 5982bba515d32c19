using LandMap.Api.Ogc;
using System.Text.Json.Serialization;
using LandMap.Api.Collections;
using LandMap.Api.Configuration;
using LandMap.Api.Problems;
using LandMap.Core.History;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Stats;

/// <summary>
/// GET /api/stats/absorption?zone=&amp;landUse=&amp;from=&amp;to=&amp;by=month|quarter|year (staff): land (mu) and factory space (m²)
/// absorbed (去化), returned and revitalised (盘活) per period, in total, by zone and by land use; the stock on offer per
/// zone at the end of each period; what is on offer now. Computed in SQL from the changes table (migration 006);
/// definitions in <see cref="Absorption"/>. Periods are calendar months, quarters or years in China time; from and to
/// are widened to whole periods. landUse narrows the land figures (as in /api/stats); zone both.
/// </summary>
public static class AbsorptionApi
{
    public static readonly string[] Parameters = ["zone", "landUse", "from", "to", "by"];

    /// <summary>Periods in one answer at most (50 years by month).</summary>
    public const int MaxPeriods = 600;

    /// <summary>Periods shown when from is not given: a year by month, two by quarter, five by year.</summary>
    private static int DefaultPeriods(PeriodUnit unit) => unit switch { PeriodUnit.Month => 12, PeriodUnit.Quarter => 8, _ => 5 };

    public static IEndpointRouteBuilder MapAbsorption(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/stats/absorption", GetAbsorption).WithTags("Stats").WithName("GetAbsorption").WithQueryParameters(Parameters).RequireAuthorization(Access.Policies.Staff);
        return app;
    }

    public static async Task<Results<Ok<AbsorptionDocument>, ProblemHttpResult>> GetAbsorption(
        HttpRequest request, NpgsqlDataSource db, IOptions<FreshnessOptions> freshness, TimeProvider time, CancellationToken ct)
    {
        var (q, errors) = ItemQueryParser.Parse(request.Query, Parameters, time);
        var unit = PeriodUnit.Month;
        if (request.Query.TryGetValue("by", out var by))
        {
            if (Period.ParseUnit(by.ToString()) is { } u) unit = u;
            else errors.Add(new("by", Problems.Problems.InvalidParameter, $"'{by}' is not one of month, quarter, year"));
        }
        var today = ChinaDay.Today(time.GetUtcNow());
        var to = ItemQueryParser.ParseDay(request.Query, "to", errors) ?? today;
        var from = ItemQueryParser.ParseDay(request.Query, "from", errors)
                   ?? Period.Of(unit, to).Start.AddMonths(-Period.Months(unit) * (DefaultPeriods(unit) - 1));
        if (from > to) errors.Add(new("from", Problems.Problems.InvalidParameter, $"from ({ItemQueryParser.Day(from)}) is after to ({ItemQueryParser.Day(to)})"));
        errors.AddRange(await CollectionsApi.UnknownZonesAsync(db, q.Zones, ct));
        var periods = errors.Count == 0 ? Period.Span(unit, from, to) : [];
        if (periods.Count > MaxPeriods)
            errors.Add(new("from", Problems.Problems.InvalidParameter, $"{periods.Count} periods from {ItemQueryParser.Day(from)} to {ItemQueryParser.Day(to)}; at most {MaxPeriods}: choose a larger unit (by=) or a shorter span"));
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);

        var span = (Start: periods[0].Start, End: periods[^1].End);
        var events = await ReadEventsAsync(db, q, unit, span, ct);
        var (nowParcels, nowFactories) = await ReadAvailableNowAsync(db, q, freshness.Value, time, ct);
        var moves = await ReadStockMovesAsync(db, q, unit, span.Start, ct);

        Tally Sum(Func<EventRow, bool> where) => events.Where(where).Aggregate(new Tally(), (t, e) => t.Add(e));
        var zones = nowParcels.Keys.Concat(nowFactories.Keys).Concat(moves.Select(m => m.Zone)).Distinct().Order(StringComparer.Ordinal).ToList();
        var stock = new List<StockPoint>();
        foreach (var p in periods)
            foreach (var zone in zones)
            {
                // Walk back from now: the stock at the end of a period is today's minus what moved after it.
                double After(string kind) => moves.Where(m => m.Kind == kind && m.Zone == zone && m.Period > p.Start).Sum(m => m.Delta);
                stock.Add(new(p.Label, zone, Round(nowParcels.GetValueOrDefault(zone) - After("parcel")),
                    Round(nowFactories.GetValueOrDefault(zone) - After("factory"))));
            }

        return TypedResults.Ok(new AbsorptionDocument(
            Period.Name(unit), span.Start, span.End,
            [.. periods.Select(p => new AbsorptionPeriod(p, Sum(e => e.Period == p.Start)))],
            new AbsorptionFigures(Sum(_ => true)),
            [.. events.Select(e => e.Zone).Distinct().Order(StringComparer.Ordinal).Select(z => new ZoneAbsorption(z, Sum(e => e.Zone == z)))],
            [.. events.Where(e => e.Kind == "parcel").Select(e => e.LandUse).Distinct().Order(StringComparer.Ordinal)
                .Select(lu => new LandUseAbsorption(lu, Sum(e => e.Kind == "parcel" && e.LandUse == lu)))],
            stock,
            new AvailableNow(Round(nowParcels.Values.Sum()), Round(nowFactories.Values.Sum()))));
    }

    private static async Task<List<EventRow>> ReadEventsAsync(NpgsqlDataSource db, ItemQuery q, PeriodUnit unit, (DateOnly Start, DateOnly End) span, CancellationToken ct)
    {
        var f = new SqlFilter();
        foreach (var v in new object[]
                 {
                     Period.Name(unit), ChinaDay.Start(span.Start).ToUniversalTime(), ChinaDay.End(span.End).ToUniversalTime(),
                     Absorption.Available.ToArray(), Absorption.NotAbsorption.ToArray(),
                     Absorption.RevitalisedFrom.ToArray(), Absorption.RevitalisedTo.ToArray(), Core.Resources.ResourceStatus.Idle,
                 })
            f.Param(v);
        AddChangeFilters(f, q);
        var rows = new List<EventRow>();
        await using var cmd = db.CreateCommand(string.Format(AbsorptionQueries.Events, Conditions(f)));
        CollectionsApi.AddParameters(cmd, f.Values);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new(r.GetString(0), r.IsDBNull(1) ? "" : r.GetString(1), r.GetString(2), r.GetFieldValue<DateOnly>(3),
                r.GetDouble(4), r.GetDouble(5), r.GetDouble(6), r.GetDouble(7), r.GetInt64(8)));
        return rows;
    }

    private static async Task<List<(string Kind, string Zone, DateOnly Period, double Delta)>> ReadStockMovesAsync(
        NpgsqlDataSource db, ItemQuery q, PeriodUnit unit, DateOnly from, CancellationToken ct)
    {
        var f = new SqlFilter();
        f.Param(Period.Name(unit));
        f.Param(ChinaDay.Start(from).ToUniversalTime());
        f.Param(Absorption.Available.ToArray());
        AddChangeFilters(f, q);
        var rows = new List<(string, string, DateOnly, double)>();
        await using var cmd = db.CreateCommand(string.Format(AbsorptionQueries.StockMoves, Conditions(f)));
        CollectionsApi.AddParameters(cmd, f.Values);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) rows.Add((r.GetString(0), r.IsDBNull(1) ? "" : r.GetString(1), r.GetFieldValue<DateOnly>(2), r.GetDouble(3)));
        return rows;
    }

    /// <summary>Land and factory space on offer now, per zone, through the items' own source and filters.</summary>
    private static async Task<(Dictionary<string, double> Parcels, Dictionary<string, double> Factories)> ReadAvailableNowAsync(
        NpgsqlDataSource db, ItemQuery q, FreshnessOptions freshness, TimeProvider time, CancellationToken ct)
    {
        var onOffer = q with { Statuses = Absorption.Available };
        var moment = Moment.Of(null, freshness, time);
        async Task<Dictionary<string, double>> Read(string sql, Collection c, SqlFilter filter)
        {
            var result = new Dictionary<string, double>();
            await using var cmd = db.CreateCommand(string.Format(sql, c.Source(filter, moment), filter.Where));
            CollectionsApi.AddParameters(cmd, filter.Values);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) result[r.GetString(0)] = r.GetDouble(1);
            return result;
        }
        return (await Read(AbsorptionQueries.AvailableParcels, Collection.Find("parcels")!, SqlFilter.ForParcels(onOffer)),
                await Read(AbsorptionQueries.AvailableFactories, Collection.Find("factories")!, SqlFilter.ForFactories(onOffer with { LandUses = [] })));
    }

    /// <summary>zone (a zone, or a park through the record's current park) and landUse (land only) on the changes rows c.</summary>
    private static void AddChangeFilters(SqlFilter f, ItemQuery q)
    {
        if (q.Zones.Count > 0)
        {
            var z = f.Param(q.Zones.ToArray());
            f.Add($"""
                (c.zone_code = ANY({z})
                 OR c.kind = 'parcel' AND EXISTS (SELECT 1 FROM parcels x WHERE x.code = c.code AND x.park_code = ANY({z}))
                 OR c.kind = 'factory' AND EXISTS (SELECT 1 FROM factories x WHERE x.code = c.code AND x.park_code = ANY({z})))
                """);
        }
        if (q.LandUses.Count > 0)
        {
            var ors = q.LandUses.Select(lu => lu.CanonicalPrefix is not null
                ? $"c.land_use LIKE {f.Param(lu.CanonicalPrefix + "%")}"
                : $"EXISTS (SELECT 1 FROM parcels x WHERE x.code = c.code AND x.land_use_original = {f.Param(lu.OriginalExact!)})");
            f.Add($"(c.kind = 'factory' OR {string.Join(" OR ", ors)})");
        }
    }

    private static string Conditions(SqlFilter f) => f.Where.Length == 0 ? "" : "AND " + f.Where["WHERE ".Length..];

    internal static double Round(double v) => Math.Round(v, 2);
}

/// <summary>One group of absorption events as the SQL returns it.</summary>
internal sealed record EventRow(string Kind, string Zone, string LandUse, DateOnly Period, double Absorbed, double Returned,
    double Revitalised, double IdleDaysSum, long IdleDaysCount);

/// <summary>Absorption figures added up over event groups.</summary>
internal sealed class Tally
{
    public double LandAbsorbed, LandReturned, LandRevitalised, FactoryAbsorbed, FactoryReturned, FactoryRevitalised, IdleDays;
    public long IdleCount;

    public Tally Add(EventRow e)
    {
        if (e.Kind == "parcel") (LandAbsorbed, LandReturned, LandRevitalised) = (LandAbsorbed + e.Absorbed, LandReturned + e.Returned, LandRevitalised + e.Revitalised);
        else (FactoryAbsorbed, FactoryReturned, FactoryRevitalised) = (FactoryAbsorbed + e.Absorbed, FactoryReturned + e.Returned, FactoryRevitalised + e.Revitalised);
        (IdleDays, IdleCount) = (IdleDays + e.IdleDaysSum, IdleCount + e.IdleDaysCount);
        return this;
    }

    /// <summary>Mean days from the last entry into idle to revitalisation, to 0.1 day; null when nothing was revitalised.</summary>
    public double? AvgIdleDays => IdleCount == 0 ? null : Math.Round(IdleDays / IdleCount, 1);
}

public record AbsorptionFigures
{
    internal AbsorptionFigures(Tally t)
    {
        LandAbsorbedMu = AbsorptionApi.Round(t.LandAbsorbed);
        LandReturnedMu = AbsorptionApi.Round(t.LandReturned);
        LandRevitalisedMu = AbsorptionApi.Round(t.LandRevitalised);
        FactoryAbsorbedM2 = AbsorptionApi.Round(t.FactoryAbsorbed);
        FactoryReturnedM2 = AbsorptionApi.Round(t.FactoryReturned);
        FactoryRevitalisedM2 = AbsorptionApi.Round(t.FactoryRevitalised);
        AvgIdleDays = t.AvgIdleDays;
    }

    public double LandAbsorbedMu { get; }
    public double LandReturnedMu { get; }
    public double LandRevitalisedMu { get; }
    public double FactoryAbsorbedM2 { get; }
    public double FactoryReturnedM2 { get; }
    public double FactoryRevitalisedM2 { get; }
    public double? AvgIdleDays { get; }
}

public sealed record AbsorptionPeriod : AbsorptionFigures
{
    internal AbsorptionPeriod(Period p, Tally t) : base(t) => (Period, Start, End) = (p.Label, p.Start, p.End);

    /// <summary>"2023-05", "2023-Q2" or "2023".</summary>
    [JsonPropertyOrder(-3)] public string Period { get; }
    [JsonPropertyOrder(-2)] public DateOnly Start { get; }
    [JsonPropertyOrder(-1)] public DateOnly End { get; }
}

public sealed record ZoneAbsorption : AbsorptionFigures
{
    internal ZoneAbsorption(string zone, Tally t) : base(t) => Zone = zone;

    [JsonPropertyOrder(-1)] public string Zone { get; }
}

public sealed record LandUseAbsorption
{
    internal LandUseAbsorption(string landUse, Tally t) =>
        (LandUse, LandAbsorbedMu, LandReturnedMu, LandRevitalisedMu, AvgIdleDays) =
        (landUse, AbsorptionApi.Round(t.LandAbsorbed), AbsorptionApi.Round(t.LandReturned), AbsorptionApi.Round(t.LandRevitalised), t.AvgIdleDays);

    public string LandUse { get; }
    public double LandAbsorbedMu { get; }
    public double LandReturnedMu { get; }
    public double LandRevitalisedMu { get; }
    public double? AvgIdleDays { get; }
}

/// <summary>Land and factory space on offer in a zone at the end of a period (or now, for the current one).</summary>
public sealed record StockPoint(string Period, string Zone, double LandAvailableMu, double FactoryAvailableM2);

public sealed record AvailableNow(double LandMu, double FactoryM2);

public sealed record AbsorptionDocument(
    string By, DateOnly From, DateOnly To, IReadOnlyList<AbsorptionPeriod> Periods, AbsorptionFigures Totals,
    IReadOnlyList<ZoneAbsorption> ByZone, IReadOnlyList<LandUseAbsorption> ByLandUse, IReadOnlyList<StockPoint> Stock, AvailableNow AvailableNow);
