using NetTopologySuite.Geometries;

namespace LandMap.Core.Cql2;

/// <summary>
/// A parsed CQL2 filter (OGC 21-065, Common Query Language): the same tree comes from cql2-text and cql2-json, and is
/// evaluated in memory (<see cref="Cql2Evaluator"/>) or translated to parameterised SQL by the API.
/// </summary>
public abstract record Cql2Expression;

/// <summary>AND / OR over two or more operands.</summary>
public sealed record Cql2Logical(Cql2LogicalOp Op, IReadOnlyList<Cql2Expression> Args) : Cql2Expression;

public enum Cql2LogicalOp { And, Or }

public sealed record Cql2Not(Cql2Expression Arg) : Cql2Expression;

/// <summary>A binary comparison: =, &lt;&gt;, &lt;, &gt;, &lt;=, &gt;=.</summary>
public sealed record Cql2Comparison(Cql2CompareOp Op, Cql2Expression Left, Cql2Expression Right) : Cql2Expression;

public enum Cql2CompareOp { Eq, Ne, Lt, Gt, Le, Ge }

/// <summary>LIKE with the CQL2 wildcards: % any run, _ one character, \ escapes the next.</summary>
public sealed record Cql2Like(Cql2Expression Value, Cql2Expression Pattern) : Cql2Expression;

public sealed record Cql2Between(Cql2Expression Value, Cql2Expression Low, Cql2Expression High) : Cql2Expression;

public sealed record Cql2In(Cql2Expression Value, IReadOnlyList<Cql2Expression> List) : Cql2Expression;

public sealed record Cql2IsNull(Cql2Expression Value) : Cql2Expression;

/// <summary>S_INTERSECTS, S_EQUALS, S_DISJOINT, S_TOUCHES, S_WITHIN, S_OVERLAPS, S_CROSSES, S_CONTAINS.</summary>
public sealed record Cql2Spatial(Cql2SpatialOp Op, Cql2Expression Left, Cql2Expression Right) : Cql2Expression;

public enum Cql2SpatialOp { Intersects, Equals, Disjoint, Touches, Within, Overlaps, Crosses, Contains }

/// <summary>A queryable, by name.</summary>
public sealed record Cql2Property(string Name) : Cql2Expression;

/// <summary>A string, number (double), boolean, date (<see cref="DateOnly"/>) or timestamp (<see cref="DateTimeOffset"/>).</summary>
public sealed record Cql2Literal(object Value) : Cql2Expression;

/// <summary>A geometry literal (WKT, BBOX or GeoJSON), in the filter's CRS; the API says which (filter-crs, default CRS84).</summary>
public sealed record Cql2Geometry(Geometry Value) : Cql2Expression;

/// <summary>CASEI: the character expression compared case-insensitively (lower-cased on both sides).</summary>
public sealed record Cql2CaseInsensitive(Cql2Expression Arg) : Cql2Expression;

/// <summary>A filter that cannot be read: where (1-based character position; 0 for cql2-json, which names a path) and what was expected.</summary>
public sealed class Cql2Exception(string message, int position = 0, string? path = null) : Exception(message)
{
    public int Position { get; } = position;

    public string? Path { get; } = path;
}
