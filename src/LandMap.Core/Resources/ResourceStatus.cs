namespace LandMap.Core.Resources;

/// <summary>Life cycle of a parcel or factory: idle → negotiating → reserved → allocated → in_use (and back).</summary>
public static class ResourceStatus
{
    public const string Idle = "idle";
    public const string Negotiating = "negotiating";
    public const string Reserved = "reserved";
    public const string Allocated = "allocated";
    public const string InUse = "in_use";

    public static IReadOnlyList<string> All { get; } = [Idle, Negotiating, Reserved, Allocated, InUse];

    /// <summary>Statuses in which a resource can still be offered to a new project.</summary>
    public static IReadOnlyList<string> Available { get; } = [Idle, Negotiating];

    public static bool IsKnown(string value) => All.Contains(value, StringComparer.Ordinal);
}
