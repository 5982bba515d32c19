using LandMap.Api.Database;
using LandMap.Core.Access;
using Npgsql;

namespace LandMap.Api.Access;

/// <summary>
/// `./landmap user add NAME --role editor | list | disable NAME | enable NAME | password NAME` and
/// `./landmap key add NAME --role staff | list | revoke NAME`. Exit codes: 0 done, 1 refused (unknown name, taken name), 2 usage.
/// </summary>
public static class AccessCli
{
    private const string Usage = """
        usage: landmap user add NAME --role staff|editor|admin    (prints a generated password)
               landmap user list | disable NAME | enable NAME | password NAME
               landmap key add NAME --role staff|editor|admin     (prints the key once)
               landmap key list | revoke NAME
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var builder = new NpgsqlDataSourceBuilder(DatabaseSetup.ConnectionString(config));
        await using var db = builder.Build();
        await Migrator.MigrateAsync(db);
        var actor = "cli:" + Environment.UserName;
        try
        {
            return args switch
            {
                ["user", "add", var name, "--role", var role] => await AddUserAsync(db, name, role, actor),
                ["user", "list"] => await ListUsersAsync(db),
                ["user", "disable", var name] => Report(await UserStore.SetDisabledAsync(db, name, true), $"user {name} disabled", name),
                ["user", "enable", var name] => Report(await UserStore.SetDisabledAsync(db, name, false), $"user {name} enabled", name),
                ["user", "password", var name] => await NewPasswordAsync(db, name),
                ["key", "add", var name, "--role", var role] => await AddKeyAsync(db, name, role, actor),
                ["key", "list"] => await ListKeysAsync(db),
                ["key", "revoke", var name] => Report(await UserStore.RevokeKeyAsync(db, name, actor), $"key {name} revoked", name),
                _ => Fail(Usage, 2),
            };
        }
        catch (PostgresException e) when (UserStore.IsUniqueViolation(e))
        {
            return Fail($"the name '{args[2]}' is taken", 1);
        }
    }

    private static async Task<int> AddUserAsync(NpgsqlDataSource db, string name, string role, string actor)
    {
        if (Invalid(name, role) is { } problem) return Fail(problem, 2);
        var password = UserStore.NewPassword();
        var user = await UserStore.AddUserAsync(db, name, role, password, actor);
        Console.WriteLine($"user {user.Name} ({user.Role}) created; password: {password}");
        return 0;
    }

    private static async Task<int> NewPasswordAsync(NpgsqlDataSource db, string name)
    {
        var password = UserStore.NewPassword();
        return Report(await UserStore.SetPasswordAsync(db, name, password), $"user {name}: new password: {password}", name);
    }

    private static async Task<int> AddKeyAsync(NpgsqlDataSource db, string name, string role, string actor)
    {
        if (Invalid(name, role) is { } problem) return Fail(problem, 2);
        var (info, key) = await UserStore.AddKeyAsync(db, name, role, actor);
        Console.WriteLine($"key {info.Name} ({info.Role}) created; send it as the X-API-Key header. It is shown only now:");
        Console.WriteLine(key);
        return 0;
    }

    private static async Task<int> ListUsersAsync(NpgsqlDataSource db)
    {
        Console.WriteLine($"{"name",-24} {"role",-7} {"state",-9} created");
        foreach (var u in await UserStore.ListUsersAsync(db))
            Console.WriteLine($"{u.Name,-24} {u.Role,-7} {(u.Disabled ? "disabled" : "enabled"),-9} {u.CreatedAt:yyyy-MM-dd HH:mm} by {u.CreatedBy}");
        return 0;
    }

    private static async Task<int> ListKeysAsync(NpgsqlDataSource db)
    {
        Console.WriteLine($"{"name",-24} {"role",-7} {"prefix",-9} state");
        foreach (var k in await UserStore.ListKeysAsync(db))
            Console.WriteLine($"{k.Name,-24} {k.Role,-7} {k.Prefix,-9} {(k.RevokedAt is { } at ? $"revoked {at:yyyy-MM-dd HH:mm} by {k.RevokedBy}" : "live")}");
        return 0;
    }

    private static string? Invalid(string name, string role) =>
        UserStore.NameProblem(name) is { } n ? $"name: {n}"
        : !Roles.IsAssignable(role) ? $"role: one of {string.Join(", ", Roles.Assignable)}"
        : null;

    private static int Report(object? result, string done, string name) => result is null ? Fail($"no such user or live key: {name}", 1) : Ok(done);

    private static int Ok(string message)
    {
        Console.WriteLine(message);
        return 0;
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine(message);
        return code;
    }
}
