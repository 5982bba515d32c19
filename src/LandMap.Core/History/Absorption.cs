using LandMap.Core.Resources;

namespace LandMap.Core.History;

/// <summary>
/// What counts as absorption (去化) and revitalisation (盘活) in the changes table. Absorbed: the amount (parcel: area;
/// factory: vacant floor) that left the available statuses through a status or vacancy change; returned: the amount that
/// came back. Revitalised: a resource moved into allocated or in use from idle, negotiating or reserved (its area or vacant
/// floor then), and a building's vacant floor taken up by any other change (let or reserved part by part). Creation, split,
/// merge and retirement change the stock but are not absorption.
/// </summary>
public static class Absorption
{
    /// <summary>Statuses whose amount is on offer: <see cref="ResourceStatus.Available"/>.</summary>
    public static IReadOnlyList<string> Available => ResourceStatus.Available;

    /// <summary>The statuses a revitalised resource comes from.</summary>
    public static IReadOnlyList<string> RevitalisedFrom { get; } = [ResourceStatus.Idle, ResourceStatus.Negotiating, ResourceStatus.Reserved];

    /// <summary>The statuses a revitalised resource goes to.</summary>
    public static IReadOnlyList<string> RevitalisedTo { get; } = [ResourceStatus.Allocated, ResourceStatus.InUse];

    /// <summary>Actions that move stock without absorbing it.</summary>
    public static IReadOnlyList<string> NotAbsorption { get; } = [ChangeAction.Create, ChangeAction.Split, ChangeAction.Merge, ChangeAction.Retire];
}
