using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Access;

/// <summary>
/// Scripts and GIS clients send a named API key in the X-API-Key header (GDAL: GDAL_HTTP_HEADERS="X-API-Key: …"; QGIS: an
/// "API Header" authentication configuration). A plug-in to ASP.NET Core authentication: the key decides the role.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, NpgsqlDataSource db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-API-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values)) return AuthenticateResult.NoResult();
        if (await UserStore.FindKeyAsync(db, values.ToString(), Context.RequestAborted) is not { } key)
            return AuthenticateResult.Fail("unknown or revoked API key");
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, Caller.KeyActor(key.Name)), new Claim(ClaimTypes.Role, key.Role)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.Problems.Unauthorized("unknown or revoked API key", Problems.Problems.InvalidApiKey).ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Problems.Forbidden(Problems.Problems.ForbiddenCode, $"the {Caller.Role(Context.User)} role may not do this").ExecuteAsync(Context);
}

/// <summary>Who is calling, as the rest of the code needs to know it.</summary>
public static class Caller
{
    /// <summary>The role of the caller: public when not signed in.</summary>
    public static string Role(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.Role) ?? Core.Access.Roles.Public : Core.Access.Roles.Public;

    /// <summary>The name recorded on writes (changed_by, created_by): the user's name, or "key:NAME" for an API key.</summary>
    public static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";

    public static string KeyActor(string keyName) => "key:" + keyName;

    public static bool IsPublic(ClaimsPrincipal user) => Role(user) == Core.Access.Roles.Public;

    public static bool ViaApiKey(ClaimsPrincipal user) => user.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName;
}
