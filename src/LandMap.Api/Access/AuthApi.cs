using LandMap.Api.Ogc;
using System.Security.Claims;
using LandMap.Api.Problems;
using LandMap.Core.Access;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LandMap.Api.Access;

/// <summary>Sign-in for the page: POST /api/auth/login sets the cookie, GET /api/auth/me says who you are (and gives the CSRF token), logout ends it.</summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Sign-in");
        group.MapPost("/login", Login).WithName("SignIn").WithJsonBody<LoginRequest>().AllowAnonymous().RequireRateLimiting(Policies.SignIn);
        group.MapGet("/me", Me).WithName("WhoAmI").AllowAnonymous();
        group.MapPost("/logout", Logout).WithName("SignOut").AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<Me>, ProblemHttpResult>> Login(
        HttpContext http, NpgsqlDataSource db, SignInThrottle throttle, IAntiforgery antiforgery, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<LoginRequest>(http.Request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(body!.Name) || body.Name.Length > 64) errors.Add(new("name", Problems.Problems.InvalidField, "required, at most 64 characters"));
        if (string.IsNullOrEmpty(body.Password) || body.Password.Length > UserStore.MaxPasswordLength)
            errors.Add(new("password", Problems.Problems.InvalidField, $"required, at most {UserStore.MaxPasswordLength} characters"));
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);

        if (throttle.TryAcquire(body.Name!) is { } wait)
        {
            http.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Problems.TooManyRequests(wait);
        }
        if (await UserStore.VerifyAsync(db, body.Name!, body.Password!, ct) is not { } role)
            return Problems.Problems.Unauthorized("wrong name or password, or the user is disabled", Problems.Problems.InvalidCredentials);

        var principal = AccessSetup.Principal(body.Name!, role);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        http.User = principal; // the antiforgery token is bound to the signed-in user
        return TypedResults.Ok(Describe(http, antiforgery));
    }

    public static Ok<Me> Me(HttpContext http, IAntiforgery antiforgery) => TypedResults.Ok(Describe(http, antiforgery));

    public static async Task<NoContent> Logout(HttpContext http, CancellationToken ct)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static Me Describe(HttpContext http, IAntiforgery antiforgery)
    {
        var role = Caller.Role(http.User);
        // Only a cookie session needs a CSRF token; a public visitor writes nothing, an API key is not sent by browsers.
        var token = role != Roles.Public && !Caller.ViaApiKey(http.User) ? antiforgery.GetAndStoreTokens(http).RequestToken : null;
        return new Me(role == Roles.Public ? null : http.User.FindFirstValue(ClaimTypes.Name), role, token);
    }
}

public sealed record LoginRequest(string? Name, string? Password);

/// <summary>Who the caller is: name (null when not signed in), role (public, staff, editor, admin) and the CSRF token for writes.</summary>
public sealed record Me(string? Name, string Role, string? CsrfToken);
