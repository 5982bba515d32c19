using LandMap.Core.Cql2;
using NetTopologySuite.Geometries;

namespace LandMap.Core.Tests.Cql2;

/// <summary>
/// The standard's own examples (OGC 21-065 CQL2, cql2/standard/schema/examples in opengeospatial/ogcapi-features), parsed
/// from text and from JSON, and evaluated against features built to pass and to fail each one.
/// </summary>
public class Cql2StandardExamplesTests
{
    private static readonly GeometryFactory Factory = new();

    private static Dictionary<string, object?> Feature(params (string Key, object? Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    [Fact]
    public void Example01_a_string_equality_on_a_prefixed_property()
    {
        var filter = Cql2TextParser.Parse("landsat:scene_id = 'LC82030282019133LGN00'");
        Assert.True(Cql2Evaluator.Matches(filter, Feature(("landsat:scene_id", "LC82030282019133LGN00"))));
        Assert.False(Cql2Evaluator.Matches(filter, Feature(("landsat:scene_id", "LC82030282019133LGN01"))));
        Assert.False(Cql2Evaluator.Matches(filter, Feature()));
    }

    [Fact]
    public void Example05a_or_of_number_equalities()
    {
        var filter = Cql2TextParser.Parse("ro:cloud_cover=0.1 OR ro:cloud_cover=0.2");
        Assert.True(Cql2Evaluator.Matches(filter, Feature(("ro:cloud_cover", 0.2))));
        Assert.False(Cql2Evaluator.Matches(filter, Feature(("ro:cloud_cover", 0.3))));
    }

    [Fact]
    public void Example07_like_and_a_wkt_polygon_written_over_many_lines()
    {
        var filter = Cql2TextParser.Parse("""
            eo_instruments LIKE 'OLI%'
                            AND S_INTERSECTS(footprint,POLYGON((43.5845 -79.5442,
                                                                43.6079 -79.4893,
                                                                43.5677 -79.4632,
                                                                43.6129 -79.3925,
                                                                43.6223 -79.3238,
                                                                43.6576 -79.3163,
                                                                43.7945 -79.1178,
                                                                43.8144 -79.1542,
                                                                43.8555 -79.1714,
                                                                43.7509 -79.6390,
                                                                43.5845 -79.5442)))
            """);
        var inside = Factory.CreatePoint(new Coordinate(43.70, -79.40));
        var outside = Factory.CreatePoint(new Coordinate(10, 10));
        Assert.True(Cql2Evaluator.Matches(filter, Feature(("eo_instruments", "OLI_TIRS"), ("footprint", inside))));
        Assert.False(Cql2Evaluator.Matches(filter, Feature(("eo_instruments", "OLI_TIRS"), ("footprint", outside))));
        Assert.False(Cql2Evaluator.Matches(filter, Feature(("eo_instruments", "TM"), ("footprint", inside))));
    }

    [Fact]
    public void Example16_text_and_json_read_the_same_and_select_the_same()
    {
        var text = Cql2TextParser.Parse("""
            swimming_pool=true AND (floors>5 
                                OR  material LIKE 'brick%'
                                OR  material LIKE '%brick')
            """);
        var json = Cql2JsonParser.Parse("""
            { "op": "and", "args": [
                { "op": "=", "args": [ { "property": "swimming_pool" }, true ] },
                { "op": "or", "args": [
                    { "op": ">", "args": [ { "property": "floors" }, 5 ] },
                    { "op": "like", "args": [ { "property": "material" }, "brick%" ] },
                    { "op": "like", "args": [ { "property": "material" }, "%brick" ] } ] } ] }
            """);
        Assert.Equal(Print(text), Print(json));
        foreach (var (feature, expected) in new[]
        {
            (Feature(("swimming_pool", true), ("floors", 6), ("material", "wood")), true),
            (Feature(("swimming_pool", true), ("floors", 2), ("material", "red brick")), true),
            (Feature(("swimming_pool", true), ("floors", 2), ("material", "brick and stone")), true),
            (Feature(("swimming_pool", true), ("floors", 2), ("material", "stone")), false),
            (Feature(("swimming_pool", false), ("floors", 9), ("material", "brick")), false),
        })
        {
            Assert.Equal(expected, Cql2Evaluator.Matches(text, feature));
            Assert.Equal(expected, Cql2Evaluator.Matches(json, feature));
        }
    }

    [Fact]
    public void Example17_parentheses_bind_before_or()
    {
        var filter = Cql2TextParser.Parse("(floors>5 AND material='brick') OR swimming_pool=true");
        Assert.True(Cql2Evaluator.Matches(filter, Feature(("floors", 1), ("material", "wood"), ("swimming_pool", true))));
        Assert.True(Cql2Evaluator.Matches(filter, Feature(("floors", 6), ("material", "brick"), ("swimming_pool", false))));
        Assert.False(Cql2Evaluator.Matches(filter, Feature(("floors", 6), ("material", "wood"), ("swimming_pool", false))));
    }

    [Fact]
    public void Example23_within_a_bbox_in_text_and_json()
    {
        var text = Cql2TextParser.Parse("S_WITHIN(location,BBOX(-118,33.8,-117.9,34))");
        var json = Cql2JsonParser.Parse("""{ "op": "s_within", "args": [ { "property": "location" }, { "bbox": [ -118, 33.8, -117.9, 34 ] } ] }""");
        var inside = Feature(("location", Factory.CreatePoint(new Coordinate(-117.95, 33.9))));
        var outside = Feature(("location", Factory.CreatePoint(new Coordinate(-117.5, 33.9))));
        Assert.True(Cql2Evaluator.Matches(text, inside));
        Assert.True(Cql2Evaluator.Matches(json, inside));
        Assert.False(Cql2Evaluator.Matches(text, outside));
        Assert.False(Cql2Evaluator.Matches(json, outside));
    }

    [Fact]
    public void Example28_casei_like_in_text_and_both_json_encodings()
    {
        var text = Cql2TextParser.Parse("CASEI(geophys:SURVEY_NAME) LIKE CASEI('%calcutta%')");
        var draft = Cql2JsonParser.Parse("""{ "op": "like", "args": [ { "casei": { "property": "geophys:SURVEY_NAME" } }, { "casei": "%calcutta%" } ] }""");
        var final = Cql2JsonParser.Parse("""
            { "op": "like", "args": [ { "op": "casei", "args": [ { "property": "geophys:SURVEY_NAME" } ] }, { "op": "casei", "args": [ "%calcutta%" ] } ] }
            """);
        foreach (var filter in new[] { text, draft, final })
        {
            Assert.True(Cql2Evaluator.Matches(filter, Feature(("geophys:SURVEY_NAME", "The CALCUTTA survey"))));
            Assert.False(Cql2Evaluator.Matches(filter, Feature(("geophys:SURVEY_NAME", "Madras"))));
        }
    }

    [Fact]
    public void Example31_a_quoted_property_name()
    {
        var filter = Cql2TextParser.Parse("\"value\" < 10");
        Assert.Equal(new Cql2Property("value"), ((Cql2Comparison)filter).Left);
        Assert.True(Cql2Evaluator.Matches(filter, Feature(("value", 9.5))));
        Assert.False(Cql2Evaluator.Matches(filter, Feature(("value", 10))));
    }

    [Fact]
    public void Clause7_07_intersects_a_point()
    {
        var filter = Cql2TextParser.Parse("S_INTERSECTS(geometry,POINT(36.319836 32.288087))");
        var box = Factory.ToGeometry(new Envelope(36, 37, 32, 33));
        Assert.True(Cql2Evaluator.Matches(filter, Feature(("geometry", box))));
        Assert.False(Cql2Evaluator.Matches(filter, Feature(("geometry", Factory.ToGeometry(new Envelope(0, 1, 0, 1))))));
    }

    [Theory]
    [InlineData("T_BEFORE(built, DATE('2015-01-01'))")]
    [InlineData("T_INTERSECTS(event_time, INTERVAL('1969-07-16T05:32:00Z', '1969-07-24T16:50:35Z'))")]
    public void Temporal_examples_are_refused_by_name_as_unsupported(string text)
    {
        var error = Assert.Throws<Cql2Exception>(() => Cql2TextParser.Parse(text));
        Assert.Equal(1, error.Position);
        Assert.Contains("temporal or array function", error.Message);
    }

    /// <summary>A canonical print of a tree, to compare what text and JSON produced.</summary>
    private static string Print(Cql2Expression e) => e switch
    {
        Cql2Logical l => $"{l.Op}({string.Join(", ", l.Args.Select(Print))})",
        Cql2Not n => $"Not({Print(n.Arg)})",
        Cql2Comparison c => $"{c.Op}({Print(c.Left)}, {Print(c.Right)})",
        Cql2Like like => $"Like({Print(like.Value)}, {Print(like.Pattern)})",
        Cql2Literal lit => $"{lit.Value.GetType().Name}:{lit.Value}",
        Cql2Property p => $"[{p.Name}]",
        _ => e.ToString()!,
    };
}
