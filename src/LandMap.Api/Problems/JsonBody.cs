using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LandMap.Api.Problems;

/// <summary>
/// Reads a JSON body so that malformed JSON, a wrong type or an unknown property is a 400 naming the JSON path —
/// never a bare 400 from the binder or a 500.
/// </summary>
public static class JsonBody
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, ct);
            return value is null
                ? (null, Problems.BadRequest([new("body", Problems.InvalidJson, "a JSON object is required")]))
                : (value, null);
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            var reason = e.Message.Split(" Path:")[0];
            return (null, Problems.BadRequest([new(path, Problems.InvalidJson, reason)]));
        }
    }
}
