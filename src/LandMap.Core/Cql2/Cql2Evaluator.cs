using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NetTopologySuite.Geometries;

namespace LandMap.Core.Cql2;

/// <summary>
/// Evaluates a CQL2 filter against one feature's properties, with SQL's three-valued logic (a comparison with a missing
/// or null value is unknown, and NOT unknown is unknown) so that it agrees with the SQL the API runs. Properties hold
/// strings, numbers, booleans, <see cref="DateOnly"/>, <see cref="DateTimeOffset"/> or <see cref="Geometry"/>.
/// </summary>
public static class Cql2Evaluator
{
    /// <summary>True when the feature is selected (unknown selects nothing, as in SQL).</summary>
    public static bool Matches(Cql2Expression filter, IReadOnlyDictionary<string, object?> properties) => Evaluate(filter, properties) == true;

    public static bool? Evaluate(Cql2Expression filter, IReadOnlyDictionary<string, object?> p) => filter switch
    {
        Cql2Logical { Op: Cql2LogicalOp.And } and => And(and.Args.Select(a => Evaluate(a, p))),
        Cql2Logical or => Or(or.Args.Select(a => Evaluate(a, p))),
        Cql2Not not => Evaluate(not.Arg, p) is { } b ? !b : null,
        Cql2Literal { Value: bool b } => b,
        Cql2Comparison c => Compare(Value(c.Left, p), Value(c.Right, p)) is { } order ? c.Op switch
        {
            Cql2CompareOp.Eq => order == 0, Cql2CompareOp.Ne => order != 0, Cql2CompareOp.Lt => order < 0,
            Cql2CompareOp.Gt => order > 0, Cql2CompareOp.Le => order <= 0, _ => order >= 0,
        } : null,
        Cql2Like like => Value(like.Value, p) is string s && Value(like.Pattern, p) is string pattern ? LikeRegex(pattern).IsMatch(s) : null,
        Cql2Between between => Compare(Value(between.Value, p), Value(between.Low, p)) is { } lo && Compare(Value(between.Value, p), Value(between.High, p)) is { } hi
            ? lo >= 0 && hi <= 0 : null,
        Cql2In @in => In(Value(@in.Value, p), @in.List.Select(x => Value(x, p))),
        Cql2IsNull isNull => Value(isNull.Value, p) is null,
        Cql2Spatial s => Value(s.Left, p) is Geometry a && Value(s.Right, p) is Geometry b ? Spatial(s.Op, a, b) : null,
        _ => throw new Cql2Exception($"{filter.GetType().Name} is not a predicate"),
    };

    /// <summary>A LIKE pattern as an anchored regular expression: % any run, _ one character, \ escapes the next.</summary>
    public static Regex LikeRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) sb.Append(Regex.Escape(pattern[++i].ToString()));
            else if (c == '%') sb.Append(".*");
            else if (c == '_') sb.Append('.');
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static object? Value(Cql2Expression e, IReadOnlyDictionary<string, object?> p) => e switch
    {
        Cql2Property property => p.TryGetValue(property.Name, out var v) ? Normalise(v) : null,
        Cql2Literal literal => Normalise(literal.Value),
        Cql2Geometry g => g.Value,
        Cql2CaseInsensitive ci => Value(ci.Arg, p) is string s ? s.ToLowerInvariant() : null,
        _ => throw new Cql2Exception($"{e.GetType().Name} is not a value"),
    };

    private static object? Normalise(object? v) => v switch
    {
        int or long or float or decimal or short => Convert.ToDouble(v, CultureInfo.InvariantCulture),
        _ => v,
    };

    private static int? Compare(object? a, object? b) => (a, b) switch
    {
        (null, _) or (_, null) => null,
        (double x, double y) => x.CompareTo(y),
        (string x, string y) => string.CompareOrdinal(x, y),
        (bool x, bool y) => x.CompareTo(y),
        (DateOnly x, DateOnly y) => x.CompareTo(y),
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        (DateTimeOffset x, DateOnly y) => x.CompareTo(new DateTimeOffset(y.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
        (DateOnly x, DateTimeOffset y) => new DateTimeOffset(x.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).CompareTo(y),
        _ => throw new Cql2Exception($"cannot compare {Describe(a)} with {Describe(b)}"),
    };

    private static bool? In(object? value, IEnumerable<object?> list)
    {
        if (value is null) return null;
        var unknown = false;
        foreach (var item in list)
        {
            var order = Compare(value, item);
            if (order == 0) return true;
            if (order is null) unknown = true;
        }
        return unknown ? null : false;
    }

    private static bool Spatial(Cql2SpatialOp op, Geometry a, Geometry b) => op switch
    {
        Cql2SpatialOp.Intersects => a.Intersects(b), Cql2SpatialOp.Equals => a.EqualsTopologically(b), Cql2SpatialOp.Disjoint => a.Disjoint(b),
        Cql2SpatialOp.Touches => a.Touches(b), Cql2SpatialOp.Within => a.Within(b), Cql2SpatialOp.Overlaps => a.Overlaps(b),
        Cql2SpatialOp.Crosses => a.Crosses(b), _ => a.Contains(b),
    };

    private static bool? And(IEnumerable<bool?> values)
    {
        var unknown = false;
        foreach (var v in values)
        {
            if (v == false) return false;
            if (v is null) unknown = true;
        }
        return unknown ? null : true;
    }

    private static bool? Or(IEnumerable<bool?> values)
    {
        var unknown = false;
        foreach (var v in values)
        {
            if (v == true) return true;
            if (v is null) unknown = true;
        }
        return unknown ? null : false;
    }

    private static string Describe(object? v) => v switch
    {
        double => "a number", string => "a text", bool => "a boolean", DateOnly => "a date", DateTimeOffset => "a timestamp",
        Geometry => "a geometry", _ => "a value",
    };
}
