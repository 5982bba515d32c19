using System.Globalization;
using System.Text.Json;
using LandMap.Api.Problems;
using LandMap.Core.Editing;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Geometries;

namespace LandMap.Api.Editing;

/// <summary>POST /collections/{id}/items: a GeoJSON Feature (id and bbox, as GET returns them, are ignored) and a note.</summary>
public sealed record CreateRequest(string? Type, JsonElement? Id, JsonElement? Bbox, JsonElement? Geometry, Dictionary<string, JsonElement>? Properties, string? Note);

/// <summary>PATCH /collections/{id}/items/{code}: the changed properties, a new outline, a note (required for a status change).</summary>
public sealed record PatchRequest(Dictionary<string, JsonElement>? Properties, JsonElement? Geometry, string? Note);

/// <summary>Retire and verify: a note (required to retire).</summary>
public sealed record NoteRequest(string? Note);

/// <summary>Split: along a drawn line, or a first part of areaMu cut in a direction (ew | ns); child codes and a note.</summary>
public sealed record SplitRequest(JsonElement? Line, double? AreaMu, string? Direction, string[]? Codes, string? Note);

/// <summary>Merge: the parcels, the new code, a note, and optionally the versions the client saw (412 if one moved on).</summary>
public sealed record MergeRequest(string[]? Codes, string? Code, string? Note, Dictionary<string, int>? Versions);

/// <summary>What every write request shares: If-Match, notes, GeoJSON geometry.</summary>
internal static class EditInput
{
    /// <summary>The database's limit for a change's note (changes.note).</summary>
    public const int MaxNote = 2000;

    /// <summary>The version in If-Match ("3", quoted as the ETag is); null with the problem (428 missing, 400 unreadable).</summary>
    public static (int? Version, ProblemHttpResult? Problem) IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
            return (null, Problems.Problems.PreconditionRequired("this write needs If-Match: \"<version>\" with the ETag of the record as last read"));
        var text = header.Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"') text = text[1..^1];
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? (version, null)
            : (null, Problems.Problems.BadRequest([new("If-Match", Problems.Problems.InvalidParameter, "expected one ETag such as \"3\" (the record's version)")]));
    }

    /// <summary>The note, trimmed (null when empty), or an error when it is required and missing or too long.</summary>
    public static (string? Note, FieldError? Error) Note(string? note, bool required, string why)
    {
        var text = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (text is null && required) return (null, new("note", Problems.Problems.NoteRequired, why));
        if (text is { Length: > MaxNote }) return (null, new("note", Problems.Problems.InvalidField, $"{text.Length} characters; at most {MaxNote}"));
        return (text, null);
    }

    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } };

    /// <summary>A GeoJSON geometry (lon/lat, RFC 7946) read, or the reason it cannot be: a 400 naming <paramref name="field"/>.</summary>
    public static (Geometry? Geometry, FieldError? Error) ReadGeometry(JsonElement json, string field)
    {
        if (json.ValueKind != JsonValueKind.Object) return (null, new(field, Problems.Problems.InvalidJson, "expected a GeoJSON geometry object"));
        try
        {
            var g = json.Deserialize<Geometry>(GeoJson);
            return g is null ? (null, new(field, Problems.Problems.InvalidJson, "expected a GeoJSON geometry object")) : (g, null);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException
                                      or IndexOutOfRangeException or InvalidCastException or NullReferenceException)
        {
            return (null, new(field, Problems.Problems.InvalidJson, "is not a GeoJSON geometry (RFC 7946: type and coordinates, lon/lat)"));
        }
    }

    /// <summary>A lon/lat outline checked as an import checks it (<see cref="EditGeometry"/>): a 422 naming the field with the check's code.</summary>
    public static (CheckedGeometry? Checked, FieldError? Error) CheckOutline(JsonElement json, string field)
    {
        var (g, error) = ReadGeometry(json, field);
        if (error is not null) return (null, error);
        var (ok, problem) = EditGeometry.Check(g!);
        return problem is null ? (ok, null) : (null, new(field, problem.Code, problem.Reason));
    }
}

/// <summary>
/// A write's answer: JSON built by PostGIS (one feature, or an object of features), with the record's ETag and, for a
/// creation, its Location.
/// </summary>
public sealed class EditedResult(int status, string json, string contentType, int? version = null, string? location = null) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        if (version is { } v) http.Response.Headers.ETag = Collections.CollectionsApi.ETag(v);
        if (location is not null) http.Response.Headers.Location = location;
        await http.Response.WriteAsync(json, http.RequestAborted);
    }
}
