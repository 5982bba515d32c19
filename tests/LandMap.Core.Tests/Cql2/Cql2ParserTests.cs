using LandMap.Core.Cql2;

namespace LandMap.Core.Tests.Cql2;

/// <summary>What LandMap's own filters look like, operator precedence, null logic, and the errors a user sees.</summary>
public class Cql2ParserTests
{
    private static readonly Dictionary<string, object?> Parcel = new()
    {
        ["code"] = "LX-001", ["landUse"] = "100101", ["areaMu"] = 32.5, ["status"] = "idle", ["zone"] = "LAIXI",
        ["address"] = "Zhèjiāng Road 8", ["priceWanPerMu"] = null, ["agreedStartOn"] = new DateOnly(2025, 3, 1),
    };

    [Theory]
    [InlineData("landUse LIKE '1001%' AND areaMu BETWEEN 20 AND 50", true)]
    [InlineData("landUse LIKE '1001%' AND areaMu BETWEEN 33 AND 50", false)]
    [InlineData("areaMu NOT BETWEEN 33 AND 50", true)]
    [InlineData("status IN ('idle', 'negotiating')", true)]
    [InlineData("status NOT IN ('idle', 'negotiating')", false)]
    [InlineData("code = 'LX-001' OR areaMu > 100 AND status = 'retired'", true)]
    [InlineData("(code = 'LX-001' OR areaMu > 100) AND status = 'retired'", false)]
    [InlineData("NOT status = 'idle'", false)]
    [InlineData("priceWanPerMu IS NULL", true)]
    [InlineData("priceWanPerMu IS NOT NULL", false)]
    [InlineData("CASEI(code) = casei('lx-001')", true)]
    [InlineData("address LIKE 'Zhèjiāng%'", true)]
    [InlineData("address LIKE 'Zhejiang%'", false)]
    [InlineData("agreedStartOn < DATE('2025-03-02')", true)]
    [InlineData("agreedStartOn >= DATE('2025-03-02')", false)]
    [InlineData("code LIKE 'LX\\-00_'", true)]
    [InlineData("code LIKE 'LX_00'", false)]
    [InlineData("true", true)]
    [InlineData("false OR areaMu <> 32.5", false)]
    [InlineData("status = 'it''s'", false)]
    public void Reads_and_evaluates_landmap_filters(string text, bool expected) =>
        Assert.Equal(expected, Cql2Evaluator.Matches(Cql2TextParser.Parse(text), Parcel));

    [Theory]
    [InlineData("priceWanPerMu > 5")]
    [InlineData("NOT priceWanPerMu > 5")]
    [InlineData("priceWanPerMu IN (1, 2)")]
    [InlineData("missing = 'x'")]
    public void A_comparison_with_null_selects_nothing_either_way(string text) =>
        Assert.False(Cql2Evaluator.Matches(Cql2TextParser.Parse(text), Parcel));

    [Theory]
    [InlineData("areaMu >", 9, "expected a property name or a value, found the end of the filter")]
    [InlineData("areaMu 5", 8, "expected a comparison operator")]
    [InlineData("areaMu > 5 AND", 15, "expected a property name or a value")]
    [InlineData("(areaMu > 5", 12, "expected ')'")]
    [InlineData("areaMu > 5)", 11, "expected AND, OR or the end of the filter")]
    [InlineData("code = 'open", 8, "no closing quote")]
    [InlineData("areaMu BETWEEN 1 OR 2", 18, "expected AND")]
    [InlineData("status IN ('a' 'b')", 16, "',' or ')' closing the IN list")]
    [InlineData("code NOT = 'x'", 10, "expected LIKE, BETWEEN or IN after NOT")]
    [InlineData("S_INTERSECTS(geom, POLYGON((0 0, 1 1, 0 1)))", 20, "cannot be read as WKT")]
    [InlineData("S_INTERSECTS(geom, BBOX(1, 2, 3))", 20, "BBOX takes 4 or 6 numbers")]
    [InlineData("agreedStartOn < DATE('2025-02-30')", 22, "not a valid date")]
    [InlineData("upper(code) = 'X'", 1, "unknown function 'upper'")]
    [InlineData("ACCENTI(address) = 'x'", 1, "ACCENTI (accent-insensitive comparison) is not supported")]
    [InlineData("code = 'a' ; DROP TABLE parcels", 12, "unexpected character ';'")]
    public void A_syntax_error_names_the_position_and_what_was_expected(string text, int position, string message)
    {
        var error = Assert.Throws<Cql2Exception>(() => Cql2TextParser.Parse(text));
        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message);
        Assert.StartsWith($"at position {position}:", error.Message);
    }

    [Fact]
    public void Hostile_nesting_and_length_are_refused_before_they_cost_anything()
    {
        Assert.Contains("deeper than", Assert.Throws<Cql2Exception>(() => Cql2TextParser.Parse(new string('(', 500) + "a = 1" + new string(')', 500))).Message);
        Assert.Contains("at most", Assert.Throws<Cql2Exception>(() => Cql2TextParser.Parse("a = '" + new string('x', 30_000) + "'")).Message);
    }

    [Theory]
    [InlineData("""{"op": "between", "args": [{"property": "areaMu"}, 20]}""", "$.args", "takes 3 operands")]
    [InlineData("""{"op": "and", "args": [{"op": "=", "args": [{"property": "a"}, 1]}, {"op": "nope", "args": []}]}""", "$.args[1].op", "unknown or unsupported operator 'nope'")]
    [InlineData("""{"op": "=", "args": [{"property": "a"}, [1]]}""", "$.args[1]", "expected a property")]
    [InlineData("""{"op": "in", "args": [{"property": "a"}, 1]}""", "$.args[1]", "array")]
    [InlineData("""{"op": "s_intersects", "args": [{"property": "geom"}, {"type": "Polygon", "coordinates": [[[0,0],[1,1],[0,1]]]}]}""", "$.args[1]", "cannot be read")]
    [InlineData("""{"op": "=", "args": [{"property": "a"}, {"date": "2025-13-01"}]}""", "$.args[1].date", "expected a date")]
    [InlineData("""not json""", "$", "not JSON")]
    [InlineData("""{"op": "in", "args": [{"property": "a"}, []]}""", "$.args[1]", "at least one")]
    public void A_json_error_names_the_path(string json, string path, string message)
    {
        var error = Assert.Throws<Cql2Exception>(() => Cql2JsonParser.Parse(json));
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Geojson_literals_intersect_like_wkt()
    {
        var wkt = Cql2TextParser.Parse("S_INTERSECTS(geom, POLYGON((0 0, 2 0, 2 2, 0 2, 0 0)))");
        var json = Cql2JsonParser.Parse("""{"op": "s_intersects", "args": [{"property": "geom"}, {"type": "Polygon", "coordinates": [[[0,0],[2,0],[2,2],[0,2],[0,0]]]}]}""");
        var point = new NetTopologySuite.Geometries.GeometryFactory().CreatePoint(new NetTopologySuite.Geometries.Coordinate(1, 1));
        var far = new NetTopologySuite.Geometries.GeometryFactory().CreatePoint(new NetTopologySuite.Geometries.Coordinate(5, 5));
        foreach (var f in new[] { wkt, json })
        {
            Assert.True(Cql2Evaluator.Matches(f, new Dictionary<string, object?> { ["geom"] = point }));
            Assert.False(Cql2Evaluator.Matches(f, new Dictionary<string, object?> { ["geom"] = far }));
        }
    }
}
