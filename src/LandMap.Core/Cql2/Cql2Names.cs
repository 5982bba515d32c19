namespace LandMap.Core.Cql2;

/// <summary>Operator and function names as CQL2 writes them (text keywords are case-insensitive; JSON "op" values lower case).</summary>
internal static class Cql2Names
{
    public static readonly IReadOnlyDictionary<string, Cql2SpatialOp> Spatial = new Dictionary<string, Cql2SpatialOp>(StringComparer.OrdinalIgnoreCase)
    {
        ["s_intersects"] = Cql2SpatialOp.Intersects, ["s_equals"] = Cql2SpatialOp.Equals, ["s_disjoint"] = Cql2SpatialOp.Disjoint,
        ["s_touches"] = Cql2SpatialOp.Touches, ["s_within"] = Cql2SpatialOp.Within, ["s_overlaps"] = Cql2SpatialOp.Overlaps,
        ["s_crosses"] = Cql2SpatialOp.Crosses, ["s_contains"] = Cql2SpatialOp.Contains,
    };

    public static readonly IReadOnlyDictionary<string, Cql2CompareOp> Compare = new Dictionary<string, Cql2CompareOp>
    {
        ["="] = Cql2CompareOp.Eq, ["<>"] = Cql2CompareOp.Ne, ["<"] = Cql2CompareOp.Lt, [">"] = Cql2CompareOp.Gt,
        ["<="] = Cql2CompareOp.Le, [">="] = Cql2CompareOp.Ge,
    };

    public static readonly IReadOnlySet<string> WktKeywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION",
    };

    /// <summary>Words that cannot be property names unquoted.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL", "TRUE", "FALSE", "DATE", "TIMESTAMP", "CASEI", "ACCENTI", "BBOX",
    };
}
