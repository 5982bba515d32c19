using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace LandMap.Api.Hosting;

/// <summary>
/// Brotli and gzip on request (Accept-Encoding) for the bulky map data only: GeoJSON, vector tiles and the JSON Schemas,
/// and the page's own scripts and styles. Never for application/json, which carries the sign-in's CSRF token: compressing a
/// secret beside text an attacker can reflect is what BREACH exploits. Fastest levels: the figures are for throughput.
/// </summary>
public static class Compression
{
    public static readonly string[] MediaTypes =
    [
        "application/geo+json", "application/vnd.mapbox-vector-tile", "application/schema+json",
        "text/javascript", "application/javascript", "text/css", "image/svg+xml",
    ];

    public static IServiceCollection AddLandMapCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = MediaTypes;
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }
}
