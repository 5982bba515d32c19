using System.ComponentModel.DataAnnotations;
using LandMap.Core.Resources;

namespace LandMap.Api.Access;

/// <summary>Section "Access": what the public may see, the sign-in cookie, cross-origin callers and rate limits.</summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>
    /// Statuses an anonymous visitor (investor) sees; the others exist for staff only. Unset: the available ones
    /// (<see cref="ResourceStatus.Available"/>, filled in by <see cref="AccessSetup"/>). The default is not an initializer:
    /// the configuration binder appends configured array items to an initialised array, so setting only <c>idle</c> showed
    /// the public <c>idle, negotiating, idle</c>.
    /// </summary>
    public string[] PublicStatuses { get; set; } = [];

    /// <summary>Origins allowed to call the API from a browser (CORS). Empty: no CORS at all, the default.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>
    /// The base URL links are built from (e.g. https://landmap.example.cn). Empty: the request's own scheme and host, which
    /// host filtering (AllowedHosts) and the trusted-proxy forwarded headers keep honest.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    [Range(1, 24 * 30)] public int SessionHours { get; set; } = 8;

    public RateLimitOptions RateLimits { get; set; } = new();
}

public sealed class RateLimitOptions
{
    [Range(1, int.MaxValue)] public int SignInPerIpPerMinute { get; set; } = 20;
    [Range(1, int.MaxValue)] public int SignInPerUserPerMinute { get; set; } = 5;
    [Range(1, int.MaxValue)] public int AnonymousPerIpPerMinute { get; set; } = 1200;
}
