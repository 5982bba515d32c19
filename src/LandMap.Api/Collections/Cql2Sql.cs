using LandMap.Core.Cql2;
using NetTopologySuite.Geometries;

namespace LandMap.Api.Collections;

/// <summary>
/// Turns a CQL2 tree into a SQL condition over the queryables whitelist. Column SQL comes only from
/// <see cref="Queryable.Sql"/>; every literal travels as a parameter of the <see cref="SqlFilter"/>, never as text in the
/// SQL. Literals are checked against the type of the property they meet, so a mistyped filter is a 400 naming the
/// property, not a database error. SQL's NULL logic is CQL2's: a comparison with a missing value selects nothing.
/// </summary>
internal sealed class Cql2Sql(IReadOnlyDictionary<string, Queryable> queryables, SqlFilter filter, Func<Geometry, Geometry> toStorage)
{
    private sealed record Operand(string Sql, QueryableType? Type);

    public static string Translate(Cql2Expression expression, IReadOnlyDictionary<string, Queryable> queryables, SqlFilter filter,
        Func<Geometry, Geometry> toStorage) => "(" + new Cql2Sql(queryables, filter, toStorage).Condition(expression) + ")";

    /// <summary>
    /// Adds a request's CQL2 filter (in <paramref name="filterCrs"/>) and its queryable equalities to <paramref name="filter"/>
    /// over the queryables <paramref name="role"/> may name; the problem when one cannot be translated (a queryable parameter
    /// the caller may not name, an internal one for the public, is an unknown parameter).
    /// </summary>
    public static Problems.FieldError? AddTo(SqlFilter filter, string collectionId, string role, Cql2Expression? cql2Filter, string filterCrs,
        Cql2Expression? equalities)
    {
        foreach (var (cql2, field) in new[] { (cql2Filter, "filter"), (equalities, "queryables") })
        {
            if (cql2 is null) continue;
            try
            {
                filter.Add(Translate(cql2, Queryables.For(collectionId, role), filter, CrsRef.Parse(filterCrs)!.ToStorage));
            }
            catch (Cql2Exception e)
            {
                return new(field, field == "filter" ? Problems.Problems.InvalidFilter : Problems.Problems.UnknownParameter, e.Message);
            }
        }
        return null;
    }

    private string Condition(Cql2Expression e) => e switch
    {
        Cql2Logical l => "(" + string.Join(l.Op == Cql2LogicalOp.And ? " AND " : " OR ", l.Args.Select(Condition)) + ")",
        Cql2Not n => $"(NOT {Condition(n.Arg)})",
        Cql2Literal { Value: bool b } => b ? "TRUE" : "FALSE",
        Cql2Comparison c => Comparison(c),
        Cql2Like like => Like(like),
        Cql2Between b => Between(b),
        Cql2In i => In(i),
        Cql2IsNull n => $"({Value(n.Value, null).Sql} IS NULL)",
        Cql2Spatial s => Spatial(s),
        _ => throw new Cql2Exception("this part of the filter is a value, not a condition"),
    };

    private string Comparison(Cql2Comparison c)
    {
        var (left, right) = Pair(c.Left, c.Right);
        Comparable(left.Type, c);
        var op = c.Op switch
        {
            Cql2CompareOp.Eq => "=", Cql2CompareOp.Ne => "<>", Cql2CompareOp.Lt => "<", Cql2CompareOp.Gt => ">", Cql2CompareOp.Le => "<=", _ => ">=",
        };
        return $"({left.Sql} {op} {right.Sql})";
    }

    private string Like(Cql2Like like)
    {
        var value = Value(like.Value, QueryableType.String);
        var pattern = Value(like.Pattern, QueryableType.String);
        if (value.Type != QueryableType.String || pattern.Type != QueryableType.String)
            throw new Cql2Exception("LIKE compares text: both sides must be text properties or quoted text");
        // PostgreSQL's LIKE has CQL2's wildcards (% and _) and escape character (\).
        return $"({value.Sql} LIKE {pattern.Sql})";
    }

    private string Between(Cql2Between b)
    {
        var value = Value(b.Value, null);
        var type = value.Type ?? Value(b.Low, null).Type;
        if (type is not (QueryableType.Number or QueryableType.Integer or QueryableType.Date or QueryableType.DateTime))
            throw new Cql2Exception("BETWEEN compares numbers, dates or timestamps");
        if (value.Type is null) value = Value(b.Value, type);
        return $"({value.Sql} BETWEEN {Value(b.Low, type).Sql} AND {Value(b.High, type).Sql})";
    }

    private string In(Cql2In i)
    {
        if (i.List.Count == 0) throw new Cql2Exception("IN needs at least one value");
        var value = Value(i.Value, null);
        var items = i.List.Select(x => Value(x, value.Type)).ToList();
        if (value.Type is null) value = Value(i.Value, items.FirstOrDefault(x => x.Type is not null)?.Type);
        return $"({value.Sql} IN ({string.Join(", ", items.Select(x => x.Sql))}))";
    }

    private string Spatial(Cql2Spatial s)
    {
        var left = Value(s.Left, QueryableType.Geometry);
        var right = Value(s.Right, QueryableType.Geometry);
        if (left.Type != QueryableType.Geometry || right.Type != QueryableType.Geometry)
            throw new Cql2Exception($"S_{s.Op.ToString().ToUpperInvariant()} compares geometries: name the geometry property and give a WKT, BBOX or GeoJSON geometry");
        var fn = s.Op switch
        {
            Cql2SpatialOp.Intersects => "ST_Intersects", Cql2SpatialOp.Equals => "ST_Equals", Cql2SpatialOp.Disjoint => "ST_Disjoint",
            Cql2SpatialOp.Touches => "ST_Touches", Cql2SpatialOp.Within => "ST_Within", Cql2SpatialOp.Overlaps => "ST_Overlaps",
            Cql2SpatialOp.Crosses => "ST_Crosses", _ => "ST_Contains",
        };
        return $"{fn}({left.Sql}, {right.Sql})";
    }

    /// <summary>Both sides of a comparison; a literal takes the type of the property it meets.</summary>
    private (Operand Left, Operand Right) Pair(Cql2Expression a, Cql2Expression b)
    {
        var left = Value(a, null);
        var right = Value(b, left.Type, NameOf(a));
        if (left.Type is null && right.Type is not null) left = Value(a, right.Type, NameOf(b));
        return (left, right);
    }

    private static void Comparable(QueryableType? type, Cql2Comparison c)
    {
        if (type == QueryableType.Geometry) throw new Cql2Exception("geometries are compared with the S_ spatial functions, not with " + c.Op);
        if (type == QueryableType.Boolean && c.Op is not (Cql2CompareOp.Eq or Cql2CompareOp.Ne))
            throw new Cql2Exception("true/false values are compared with = or <> only");
    }

    /// <summary>The SQL of a value; <paramref name="expected"/> is the type a literal must have (null: take the literal's own).</summary>
    private static string? NameOf(Cql2Expression e) => e switch
    {
        Cql2Property p => p.Name, Cql2CaseInsensitive ci => NameOf(ci.Arg), _ => null,
    };

    private Operand Value(Cql2Expression e, QueryableType? expected, string? against = null)
    {
        switch (e)
        {
            case Cql2Property p:
                if (!queryables.TryGetValue(p.Name, out var q))
                    throw new Cql2Exception($"unknown queryable '{p.Name}'; queryables: {string.Join(", ", queryables.Keys.Where(k => k != "geom").Order(StringComparer.Ordinal))}");
                if (expected is { } want && !Compatible(q.Type, want))
                    throw new Cql2Exception($"'{p.Name}' is {Describe(q.Type)}, compared with {Describe(want)}");
                return new(q.Sql, q.Type);
            case Cql2CaseInsensitive ci:
                var inner = Value(ci.Arg, QueryableType.String);
                if (inner.Type is not (QueryableType.String or null)) throw new Cql2Exception("CASEI takes text");
                return new($"lower({inner.Sql})", QueryableType.String);
            case Cql2Geometry g:
                return new($"ST_GeomFromText({filter.Param(Stored(g.Value).AsText())}::text, 4490)", QueryableType.Geometry);
            case Cql2Literal l:
                var type = TypeOf(l.Value);
                if (expected is { } want2 && !Compatible(type, want2))
                    throw new Cql2Exception(against is null
                        ? $"{Describe(type)} ({Show(l.Value)}) is compared with {Describe(want2)}"
                        : $"'{against}' is {Describe(want2)}, compared with {Describe(type)} ({Show(l.Value)})");
                return new(LiteralSql(l.Value), type);
            default:
                throw new Cql2Exception("a condition stands where a value is expected");
        }
    }

    /// <summary>A geometry literal in the storage CRS, refused (not sent to PostGIS) when a coordinate is not a finite number.</summary>
    private Geometry Stored(Geometry literal)
    {
        Geometry stored;
        try
        {
            stored = toStorage(literal);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or ArithmeticException)
        {
            throw new Cql2Exception("a geometry's coordinates cannot be converted from filter-crs");
        }
        if (literal.Coordinates.Concat(stored.Coordinates).Any(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y)))
            throw new Cql2Exception("a geometry has a coordinate that is not a finite number (or lies outside filter-crs)");
        if (stored.Coordinates.Any(c => c.X is < -180 or > 180 || c.Y is < -90 or > 90))
            throw new Cql2Exception("a geometry lies outside longitudes -180…180 and latitudes -90…90 (check filter-crs and the axis order)");
        return stored;
    }

    private string LiteralSql(object value) => value switch
    {
        double d => $"{filter.Param(d)}::double precision",
        string s => $"{filter.Param(s)}::text",
        bool b => $"{filter.Param(b)}::boolean",
        DateOnly day => $"{filter.Param(day)}::date",
        DateTimeOffset at => $"{filter.Param(at.ToUniversalTime())}::timestamptz",
        _ => throw new Cql2Exception("unsupported literal"),
    };

    private static QueryableType TypeOf(object value) => value switch
    {
        double => QueryableType.Number, string => QueryableType.String, bool => QueryableType.Boolean,
        DateOnly => QueryableType.Date, DateTimeOffset => QueryableType.DateTime, _ => QueryableType.String,
    };

    private static bool Compatible(QueryableType a, QueryableType b) =>
        a == b || (Numeric(a) && Numeric(b)) || (Temporal(a) && Temporal(b));

    private static bool Numeric(QueryableType t) => t is QueryableType.Number or QueryableType.Integer;

    private static bool Temporal(QueryableType t) => t is QueryableType.Date or QueryableType.DateTime;

    private static string Describe(QueryableType t) => t switch
    {
        QueryableType.Number or QueryableType.Integer => "a number", QueryableType.String => "text", QueryableType.Boolean => "true/false",
        QueryableType.Date => "a date", QueryableType.DateTime => "a timestamp", _ => "a geometry",
    };

    private static string Show(object v) => v switch
    {
        string s => $"'{s}'", double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture), bool b => b ? "true" : "false",
        _ => v.ToString() ?? "",
    };
}
