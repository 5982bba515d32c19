using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace LandMap.Api.Ogc;

/// <summary>
/// The API definition: OpenAPI 3.0 (what OGC API – Features Part 1 "oas30" names) generated from the endpoints, at /api
/// (the landing page's service-desc) and /openapi/v1.json, and rendered by Scalar (NuGet Scalar.AspNetCore, its assets
/// served from the package, no CDN) at /api.html.
/// </summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddLandMapOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            var problems = new ProblemResponses();
            o.AddDocumentTransformer(problems);
            o.AddOperationTransformer(problems);
        });

    public static IEndpointRouteBuilder MapLandMapOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapOpenApi("/api").AllowAnonymous();
        app.MapScalarApiReference("/api.html", o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json").WithTitle("LandMap API")
            // Served on site: no web fonts from Scalar's servers (the page's policy would block them anyway).
            .DisableDefaultFonts().HideClientButton().DisableAgent())
            .AllowAnonymous();
        return app;
    }
}
