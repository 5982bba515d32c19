namespace LandMap.Core.History;

/// <summary>Where a change came from: the <c>source</c> of a row in the changes table.</summary>
public static class ChangeSource
{
    public const string Edit = "edit";
    public const string Import = "import";
    public const string Reservation = "reservation";
    public const string Allocation = "allocation";
    /// <summary>The demo seed, which writes its own back-dated history.</summary>
    public const string Seed = "seed";
    /// <summary>A change made without a context (a repair by hand, a migration).</summary>
    public const string System = "system";

    public static IReadOnlyList<string> All { get; } = [Edit, Import, Reservation, Allocation, Seed, System];
}

/// <summary>What a change did: the <c>action</c> of a row in the changes table.</summary>
public static class ChangeAction
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Status = "status";
    public const string Retire = "retire";
    public const string Split = "split";
    public const string Merge = "merge";
    public const string Verify = "verify";

    public static IReadOnlyList<string> All { get; } = [Create, Update, Status, Retire, Split, Merge, Verify];
}
