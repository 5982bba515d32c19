using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace LandMap.Core.Cql2;

/// <summary>
/// Reads cql2-json (OGC 21-065, the JSON encoding) into the same tree as cql2-text: {"op": …, "args": […]},
/// {"property": name}, strings, numbers, booleans, {"date": …}, {"timestamp": …}, {"bbox": […]} and GeoJSON geometries.
/// Errors name the JSON path of the part that cannot be read.
/// </summary>
public static class Cql2JsonParser
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    private static readonly IReadOnlySet<string> GeometryTypes = new HashSet<string>
    {
        "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection",
    };

    public static Cql2Expression Parse(string json)
    {
        if (json.Length > Cql2TextParser.MaxLength)
            throw new Cql2Exception($"the filter is {json.Length} characters long; at most {Cql2TextParser.MaxLength} are read");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = Cql2TextParser.MaxDepth * 2 });
        }
        catch (JsonException e)
        {
            throw new Cql2Exception($"the filter is not JSON: {e.Message}", path: "$");
        }
        using (document) return Boolean(document.RootElement, "$");
    }

    private static Cql2Expression Boolean(JsonElement e, string path)
    {
        if (e.ValueKind is JsonValueKind.True or JsonValueKind.False) return new Cql2Literal(e.GetBoolean());
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("op", out var opElement) || opElement.ValueKind != JsonValueKind.String)
            throw Error(path, "expected an operation {\"op\": …, \"args\": […]} or true/false");
        var op = opElement.GetString()!;
        var args = Args(e, path);
        switch (op.ToLowerInvariant())
        {
            case "and" or "or":
                if (args.Count < 2) throw Error(path + ".args", $"'{op}' takes at least two operands");
                return new Cql2Logical(op.Equals("and", StringComparison.OrdinalIgnoreCase) ? Cql2LogicalOp.And : Cql2LogicalOp.Or,
                    [.. args.Select((a, i) => Boolean(a, $"{path}.args[{i}]"))]);
            case "not":
                Count(args, 1, op, path);
                return new Cql2Not(Boolean(args[0], path + ".args[0]"));
            case "=" or "<>" or "<" or ">" or "<=" or ">=":
                Count(args, 2, op, path);
                return new Cql2Comparison(Cql2Names.Compare[op], Scalar(args[0], path + ".args[0]"), Scalar(args[1], path + ".args[1]"));
            case "like":
                Count(args, 2, op, path);
                return new Cql2Like(Scalar(args[0], path + ".args[0]"), Scalar(args[1], path + ".args[1]"));
            case "between":
                Count(args, 3, op, path);
                return new Cql2Between(Scalar(args[0], path + ".args[0]"), Scalar(args[1], path + ".args[1]"), Scalar(args[2], path + ".args[2]"));
            case "in":
                Count(args, 2, op, path);
                if (args[1].ValueKind != JsonValueKind.Array || args[1].GetArrayLength() == 0)
                    throw Error(path + ".args[1]", "expected the list of values as an array of at least one");
                return new Cql2In(Scalar(args[0], path + ".args[0]"), [.. args[1].EnumerateArray().Select((a, i) => Scalar(a, $"{path}.args[1][{i}]"))]);
            case "isnull":
                Count(args, 1, op, path);
                return new Cql2IsNull(Scalar(args[0], path + ".args[0]"));
        }
        if (Cql2Names.Spatial.TryGetValue(op, out var spatial))
        {
            Count(args, 2, op, path);
            return new Cql2Spatial(spatial, Scalar(args[0], path + ".args[0]"), Scalar(args[1], path + ".args[1]"));
        }
        throw Error(path + ".op", $"unknown or unsupported operator '{op}'");
    }

    private static Cql2Expression Scalar(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: return new Cql2Literal(e.GetString()!);
            case JsonValueKind.Number: return new Cql2Literal(e.GetDouble());
            case JsonValueKind.True or JsonValueKind.False: return new Cql2Literal(e.GetBoolean());
            case JsonValueKind.Object: break;
            default: throw Error(path, "expected a property, a value or a geometry");
        }
        if (e.TryGetProperty("property", out var property) && property.ValueKind == JsonValueKind.String) return new Cql2Property(property.GetString()!);
        if (e.TryGetProperty("date", out var date) && date.ValueKind == JsonValueKind.String)
        {
            if (DateOnly.TryParseExact(date.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return new Cql2Literal(day);
            throw Error(path + ".date", "expected a date YYYY-MM-DD");
        }
        if (e.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.String)
        {
            var text = ts.GetString()!;
            if (text.EndsWith('Z') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                return new Cql2Literal(at.ToUniversalTime());
            throw Error(path + ".timestamp", "expected a UTC timestamp (RFC 3339 ending in Z)");
        }
        if (e.TryGetProperty("bbox", out var bbox)) return Bbox(bbox, path + ".bbox");
        // The draft encoding {"casei": x}, still in the standard's example files, beside the final {"op": "casei", "args": [x]}.
        if (e.TryGetProperty("casei", out var casei)) return new Cql2CaseInsensitive(Scalar(casei, path + ".casei"));
        if (e.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && GeometryTypes.Contains(type.GetString()!))
            return Geometry(e, path);
        if (e.TryGetProperty("op", out var op) && op.ValueKind == JsonValueKind.String)
        {
            var name = op.GetString()!.ToLowerInvariant();
            if (name == "casei")
            {
                var args = Args(e, path);
                Count(args, 1, name, path);
                return new Cql2CaseInsensitive(Scalar(args[0], path + ".args[0]"));
            }
            throw Error(path + ".op", $"'{op.GetString()}' is not a function this server knows (CASEI)");
        }
        throw Error(path, "expected {\"property\": …}, a value, {\"date\": …}, {\"timestamp\": …}, {\"bbox\": …} or a GeoJSON geometry");
    }

    private static Cql2Geometry Geometry(JsonElement e, string path)
    {
        try
        {
            var geometry = JsonSerializer.Deserialize<Geometry>(e.GetRawText(), GeoJson)
                ?? throw Error(path, "expected a GeoJSON geometry");
            if (!geometry.IsValid && geometry is Polygon or MultiPolygon) throw Error(path, "the geometry is not valid (self-intersecting or unclosed ring)");
            return new(geometry);
        }
        catch (Exception x) when (x is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw Error(path, "the GeoJSON geometry cannot be read: " + x.Message);
        }
    }

    private static Cql2Geometry Bbox(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() is not (4 or 6) || e.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.Number))
            throw Error(path, "expected an array of 4 or 6 numbers");
        var n = e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var half = n.Length / 2;
        if (n[0] > n[half] || n[1] > n[half + 1]) throw Error(path, "minimum exceeds maximum");
        return new(new GeometryFactory().ToGeometry(new Envelope(n[0], n[half], n[1], n[half + 1])));
    }

    private static List<JsonElement> Args(JsonElement e, string path)
    {
        if (!e.TryGetProperty("args", out var args) || args.ValueKind != JsonValueKind.Array) throw Error(path + ".args", "expected an array of operands");
        return [.. args.EnumerateArray()];
    }

    private static void Count(List<JsonElement> args, int n, string op, string path)
    {
        if (args.Count != n) throw Error(path + ".args", $"'{op}' takes {n} operand{(n == 1 ? "" : "s")}, found {args.Count}");
    }

    private static Cql2Exception Error(string path, string what) => new($"at {path}: {what}", path: path);
}
