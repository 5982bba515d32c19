using LandMap.Api.Collections;
using LandMap.Api.Ledgers;
using LandMap.Core.Editing;
using LandMap.Core.Ledgers;
using NpgsqlTypes;

namespace LandMap.Api.Editing;

/// <summary>
/// An editable collection: its table, the fields an editor may set (<see cref="EditableFields"/>) and the columns they
/// are stored in. The columns are the import's (<see cref="ImportTable"/>: one mapping from field to column, area from the
/// geometry), plus the parcel utility flags ledgers do not carry. Identifiers in SQL come only from here.
/// </summary>
internal sealed record EditTable(string CollectionId, string Kind, ImportTable Import, LedgerField[] Fields, ImportColumn[] Columns)
{
    public static readonly EditTable Parcels = new("parcels", "parcel", ImportTable.Parcels, EditableFields.Parcel,
    [
        .. ImportTable.Parcels.Columns,
        new("water", NpgsqlDbType.Boolean, "water", r => r.Values.GetValueOrDefault("water"), "false"),
        new("gas", NpgsqlDbType.Boolean, "gas", r => r.Values.GetValueOrDefault("gas"), "false"),
        new("heat", NpgsqlDbType.Boolean, "heat", r => r.Values.GetValueOrDefault("heat"), "false"),
    ]);

    public static readonly EditTable Factories = new("factories", "factory", ImportTable.Factories, EditableFields.Factory, ImportTable.Factories.Columns);

    public string Table => Import.Table;

    public bool IsParcel => this == Parcels;

    /// <summary>The collection whose single-feature SQL answers every write, so a response is the feature as GET returns it.</summary>
    public Collection Collection { get; } = Collection.Find(CollectionId)!;

    /// <summary>Columns computed from the geometry (geom, area, zone meridian): set whenever the geometry is.</summary>
    public IEnumerable<ImportColumn> GeometryColumns => Columns.Where(c => c.Key is null);

    public static EditTable? Find(string collectionId) => collectionId switch { "parcels" => Parcels, "factories" => Factories, _ => null };

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotEditable(string collectionId) =>
        Problems.Problems.NotFound(Problems.Problems.CollectionNotFound, $"No editable collection '{collectionId}'; editable: parcels, factories");
}
