using LandMap.Core.Access;

namespace LandMap.Api.Collections;

/// <summary>The whitelist of feature collections: identifiers in SQL come only from here and from <see cref="Visibility"/>.</summary>
internal sealed record Collection(
    string Id, string TitleZh, string TitleEn, string Alias, Field[] Fields, string From, string ById, string Order, string Extent,
    string[] Parameters, Func<ItemQuery, SqlFilter> Filter, bool HasStatus)
{
    public static readonly IReadOnlyList<Collection> All =
    [
        new("parcels", "闲置土地", "Idle land parcels", "p", Visibility.Parcel, CollectionsQueries.ParcelsFrom,
            CollectionsQueries.ParcelsById, CollectionsQueries.ParcelsOrder, CollectionsQueries.ParcelsExtent,
            [.. ItemQueryParser.Paging, .. ItemQueryParser.Common, .. ItemQueryParser.ParcelFilters], q => SqlFilter.ForParcels(q), HasStatus: true),
        new("factories", "闲置厂房", "Vacant factory buildings", "f", Visibility.Factory, CollectionsQueries.FactoriesFrom,
            CollectionsQueries.FactoriesById, CollectionsQueries.FactoriesOrder, CollectionsQueries.FactoriesExtent,
            [.. ItemQueryParser.Paging, .. ItemQueryParser.Common, .. ItemQueryParser.FactoryFilters], q => SqlFilter.ForFactories(q), HasStatus: true),
        new("zones", "开发区及园区", "Development zones and parks", "z", Visibility.Zone, CollectionsQueries.ZonesFrom,
            CollectionsQueries.ZonesById, CollectionsQueries.ZonesOrder, CollectionsQueries.ZonesExtent,
            [.. ItemQueryParser.Paging, "bbox", "zone"], q => SqlFilter.ForZones(q), HasStatus: false),
    ];

    private readonly string _publicFeature = Visibility.FeatureSql(Alias, Visibility.For(Fields, Roles.Public));
    private readonly string _fullFeature = Visibility.FeatureSql(Alias, Fields);

    /// <summary>The SQL of one feature with the fields <paramref name="role"/> may see.</summary>
    public string Feature(string role) => role == Roles.Public ? _publicFeature : _fullFeature;

    public static Collection? Find(string id) => All.FirstOrDefault(c => c.Id == id);

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string id) =>
        Problems.Problems.NotFound(Problems.Problems.CollectionNotFound,
            $"No collection '{id}'; collections: {string.Join(", ", All.Select(c => c.Id))}");
}
