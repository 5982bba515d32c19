using System.Globalization;
using LandMap.Api.Problems;
using LandMap.Core.LandUse;
using LandMap.Core.Resources;

namespace LandMap.Api.Collections;

/// <summary>A lon/lat box (CRS84 order: minLon, minLat, maxLon, maxLat).</summary>
public sealed record Bbox(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    /// <summary>The centre a map view's page is ordered from (nearest first).</summary>
    public double CentreLon => (MinLon + MaxLon) / 2;
    public double CentreLat => (MinLat + MaxLat) / 2;
}

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

    /// <summary>datetime: features last changed (updatedAt) in this interval, inclusive; null ends are open.</summary>
    public DateTimeOffset? ChangedFrom { get; init; }
    public DateTimeOffset? ChangedTo { get; init; }

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

    /// <summary>OGC API parameters of the items only: the CRS of the bbox and of the output, the properties, the order, the format, the time.</summary>
    public static readonly string[] ItemsOnly = ["bbox-crs", "crs", "properties", "sortby", "f", "datetime"];

    /// <summary>A day in a query string: ISO 8601 calendar date only.</summary>
    public const string DayFormat = "yyyy-MM-dd";

    /// <param name="time">The clock that says which days are in the future (China time); the system clock when not given.</param>
    public static (ItemQuery Query, List<FieldError> Errors) Parse(IQueryCollection query, IReadOnlyCollection<string> allowed, TimeProvider? time = null)
    {
        var errors = new List<FieldError>();
        foreach (var key in query.Keys.Where(k => !allowed.Contains(k, StringComparer.Ordinal)))
            errors.Add(new(key, Problems.Problems.UnknownParameter, $"unknown parameter; allowed: {string.Join(", ", allowed)}"));

        var changed = ParseDateTime(query, errors);
        var q = new ItemQuery
        {
            Bbox = ParseBbox(query, errors),
            // Above the maximum, the limit is clamped (OGC API – Features Part 1, 7.15.3), not refused.
            Limit = ParseLimit(query, errors),
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
            ChangedFrom = changed.From,
            ChangedTo = changed.To,
            FilterCrs = ParseCrs(query, "filter-crs", errors).Uri,
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
        var before = errors.Count;
        var crs = ParseCrs(query, "bbox-crs", errors);
        if (errors.Count > before) return null;
        if (!query.TryGetValue("bbox", out var raw)) return null;
        var parts = (raw.ToString()).Split(',');
        var numbers = parts.Select(p => double.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null).ToList();
        if (parts.Length != 4 || numbers.Any(n => n is null))
        {
            errors.Add(new("bbox", Problems.Problems.InvalidParameter, crs == CrsRef.Crs84
                ? "expected 4 comma-separated numbers: minLon,minLat,maxLon,maxLat"
                : "expected 4 comma-separated numbers: the lower corner then the upper corner, in the axis order of bbox-crs"));
            return null;
        }
        if (crs != CrsRef.Crs84)
        {
            if (numbers[0] > numbers[2] || numbers[1] > numbers[3])
            {
                errors.Add(new("bbox", Problems.Problems.InvalidParameter, "minimum greater than maximum"));
                return null;
            }
            try
            {
                var corners = new NetTopologySuite.Geometries.GeometryFactory().ToGeometry(
                    new NetTopologySuite.Geometries.Envelope(numbers[0]!.Value, numbers[2]!.Value, numbers[1]!.Value, numbers[3]!.Value));
                // A lon/lat box must lie on the globe, a metric one within 10 000 km, before any work is done on it; and the
                // edges get at most 256 points each, however large the box (1e308 once made the densifier run out of memory).
                var span = Math.Max(corners.EnvelopeInternal.Width, corners.EnvelopeInternal.Height);
                if (!double.IsFinite(span) || (crs.IsLonLat ? numbers.Any(n => Math.Abs(n!.Value) > 180) : span > 1e7 || numbers.Any(n => Math.Abs(n!.Value) > 1e9)))
                    throw new ArgumentException("out of range");
                var box = crs.ToStorage(NetTopologySuite.Densify.Densifier.Densify(corners, Math.Max(Densify(crs), span / 256))).EnvelopeInternal;
                numbers = [box.MinX, box.MinY, box.MaxX, box.MaxY];
                if (numbers.Any(n => !double.IsFinite(n!.Value))) throw new ArgumentException("not finite");
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or ArithmeticException)
            {
                errors.Add(new("bbox", Problems.Problems.InvalidParameter, "cannot be converted from bbox-crs to longitude and latitude"));
                return null;
            }
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
        // cql-text is the draft's name (GDAL 3.6 sends it); its basic grammar is cql2-text's.
        if (lang == "cql-text") lang = "cql2-text";
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

    /// <summary>A CRS parameter (crs, bbox-crs, filter-crs): CRS84 when absent; an unsupported one is a named 400 (and CRS84 meanwhile).</summary>
    internal static CrsRef ParseCrs(IQueryCollection query, string name, List<FieldError> errors)
    {
        if (!query.TryGetValue(name, out var raw)) return CrsRef.Crs84;
        if (CrsRef.Parse(raw.ToString()) is { } crs) return crs;
        errors.Add(new(name, Problems.Problems.InvalidParameter, UnsupportedCrs(raw.ToString())));
        return CrsRef.Crs84;
    }

    public static string UnsupportedCrs(string value) =>
        $"'{value}' is not supported; use CRS84, EPSG:4490, EPSG:4326 or a CGCS2000 3° Gauss–Krüger zone EPSG:4513–4554 (as http://www.opengis.net/def/crs/EPSG/0/<code>)";

    /// <summary>Edges are densified before a box is reprojected, so the lon/lat envelope covers the curved edges: 100 m in metres, 0.001° in degrees.</summary>
    private static double Densify(CrsRef crs) => crs.IsLonLat ? 0.001 : 100;

    /// <summary>datetime (OGC API – Features Part 1, 7.15.4): an instant or an interval a/b with .. for an open end; a date alone is that whole day (China time).</summary>
    private static (DateTimeOffset? From, DateTimeOffset? To) ParseDateTime(IQueryCollection query, List<FieldError> errors)
    {
        if (!query.TryGetValue("datetime", out var raw)) return (null, null);
        var text = raw.ToString();
        var parts = text.Split('/');
        if (parts.Length is 1 or 2 && TryInstant(parts[0], start: true, out var from) && TryInstant(parts[^1], start: false, out var to)
            && !(parts.Length == 1 && parts[0] == "..") && !(parts.Length == 2 && parts[0] is ".." or "" && parts[1] is ".." or ""))
        {
            if (from is null || to is null || from <= to) return (from, to);
        }
        errors.Add(new("datetime", Problems.Problems.InvalidParameter,
                $"'{text}' is not an RFC 3339 date-time, date or interval (start/end, '..' for an open end), or its start is after its end"));
        return (null, null);
    }

    private static bool TryInstant(string text, bool start, out DateTimeOffset? value)
    {
        value = null;
        if (text is ".." or "") return true;
        if (DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day >= FirstDay && day <= LastDay)
        {
            value = start ? LandMap.Core.History.ChinaDay.Start(day) : LandMap.Core.History.ChinaDay.End(day).AddTicks(-1);
            return true;
        }
        if (text.Length >= 20 && text[10] is 'T' or 't' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            && at.Year >= FirstDay.Year && at.Year <= LastDay.Year)
        {
            value = at.ToUniversalTime();
            return true;
        }
        return false;
    }

    /// <summary>limit: a whole number from 1; any larger than the maximum (however large) is the maximum.</summary>
    private static int ParseLimit(IQueryCollection query, List<FieldError> errors)
    {
        if (!query.TryGetValue("limit", out var raw)) return ItemQuery.DefaultLimit;
        var text = raw.ToString();
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            if (text.TrimStart('0').Length > 9) return ItemQuery.MaxLimit; // beyond int: still just "more than the maximum"
            var value = int.Parse(text, CultureInfo.InvariantCulture);
            if (value >= 1) return Math.Min(value, ItemQuery.MaxLimit);
        }
        errors.Add(new("limit", Problems.Problems.InvalidParameter, $"'{text}' is not a whole number from 1 (at most {ItemQuery.MaxLimit} are returned)"));
        return ItemQuery.DefaultLimit;
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
