using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Problems;
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
    public static IEndpointRouteBuilder MapCollections(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/collections").WithTags("Collections").AllowAnonymous();
        group.MapGet("/", GetCollections).WithName("GetCollections");
        group.MapGet("/{collectionId}", GetCollection).WithName("GetCollection");
        group.MapGet("/{collectionId}/items", GetItems).WithName("GetItems");
        group.MapGet("/{collectionId}/items/{featureId}", GetItem).WithName("GetItem");
        return app;
    }

    public static async Task<Ok<CollectionsDocument>> GetCollections(
        HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<AccessOptions> access, CancellationToken ct)
    {
        var list = new List<CollectionDocument>();
        foreach (var c in Collection.All) list.Add(await DescribeAsync(c, request, user, db, access.Value, ct));
        return TypedResults.Ok(new CollectionsDocument(
            [new(BaseUrl(request) + "/collections", "self", "application/json")], list));
    }

    public static async Task<Results<Ok<CollectionDocument>, ProblemHttpResult>> GetCollection(
        string collectionId, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<AccessOptions> access, CancellationToken ct)
    {
        if (Collection.Find(collectionId) is not { } c) return Collection.NotFound(collectionId);
        return TypedResults.Ok(await DescribeAsync(c, request, user, db, access.Value, ct));
    }

    public static async Task<Results<FeatureCollectionResult, ProblemHttpResult>> GetItems(
        string collectionId, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<AccessOptions> access, CancellationToken ct)
    {
        if (Collection.Find(collectionId) is not { } c) return Collection.NotFound(collectionId);
        var role = Caller.Role(user);
        var (parsed, errors) = ItemQueryParser.Parse(request.Query, c.Parameters);
        errors.AddRange(await UnknownZonesAsync(db, parsed.Zones, ct));
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
        var (q, refused) = c.HasStatus ? Visibility.ForRole(parsed, role, access.Value.PublicStatuses) : (parsed, []);
        if (refused.Count > 0) return Problems.Problems.Forbidden(Problems.Problems.StatusNotPublic, "", refused);

        var filter = c.Filter(q);
        long matched;
        await using (var count = db.CreateCommand($"SELECT count(*) {c.From} {filter.Where}"))
        {
            AddParameters(count, filter.Values);
            matched = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        var features = new List<string>(Math.Min(q.Limit, (int)Math.Min(matched, ItemQuery.MaxLimit)));
        if (q.Offset < matched)
        {
            var limit = filter.Param(q.Limit);
            var offset = filter.Param(q.Offset);
            await using var cmd = db.CreateCommand($"SELECT {c.Feature(role)} {c.From} {filter.Where} {c.Order} LIMIT {limit} OFFSET {offset}");
            AddParameters(cmd, filter.Values);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) features.Add(reader.GetString(0));
        }

        var links = new List<Link> { new(SelfUrl(request), "self", FeatureCollectionResult.GeoJson) };
        if (q.Offset + features.Count < matched && features.Count > 0)
            links.Add(new(PageUrl(request, q.Offset + q.Limit), "next", FeatureCollectionResult.GeoJson));
        if (q.Offset > 0)
            links.Add(new(PageUrl(request, Math.Max(0, q.Offset - q.Limit)), "prev", FeatureCollectionResult.GeoJson));
        links.Add(new(BaseUrl(request) + "/collections/" + c.Id, "collection", "application/json"));
        return new FeatureCollectionResult(matched, features, links);
    }

    /// <summary>One feature; for the public a resource outside the public statuses does not exist (404, nothing leaks).</summary>
    public static async Task<Results<FeatureResult, ProblemHttpResult>> GetItem(
        string collectionId, string featureId, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<AccessOptions> access, CancellationToken ct)
    {
        if (Collection.Find(collectionId) is not { } c) return Collection.NotFound(collectionId);
        var role = Caller.Role(user);
        var statuses = c.HasStatus ? Visibility.StatusesFor(role, access.Value.PublicStatuses) : null;
        await using var cmd = db.CreateCommand($"SELECT {c.Feature(role)} {c.From} WHERE {c.ById}{(statuses is null ? "" : CollectionsQueries.AndStatusIn)}");
        cmd.Parameters.Add(new NpgsqlParameter { Value = featureId });
        if (statuses is not null) cmd.Parameters.Add(new NpgsqlParameter { Value = statuses });
        var feature = (string?)await cmd.ExecuteScalarAsync(ct);
        return feature is null
            ? Problems.Problems.NotFound(Problems.Problems.FeatureNotFound, $"No feature '{featureId}' in collection '{c.Id}'")
            : new FeatureResult(feature);
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

    private static async Task<CollectionDocument> DescribeAsync(
        Collection c, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, AccessOptions access, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(c.Extent);
        if (c.HasStatus)
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)Visibility.StatusesFor(Caller.Role(user), access.PublicStatuses) ?? DBNull.Value,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        double[]? bbox = reader.IsDBNull(0) ? null : [reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3)];
        var self = BaseUrl(request) + "/collections/" + c.Id;
        return new CollectionDocument(c.Id, c.TitleZh, c.TitleEn, "feature", reader.GetInt64(4),
            new Extent(new SpatialExtent(bbox is null ? [] : [bbox], "http://www.opengis.net/def/crs/OGC/1.3/CRS84")),
            [new(self, "self", "application/json"), new(self + "/items", "items", FeatureCollectionResult.GeoJson)],
            c.Parameters);
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
    IReadOnlyList<string> QueryParameters);

public sealed record Extent(SpatialExtent Spatial);

public sealed record SpatialExtent(IReadOnlyList<double[]> Bbox, string Crs);
