using System.Security.Claims;
using System.Globalization;
using LandMap.Api.Access;
using LandMap.Api.Collections.Memory;
using LandMap.Api.Configuration;
using LandMap.Api.Problems;
using LandMap.Core.Access;
using LandMap.Api.Ogc;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Collections;

/// <summary>
/// OGC API – Features: /collections, /collections/{id}, /collections/{id}/items, /collections/{id}/items/{featureId}.
/// Public: an anonymous caller gets the public statuses and fields (<see cref="Visibility"/>), staff and above everything.
/// </summary>
public static class CollectionsApi
{
    public static IServiceCollection AddLandMapCollections(this IServiceCollection services)
    {
        services.AddOptions<ItemsOptions>().BindConfiguration(ItemsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ParcelItemsSource>();
        services.AddHostedService<ParcelItemsWarmUp>();
        return services.AddSingleton<CollectionExtents>();
    }

    public static IEndpointRouteBuilder MapCollections(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/collections").WithTags("Collections").AllowAnonymous();
        group.MapGet("/", GetCollections).WithName("GetCollections");
        group.MapGet("/{collectionId}", GetCollection).WithName("GetCollection");
        group.MapGet("/{collectionId}/items", GetItems).WithName("GetItems")
            .WithQueryParameters(Collection.All.SelectMany(c => c.Parameters).Distinct())
            .WithQueryableParameters(Collection.All.SelectMany(c => QueryableParameters.Of(c.Id)));
        group.MapGet("/{collectionId}/items/{code}", GetItem).WithName("GetItem").WithQueryParameters(["asOf", "crs"]);
        group.MapSchemas();
        return app;
    }

    public static async Task<Ok<CollectionsDocument>> GetCollections(
        HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<AccessOptions> access, CollectionExtents extents, CancellationToken ct)
    {
        var list = new List<CollectionDocument>();
        foreach (var c in Collection.All) list.Add(await DescribeAsync(c, request, user, db, access.Value, extents, ct));
        return TypedResults.Ok(new CollectionsDocument(
            [new(BaseUrl(request) + "/collections", "self", "application/json")], list));
    }

    public static async Task<Results<Ok<CollectionDocument>, ProblemHttpResult>> GetCollection(
        string collectionId, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<AccessOptions> access,
        CollectionExtents extents, CancellationToken ct)
    {
        if (Collection.Find(collectionId) is not { } c) return Collection.NotFound(collectionId);
        return TypedResults.Ok(await DescribeAsync(c, request, user, db, access.Value, extents, ct));
    }

    public static async Task<Results<FeatureCollectionResult, ParcelItemsResult, ProblemHttpResult, RedirectHttpResult>> GetItems(
        string collectionId, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<AccessOptions> access,
        IOptions<FreshnessOptions> freshness, ParcelItemsSource held, TimeProvider time, CancellationToken ct)
    {
        if (Collection.Find(collectionId) is not { } c) return Collection.NotFound(collectionId);
        var role = Caller.Role(user);
        var (parsed, errors) = ItemQueryParser.Parse(request.Query, [.. c.Parameters, .. QueryableParameters.Of(c.Id).Select(q => q.Name)], time);
        var (presentation, notPresentable) = ItemPresentation.Parse(request.Query, c, role);
        errors.AddRange(notPresentable);
        var (equalities, unreadable) = QueryableParameters.Parse(request.Query, c.Id);
        errors.AddRange(unreadable);
        errors.AddRange(await UnknownZonesAsync(db, parsed.Zones, ct));
        if (errors.Count > 0 || presentation is null) return Problems.Problems.BadRequest(errors);
        // The HTML representation of the data is the map page.
        if (presentation.Html) return TypedResults.Redirect(BaseUrl(request) + "/", permanent: false, preserveMethod: false);
        var (q, refused) = c.HasStatus ? Visibility.ForRole(parsed, role, access.Value.PublicStatuses) : (parsed, []);
        if (refused.Count > 0) return Problems.Problems.Forbidden(Problems.Problems.StatusNotPublic, "", refused);

        var filter = c.Filter(q);
        if (Cql2Sql.AddTo(filter, c.Id, role, q.Filter, q.FilterCrs, equalities) is { } untranslatable) return Problems.Problems.BadRequest([untranslatable]);
        request.HttpContext.Response.Headers["Content-Crs"] = $"<{presentation.Crs.Uri}>";
        // A map view of the parcels, when every filter and property can be taken from the parcels held in memory at the
        // database's current version: the same page, filtered, tested and ordered in C# (Collections/Memory).
        if (held.Enabled && ParcelItemsPage.Answers(c, q, presentation, equalities) && await held.CurrentAsync(ct) is { } items)
        {
            var (page, more) = ParcelItemsPage.Select(items, q);
            held.CountPage();
            return new ParcelItemsResult(items, page, more, presentation.Fields, q.Offset, more => PageLinks(request, c, q, more));
        }
        var from = c.Source(filter, Moment.Of(q.AsOf, freshness.Value, time));
        // A map view (a bbox, no sortby) is read nearest the box's centre first: the GiST index hands the rows over in that
        // order and the scan stops at the page's end, so no match beyond the page is read, tested or sorted. The order is
        // the distance from a fixed point, the same on every page; without a bbox, the primary key.
        var nearestFirst = q.Bbox is not null && !presentation.Sorted;
        // A page with more after it says how many match only up to CountCap, counted without building anything; not for a
        // map view, where counting would test every match in the box the page order just spared (numberMatched is
        // optional: a client reads the total from /api/stats or the last page).
        NpgsqlCommand? count = null;
        if (!nearestFirst)
        {
            count = db.CreateCommand($"SELECT count(*) FROM (SELECT 1 {from} {filter.Where} LIMIT {filter.Param(CountCap + 1)}) m");
            AddParameters(count, filter.Values);
        }
        var where = filter.Where;
        var order = presentation.Order;
        if (q.Bbox is { } box && nearestFirst)
        {
            // Equal distances (outlines sharing the vertex nearest the centre, or all holding it) are ordered by the
            // collection's page order, so the order is total and a page from memory (Collections/Memory) is the same page.
            // The GiST index orders by the distance alone (a second key would make PostgreSQL 15 sort every match in the
            // box): it hands over the rows up to the page's end and those tied with the last, which are then sorted by both.
            var centre = $"ST_SetSRID(ST_MakePoint({filter.Param(box.CentreLon)}, {filter.Param(box.CentreLat)}), 4490)";
            from = $"""
                FROM (SELECT {c.Alias}.*, {c.Alias}.geom <-> {centre} AS nearest_distance {from} {where}
                      ORDER BY {c.Alias}.geom <-> {centre} FETCH FIRST {filter.Param((long)q.Offset + q.Limit + 1)} ROWS WITH TIES) {c.Alias}
                """;
            where = "";
            order = $"ORDER BY {c.Alias}.nearest_distance, {c.PageOrder["ORDER BY ".Length..]}";
        }
        // One row more than the page says whether a next page exists.
        var limit = filter.Param(q.Limit + 1);
        var offset = filter.Param(q.Offset);
        var cmd = db.CreateCommand(
            $"SELECT {Visibility.ItemSql(c.Alias, presentation.Fields, presentation.Crs)} {from} {where} {order} LIMIT {limit} OFFSET {offset}");
        AddParameters(cmd, filter.Values);

        return new FeatureCollectionResult(cmd, count, CountCap, q.Offset, q.Limit, more => PageLinks(request, c, q, more));
    }

    private static List<Link> PageLinks(HttpRequest request, Collection c, ItemQuery q, bool more)
    {
        var links = new List<Link> { new(SelfUrl(request), "self", FeatureCollectionResult.GeoJson) };
        if (more) links.Add(new(PageUrl(request, q.Offset + q.Limit), "next", FeatureCollectionResult.GeoJson));
        if (q.Offset > 0)
            links.Add(new(PageUrl(request, Math.Max(0, q.Offset - q.Limit)), "prev", FeatureCollectionResult.GeoJson));
        links.Add(new(BaseUrl(request) + "/collections/" + c.Id, "collection", "application/json"));
        links.Add(new(BaseUrl(request) + "/", "alternate", "text/html", "the map"));
        return links;
    }

    /// <summary>
    /// One feature, now or at ?asOf=; for the public a resource outside the public statuses does not exist (404, nothing
    /// leaks). Staff get the version as the ETag an edit sends back in If-Match (of the live record only: a past version
    /// cannot be edited). Other query parameters are ignored, as they always were here.
    /// </summary>
    public static async Task<Results<FeatureResult, ProblemHttpResult>> GetItem(
        string collectionId, string code, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<AccessOptions> access,
        IOptions<FreshnessOptions> freshness, TimeProvider time, CancellationToken ct)
    {
        if (Collection.Find(collectionId) is not { } c) return Collection.NotFound(collectionId);
        var errors = new List<FieldError>();
        var asOf = c.Kind is null ? null : ItemQueryParser.ParseAsOf(request.Query, time, errors);
        var crs = ItemQueryParser.ParseCrs(request.Query, "crs", errors);
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
        var role = Caller.Role(user);
        var (feature, version) = await ReadFeatureAsync(db, c, code, role, access.Value, Moment.Of(asOf, freshness.Value, time), ct, crs);
        if (feature is null)
            return Problems.Problems.NotFound(Problems.Problems.FeatureNotFound, $"No feature '{code}' in collection '{c.Id}'");
        if (role != Roles.Public && asOf is null && version is { } v) request.HttpContext.Response.Headers.ETag = ETag(v);
        request.HttpContext.Response.Headers["Content-Crs"] = $"<{crs.Uri}>";
        var collection = BaseUrl(request) + "/collections/" + c.Id;
        return new FeatureResult(feature,
        [
            new(collection + "/items/" + Uri.EscapeDataString(code), "self", FeatureCollectionResult.GeoJson),
            new(collection, "collection", "application/json"),
        ]);
    }

    /// <summary>The strong entity tag of a record version: the quoted integer (RFC 9110 §8.8.3).</summary>
    public static string ETag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// One feature as <paramref name="role"/> may see it at <paramref name="moment"/>, and its version (null for zones);
    /// (null, null) when it does not exist or the role may not see it.
    /// </summary>
    internal static async Task<(string? Feature, int? Version)> ReadFeatureAsync(
        NpgsqlDataSource db, Collection c, string code, string role, AccessOptions access, Moment moment, CancellationToken ct, CrsRef? crs = null)
    {
        var filter = new SqlFilter();
        filter.Add($"{c.Alias}.code = {filter.Param(code)}");
        if (c.HasStatus && Visibility.StatusesFor(role, access.PublicStatuses) is { } statuses)
            filter.Add($"{c.Alias}.status = ANY({filter.Param(statuses)})");
        var version = c.Kind is null ? "NULL::integer" : $"{c.Alias}.version";
        var feature = crs is null || crs == CrsRef.Crs84 ? c.Feature(role) : Visibility.FeatureSql(c.Alias, Visibility.For(c.Fields, role), crs);
        await using var cmd = db.CreateCommand($"SELECT {feature}, {version} {c.Source(filter, moment)} {filter.Where}");
        AddParameters(cmd, filter.Values);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return (null, null);
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1));
    }

    /// <summary>Zone codes that exist neither as a zone nor as a park: a 400, not an empty result that hides a typo.</summary>
    internal static async Task<IEnumerable<FieldError>> UnknownZonesAsync(NpgsqlDataSource db, IReadOnlyList<string> zones, CancellationToken ct)
    {
        if (zones.Count == 0) return [];
        await using var cmd = db.CreateCommand(CollectionsQueries.KnownZones);
        cmd.Parameters.Add(new NpgsqlParameter { Value = zones.ToArray() });
        var known = new HashSet<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) known.Add(reader.GetString(0));
        return zones.Where(z => !known.Contains(z))
            .Select(z => new FieldError("zone", Problems.Problems.InvalidParameter, $"unknown zone '{z}'"));
    }

    internal static void AddParameters(NpgsqlCommand cmd, IEnumerable<object> values)
    {
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
    }

    /// <summary>
    /// numberMatched of a page with more after it is counted up to this many matches (the largest page a client may ask
    /// for) and left out above: a client probing with limit=1 (QGIS's feature count) learns the size of any layer it could
    /// fetch in one page, and no request counts a whole province.
    /// </summary>
    public const int CountCap = ItemQuery.MaxLimit;

    /// <summary>Outlines are stored in CGCS2000 (EPSG:4490), longitude as x.</summary>
    public const string StorageCrs = "http://www.opengis.net/def/crs/EPSG/0/4490";

    private static async Task<CollectionDocument> DescribeAsync(
        Collection c, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, AccessOptions access, CollectionExtents extents,
        CancellationToken ct)
    {
        var statuses = c.HasStatus ? Visibility.StatusesFor(Caller.Role(user), access.PublicStatuses) : null;
        var (bbox, count, _) = await extents.GetAsync(db, c, statuses, ct);
        var self = BaseUrl(request) + "/collections/" + c.Id;
        return new CollectionDocument(c.Id, c.TitleZh, c.TitleEn, "feature", count,
            new Extent(new SpatialExtent(bbox is null ? [] : [bbox], CrsRef.Crs84Uri)),
            [
                new(self, "self", "application/json"), new(self + "/items", "items", FeatureCollectionResult.GeoJson),
                new(self + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", SchemaApi.SchemaType, "queryables"),
                new(self + "/schema", "http://www.opengis.net/def/rel/ogc/1.0/schema", SchemaApi.SchemaType, "schema"),
                new(BaseUrl(request) + "/", "alternate", "text/html", "the map"),
            ],
            c.Parameters, CrsRef.Supported, StorageCrs);
    }

    /// <summary>
    /// Links start from Access:PublicBaseUrl when set; otherwise from the request, whose Host header host filtering
    /// (AllowedHosts) has checked and whose scheme only the trusted loopback proxy may change.
    /// </summary>
    internal static string BaseUrl(HttpRequest r) =>
        r.HttpContext.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{r.Scheme}://{r.Host}{r.PathBase}";

    private static string SelfUrl(HttpRequest r) => BaseUrl(r) + r.Path.ToUriComponent() + r.QueryString.ToUriComponent();

    private static string PageUrl(HttpRequest r, int offset)
    {
        var qb = new QueryBuilder(r.Query.Where(kv => kv.Key != "offset").SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string>(kv.Key, v ?? ""))))
        {
            { "offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        return $"{BaseUrl(r)}{r.Path}{qb.ToQueryString()}";
    }
}

public sealed record CollectionsDocument(IReadOnlyList<Link> Links, IReadOnlyList<CollectionDocument> Collections);

public sealed record CollectionDocument(
    string Id, string Title, string TitleEn, string ItemType, long NumberOfItems, Extent Extent, IReadOnlyList<Link> Links,
    IReadOnlyList<string> QueryParameters, IReadOnlyList<string> Crs, string StorageCrs);

public sealed record Extent(SpatialExtent Spatial);

public sealed record SpatialExtent(IReadOnlyList<double[]> Bbox, string Crs);
