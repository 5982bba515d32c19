using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using LandMap.Api.Problems;
using LandMap.Core.Access;
using LandMap.Core.Resources;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Access;

/// <summary>The authorization policies endpoints name where they are mapped.</summary>
public static class Policies
{
    public const string Staff = Roles.Staff;
    public const string Editor = Roles.Editor;
    public const string Admin = Roles.Admin;
    public const string SignIn = "sign-in";
}

/// <summary>
/// Sign-in (cookie for the page, API key for scripts), the role policies, CSRF protection for cookie writes, CORS by
/// allow-list and the rate limits — all from ASP.NET Core's own building blocks.
/// </summary>
public static class AccessSetup
{
    private const string Selector = "CookieOrApiKey";
    public const string CsrfHeader = "X-CSRF-TOKEN";
    private const string CorsPolicy = "allow-list";

    public static IServiceCollection AddLandMapAccess(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section)
            .PostConfigure(o => o.PublicStatuses = o.PublicStatuses is [] ? [.. ResourceStatus.Available] : [.. o.PublicStatuses.Distinct(StringComparer.Ordinal)])
            .Validate(o => o.PublicStatuses.All(ResourceStatus.IsKnown), $"{AccessOptions.Section}:PublicStatuses names a status that does not exist (known: {string.Join(", ", ResourceStatus.Stored)})")
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInThrottle>();

        services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "Cookie or API key", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) ? ApiKeyAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "landmap.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the page is served over HTTPS
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => Problems.Problems.Unauthorized("sign in first").ExecuteAsync(ctx.HttpContext);
                o.Events.OnRedirectToAccessDenied = ctx => Forbidden(ctx.HttpContext).ExecuteAsync(ctx.HttpContext);
                o.Events.OnValidatePrincipal = ValidateCookieAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AccessOptions>>((o, access) => o.ExpireTimeSpan = TimeSpan.FromHours(access.Value.SessionHours));

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.AtLeast(Roles.Staff)))
            .AddPolicy(Policies.Editor, p => p.RequireRole(Roles.AtLeast(Roles.Editor)))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.AtLeast(Roles.Admin)))
            // An endpoint that forgot to say who may call it is for staff, never for the public.
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireRole(Roles.AtLeast(Roles.Staff)).Build());

        services.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfHeader;
            o.Cookie.Name = "landmap.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        var origins = config.GetSection(AccessOptions.Section).Get<AccessOptions>()?.CorsOrigins ?? [];
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.WithOrigins(origins).WithHeaders("Content-Type", CsrfHeader, ApiKeyAuthenticationHandler.Header)
            .WithMethods("GET", "POST", "PUT", "DELETE")));

        services.AddRateLimiter(o =>
        {
            o.OnRejected = (ctx, _) =>
            {
                var seconds = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
                ctx.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(Problems.Problems.TooManyRequests(seconds).ExecuteAsync(ctx.HttpContext));
            };
            o.AddPolicy(Policies.SignIn, http => RateLimitPartition.GetFixedWindowLimiter("sign-in:" + ClientIp(http),
                _ => PerMinute(Limits(http).SignInPerIpPerMinute)));
            // Anonymous callers (the public map) are limited per IP; signed-in staff and keys are not.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Caller.IsPublic(http.User)
                ? RateLimitPartition.GetFixedWindowLimiter("anon:" + ClientIp(http), _ => PerMinute(Limits(http).AnonymousPerIpPerMinute))
                : RateLimitPartition.GetNoLimiter("signed-in"));
        });
        return services;
    }

    /// <summary>Authentication, the unknown-key check, CORS, rate limits and authorization, in that order.</summary>
    public static WebApplication UseLandMapAccess(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AccessOptions>>().Value.CorsOrigins.Length > 0) app.UseCors(CorsPolicy);
        app.UseAuthentication();
        app.Use(async (ctx, next) =>
        {
            // A wrong or revoked key is an error, not a silent fall-back to the public view.
            if (ctx.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) && ctx.User.Identity?.IsAuthenticated != true)
            {
                await Problems.Problems.Unauthorized("unknown or revoked API key", Problems.Problems.InvalidApiKey).ExecuteAsync(ctx);
                return;
            }
            await next(ctx);
        });
        app.UseRateLimiter();
        app.Use(async (ctx, next) =>
        {
            // No endpoint matched (a mistyped path, a tile address with a non-number): that is a 404 for everyone. Left to
            // the authorization fallback policy (staff), an anonymous caller was told to sign in for a page that does not exist.
            if (ctx.GetEndpoint() is null)
            {
                await Problems.Problems.NotFound(Problems.Problems.NotFoundCode, "nothing is served at this path").ExecuteAsync(ctx);
                return;
            }
            await next(ctx);
        });
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Writes (POST, PUT, PATCH, DELETE) take JSON only — a cross-site form or text/plain POST gets a 415 — and a write signed
    /// in by cookie must carry the antiforgery token from /api/auth/me in the X-CSRF-TOKEN header.
    /// </summary>
    public static async ValueTask<object?> WriteGuard(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return await next(context);

        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (http.GetEndpoint()?.Metadata.GetMetadata<Ledgers.FileUploadAttribute>() is not null)
        {
            // A file upload: any type but the three a cross-site form can send without asking (CORS "simple" types).
            if (request.ContentType is null || FormTypes.Any(t => request.ContentType.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
                return Problems.Problems.UnsupportedMediaType(request.ContentType);
        }
        else
        {
            if ((hasBody || request.ContentType is not null) && !JsonBody.IsJson(request.ContentType))
                return Problems.Problems.UnsupportedMediaType(request.ContentType);
            if (request.ContentLength > JsonBody.MaxBytes) return Problems.Problems.PayloadTooLarge(JsonBody.MaxBytes);
        }

        if (http.User.Identity?.IsAuthenticated == true && !Caller.ViaApiKey(http.User))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
                return Problems.Problems.Forbidden(Problems.Problems.CsrfTokenInvalid,
                    $"a signed-in write needs the {CsrfHeader} header with the token from GET /api/auth/me");
        }
        return await next(context);
    }

    private static readonly string[] FormTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

    public static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitOptions Limits(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.RateLimits;

    private static FixedWindowRateLimiterOptions PerMinute(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Forbidden(HttpContext http) =>
        Problems.Problems.Forbidden(Problems.Problems.ForbiddenCode, $"the {Caller.Role(http.User)} role may not do this");

    /// <summary>A disabled or deleted user is signed out at their next request; a changed role takes effect at once.</summary>
    private static async Task ValidateCookieAsync(CookieValidatePrincipalContext ctx)
    {
        var name = ctx.Principal?.Identity?.Name;
        var db = ctx.HttpContext.RequestServices.GetRequiredService<NpgsqlDataSource>();
        var role = name is null ? null : await UserStore.CurrentRoleAsync(db, name, ctx.HttpContext.RequestAborted);
        if (role is null)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        else if (role != ctx.Principal!.FindFirstValue(ClaimTypes.Role))
        {
            ctx.ReplacePrincipal(Principal(name!, role));
            ctx.ShouldRenew = true;
        }
    }

    public static ClaimsPrincipal Principal(string name, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], CookieAuthenticationDefaults.AuthenticationScheme));
}

/// <summary>Sign-in attempts per user name (the per-IP limit is the "sign-in" rate-limit policy): the framework's limiter.</summary>
public sealed class SignInThrottle(IOptions<AccessOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(name =>
        RateLimitPartition.GetFixedWindowLimiter(name.ToLowerInvariant(), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.RateLimits.SignInPerUserPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        }));

    /// <summary>Null when the attempt may go ahead; otherwise the seconds to wait.</summary>
    public int? TryAcquire(string name)
    {
        using var lease = _limiter.AttemptAcquire(name);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
    }

    public void Dispose() => _limiter.Dispose();
}
