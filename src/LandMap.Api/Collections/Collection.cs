namespace LandMap.Api.Collections;

/// <summary>The whitelist of feature collections: identifiers in SQL come only from here.</summary>
internal sealed record Collection(
    string Id, string TitleZh, string TitleEn, string Feature, string From, string ById, string Order, string Extent,
    string[] Parameters, Func<ItemQuery, SqlFilter> Filter)
{
    public static readonly IReadOnlyList<Collection> All =
    [
        new("parcels", "闲置土地", "Idle land parcels", CollectionsQueries.ParcelFeature, CollectionsQueries.ParcelsFrom,
            CollectionsQueries.ParcelsById, CollectionsQueries.ParcelsOrder, CollectionsQueries.ParcelsExtent,
            [.. ItemQueryParser.Paging, .. ItemQueryParser.Common, .. ItemQueryParser.ParcelFilters], q => SqlFilter.ForParcels(q)),
        new("factories", "闲置厂房", "Vacant factory buildings", CollectionsQueries.FactoryFeature, CollectionsQueries.FactoriesFrom,
            CollectionsQueries.FactoriesById, CollectionsQueries.FactoriesOrder, CollectionsQueries.FactoriesExtent,
            [.. ItemQueryParser.Paging, .. ItemQueryParser.Common, .. ItemQueryParser.FactoryFilters], q => SqlFilter.ForFactories(q)),
        new("zones", "开发区及园区", "Development zones and parks", CollectionsQueries.ZoneFeature, CollectionsQueries.ZonesFrom,
            CollectionsQueries.ZonesById, CollectionsQueries.ZonesOrder, CollectionsQueries.ZonesExtent,
            [.. ItemQueryParser.Paging, "bbox", "zone"], q => SqlFilter.ForZones(q)),
    ];

    public static Collection? Find(string id) => All.FirstOrDefault(c => c.Id == id);

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string id) =>
        Problems.Problems.NotFound(Problems.Problems.CollectionNotFound,
            $"No collection '{id}'; collections: {string.Join(", ", All.Select(c => c.Id))}");
}
