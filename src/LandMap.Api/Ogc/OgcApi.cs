using LandMap.Api.Collections;

namespace LandMap.Api.Ogc;

/// <summary>
/// The OGC API – Features entry points: the landing page at / (JSON by content negotiation; browsers get the map page
/// from the web root before routing), /conformance, and /api, the OpenAPI 3.0 document with the rendered reference at
/// /api.html. All public.
/// </summary>
public static class OgcApi
{
    public const string OpenApiType = "application/vnd.oai.openapi+json;version=3.0";

    public static IEndpointRouteBuilder MapOgc(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("OGC API").AllowAnonymous();
        group.MapGet("/", Landing).WithName("GetLandingPage").WithSummary("Landing page (JSON; browsers get the map)");
        group.MapGet("/conformance", (HttpRequest request) => TypedResults.Ok(new ConformanceDocument(Conformance.Classes)))
            .WithName("GetConformance").WithSummary("Conformance classes this server passes");
        return app;
    }

    public static IResult Landing(HttpRequest request)
    {
        var root = CollectionsApi.BaseUrl(request);
        return TypedResults.Ok(new LandingDocument(
            "LandMap 可用招商资源动态地图",
            "Idle land (闲置土地) and vacant factory buildings (闲置厂房) of development zones, as OGC API – Features.",
            [
                new(root + "/?f=json", "self", "application/json", "this document"),
                new(root + "/?f=html", "alternate", "text/html", "the map"),
                new(root + "/api", "service-desc", OpenApiType, "the API definition (OpenAPI 3.0)"),
                new(root + "/api.html", "service-doc", "text/html", "the API reference"),
                new(root + "/conformance", "conformance", "application/json", "conformance classes"),
                new(root + "/collections", "data", "application/json", "collections"),
            ]));
    }
}

public sealed record LandingDocument(string Title, string Description, IReadOnlyList<Link> Links);

public sealed record ConformanceDocument(IReadOnlyList<string> ConformsTo);
