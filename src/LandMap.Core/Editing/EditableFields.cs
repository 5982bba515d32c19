using LandMap.Core.Ledgers;

namespace LandMap.Core.Editing;

/// <summary>
/// What an editor may set on a parcel or factory through the API: the ledger fields (<see cref="LedgerFields"/>, parsed
/// and range-checked by the same rules as an import) plus the utility flags the map shows but ledgers do not carry. Keys
/// are the camelCase property names of the items output.
/// </summary>
public static class EditableFields
{
    /// <summary>
    /// The facts of supplied land the idle-land rules read (issue 13, 《闲置土地处置办法》art. 2; Core/Revitalisation):
    /// shares are fractions 0–1, the land price (transfer or allocation price) in 万元. Staff only. Declared before
    /// <see cref="Parcel"/>, which includes it (static fields initialise in order).
    /// </summary>
    public static readonly LedgerField[] SuppliedLand =
    [
        new("supplyType", "供地方式", "SUPPLY", CellKind.Text),
        new("agreedStartOn", "约定动工日期", "AGREED_ON", CellKind.Date),
        new("actualStartOn", "实际动工日期", "STARTED_ON", CellKind.Date),
        new("developedShare", "已开发面积占比", "DEV_SHARE", CellKind.Number),
        new("investedShare", "已投资占比", "INV_SHARE", CellKind.Number),
        new("haltedOn", "停工日期", "HALTED_ON", CellKind.Date),
        new("landPriceWan", "土地价款(万元)", "PRICE_WAN", CellKind.Number, "万元"),
    ];

    public static readonly LedgerField[] Parcel =
    [
        .. LedgerFields.Parcel,
        new("water", "供水", "WATER", CellKind.Boolean),
        new("gas", "供气", "GAS", CellKind.Boolean),
        new("heat", "供热", "HEAT", CellKind.Boolean),
        .. SuppliedLand,
    ];

    /// <summary>Text fields that take one of a fixed list of values.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Choices = new Dictionary<string, IReadOnlyList<string>>
    {
        ["supplyType"] = Revitalisation.SupplyType.All,
    };

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
