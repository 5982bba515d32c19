using System.Globalization;
using LandMap.Api.Problems;
using LandMap.Core.LandUse;
using LandMap.Core.Resources;

namespace LandMap.Api.Collections;

/// <summary>A lon/lat box (CRS84 order: minLon, minLat, maxLon, maxLat).</summary>
public sealed record Bbox(double MinLon, double MinLat, double MaxLon, double MaxLat);

/// <summary>The parsed, validated query of an items or stats request.</summary>
public sealed record ItemQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;

    public Bbox? Bbox { get; init; }
    public int Limit { get; init; } = DefaultLimit;
    public int Offset { get; init; }
    public IReadOnlyList<string> Zones { get; init; } = [];
    public IReadOnlyList<string> Statuses { get; init; } = [];
    public IReadOnlyList<LandUseFilter> LandUses { get; init; } = [];
    public double? MinMu { get; init; }
    public double? MaxMu { get; init; }
    public double? MinVacantM2 { get; init; }
    public double? MaxVacantM2 { get; init; }
    public double? MinFloorHeight { get; init; }
    public double? MinFloorLoad { get; init; }
    public double? MinCraneT { get; init; }
    public double? MinPowerKva { get; init; }

    /// <summary>The map at the end of this day (China time), reconstructed from the history; null: now.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Resources with an absorption event on these days (inclusive, China time); staff only.</summary>
    public DateOnly? AbsorbedFrom { get; init; }
    public DateOnly? AbsorbedTo { get; init; }

    /// <summary>A CQL2 filter (cql2-text or cql2-json), translated over the collection's queryables; null: none.</summary>
    public LandMap.Core.Cql2.Cql2Expression? Filter { get; init; }

    /// <summary>The CRS of the filter's geometry literals (filter-crs), as a URI; CRS84 when not given.</summary>
    public string FilterCrs { get; init; } = CrsRef.Crs84Uri;
}

/// <summary>
/// Parses query strings by hand so that every bad value becomes a named 400, never a binder's bare 400 or a 500.
/// Unknown parameters are refused too: a typo such as "minmu" silently ignored would show the wrong parcels.
/// </summary>
public static class ItemQueryParser
{
    public const int MaxZones = 50;
    public static readonly string[] Paging = ["limit", "offset"];
    public static readonly string[] Common = ["bbox", "zone", "status"];
    public static readonly string[] ParcelFilters = ["landUse", "minMu", "maxMu"];
    public static readonly string[] FactoryFilters = ["minVacantM2", "maxVacantM2", "minFloorHeight", "minFloorLoad", "minCraneT", "minPowerKva"];
    public static readonly string[] History = ["asOf", "absorbedFrom", "absorbedTo"];
    public static readonly string[] Filtering = ["filter", "filter-lang", "filter-crs"];

    /// <summary>A day in a query string: ISO 8601 calendar date only.</summary>
    public const string DayFormat = "yyyy-MM-dd";

    /// <param name="time">The clock that says which days are in the future (China time); the system clock when not given.</param>
    public static (ItemQuery Query, List<FieldError> Errors) Parse(IQueryCollection query, IReadOnlyCollection<string> allowed, TimeProvider? time = null)
    {
        var errors = new List<FieldError>();
        foreach (var key in query.Keys.Where(k => !allowed.Contains(k, StringComparer.Ordinal)))
            errors.Add(new(key, Problems.Problems.UnknownParameter, $"unknown parameter; allowed: {string.Join(", ", allowed)}"));

        var q = new ItemQuery
        {
            Bbox = ParseBbox(query, errors),
            Limit = ParseInt(query, "limit", ItemQuery.DefaultLimit, 1, ItemQuery.MaxLimit, errors),
            Offset = ParseInt(query, "offset", 0, 0, int.MaxValue, errors),
            Zones = List(query, "zone"),
            Statuses = ParseStatuses(query, errors),
            LandUses = ParseLandUses(query, errors),
            MinMu = ParseNonNegative(query, "minMu", errors),
            MaxMu = ParseNonNegative(query, "maxMu", errors),
            MinVacantM2 = ParseNonNegative(query, "minVacantM2", errors),
            MaxVacantM2 = ParseNonNegative(query, "maxVacantM2", errors),
            MinFloorHeight = ParseNonNegative(query, "minFloorHeight", errors),
            MinFloorLoad = ParseNonNegative(query, "minFloorLoad", errors),
            MinCraneT = ParseNonNegative(query, "minCraneT", errors),
            MinPowerKva = ParseNonNegative(query, "minPowerKva", errors),
            AsOf = ParseAsOf(query, time, errors),
            AbsorbedFrom = ParseDay(query, "absorbedFrom", errors),
            AbsorbedTo = ParseDay(query, "absorbedTo", errors),
            Filter = ParseFilter(query, errors),
            FilterCrs = ParseFilterCrs(query, errors),
        };
        if (q is { AbsorbedFrom: { } from, AbsorbedTo: { } to } && from > to)
            errors.Add(new("absorbedFrom", Problems.Problems.InvalidParameter, $"absorbedFrom ({Day(from)}) is after absorbedTo ({Day(to)})"));
        if (q.Zones.Count > MaxZones)
            errors.Add(new("zone", Problems.Problems.InvalidParameter, $"at most {MaxZones} zone codes"));
        if (q.MinMu > q.MaxMu)
            errors.Add(new("minMu", Problems.Problems.InvalidParameter, $"minMu ({q.MinMu}) is greater than maxMu ({q.MaxMu})"));
        if (q.MinVacantM2 > q.MaxVacantM2)
            errors.Add(new("minVacantM2", Problems.Problems.InvalidParameter, $"minVacantM2 ({q.MinVacantM2}) is greater than maxVacantM2 ({q.MaxVacantM2})"));
        return (q, errors);
    }

    /// <summary>Values of a parameter given repeated (?status=a&amp;status=b) or comma-separated (?status=a,b).</summary>
    public static IReadOnlyList<string> List(IQueryCollection query, string name) =>
        query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();

    private static Bbox? ParseBbox(IQueryCollection query, List<FieldError> errors)
    {
        if (!query.TryGetValue("bbox", out var raw)) return null;
        var parts = (raw.ToString()).Split(',');
        var numbers = parts.Select(p => double.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null).ToList();
        if (parts.Length != 4 || numbers.Any(n => n is null))
        {
            errors.Add(new("bbox", Problems.Problems.InvalidParameter, "expected 4 comma-separated numbers: minLon,minLat,maxLon,maxLat"));
            return null;
        }
        var b = new Bbox(numbers[0]!.Value, numbers[1]!.Value, numbers[2]!.Value, numbers[3]!.Value);
        if (b.MinLon < -180 || b.MaxLon > 180 || b.MinLat < -90 || b.MaxLat > 90)
            errors.Add(new("bbox", Problems.Problems.InvalidParameter, "out of range: longitudes must be within [-180, 180] and latitudes within [-90, 90]"));
        else if (b.MinLon > b.MaxLon || b.MinLat > b.MaxLat)
            errors.Add(new("bbox", Problems.Problems.InvalidParameter, "minimum greater than maximum (order is minLon,minLat,maxLon,maxLat)"));
        else return b;
        return null;
    }

    /// <summary>filter with filter-lang cql2-text (the default) or cql2-json; a syntax error names where and what was expected.</summary>
    private static LandMap.Core.Cql2.Cql2Expression? ParseFilter(IQueryCollection query, List<FieldError> errors)
    {
        var lang = query.TryGetValue("filter-lang", out var l) ? l.ToString() : "cql2-text";
        if (lang is not ("cql2-text" or "cql2-json"))
        {
            errors.Add(new("filter-lang", Problems.Problems.InvalidParameter, $"'{lang}' is not supported; use cql2-text or cql2-json"));
            return null;
        }
        if (!query.TryGetValue("filter", out var raw)) return null;
        try
        {
            return lang == "cql2-json" ? LandMap.Core.Cql2.Cql2JsonParser.Parse(raw.ToString()) : LandMap.Core.Cql2.Cql2TextParser.Parse(raw.ToString());
        }
        catch (LandMap.Core.Cql2.Cql2Exception e)
        {
            errors.Add(new("filter", Problems.Problems.InvalidFilter, e.Message));
            return null;
        }
    }

    private static string ParseFilterCrs(IQueryCollection query, List<FieldError> errors)
    {
        if (!query.TryGetValue("filter-crs", out var raw)) return CrsRef.Crs84Uri;
        if (CrsRef.Parse(raw.ToString()) is { } crs) return crs.Uri;
        errors.Add(new("filter-crs", Problems.Problems.InvalidParameter,
            $"'{raw}' is not supported; use CRS84, EPSG:4490, EPSG:4326 or a CGCS2000 3° Gauss–Krüger zone EPSG:4513–4554"));
        return CrsRef.Crs84Uri;
    }

    private static int ParseInt(IQueryCollection query, string name, int fallback, int min, int max, List<FieldError> errors)
    {
        if (!query.TryGetValue(name, out var raw)) return fallback;
        if (!int.TryParse(raw.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(new(name, Problems.Problems.InvalidParameter, $"'{raw}' is not an integer"));
            return fallback;
        }
        if (value < min || value > max)
        {
            errors.Add(new(name, Problems.Problems.InvalidParameter, $"{value} is out of range [{min}, {max}]"));
            return fallback;
        }
        return value;
    }

    /// <summary>asOf: a day, not in the future (China time).</summary>
    public static DateOnly? ParseAsOf(IQueryCollection query, TimeProvider? time, List<FieldError> errors)
    {
        var asOf = ParseDay(query, "asOf", errors);
        var today = LandMap.Core.History.ChinaDay.Today((time ?? TimeProvider.System).GetUtcNow());
        if (asOf is not { } day || day <= today) return asOf;
        errors.Add(new("asOf", Problems.Problems.InvalidParameter, $"{Day(day)} is in the future (today is {Day(today)}, China time)"));
        return null;
    }

    public static string Day(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// The days a query may name. Day ends, period ends and the stale cut (StaleDays earlier) are computed from a day as
    /// instants; near year 1 or 9999 they fall outside what DateTimeOffset can hold, so such days are refused here.
    /// </summary>
    public static readonly DateOnly FirstDay = new(1900, 1, 1), LastDay = new(2999, 12, 31);

    /// <summary>A calendar day written yyyy-MM-dd within <see cref="FirstDay"/> … <see cref="LastDay"/>, or null when the parameter is absent.</summary>
    public static DateOnly? ParseDay(IQueryCollection query, string name, List<FieldError> errors)
    {
        if (!query.TryGetValue(name, out var raw)) return null;
        if (!DateOnly.TryParseExact(raw.ToString(), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors.Add(new(name, Problems.Problems.InvalidParameter, $"'{raw}' is not a day written {DayFormat}"));
            return null;
        }
        if (day >= FirstDay && day <= LastDay) return day;
        errors.Add(new(name, Problems.Problems.InvalidParameter, $"{Day(day)} is outside {Day(FirstDay)} … {Day(LastDay)}"));
        return null;
    }

    private static double? ParseNonNegative(IQueryCollection query, string name, List<FieldError> errors)
    {
        if (!query.TryGetValue(name, out var raw)) return null;
        if (!double.TryParse(raw.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            errors.Add(new(name, Problems.Problems.InvalidParameter, $"'{raw}' is not a number"));
            return null;
        }
        if (value < 0)
        {
            errors.Add(new(name, Problems.Problems.InvalidParameter, $"{value} is negative"));
            return null;
        }
        return value;
    }

    private static IReadOnlyList<string> ParseStatuses(IQueryCollection query, List<FieldError> errors)
    {
        var values = List(query, "status");
        foreach (var bad in values.Where(v => !ResourceStatus.IsKnown(v)))
            errors.Add(new("status", Problems.Problems.InvalidParameter, $"unknown status '{bad}'; allowed: {string.Join(", ", ResourceStatus.Stored)}"));
        return values.Where(ResourceStatus.IsKnown).ToList();
    }

    private static IReadOnlyList<LandUseFilter> ParseLandUses(IQueryCollection query, List<FieldError> errors)
    {
        var result = new List<LandUseFilter>();
        foreach (var value in List(query, "landUse"))
        {
            var filter = LandUseCodes.ResolveFilter(value);
            if (filter is null)
                errors.Add(new("landUse", Problems.Problems.InvalidParameter, $"unknown land-use code '{value}'; use a 2023 code (e.g. 1001, 100101) or GB 50137 (M1, M2, M3, W1, M0)"));
            else result.Add(filter);
        }
        return result;
    }
}
