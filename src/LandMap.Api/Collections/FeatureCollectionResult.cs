using System.Text.Json;

namespace LandMap.Api.Collections;

public sealed record Link(string Href, string Rel, string Type, string? Title = null);

/// <summary>
/// Writes an OGC API – Features item page: a GeoJSON FeatureCollection whose features arrive from PostGIS already
/// serialised, plus numberMatched, numberReturned and links. Streams to the response; nothing is re-parsed.
/// </summary>
public sealed class FeatureCollectionResult(long numberMatched, IReadOnlyList<string> features, IReadOnlyList<Link> links) : IResult
{
    public const string GeoJson = "application/geo+json";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public long NumberMatched => numberMatched;
    public int NumberReturned => features.Count;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = GeoJson;
        await using var w = new Utf8JsonWriter(httpContext.Response.BodyWriter, WriterOptions);
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteNumber("numberMatched", numberMatched);
        w.WriteNumber("numberReturned", features.Count);
        w.WriteString("timeStamp", DateTimeOffset.UtcNow);
        w.WritePropertyName("links");
        WriteLinks(w, links);
        w.WriteStartArray("features");
        foreach (var f in features) w.WriteRawValue(f, skipInputValidation: true);
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(httpContext.RequestAborted);
    }

    public static void WriteLinks(Utf8JsonWriter w, IEnumerable<Link> links)
    {
        w.WriteStartArray();
        foreach (var l in links)
        {
            w.WriteStartObject();
            w.WriteString("href", l.Href);
            w.WriteString("rel", l.Rel);
            w.WriteString("type", l.Type);
            if (l.Title is not null) w.WriteString("title", l.Title);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}

/// <summary>One feature, already serialised by PostGIS (a JSON object), with its links (self, collection) added at the end.</summary>
public sealed class FeatureResult(string feature, IReadOnlyList<Link>? links = null) : IResult
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Feature => feature;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = FeatureCollectionResult.GeoJson;
        if (links is not { Count: > 0 })
        {
            await httpContext.Response.WriteAsync(feature, httpContext.RequestAborted);
            return;
        }
        var close = feature.LastIndexOf('}');
        await httpContext.Response.WriteAsync(feature[..close], httpContext.RequestAborted);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        await using (var w = new Utf8JsonWriter(buffer, WriterOptions)) FeatureCollectionResult.WriteLinks(w, links);
        await httpContext.Response.WriteAsync(",\"links\":", httpContext.RequestAborted);
        await httpContext.Response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
        await httpContext.Response.WriteAsync("}", httpContext.RequestAborted);
    }
}
