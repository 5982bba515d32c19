using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace LandMap.Api.MapConfig;

/// <summary>
/// The offline basemap: data/basemap/shandong.geojson (source and licence in data/basemap/SOURCE.md), embedded into this
/// assembly and served as it is, so the map has land, sea, coastline, boundaries and names with no network at all.
/// </summary>
public static class BasemapApi
{
    private const string ResourceName = "LandMap.Data.basemap.shandong.geojson";

    /// <summary>The file's bytes and a strong ETag of them, read once.</summary>
    private static readonly Lazy<(byte[] Bytes, string ETag)> Offline = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded basemap {ResourceName} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return (bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
    });

    public static IEndpointRouteBuilder MapBasemap(this IEndpointRouteBuilder app)
    {
        app.MapGet(Basemaps.OfflineUrl, GetOffline).WithTags("Map").WithName("GetOfflineBasemap").AllowAnonymous();
        return app;
    }

    /// <summary>The offline basemap (GeoJSON, lon/lat); revalidated by ETag, a day's caching (it changes with a release only).</summary>
    public static Results<FileContentHttpResult, StatusCodeHttpResult> GetOffline(HttpContext http)
    {
        var (bytes, etag) = Offline.Value;
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "public, max-age=86400";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.File(bytes, "application/geo+json");
    }
}
