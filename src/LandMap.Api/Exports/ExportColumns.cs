using System.Globalization;
using LandMap.Api.Collections;
using LandMap.Core.Ledgers;
using LandMap.Core.Resources;

namespace LandMap.Api.Exports;

/// <summary>One exported column: its ledger definition (key, Chinese header, Shapefile name, kind) and the SQL of its value.</summary>
internal sealed record ExportColumn(LedgerField Field, string Sql)
{
    public string Key => Field.Key;
    public string HeaderZh => Field.HeaderZh;
    public string ShpName => Field.ShpName;
    public CellKind Kind => Field.Kind;

    /// <summary>An area (亩 or m²): shown to 2 decimals in the spreadsheet.</summary>
    public bool IsArea => Field.Unit is "亩" or "m²";

    /// <summary>The area computed from the geometry (re-computed on import, so rounding it loses nothing).</summary>
    public bool IsComputedArea => ReferenceEquals(Field, ExportColumns.ComputedAreaMu);

    /// <summary>The value as the SQL reader expects it: one .NET type per kind (double, int, DateOnly or text).</summary>
    public string TypedSql => Kind switch
    {
        CellKind.Number => $"({Sql})::double precision",
        CellKind.Integer => $"({Sql})::integer",
        CellKind.Date => $"({Sql})::date",
        CellKind.TextList => $"array_to_string({Sql}, '{ExportColumns.ListSeparator}')",
        _ => $"({Sql})::text",
    };
}

/// <summary>
/// The columns of an export: the ledger catalogue (<see cref="LedgerFields"/>, so an exported file imports again under the
/// same headers) cut down to what <see cref="Visibility"/> lets the caller see, plus the computed area (parcels) or vacancy
/// rate (factories) and, for staff, the last verification and the stale flag. A catalogue field that the database does not hold yet (owner, suppliedOn, ledgerAreaM2) is left out.
/// </summary>
internal static class ExportColumns
{
    /// <summary>Between the items of a list cell (产业链): the first separator <see cref="Cells"/> splits on.</summary>
    public const string ListSeparator = "、";

    public static readonly LedgerField ComputedAreaMu = new("areaMu", "计算面积(亩)", "AREA_CALC", CellKind.Number, "亩");
    public static readonly LedgerField VacancyRate = new("vacancyRate", "空置率", "VAC_RATE", CellKind.Number);

    /// <summary>Staff only: not verified within Freshness:StaleDays (a survey worklist column; import ignores it).</summary>
    public static readonly LedgerField Stale = new("stale", "待核实", "STALE", CellKind.Boolean);
    public static readonly LedgerField VerifiedOn = new("verifiedAt", "核实日期", "VERIFIED", CellKind.Date);
    public static readonly LedgerField VerifiedBy = new("verifiedBy", "核实人", "VERIFIER", CellKind.Text);

    /// <summary>
    /// Catalogue keys whose value comes from a differently named field. 用地性质 carries the ledger's own code (M1 stays M1;
    /// the catalogue lists landUseOriginal as its alias): re-importing it yields the same canonical and original codes.
    /// </summary>
    private static readonly Dictionary<string, string> SourceField = new() { ["landUse"] = "landUseOriginal" };

    /// <summary>The columns of <paramref name="collection"/> (parcels or factories) that <paramref name="role"/> may see, in ledger order.</summary>
    public static IReadOnlyList<ExportColumn> For(Collection collection, string role)
    {
        var (catalogue, computed, after) = collection.Id == "parcels"
            ? (LedgerFields.Parcel, ComputedAreaMu, "address")
            : (LedgerFields.Factory, VacancyRate, "vacantFloorM2");
        var visible = Visibility.For(collection.Fields, role).ToDictionary(f => f.Name);
        var columns = new List<ExportColumn>();
        foreach (var field in catalogue)
        {
            if (visible.TryGetValue(SourceField.GetValueOrDefault(field.Key, field.Key), out var source)) columns.Add(new(field, source.Sql));
            if (field.Key == after && visible.TryGetValue(computed.Key, out var c)) columns.Add(new(computed, c.Sql));
        }
        // Freshness, for staff: the day of the last verification in China time, by whom, and whether it is too long ago.
        if (visible.ContainsKey(VerifiedOn.Key)) columns.Add(new(VerifiedOn, $"{collection.Alias}.verified_at AT TIME ZONE 'Asia/Shanghai'"));
        if (visible.TryGetValue(VerifiedBy.Key, out var by)) columns.Add(new(VerifiedBy, by.Sql));
        if (visible.TryGetValue(Stale.Key, out var stale)) columns.Add(new(Stale, stale.Sql));
        return columns;
    }

    /// <summary>Status and ownership as a Chinese ledger writes them (<see cref="Cells.LabelZh"/>, the words import reads).</summary>
    public static string? LabelZh(string collectionId, CellKind kind, string? value) =>
        kind is CellKind.Status or CellKind.Ownership ? Cells.LabelZh(kind, value, factory: collectionId == "factories") : value;

    /// <summary>
    /// A value as a ledger's text cell (CSV, DBF): status and ownership in Chinese, dates yyyy-MM-dd, numbers exact
    /// (round-trip form) except the computed area, which is re-computed on import and written to 2 decimals.
    /// </summary>
    public static string? LedgerText(string collectionId, ExportColumn column, object? value) => value switch
    {
        null => null,
        double d when column.IsComputedArea => d.ToString("0.00", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        string s => LabelZh(collectionId, column.Kind, s),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
