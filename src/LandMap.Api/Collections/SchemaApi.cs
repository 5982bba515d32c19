using System.Security.Claims;
using System.Text.Json.Nodes;
using LandMap.Api.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LandMap.Api.Collections;

/// <summary>
/// GET /collections/{id}/queryables (OGC API – Features Part 3) and /collections/{id}/schema (Part 5 style): JSON Schemas
/// (2020-12) of what a filter may name and of what a feature carries, with types, formats, units (x-ogc-unit) and the
/// allowed values of status, land use and owner class. Both follow the caller's role: the public sees the public fields only.
/// </summary>
public static class SchemaApi
{
    public const string SchemaType = "application/schema+json";

    private static readonly System.Text.Json.JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static RouteGroupBuilder MapSchemas(this RouteGroupBuilder group)
    {
        group.MapGet("/{collectionId}/queryables", Queryables).WithName("GetQueryables").WithSummary("What a CQL2 filter may name");
        group.MapGet("/{collectionId}/schema", Schema).WithName("GetSchema").WithSummary("The properties of a feature");
        return group;
    }

    public static Results<ContentHttpResult, ProblemHttpResult> Queryables(string collectionId, HttpRequest request, ClaimsPrincipal user)
    {
        if (Collection.Find(collectionId) is not { } c) return Collection.NotFound(collectionId);
        var visible = Collections.Queryables.For(c.Id, Caller.Role(user));
        var properties = new JsonObject();
        foreach (var q in Collections.Queryables.Of(c.Id).Where(q => visible.ContainsKey(q.Name))) properties[q.Name] = Describe(q.Type, q.Title, q.Unit, q.Enum);
        return Document(request, c, "queryables", "Queryables of " + c.TitleEn, properties);
    }

    public static Results<ContentHttpResult, ProblemHttpResult> Schema(string collectionId, HttpRequest request, ClaimsPrincipal user)
    {
        if (Collection.Find(collectionId) is not { } c) return Collection.NotFound(collectionId);
        var byName = Collections.Queryables.Of(c.Id).ToDictionary(q => q.Name, StringComparer.Ordinal);
        var properties = new JsonObject { ["geometry"] = Describe(QueryableType.Geometry, "outline", null, null) };
        foreach (var f in Visibility.For(c.Fields, Caller.Role(user)))
        {
            properties[f.Name] = byName.TryGetValue(f.Name, out var q)
                ? Describe(q.Type, q.Title, q.Unit, q.Enum)
                : Extra.TryGetValue(f.Name, out var extra) ? Describe(extra, f.Name, null, null) : ArrayOfText(f.Name);
        }
        return Document(request, c, "schema", "Features of " + c.TitleEn, properties);
    }

    /// <summary>Types of the feature properties that are not queryables (bookkeeping and derived fields).</summary>
    internal static readonly IReadOnlyDictionary<string, QueryableType> Extra = new Dictionary<string, QueryableType>
    {
        ["ledgerAreaMu"] = QueryableType.Number, ["areaMismatch"] = QueryableType.Boolean, ["gkCentralMeridian"] = QueryableType.Integer,
        ["idleReason"] = QueryableType.String, ["supplyType"] = QueryableType.String, ["developedShare"] = QueryableType.Number,
        ["investedShare"] = QueryableType.Number, ["haltedOn"] = QueryableType.Date, ["contact"] = QueryableType.String,
        ["version"] = QueryableType.Integer, ["verifiedAt"] = QueryableType.DateTime, ["verifiedBy"] = QueryableType.String,
        ["stale"] = QueryableType.Boolean, ["projectId"] = QueryableType.Integer, ["projectName"] = QueryableType.String,
        ["vacancyRate"] = QueryableType.Number,
    };

    /// <summary>Feature properties that are arrays of text (industry chains).</summary>
    internal static readonly IReadOnlySet<string> TextArrays = new HashSet<string> { "industryChains" };

    private static JsonObject ArrayOfText(string name) =>
        TextArrays.Contains(name)
            ? new JsonObject { ["title"] = name, ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }
            : throw new InvalidOperationException($"feature property '{name}' has no schema type: add it to SchemaApi.Extra");

    private static Results<ContentHttpResult, ProblemHttpResult> Document(HttpRequest request, Collection c, string what, string title, JsonObject properties)
    {
        var doc = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"{CollectionsApi.BaseUrl(request)}/collections/{c.Id}/{what}",
            ["type"] = "object",
            ["title"] = title,
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        return TypedResults.Content(doc.ToJsonString(Json), SchemaType);
    }

    private static JsonObject Describe(QueryableType type, string title, string? unit, IReadOnlyList<string>? values)
    {
        var o = new JsonObject { ["title"] = title };
        switch (type)
        {
            case QueryableType.Geometry:
                o["format"] = "geometry-multipolygon";
                o["x-ogc-role"] = "primary-geometry";
                break;
            case QueryableType.Date: o["type"] = "string"; o["format"] = "date"; break;
            case QueryableType.DateTime: o["type"] = "string"; o["format"] = "date-time"; break;
            default: o["type"] = type.ToString().ToLowerInvariant(); break;
        }
        if (unit is not null) o["x-ogc-unit"] = unit;
        if (values is not null) o["enum"] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v)!)]);
        return o;
    }
}
