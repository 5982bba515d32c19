using System.Text.Json;
using System.Text.RegularExpressions;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace LandMap.Api.Ledgers.Readers;

/// <summary>
/// A GeoJSON FeatureCollection (or a single Feature). The document is parsed once (JSON has no random access, and the
/// columns are the union of all features' property names); each feature's geometry is built only when its row is read.
/// RFC 7946 says lon/lat on WGS 84, but older files name their CRS in a "crs" member (GeoJSON 2008): its name is passed
/// through as "EPSG:n" when it names an EPSG code. Rings keep the orientation they have in the file.
/// </summary>
public sealed partial class GeoJsonSource : FileSource
{
    private static readonly JsonSerializerOptions GeometryOptions = new()
    {
        Converters = { new GeoJsonConverterFactory(new GeometryFactory(), false, null, RingOrientationOption.DoNotModify) },
    };

    private readonly JsonDocument _document;
    private readonly JsonElement[] _features;
    private readonly string[] _columns;

    public override SourceInfo Info { get; }

    protected override string FormatName => "GeoJSON";

    internal GeoJsonSource(Stream content)
    {
        try
        {
            _document = Own(JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }));
        }
        catch (JsonException e)
        {
            throw new LedgerFormatException($"GeoJSON: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}");
        }
        try
        {
            var root = _document.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            _features = type switch
            {
                "FeatureCollection" when root.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Array => [.. features.EnumerateArray()],
                "FeatureCollection" => throw new LedgerFormatException("GeoJSON: the FeatureCollection has no \"features\" array."),
                "Feature" => [root],
                null => throw new LedgerFormatException("GeoJSON: the document is not a GeoJSON object (no \"type\")."),
                _ => throw new LedgerFormatException($"GeoJSON: expected a FeatureCollection, found a {type}."),
            };
            var notes = new List<string> { $"{_features.Length} feature(s)." };
            var names = new List<string>();
            var seen = new HashSet<string>();
            foreach (var feature in _features)
                if (feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                    foreach (var property in properties.EnumerateObject())
                        if (seen.Add(property.Name)) names.Add(property.Name);
            _columns = [.. names];
            var crs = CrsOf(root);
            if (crs is null) notes.Add("No \"crs\" member: RFC 7946 GeoJSON is lon/lat on WGS 84.");
            Info = new SourceInfo("geojson", null, crs, _columns, notes);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    [GeneratedRegex(@"EPSG:(?:[\d.]*:)?(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex EpsgName();

    /// <summary>The "crs" member's name (GeoJSON 2008 §3.1): "urn:ogc:def:crs:EPSG::4549" and "EPSG:4549" give "EPSG:4549".</summary>
    private static string? CrsOf(JsonElement root)
    {
        if (!root.TryGetProperty("crs", out var crs) || crs.ValueKind != JsonValueKind.Object) return null;
        if (!crs.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object) return null;
        var name = properties.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()
            : properties.TryGetProperty("href", out var href) && href.ValueKind == JsonValueKind.String ? href.GetString() : null;
        if (string.IsNullOrWhiteSpace(name)) return null;
        return EpsgName().Match(name.Trim()) is { Success: true } m ? $"EPSG:{m.Groups[1].Value}" : name.Trim();
    }

    protected override IEnumerable<SourceRow> ReadRows()
    {
        for (var i = 0; i < _features.Length; i++)
        {
            var feature = _features[i];
            if (feature.ValueKind != JsonValueKind.Object)
                throw new LedgerFormatException($"GeoJSON: feature {i + 1} is not an object.");
            var cells = new Dictionary<string, string?>(_columns.Length);
            foreach (var column in _columns) cells[column] = null;
            if (feature.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                foreach (var property in properties.EnumerateObject())
                    cells[property.Name] = TextOf(property.Value);
            yield return new SourceRow(i + 1, cells, GeometryOf(feature, i + 1));
        }
    }

    private static Geometry? GeometryOf(JsonElement feature, int number)
    {
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind == JsonValueKind.Null) return null;
        try
        {
            return geometry.Deserialize<Geometry>(GeometryOptions) is { IsEmpty: false } g ? g : null;
        }
        catch (Exception e) when (IsFileProblem(e))
        {
            throw new LedgerFormatException($"GeoJSON: the geometry of feature {number} cannot be read: {FirstSentence(e.Message)}");
        }
    }

    /// <summary>A property as text: strings as they are, numbers as written in the file, objects and arrays as JSON.</summary>
    private static string? TextOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => CellText.Of(value.GetString()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
}
