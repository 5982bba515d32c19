using System.Text.Json.Nodes;
using LandMap.Api.Collections;
using Microsoft.OpenApi;

namespace LandMap.Api.Ogc;

/// <summary>
/// The query parameters LandMap's parsers read, described once for the OpenAPI document: endpoints parse the query by
/// hand (so every bad value is a named 400 and an unknown parameter is refused), and list here what they accept, so the
/// document declares exactly what the parser takes. A test checks that every accepted parameter is declared.
/// </summary>
public static class QueryDocs
{
    private sealed record Doc(JsonSchemaType Type, string Description, string? Format = null, string[]? Enum = null,
        int? Default = null, int? Minimum = null, int? Maximum = null, bool List = false);

    private static readonly Dictionary<string, Doc> Docs = new(StringComparer.Ordinal)
    {
        ["limit"] = new(JsonSchemaType.Integer, "Features per page; above the maximum it is clamped", Default: ItemQuery.DefaultLimit, Minimum: 1, Maximum: ItemQuery.MaxLimit),
        ["offset"] = new(JsonSchemaType.Integer, "Features to skip (paging)", Default: 0, Minimum: 0),
        ["bbox"] = new(JsonSchemaType.Number, "minLon,minLat,maxLon,maxLat (CRS84), or the corners in the axis order of bbox-crs", List: true),
        ["bbox-crs"] = new(JsonSchemaType.String, "CRS of bbox (URI), e.g. http://www.opengis.net/def/crs/EPSG/0/4528", Format: "uri"),
        ["crs"] = new(JsonSchemaType.String, "CRS of the geometries returned (URI): CRS84, EPSG:4490, EPSG:4326 or a CGCS2000 3° Gauss–Krüger zone EPSG:4513–4554", Format: "uri"),
        ["zone"] = new(JsonSchemaType.String, "Development zone or park codes, comma-separated", List: true),
        ["status"] = new(JsonSchemaType.String, "Statuses, comma-separated (the public sees only the public ones)", List: true,
            Enum: [.. LandMap.Core.Resources.ResourceStatus.Stored]),
        ["landUse"] = new(JsonSchemaType.String, "Land-use codes (2023 classification, prefixes allowed, or GB 50137 M0–M3/W1), comma-separated", List: true),
        ["minMu"] = new(JsonSchemaType.Number, "Smallest area in mu (亩)"),
        ["maxMu"] = new(JsonSchemaType.Number, "Largest area in mu (亩)"),
        ["minVacantM2"] = new(JsonSchemaType.Number, "Smallest vacant floor area, m²"),
        ["maxVacantM2"] = new(JsonSchemaType.Number, "Largest vacant floor area, m²"),
        ["minFloorHeight"] = new(JsonSchemaType.Number, "Lowest storey height, m"),
        ["minFloorLoad"] = new(JsonSchemaType.Number, "Lowest floor load, kN/m²"),
        ["minCraneT"] = new(JsonSchemaType.Number, "Smallest crane, t"),
        ["minPowerKva"] = new(JsonSchemaType.Number, "Least power capacity, kVA"),
        ["asOf"] = new(JsonSchemaType.String, "The map at the end of this day (China time), rebuilt from the history", Format: "date"),
        ["absorbedFrom"] = new(JsonSchemaType.String, "Staff: absorbed on or after this day", Format: "date"),
        ["absorbedTo"] = new(JsonSchemaType.String, "Staff: absorbed on or before this day", Format: "date"),
        ["datetime"] = new(JsonSchemaType.String, "Last changed (updatedAt): an RFC 3339 instant, a date, or an interval start/end with .. for an open end"),
        ["filter"] = new(JsonSchemaType.String, "A CQL2 filter over the queryables (/collections/{collectionId}/queryables)"),
        ["filter-lang"] = new(JsonSchemaType.String, "The filter's encoding (cql-text is read as cql2-text)", Enum: ["cql2-text", "cql2-json", "cql-text"]),
        ["filter-crs"] = new(JsonSchemaType.String, "CRS of the filter's geometry literals (URI)", Format: "uri"),
        ["properties"] = new(JsonSchemaType.String, "Only these properties, comma-separated", List: true),
        ["sortby"] = new(JsonSchemaType.String, "Sort keys, comma-separated, - for descending, e.g. -areaMu,code", List: true),
        ["f"] = new(JsonSchemaType.String, "Representation: json (GeoJSON) or html (the map)", Enum: ["json", "html"]),
        ["from"] = new(JsonSchemaType.String, "First day of the period (China time)", Format: "date"),
        ["to"] = new(JsonSchemaType.String, "Last day of the period (China time)", Format: "date"),
        ["by"] = new(JsonSchemaType.String, "Period unit", Enum: ["month", "quarter", "year"]),
        ["format"] = new(JsonSchemaType.String, "File format of the download (see the endpoint's description for the ones it writes)"),
        ["kind"] = new(JsonSchemaType.String, "parcel or factory", Enum: ["parcel", "factory"]),
        ["stage"] = new(JsonSchemaType.String, "Project stages, comma-separated", List: true),
        ["q"] = new(JsonSchemaType.String, "Free text: name, industry chain or contact"),
        ["unit"] = new(JsonSchemaType.String, "Responsible unit"),
        ["overdue"] = new(JsonSchemaType.Boolean, "Only plans with a missed milestone"),
        ["days"] = new(JsonSchemaType.Integer, "Look-ahead in days", Minimum: 1, Maximum: 3660),
        ["year"] = new(JsonSchemaType.Integer, "Calendar year", Minimum: 2000, Maximum: 2100),
        ["fileName"] = new(JsonSchemaType.String, "The uploaded file's name (its extension tells the format)"),
        ["sourceName"] = new(JsonSchemaType.String, "Where the figures come from, recorded with them"),
        ["encoding"] = new(JsonSchemaType.String, "Text encoding of a CSV or DBF (UTF-8, GBK); detected when not given"),
        ["dryRun"] = new(JsonSchemaType.Boolean, "Check and report only; write nothing"),
        ["centralMeridian"] = new(JsonSchemaType.Integer, "Central meridian (°E) of projected coordinates; detected when not given", Minimum: 75, Maximum: 135),
        ["repair"] = new(JsonSchemaType.Boolean, "Repair invalid outlines (reported) instead of refusing them"),
        ["mapping"] = new(JsonSchemaType.String, "A saved header mapping to apply (map.FIELD=HEADER maps one field by hand)"),
        ["ownership"] = new(JsonSchemaType.String, "Owner class for rows that do not say", Enum: ["state", "enterprise"]),
        ["areaTolerance"] = new(JsonSchemaType.Number, "Allowed gap between the ledger's area and the outline's, as a share (0.05 = 5 %)"),
        ["retireMissing"] = new(JsonSchemaType.Boolean, "Retire records of the zone that the ledger no longer lists"),
        ["datum"] = new(JsonSchemaType.String, "Datum of the coordinates (CGCS2000, Xian 1980, Beijing 1954)"),
        ["datumShift"] = new(JsonSchemaType.String, "Seven-parameter shift to CGCS2000 for an old datum, comma-separated"),
    };

    /// <summary>Declares these query parameters on the endpoint's operation (each must be described above).</summary>
    public static TBuilder WithQueryParameters<TBuilder>(this TBuilder builder, IEnumerable<string> names) where TBuilder : IEndpointConventionBuilder
    {
        var list = names.ToList();
        foreach (var name in list.Where(n => !Docs.ContainsKey(n)))
            throw new InvalidOperationException($"query parameter '{name}' has no description in QueryDocs");
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var name in list.Where(n => operation.Parameters.All(p => p.Name != n)))
                operation.Parameters.Add(Parameter(name, Docs[name]));
            return Task.CompletedTask;
        });
    }

    public static bool IsDescribed(string name) => Docs.ContainsKey(name);

    /// <summary>Declares queryables usable as query parameters (equality), typed as the queryables say.</summary>
    internal static TBuilder WithQueryableParameters<TBuilder>(this TBuilder builder, IEnumerable<Collections.Queryable> queryables) where TBuilder : IEndpointConventionBuilder
    {
        var list = queryables.DistinctBy(q => q.Name).ToList();
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var q in list.Where(q => operation.Parameters.All(p => p.Name != q.Name)))
            {
                var schema = q.Type switch
                {
                    QueryableType.Number => new OpenApiSchema { Type = JsonSchemaType.Number },
                    QueryableType.Integer => new OpenApiSchema { Type = JsonSchemaType.Integer },
                    QueryableType.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
                    QueryableType.Date => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
                    QueryableType.DateTime => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                    _ => new OpenApiSchema { Type = JsonSchemaType.String },
                };
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = q.Name, In = ParameterLocation.Query, Required = false, Schema = schema,
                    Description = $"Queryable: features whose {q.Title}{(q.Unit is null ? "" : $" ({q.Unit})")} equals this value",
                });
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Declares a JSON body of type <typeparamref name="T"/> (documentation only: the handler reads and checks the body
    /// itself, so every bad value is a named 422; Accepts&lt;T&gt; would add a routing rule that answers 415 before it).
    /// </summary>
    public static RouteHandlerBuilder WithJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, ct);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });

    /// <summary>The body is a file (Shapefile zip, GeoPackage, GeoJSON, CSV, XLSX), sent as is.</summary>
    public static TBuilder WithFileBody<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var binary = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            var body = operation.RequestBody as OpenApiRequestBody ?? new OpenApiRequestBody { Required = true };
            body.Description = "A file: Shapefile (zip), GeoPackage, GeoJSON, CSV or XLSX, sent as is (any media type but a form's)"
                + (body.Content?.ContainsKey("application/json") == true ? "; or the JSON body" : "");
            body.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var type in new[] { "application/octet-stream", "application/zip", "application/geopackage+sqlite3", "application/geo+json", "text/csv",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })
                body.Content[type] = binary;
            operation.RequestBody = body;
            return Task.CompletedTask;
        });

    private static OpenApiParameter Parameter(string name, Doc d)
    {
        var scalar = new OpenApiSchema { Type = d.Type, Format = d.Format };
        if (d.Enum is not null) scalar.Enum = [.. d.Enum.Select(e => (JsonNode)JsonValue.Create(e)!)];
        if (d.Default is { } def) scalar.Default = JsonValue.Create(def);
        if (d.Minimum is { } min) scalar.Minimum = min.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (d.Maximum is { } max) scalar.Maximum = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var parameter = new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Query,
            Required = false,
            Description = d.Description,
            Schema = d.List ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = scalar } : scalar,
        };
        if (d.List)
        {
            parameter.Style = ParameterStyle.Form;
            parameter.Explode = false;
        }
        return parameter;
    }
}
