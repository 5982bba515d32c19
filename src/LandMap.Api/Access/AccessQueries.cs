namespace LandMap.Api.Access;

internal static class AccessQueries
{
    public const string UserColumns = "name, role, disabled, created_at, created_by";

    public const string InsertUser = $"""
        INSERT INTO users (name, role, password_hash, created_by) VALUES ($1, $2, $3, $4) RETURNING {UserColumns}
        """;

    public const string UserForSignIn = "SELECT role, password_hash, disabled FROM users WHERE name = $1";
    public const string UserState = "SELECT role, disabled FROM users WHERE name = $1";
    public const string ListUsers = $"SELECT {UserColumns} FROM users ORDER BY name";
    public const string SetDisabled = $"UPDATE users SET disabled = $2, updated_at = now() WHERE name = $1 RETURNING {UserColumns}";
    public const string SetPassword = $"UPDATE users SET password_hash = $2, updated_at = now() WHERE name = $1 RETURNING {UserColumns}";
    public const string SetPasswordAndRole = $"""
        INSERT INTO users (name, role, password_hash, created_by) VALUES ($1, $2, $3, $4)
        ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash, disabled = false, updated_at = now()
        RETURNING {UserColumns}
        """;

    public const string KeyColumns = "name, role, key_prefix, created_at, created_by, revoked_at, revoked_by";

    public const string InsertKey = $"""
        INSERT INTO api_keys (name, role, key_hash, key_prefix, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING {KeyColumns}
        """;

    public const string KeyByHash = "SELECT name, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL";
    public const string ListKeys = $"SELECT {KeyColumns} FROM api_keys ORDER BY name";
    public const string RevokeKey = $"""
        UPDATE api_keys SET revoked_at = now(), revoked_by = $2 WHERE name = $1 AND revoked_at IS NULL RETURNING {KeyColumns}
        """;
}
