using LandMap.Core.Access;

namespace LandMap.Api.Collections;

/// <summary>The whitelist of feature collections: identifiers in SQL come only from here and from <see cref="Visibility"/>.</summary>
/// <param name="Kind">The kind in the changes table (parcel, factory); null for a collection without history (zones).</param>
/// <param name="Order">The order of exports and whole lists: by code.</param>
/// <param name="PageOrder">The order of item pages without sortby (<see cref="CollectionsQueries.ParcelsPageOrder"/>).</param>
internal sealed record Collection(
    string Id, string TitleZh, string TitleEn, string Alias, Field[] Fields, string Table, string? Kind, string Order, string Extent,
    string[] Parameters, Func<ItemQuery, SqlFilter> Filter, bool HasStatus, string PageOrder)
{
    public static readonly IReadOnlyList<Collection> All =
    [
        new("parcels", "闲置土地", "Idle land parcels", "p", Visibility.Parcel, "parcels", "parcel",
            CollectionsQueries.ParcelsOrder, CollectionsQueries.ParcelsExtent,
            [.. ItemQueryParser.Paging, .. ItemQueryParser.Common, .. ItemQueryParser.ParcelFilters, .. ItemQueryParser.History, .. ItemQueryParser.Filtering, .. ItemQueryParser.ItemsOnly], q => SqlFilter.ForParcels(q), HasStatus: true,
            CollectionsQueries.ParcelsPageOrder),
        new("factories", "闲置厂房", "Vacant factory buildings", "f", Visibility.Factory, "factories", "factory",
            CollectionsQueries.FactoriesOrder, CollectionsQueries.FactoriesExtent,
            [.. ItemQueryParser.Paging, .. ItemQueryParser.Common, .. ItemQueryParser.FactoryFilters, .. ItemQueryParser.History, .. ItemQueryParser.Filtering, .. ItemQueryParser.ItemsOnly], q => SqlFilter.ForFactories(q), HasStatus: true,
            CollectionsQueries.FactoriesPageOrder),
        new("zones", "开发区及园区", "Development zones and parks", "z", Visibility.Zone, "zones", null,
            CollectionsQueries.ZonesOrder, CollectionsQueries.ZonesExtent,
            [.. ItemQueryParser.Paging, "bbox", "zone", .. ItemQueryParser.Filtering, .. ItemQueryParser.ItemsOnly.Except(["datetime"])], q => SqlFilter.ForZones(q), HasStatus: false,
            CollectionsQueries.ZonesOrder),
    ];

    private readonly string _publicFeature = Visibility.FeatureSql(Alias, Visibility.For(Fields, Roles.Public));
    private readonly string _fullFeature = Visibility.FeatureSql(Alias, Fields);

    /// <summary>The SQL of one feature with the fields <paramref name="role"/> may see.</summary>
    public string Feature(string role) => role == Roles.Public ? _publicFeature : _fullFeature;

    /// <summary>
    /// The FROM clause of every read (items, single item, stats, exports): the rows at <paramref name="moment"/>, live or
    /// reconstructed, under the collection's alias; the moment's values become parameters of <paramref name="filter"/>.
    /// One SQL path: filters, fields and the public whitelist apply alike to both.
    /// </summary>
    public string Source(SqlFilter filter, Moment moment)
    {
        if (Kind is null) return CollectionsQueries.ZonesFrom;
        var stale = filter.Param(moment.StaleBefore);
        var rows = moment.AsOf is { } cut
            ? CollectionsQueries.AsOf(Table, Kind, filter.Param(cut), stale)
            : CollectionsQueries.Live(Table, stale);
        return $"FROM ({rows}) {Alias}";
    }

    public static Collection? Find(string id) => All.FirstOrDefault(c => c.Id == id);

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string id) =>
        Problems.Problems.NotFound(Problems.Problems.CollectionNotFound,
            $"No collection '{id}'; collections: {string.Join(", ", All.Select(c => c.Id))}");
}
