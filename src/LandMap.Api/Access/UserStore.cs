using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LandMap.Core.Access;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace LandMap.Api.Access;

/// <summary>
/// Users (who sign in on the page) and API keys (scripts, GIS clients): shared by the sign-in endpoints, the admin
/// endpoints and the command line. Passwords go through ASP.NET Core's <see cref="PasswordHasher{TUser}"/> (PBKDF2);
/// keys are 256 random bits shown once and stored as their SHA-256.
/// </summary>
public static partial class UserStore
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>Letters (any script, so 张三 works), digits and . _ - @, 1–64 characters.</summary>
    [GeneratedRegex(@"^[\p{L}\p{N}._@-]{1,64}$")]
    private static partial Regex NamePattern();

    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 200;
    public const string KeyPrefix = "lm_";

    public static string? NameProblem(string? name) =>
        name is null || !NamePattern().IsMatch(name) ? "1–64 letters, digits or . _ - @" : null;

    public static string? PasswordProblem(string? password) =>
        password is null || password.Length < MinPasswordLength || password.Length > MaxPasswordLength
            ? $"{MinPasswordLength}–{MaxPasswordLength} characters" : null;

    /// <summary>A random password for the command line and the demo users: 18 characters from an unambiguous alphabet.</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 18);

    public static async Task<UserInfo> AddUserAsync(NpgsqlDataSource db, string name, string role, string password, string createdBy, CancellationToken ct = default) =>
        (await UsersAsync(db, AccessQueries.InsertUser, ct, name, role, Hasher.HashPassword(name, password), createdBy)).Single();

    /// <summary>Creates the user or, if it exists, gives it this role and password and enables it (the demo users).</summary>
    public static async Task<UserInfo> SetUserAsync(NpgsqlDataSource db, string name, string role, string password, string createdBy, CancellationToken ct = default) =>
        (await UsersAsync(db, AccessQueries.SetPasswordAndRole, ct, name, role, Hasher.HashPassword(name, password), createdBy)).Single();

    public static async Task<UserInfo?> SetPasswordAsync(NpgsqlDataSource db, string name, string password, CancellationToken ct = default) =>
        (await UsersAsync(db, AccessQueries.SetPassword, ct, name, Hasher.HashPassword(name, password))).SingleOrDefault();

    public static async Task<UserInfo?> SetDisabledAsync(NpgsqlDataSource db, string name, bool disabled, CancellationToken ct = default) =>
        (await UsersAsync(db, AccessQueries.SetDisabled, ct, name, disabled)).SingleOrDefault();

    public static Task<List<UserInfo>> ListUsersAsync(NpgsqlDataSource db, CancellationToken ct = default) =>
        UsersAsync(db, AccessQueries.ListUsers, ct);

    /// <summary>The user's role if the name and password match an enabled user; null otherwise (one answer for every failure).</summary>
    public static async Task<string?> VerifyAsync(NpgsqlDataSource db, string name, string password, CancellationToken ct = default)
    {
        await using var cmd = db.CreateCommand(AccessQueries.UserForSignIn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = name });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            // Same work as for a real user, so the answer's timing does not tell which names exist.
            Hasher.VerifyHashedPassword(name, DummyHash, password);
            return null;
        }
        var (role, hash, disabled) = (r.GetString(0), r.GetString(1), r.GetBoolean(2));
        return Hasher.VerifyHashedPassword(name, hash, password) != PasswordVerificationResult.Failed && !disabled ? role : null;
    }

    private static readonly string DummyHash = Hasher.HashPassword("", NewPassword());

    /// <summary>The current role of an enabled user, or null if the user is gone or disabled (checked on every cookie request).</summary>
    public static async Task<string?> CurrentRoleAsync(NpgsqlDataSource db, string name, CancellationToken ct = default)
    {
        await using var cmd = db.CreateCommand(AccessQueries.UserState);
        cmd.Parameters.Add(new NpgsqlParameter { Value = name });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) && !r.GetBoolean(1) ? r.GetString(0) : null;
    }

    public static async Task<(KeyInfo Info, string Key)> AddKeyAsync(NpgsqlDataSource db, string name, string role, string createdBy, CancellationToken ct = default)
    {
        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var info = (await KeysAsync(db, AccessQueries.InsertKey, ct, name, role, Hash(key), key[..8], createdBy)).Single();
        return (info, key);
    }

    public static async Task<KeyInfo?> RevokeKeyAsync(NpgsqlDataSource db, string name, string revokedBy, CancellationToken ct = default) =>
        (await KeysAsync(db, AccessQueries.RevokeKey, ct, name, revokedBy)).SingleOrDefault();

    public static Task<List<KeyInfo>> ListKeysAsync(NpgsqlDataSource db, CancellationToken ct = default) =>
        KeysAsync(db, AccessQueries.ListKeys, ct);

    /// <summary>The name and role of a live key, or null for an unknown or revoked one.</summary>
    public static async Task<(string Name, string Role)?> FindKeyAsync(NpgsqlDataSource db, string key, CancellationToken ct = default)
    {
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Length > 100) return null;
        await using var cmd = db.CreateCommand(AccessQueries.KeyByHash);
        cmd.Parameters.Add(new NpgsqlParameter { Value = Hash(key) });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetString(0), r.GetString(1)) : null;
    }

    public static bool IsUniqueViolation(PostgresException e) => e.SqlState == PostgresErrorCodes.UniqueViolation;

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static async Task<List<UserInfo>> UsersAsync(NpgsqlDataSource db, string sql, CancellationToken ct, params object[] values)
    {
        var list = new List<UserInfo>();
        await using var cmd = db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new UserInfo(r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4)));
        return list;
    }

    private static async Task<List<KeyInfo>> KeysAsync(NpgsqlDataSource db, string sql, CancellationToken ct, params object[] values)
    {
        var list = new List<KeyInfo>();
        await using var cmd = db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new KeyInfo(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5), r.IsDBNull(6) ? null : r.GetString(6)));
        return list;
    }
}

public sealed record UserInfo(string Name, string Role, bool Disabled, DateTimeOffset CreatedAt, string CreatedBy);

public sealed record KeyInfo(string Name, string Role, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy);
