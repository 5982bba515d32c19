using System.Buffers;
using System.Text.Json;
using Npgsql;

namespace LandMap.Api.Collections;

public sealed record Link(string Href, string Rel, string Type, string? Title = null);

/// <summary>
/// Writes an OGC API – Features item page as its rows arrive: a GeoJSON FeatureCollection whose features PostGIS has
/// already serialised (one row each, written as it is read, nothing re-parsed or held), then numberReturned, numberMatched
/// and the links, which depend on what was read. The query asks for one row more than the page: that row only says
/// whether there is a next page. numberMatched is written only when it is exact (OGC API – Features Part 1, 7.15.8: if
/// present it is the number matched regardless of the limit) and cheap: on the last page it is offset + returned; on a page
/// with more after it, a count capped at countCap (left out above it, and when no count is given); past the end (nothing
/// returned at an offset) it is left out.
/// </summary>
public sealed class FeatureCollectionResult(
    NpgsqlCommand query, NpgsqlCommand? cappedCount, int countCap, int offset, int limit, Func<bool, IReadOnlyList<Link>> links) : IResult
{
    public const string GeoJson = "application/geo+json";

    /// <summary>Bytes held before they are sent: a large page goes out as it is read, not at the end.</summary>
    private const int FlushBytes = 32 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var ct = httpContext.RequestAborted;
        await using var command = query;
        await using var reader = await command.ExecuteReaderAsync(ct);
        // The first row is read before anything is written, so a failing query is still answered with a problem.
        var more = await reader.ReadAsync(ct);
        httpContext.Response.ContentType = GeoJson;
        var body = httpContext.Response.BodyWriter;
        body.Write("{\"type\":\"FeatureCollection\",\"features\":["u8);
        var returned = 0;
        var pending = 0;
        while (more && returned < limit)
        {
            if (returned > 0) body.Write(","u8);
            // The feature's UTF-8 bytes as PostgreSQL sent them (the database encoding is UTF8): no string, no transcoding.
            await using (var feature = reader.GetStream(0))
            {
                var length = (int)feature.Length;
                feature.ReadExactly(body.GetSpan(length)[..length]);
                body.Advance(length);
                pending += length;
            }
            returned++;
            if (pending >= FlushBytes)
            {
                await body.FlushAsync(ct);
                pending = 0;
            }
            more = await reader.ReadAsync(ct);
        }
        body.Write("]"u8);
        var matched = MatchedWithoutCount(more, returned, offset);
        await using (cappedCount)
        {
            if (more && cappedCount is not null && (returned > 0 || offset == 0))
            {
                // More after this page: a count that stops after countCap + 1 matches; above the cap nothing is said.
                var counted = (long)(await cappedCount.ExecuteScalarAsync(ct))!;
                if (counted <= countCap) matched = counted;
            }
        }
        WriteEnd(body, matched, returned, links(more));
        await body.FlushAsync(ct);
    }

    /// <summary>
    /// numberMatched of a page without a count: exact on the last page (offset + returned), unknown past the end (nothing
    /// returned at an offset) and on a page with more after it.
    /// </summary>
    public static long? MatchedWithoutCount(bool more, int returned, int offset) =>
        !more && (returned > 0 || offset == 0) ? (long)offset + returned : null;

    /// <summary>
    /// The members after the features (numberMatched, numberReturned, timeStamp, links), closing the collection: written
    /// as an object whose opening brace becomes the comma after the features' array (which the caller has closed).
    /// </summary>
    public static void WriteEnd(System.IO.Pipelines.PipeWriter body, long? matched, int returned, IReadOnlyList<Link> links)
    {
        var rest = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(rest, WriterOptions))
        {
            w.WriteStartObject();
            if (matched is { } m) w.WriteNumber("numberMatched", m);
            w.WriteNumber("numberReturned", returned);
            w.WriteString("timeStamp", DateTimeOffset.UtcNow);
            w.WritePropertyName("links");
            WriteLinks(w, links);
            w.WriteEndObject();
        }
        body.Write(","u8);
        body.Write(rest.WrittenSpan[1..]);
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
