using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LandMap.Api.Ogc;

/// <summary>
/// Declares on every operation the RFC 7807 problems it can answer, with one shared Problem schema (type, title, status,
/// detail, code, and errors naming field and reason): what the endpoints return comes from the same few places
/// (Problems.cs, the request guards, the access layer, the exception handler), so the rules here follow them:
/// 400 for a bad query or body, 401/403 for a route that needs a role, 404 where the path names a record, 409/413/415/422
/// for writes, 412/428 where a write takes If-Match, 429 for rate limits, 503 when the database is away.
/// </summary>
internal sealed class ProblemResponses : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string Schema = "Problem";
    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[Schema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 7807 problem: what went wrong, a stable code, and for invalid input each field with its reason",
            Required = new HashSet<string> { "type", "title", "status", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "stable machine-readable code, e.g. unknown-parameter" },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["field"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["reason"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        },
                    },
                },
            },
        };
        document.Info.Title = "LandMap API";
        document.Info.Description = "Idle land and vacant factory buildings of development zones: OGC API – Features, matching, the project register, ledgers and revitalisation.";
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var write = method is "POST" or "PUT" or "PATCH" or "DELETE";
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var statuses = new List<(int Status, string Why)> { (400, "bad query parameters or body") };
        if (description.RelativePath?.Contains('{') == true) statuses.Add((404, "no such record"));
        if (!anonymous) statuses.AddRange([(401, "sign-in or API key required"), (403, "the caller's role may not do this")]);
        else statuses.Add((429, "too many requests from this address"));
        if (write) statuses.AddRange([(409, "conflicts with the current state"), (413, "body too large"), (415, "not JSON (or not an accepted file type)"), (422, "a value is not acceptable")]);
        if (method is "PUT" or "PATCH") statuses.AddRange([(412, "the record changed since the If-Match version"), (428, "If-Match required")]);
        statuses.Add((503, "the database is unavailable; retry later"));

        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, why) in statuses)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(key)) continue;
            operation.Responses[key] = new OpenApiResponse
            {
                Description = why,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemJson] = new() { Schema = new OpenApiSchemaReference(Schema, context.Document) },
                },
            };
        }
        return Task.CompletedTask;
    }
}
