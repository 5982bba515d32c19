using LandMap.Core.Access;
using Npgsql;

namespace LandMap.Api.Access;

/// <summary>
/// The demo run's two users, demo-editor and demo-staff, with new random passwords printed at every start (only their hashes
/// are stored). Refused outside the Development and Demo environments: a production system has no shared demo logins.
/// </summary>
public static class DemoUsers
{
    public static readonly string[] Environments = ["Development", "Demo"];

    public static async Task CreateAsync(NpgsqlDataSource db, IHostEnvironment env, ILogger logger, CancellationToken ct)
    {
        if (!Environments.Contains(env.EnvironmentName))
            throw new InvalidOperationException(
                $"Demo:Users is refused in the {env.EnvironmentName} environment (only {string.Join(" or ", Environments)}): create users with `./landmap user add`.");
        var lines = new List<string>();
        foreach (var (name, role) in new[] { ("demo-editor", Roles.Editor), ("demo-staff", Roles.Staff) })
        {
            var password = UserStore.NewPassword();
            await UserStore.SetUserAsync(db, name, role, password, "demo", ct);
            lines.Add($"  {name,-12} ({role,-6})  password: {password}");
        }
        // Printed on the console for the person who started the demo; not written anywhere else.
        Console.WriteLine("Demo sign-in (new passwords at every start):" + Environment.NewLine + string.Join(Environment.NewLine, lines));
        logger.LogInformation("Demo users demo-editor and demo-staff are ready (passwords printed on the console)");
    }
}
