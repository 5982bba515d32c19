using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Collections;
using LandMap.Api.Configuration;
using LandMap.Api.Ogc;
using LandMap.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Tiles;

/// <summary>
/// GET /collections/{parcels|factories|zones}/tiles/WebMercatorQuad/{z}/{y}/{x} (OGC API – Tiles path form): a Mapbox
/// vector tile built by PostGIS with the items' filters (CQL2 filter and queryables included) and the same access: the
/// public gets the public statuses, and tiles carry only a few public properties (code, status and the size) for drawing
/// and picking; the card is read from the items. An empty tile is a 204.
/// </summary>
public static class TilesApi
{
    public const string MediaType = "application/vnd.mapbox-vector-tile";
    public const int MaxZoom = 22;

    /// <summary>The properties a tile carries per collection: what a map draws and picks by, all public.</summary>
    private static readonly Dictionary<string, string[]> TileFields = new()
    {
        ["parcels"] = ["code", "status", "landUse", "areaMu"],
        ["factories"] = ["code", "status", "vacantFloorM2"],
        ["zones"] = ["code", "parent", "nameZh", "nameEn", "level"],
    };

    public static IEndpointRouteBuilder MapTiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/collections/{collectionId}/tiles/WebMercatorQuad/{z:int}/{y:int}/{x:int}", GetTile).WithTags("Collections").WithName("GetTile")
            .WithQueryParameters(Collection.All.SelectMany(Parameters).Distinct())
            .WithQueryableParameters(Collection.All.SelectMany(c => QueryableParameters.Of(c.Id))).AllowAnonymous();
        return app;
    }

    /// <summary>A tile takes the items' filters, without paging and presentation.</summary>
    private static string[] Parameters(Collection c) =>
        [.. c.Parameters.Except(ItemQueryParser.Paging).Except(ItemQueryParser.ItemsOnly), "datetime"];

    public static async Task<Results<FileContentHttpResult, NoContent, ProblemHttpResult>> GetTile(
        string collectionId, int z, int y, int x, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db,
        IOptions<AccessOptions> access, IOptions<FreshnessOptions> freshness, TimeProvider time, CancellationToken ct)
    {
        if (Collection.Find(collectionId) is not { } c) return Collection.NotFound(collectionId);
        var errors = new List<FieldError>();
        if (z is < 0 or > MaxZoom) errors.Add(new("z", Problems.Problems.InvalidParameter, $"zoom {z} is outside 0 … {MaxZoom}"));
        else if (x < 0 || y < 0 || x >= 1 << z || y >= 1 << z)
            errors.Add(new("x", Problems.Problems.InvalidParameter, $"tile {x}/{y} does not exist at zoom {z} (0 … {(1 << z) - 1})"));
        var allowed = c.Kind is null ? Parameters(c).Except(["datetime"]).ToArray() : Parameters(c);
        var (parsed, parseErrors) = ItemQueryParser.Parse(request.Query, [.. allowed, .. QueryableParameters.Of(c.Id).Select(q => q.Name)], time);
        errors.AddRange(parseErrors);
        var (equalities, unreadable) = QueryableParameters.Parse(request.Query, c.Id);
        errors.AddRange(unreadable);
        errors.AddRange(await CollectionsApi.UnknownZonesAsync(db, parsed.Zones, ct));
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
        var role = Caller.Role(user);
        var (q, refused) = c.HasStatus ? Visibility.ForRole(parsed, role, access.Value.PublicStatuses) : (parsed, []);
        if (refused.Count > 0) return Problems.Problems.Forbidden(Problems.Problems.StatusNotPublic, "", refused);

        var filter = c.Filter(q);
        if (Cql2Sql.AddTo(filter, c.Id, role, q.Filter, q.FilterCrs, equalities) is { } untranslatable) return Problems.Problems.BadRequest([untranslatable]);
        var source = c.Source(filter, Moment.Of(q.AsOf, freshness.Value, time));
        var byName = Visibility.For(c.Fields, role).ToDictionary(f => f.Name, StringComparer.Ordinal);
        // Sizes are numeric in the items (written as decimals); a tile stores them as doubles.
        var columns = string.Join(", ", TileFields[c.Id].Select(name =>
            name is "areaMu" or "vacantFloorM2" ? $"({byName[name].Sql})::double precision AS \"{name}\"" : $"{byName[name].Sql} AS \"{name}\""));
        var sql = TilesQueries.Tile(c.Id, c.Alias, source, filter.Where, columns, filter.Param(z), filter.Param(x), filter.Param(y));
        await using var cmd = db.CreateCommand(sql);
        CollectionsApi.AddParameters(cmd, filter.Values);
        var tile = (byte[]?)await cmd.ExecuteScalarAsync(ct) ?? [];
        if (tile.Length == 0) return TypedResults.NoContent();
        return TypedResults.File(tile, MediaType);
    }
}
