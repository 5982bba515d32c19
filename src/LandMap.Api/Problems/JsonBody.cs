using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LandMap.Api.Problems;

/// <summary>
/// Reads a JSON body so that malformed JSON, a wrong type, an unknown property, a non-finite number or text that
/// PostgreSQL cannot store (NUL, an unpaired surrogate) is a 400 naming the JSON path — never a bare 400 from the
/// binder, a .NET type name or a 500.
/// </summary>
public static partial class JsonBody
{
    /// <summary>JSON bodies above 1 MB are refused with 413 (imports have their own limit).</summary>
    public const long MaxBytes = 1024 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new FiniteDoubleConverter(), new StorableStringConverter() },
    };

    public static bool IsJson(string? contentType) =>
        contentType is not null && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value!.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (request.ContentLength > MaxBytes) return (null, Problems.PayloadTooLarge(MaxBytes));
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, ct);
            return value is null
                ? (null, Problems.BadRequest([new("body", Problems.InvalidJson, "a JSON object is required")]))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest([Error(e, typeof(T))]));
        }
    }

    /// <summary>A body of type <paramref name="body"/> the serializer refused: the field at the error's path (or "body") and why.</summary>
    public static FieldError Error(JsonException e, Type body)
    {
        var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
        return new(path, Problems.InvalidJson, Reason(e.Message, body, e.Path));
    }

    /// <summary>
    /// The serializer's message without its position suffix and with .NET type names said in JSON's words. A value that
    /// could not be converted is described by the type at its path in <paramref name="body"/> when the path leads to one:
    /// for a record read through its constructor the serializer names the record, not the parameter's type, so
    /// <c>{"includeHeld": "yes"}</c> said "expected an object" instead of "expected true or false".
    /// </summary>
    private static string Reason(string message, Type body, string? path)
    {
        var text = message.Split(" Path:")[0];
        if (ConvertedTo().Match(text) is { Success: true } m)
            return "expected " + (path is not null && TypeAt(body, path) is { } type ? JsonKind(type) : JsonKind(m.Groups[1].Value));
        if (Unmapped().Match(text) is { Success: true } u) return $"unknown property '{u.Groups[1].Value}'";
        // Anything else the serializer says is about JSON syntax; should it ever name a type, say less rather than leak it.
        return text.Contains(" type '", StringComparison.Ordinal) || text.Contains("System.", StringComparison.Ordinal) || text.Contains("LandMap.", StringComparison.Ordinal)
            ? "is not valid here" : text;
    }

    private static string JsonKind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (typeof(System.Collections.IDictionary).IsAssignableFrom(type)
            || type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))) return "an object";
        if (type != typeof(string) && ElementType(type) is not null) return "an array";
        return JsonKind(type.FullName ?? type.Name);
    }

    /// <summary>
    /// The type of the value at a serializer's JSON path (<c>$.a.b[0].c</c>, <c>$['a']</c>) in a body of type
    /// <paramref name="type"/>, property names matched as the web defaults read them (case-insensitive); null when the path
    /// leads nowhere known.
    /// </summary>
    internal static Type? TypeAt(Type type, string path)
    {
        Type? at = type;
        foreach (Match step in PathStep().Matches(path))
        {
            at = Nullable.GetUnderlyingType(at!) ?? at;
            if (step.Groups["index"].Success) at = ElementType(at!);
            else
            {
                var name = step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value;
                at = at!.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            }
            if (at is null) return null;
        }
        return at == type ? null : at;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    [GeneratedRegex(@"\.(?<name>[^.\[\]]+)|\[(?<index>\d+)\]|\['(?<quoted>[^']*)'\]")]
    private static partial Regex PathStep();

    private static string JsonKind(string dotnetType) => dotnetType switch
    {
        var t when t.Contains("[]") || t.Contains("List") => "an array",
        var t when t.Contains("Double") || t.Contains("Single") || t.Contains("Decimal") => "a number",
        var t when t.Contains("Int") => "an integer",
        var t when t.Contains("Boolean") => "true or false",
        var t when t.Contains("String") => "a string",
        var t when t.StartsWith("LandMap.", StringComparison.Ordinal) => "an object",
        _ => "a value of another type",
    };

    [GeneratedRegex(@"could not be converted to ([^\s.]+(?:\.[^\s.]+)*)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"^The JSON property '(.*)' could not be mapped to any \.NET member")]
    private static partial Regex Unmapped();

    /// <summary>Numbers must be finite: 1e309 parses as Infinity, which JSON cannot carry back out.</summary>
    private sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.Number) throw new JsonException("expected a number");
            if (!reader.TryGetDouble(out var value) || !double.IsFinite(value)) throw new JsonException("must be a finite number");
            return value == 0 ? 0 : value; // -0 is stored and shown as 0
        }

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    /// <summary>Text PostgreSQL can store: no NUL character, no unpaired UTF-16 surrogate.</summary>
    private sealed class StorableStringConverter : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("expected a string");
            string value;
            try { value = reader.GetString()!; }
            catch (InvalidOperationException) { throw new JsonException("is not valid text (an unpaired surrogate)"); }
            return TextProblem(value) is { } problem ? throw new JsonException(problem) : value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>Why a text cannot be stored, or null: shared by JSON bodies and query strings.</summary>
    public static string? TextProblem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0') return "contains a NUL character";
            if (char.IsHighSurrogate(c) && (i + 1 >= value.Length || !char.IsLowSurrogate(value[++i]))) return "contains an unpaired surrogate";
            if (char.IsLowSurrogate(c)) return "contains an unpaired surrogate";
        }
        return null;
    }
}
