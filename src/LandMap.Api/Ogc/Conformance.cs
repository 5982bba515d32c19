namespace LandMap.Api.Ogc;

/// <summary>
/// The conformance classes LandMap declares at /conformance: only those its tests exercise (see the closing note of
/// issue 10 for the test of each).
/// </summary>
public static class Conformance
{
    private const string Features1 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/";
    private const string Features2 = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/";
    private const string Features3 = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/";
    private const string Cql2 = "http://www.opengis.net/spec/cql2/1.0/conf/";

    public static readonly IReadOnlyList<string> Classes =
    [
        Features1 + "core", Features1 + "geojson", Features1 + "oas30",
        Features2 + "crs",
        Features3 + "queryables", Features3 + "queryables-query-parameters", Features3 + "filter", Features3 + "features-filter",
        Cql2 + "cql2-text", Cql2 + "cql2-json", Cql2 + "basic-cql2", Cql2 + "advanced-comparison-operators",
        Cql2 + "case-insensitive-comparison", Cql2 + "basic-spatial-functions", Cql2 + "basic-spatial-functions-plus",
        Cql2 + "spatial-functions", Cql2 + "property-property",
    ];
}
