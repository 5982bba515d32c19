using LandMap.Api.Configuration;
using LandMap.Api.Problems;
using Microsoft.Extensions.Options;

namespace LandMap.Api.Hosting;

/// <summary>
/// Checks every request before any feature sees it — a URL too long (414), text PostgreSQL cannot store in the path or
/// the query (400 naming the parameter) — and adds the browser-safety headers to every response.
/// </summary>
public static class RequestGuards
{
    /// <summary>Longest path + query accepted (Kestrel's line limit is raised above this so the 414 is a problem, not a bare page).</summary>
    public const int MaxUrlLength = 8 * 1024;
    public const int KestrelRequestLineLimit = 64 * 1024;

    /// <summary>
    /// Host filtering with problem details: ASP.NET Core's own middleware answers a foreign Host with an HTML page, so it
    /// is switched off (AllowedHosts "*" for it) and the same AllowedHosts list is checked here. An empty Host is refused.
    /// </summary>
    public static IServiceCollection AddRequestGuards(this IServiceCollection services) =>
        services.PostConfigure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o => o.AllowedHosts = ["*"]);

    public static WebApplication UseRequestGuards(this WebApplication app)
    {
        var csp = ContentSecurityPolicy(MapConfig.Basemaps.TileUrls(app.Services.GetRequiredService<IOptions<MapConfig.BasemapOptions>>().Value,
            app.Services.GetRequiredService<IOptions<MapOptions>>().Value));
        // The API reference (Scalar) starts itself with one inline module script; it shows no user data.
        var referenceCsp = csp.Replace("script-src 'self';", "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:;", StringComparison.Ordinal);
        var allowed = (app.Configuration["AllowedHosts"] ?? "*").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        app.Use(async (ctx, next) =>
        {
            var h = ctx.Response.Headers;
            h.ContentSecurityPolicy = ctx.Request.Path.StartsWithSegments("/api.html") ? referenceCsp : csp;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Cross-Origin-Opener-Policy"] = "same-origin";

            var request = ctx.Request;
            if (!HostAllowed(request.Host.Host, allowed))
            {
                await Problems.Problems.Status(StatusCodes.Status400BadRequest, Problems.Problems.InvalidHost,
                    "the Host header names a host this server does not answer for (AllowedHosts)").ExecuteAsync(ctx);
                return;
            }
            if (request.Path.Value!.Length + request.QueryString.Value?.Length > MaxUrlLength)
            {
                await Problems.Problems.Status(StatusCodes.Status414RequestUriTooLong, Problems.Problems.UriTooLongCode,
                    $"the URL is longer than {MaxUrlLength} characters").ExecuteAsync(ctx);
                return;
            }
            var errors = new List<FieldError>();
            if (JsonBody.TextProblem(request.Path.Value) is { } pathProblem) errors.Add(new("path", Problems.Problems.InvalidParameter, pathProblem));
            foreach (var (key, values) in request.Query)
            {
                if (JsonBody.TextProblem(key) is { } keyProblem) errors.Add(new("query", Problems.Problems.InvalidParameter, "a parameter name " + keyProblem));
                else if (values.Any(v => v is not null && JsonBody.TextProblem(v) is not null))
                    errors.Add(new(key, Problems.Problems.InvalidParameter, JsonBody.TextProblem(values.First(v => v is not null && JsonBody.TextProblem(v) is not null)!)!));
            }
            if (errors.Count > 0)
            {
                await Problems.Problems.BadRequest(errors).ExecuteAsync(ctx);
                return;
            }
            await next(ctx);
        });
        return app;
    }

    /// <summary>"*" allows any non-empty host; "*.example.cn" its subdomains; otherwise an exact, case-insensitive match.</summary>
    public static bool HostAllowed(string host, IReadOnlyList<string> allowed) =>
        host.Length > 0 && allowed.Any(a => a == "*"
            || string.Equals(a, host, StringComparison.OrdinalIgnoreCase)
            || (a.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(a[1..], StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Scripts only from this origin (ES modules, no inline script); Leaflet positions its panes with inline styles, so
    /// style-src allows them; images also from the configured basemaps' hosts.
    /// </summary>
    public static string ContentSecurityPolicy(params IEnumerable<string?> basemapUrls)
    {
        var tiles = string.Concat(basemapUrls.Select(BasemapSource).OfType<string>().Distinct().Select(t => " " + t));
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
               $"img-src 'self' data:{tiles}; connect-src 'self'; font-src 'self'; object-src 'none'; " +
               "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    /// <summary>https://t{s}.tianditu.gov.cn/… → https://*.tianditu.gov.cn (a placeholder in the first label becomes a wildcard).</summary>
    public static string? BasemapSource(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return null;
        var rest = url[(schemeEnd + 3)..];
        var host = rest.Split('/', 2)[0];
        var labels = host.Split('.');
        if (labels[0].Contains('{')) labels[0] = "*";
        var source = url[..(schemeEnd + 3)] + string.Join('.', labels);
        return source.Contains('{') || source.Contains(';') || source.Contains(' ') ? null : source;
    }
}
