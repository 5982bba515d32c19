using Microsoft.Net.Http.Headers;

namespace LandMap.Api.Ogc;

/// <summary>
/// Which representation a request for an OGC resource wants: ?f=json|html first, then the Accept header. Browsers
/// always name text/html, and get HTML unless they rate JSON higher; a client that names no HTML (OWSLib and curl send
/// */* or nothing, GDAL and QGIS application/json) gets JSON.
/// </summary>
public static class Negotiation
{
    public static bool WantsJson(HttpRequest request)
    {
        if (request.Query.TryGetValue("f", out var f)) return f.ToString() is "json" or "geojson";
        var accept = request.GetTypedHeaders().Accept;
        double json = 0.001, html = 0; // */* or no Accept at all: JSON
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
