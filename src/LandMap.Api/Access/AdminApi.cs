using LandMap.Api.Ogc;
using LandMap.Api.Problems;
using LandMap.Core.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Npgsql;

namespace LandMap.Api.Access;

/// <summary>Users and API keys, for admins: the same operations as `./landmap user …` and `./landmap key …`.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(Policies.Admin);
        group.MapGet("/users", ListUsers).WithName("ListUsers");
        group.MapPost("/users", AddUser).WithName("AddUser").WithJsonBody<NewUserRequest>();
        group.MapPut("/users/{name}/disabled", SetDisabled).WithName("SetUserDisabled").WithJsonBody<DisabledRequest>();
        group.MapGet("/keys", ListKeys).WithName("ListKeys");
        group.MapPost("/keys", AddKey).WithName("AddKey").WithJsonBody<NewKeyRequest>();
        group.MapDelete("/keys/{name}", RevokeKey).WithName("RevokeKey");
        return app;
    }

    public static async Task<Ok<List<UserInfo>>> ListUsers(NpgsqlDataSource db, CancellationToken ct) =>
        TypedResults.Ok(await UserStore.ListUsersAsync(db, ct));

    /// <summary>Creates a user; without a password one is generated and returned once.</summary>
    public static async Task<Results<Created<NewUser>, ProblemHttpResult>> AddUser(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<NewUserRequest>(request, ct);
        if (problem is not null) return problem;
        var password = body!.Password ?? UserStore.NewPassword();
        var errors = new List<FieldError>();
        if (UserStore.NameProblem(body.Name) is { } n) errors.Add(new("name", Problems.Problems.InvalidField, n));
        if (!Roles.IsAssignable(body.Role)) errors.Add(new("role", Problems.Problems.InvalidField, $"one of {string.Join(", ", Roles.Assignable)}"));
        if (UserStore.PasswordProblem(password) is { } p) errors.Add(new("password", Problems.Problems.InvalidField, p));
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);
        try
        {
            var info = await UserStore.AddUserAsync(db, body.Name!, body.Role!, password, Caller.Actor(user), ct);
            return TypedResults.Created($"/api/admin/users/{info.Name}", new NewUser(info, body.Password is null ? password : null));
        }
        catch (PostgresException e) when (UserStore.IsUniqueViolation(e))
        {
            return Problems.Problems.Conflict(Problems.Problems.NameTaken, $"a user named '{body.Name}' exists");
        }
    }

    public static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> SetDisabled(string name, HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<DisabledRequest>(request, ct);
        if (problem is not null) return problem;
        if (body!.Disabled is not { } disabled) return Problems.Problems.Unprocessable([new("disabled", Problems.Problems.InvalidField, "true or false")]);
        return await UserStore.SetDisabledAsync(db, name, disabled, ct) is { } info
            ? TypedResults.Ok(info)
            : Problems.Problems.NotFound(Problems.Problems.UserNotFound, $"No user '{name}'");
    }

    public static async Task<Ok<List<KeyInfo>>> ListKeys(NpgsqlDataSource db, CancellationToken ct) =>
        TypedResults.Ok(await UserStore.ListKeysAsync(db, ct));

    /// <summary>Creates a key; the key itself is in this answer only.</summary>
    public static async Task<Results<Created<NewKey>, ProblemHttpResult>> AddKey(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<NewKeyRequest>(request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        if (UserStore.NameProblem(body!.Name) is { } n) errors.Add(new("name", Problems.Problems.InvalidField, n));
        if (!Roles.IsAssignable(body.Role)) errors.Add(new("role", Problems.Problems.InvalidField, $"one of {string.Join(", ", Roles.Assignable)}"));
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);
        try
        {
            var (info, key) = await UserStore.AddKeyAsync(db, body.Name!, body.Role!, Caller.Actor(user), ct);
            return TypedResults.Created($"/api/admin/keys/{info.Name}", new NewKey(info, key));
        }
        catch (PostgresException e) when (UserStore.IsUniqueViolation(e))
        {
            return Problems.Problems.Conflict(Problems.Problems.NameTaken, $"a key named '{body.Name}' exists");
        }
    }

    public static async Task<Results<Ok<KeyInfo>, ProblemHttpResult>> RevokeKey(string name, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct) =>
        await UserStore.RevokeKeyAsync(db, name, Caller.Actor(user), ct) is { } info
            ? TypedResults.Ok(info)
            : Problems.Problems.NotFound(Problems.Problems.KeyNotFound, $"No live key '{name}'");
}

public sealed record NewUserRequest(string? Name, string? Role, string? Password);

public sealed record DisabledRequest(bool? Disabled);

public sealed record NewKeyRequest(string? Name, string? Role);

/// <summary>The created user, and the generated password when none was given (shown this once).</summary>
public sealed record NewUser(UserInfo User, string? GeneratedPassword);

/// <summary>The created key's record and the key itself (shown this once; only its hash is stored).</summary>
public sealed record NewKey(KeyInfo Info, string Key);
