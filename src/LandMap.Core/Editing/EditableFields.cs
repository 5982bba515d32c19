using LandMap.Core.Ledgers;

namespace LandMap.Core.Editing;

/// <summary>
/// What an editor may set on a parcel or factory through the API: the ledger fields (<see cref="LedgerFields"/>, parsed
/// and range-checked by the same rules as an import) plus the utility flags the map shows but ledgers do not carry. Keys
/// are the camelCase property names of the items output.
/// </summary>
public static class EditableFields
{
    /// <summary>The facts of supplied land (staff only), part of the parcel ledger: <see cref="LedgerFields.SuppliedLand"/>.</summary>
    public static LedgerField[] SuppliedLand => LedgerFields.SuppliedLand;

    public static readonly LedgerField[] Parcel =
    [
        .. LedgerFields.Parcel,
        new("water", "供水", "WATER", CellKind.Boolean),
        new("gas", "供气", "GAS", CellKind.Boolean),
        new("heat", "供热", "HEAT", CellKind.Boolean),
    ];

    public static readonly LedgerField[] Factory = LedgerFields.Factory;

    /// <summary>Other spellings of a key that clients use (the items output says zone and park).</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>
    {
        ["zoneCode"] = "zone",
        ["parkCode"] = "park",
    };

    /// <summary>
    /// Properties of the items output that are computed or kept by the system: areas from the geometry, the ledger's
    /// original land-use code from landUse, versions and verification. Sending one is refused rather than ignored.
    /// </summary>
    public static readonly IReadOnlySet<string> ReadOnly = new HashSet<string>
    {
        "areaMu", "footprintM2", "gkCentralMeridian", "vacancyRate", "areaMismatch", "landUseOriginal", "updatedAt",
        "version", "verifiedAt", "verifiedBy", "stale", "projectId", "projectName",
    };

    /// <summary>Fields a stored record always has: they may be changed, never emptied.</summary>
    public static readonly IReadOnlySet<string> NotNull = new HashSet<string>
    {
        "code", "zone", "landUse", "status", "ownership", "totalFloorM2", "vacantFloorM2", "floors", "water", "gas", "heat",
    };

    public static LedgerField[] For(bool parcel) => parcel ? Parcel : Factory;
}
