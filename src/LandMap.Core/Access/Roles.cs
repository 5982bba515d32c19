namespace LandMap.Core.Access;

/// <summary>
/// Who may do what. public: investors, no sign-in; staff: reads everything; editor: also writes projects, reservations and
/// allocations (later ledger edits and imports); admin: also manages users and keys. Each role includes the ones before it.
/// </summary>
public static class Roles
{
    public const string Public = "public";
    public const string Staff = "staff";
    public const string Editor = "editor";
    public const string Admin = "admin";

    /// <summary>Roles a user or an API key can be given (public is the absence of a sign-in).</summary>
    public static IReadOnlyList<string> Assignable { get; } = [Staff, Editor, Admin];

    public static bool IsAssignable(string? role) => role is not null && Assignable.Contains(role, StringComparer.Ordinal);

    /// <summary>The assignable roles that include <paramref name="role"/>: staff → staff, editor, admin.</summary>
    public static string[] AtLeast(string role) => Assignable.SkipWhile(r => r != role).ToArray();

    public static int Rank(string? role) => role switch { Staff => 1, Editor => 2, Admin => 3, _ => 0 };
}
