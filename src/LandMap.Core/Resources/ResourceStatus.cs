namespace LandMap.Core.Resources;

/// <summary>Life cycle of a parcel or factory: idle → negotiating → reserved → allocated → in_use (and back).</summary>
public static class ResourceStatus
{
    public const string Idle = "idle";
    public const string Negotiating = "negotiating";
    public const string Reserved = "reserved";
    public const string Allocated = "allocated";
    public const string InUse = "in_use";

    /// <summary>Taken off the map: kept with its history, never deleted (split or merged away, or dropped from the ledger).</summary>
    public const string Retired = "retired";

    /// <summary>The statuses of a record on the map. <see cref="Retired"/> is not among them: retired records show only when asked for.</summary>
    public static IReadOnlyList<string> All { get; } = [Idle, Negotiating, Reserved, Allocated, InUse];

    /// <summary>Every status a record can hold, retired included.</summary>
    public static IReadOnlyList<string> Stored { get; } = [Idle, Negotiating, Reserved, Allocated, InUse, Retired];

    /// <summary>Statuses in which a resource can still be offered to a new project.</summary>
    public static IReadOnlyList<string> Available { get; } = [Idle, Negotiating];

    public static bool IsKnown(string value) => Stored.Contains(value, StringComparer.Ordinal);
}
