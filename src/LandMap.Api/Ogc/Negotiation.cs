using Microsoft.Net.Http.Headers;

namespace LandMap.Api.Ogc;

/// <summary>
/// Which representation a request for an OGC resource wants: ?f=json|html first, then the Accept header. A browser
/// (text/html, or */* only) gets HTML; a client that asks for JSON with a higher quality than HTML gets JSON.
/// </summary>
public static class Negotiation
{
    public static bool WantsJson(HttpRequest request)
    {
        if (request.Query.TryGetValue("f", out var f)) return f.ToString() is "json" or "geojson";
        var accept = request.GetTypedHeaders().Accept;
        double json = 0, html = 0;
        foreach (var media in accept)
        {
            var q = media.Quality ?? 1;
            var type = media.MediaType.Value ?? "";
            if (type is "application/json" or "application/geo+json" or "application/vnd.oai.openapi+json") json = Math.Max(json, q);
            else if (type is "text/html" or "application/xhtml+xml") html = Math.Max(html, q);
        }
        return json > html;
    }
}
