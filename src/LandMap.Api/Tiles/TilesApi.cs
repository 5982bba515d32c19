using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Collections;
using LandMap.Api.Configuration;
using LandMap.Api.Ogc;
using LandMap.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace LandMap.Api.Tiles;

/// <summary>
/// GET /collections/{parcels|factories|zones}/tiles/WebMercatorQuad/{z}/{y}/{x} (OGC API – Tiles path form): a Mapbox
/// vector tile built by PostGIS with the items' filters (CQL2 filter and queryables included) and the same access: the
/// public gets the public statuses, and tiles carry only a few public properties (code, status and the size) for drawing
/// and picking; the card is read from the items. Parcel tiles below <see cref="TilesQueries.DetailZoom"/> carry the status
/// only. An empty tile is a 204.
/// <para>
/// Every tile carries an ETag of the data version it was built from (migration 011; every write bumps it) and the role it
/// was built for, with Cache-Control no-cache: a map revalidates its tiles and gets 304 until something changes. Built
/// tiles are kept in the server's <see cref="TileCache"/> under the same key.
/// </para>
/// </summary>
public static class TilesApi
{
    public const string MediaType = "application/vnd.mapbox-vector-tile";
    public const int MaxZoom = 22;

    /// <summary>The properties a tile carries per collection: what a map draws and picks by, all public.</summary>
    private static readonly Dictionary<string, string[]> TileFields = new()
    {
        ["parcels"] = ["code", "status", "landUse", "areaMu"],
        ["factories"] = ["code", "status", "vacantFloorM2", "vacancyRate"],
        ["zones"] = ["code", "parent", "nameZh", "nameEn", "level"],
    };

    /// <summary>Parcel tiles below <see cref="TilesQueries.DetailZoom"/> carry the status only (what the overview draws by).</summary>
    private static readonly string[] ParcelOverviewFields = ["status"];

    /// <summary>The properties of a tile of a collection at zoom z.</summary>
    internal static string[] FieldsOf(string collectionId, int z) =>
        collectionId == "parcels" && z < TilesQueries.DetailZoom ? ParcelOverviewFields : TileFields[collectionId];

    public static IServiceCollection AddLandMapTiles(this IServiceCollection services)
    {
        services.AddOptions<TilesOptions>().BindConfiguration(TilesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ParcelOutlineSource>();
        services.AddSingleton<TileEndpointWarmUp>();
        services.AddSingleton<TileBuilds>();
        services.AddSingleton<TileKeys>();
        services.AddHostedService<ParcelOutlineWarmUp>();
        return services.AddSingleton<TileCache>();
    }

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

    public static async Task<Results<FileContentHttpResult, NoContent, StatusCodeHttpResult, ProblemHttpResult, MvtTileResult>> GetTile(
        string collectionId, int z, int y, int x, HttpRequest request, HttpResponse response, ClaimsPrincipal user, NpgsqlDataSource db,
        TileCache cache, TileKeys keys, ParcelOutlineSource outlines, TileBuilds builds, IOptions<TilesOptions> options, IOptions<AccessOptions> access, IOptions<FreshnessOptions> freshness, TimeProvider time, CancellationToken ct)
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

        var (version, table, bounds, read) = await keys.ReadAsync(z, x, y, ct);
        response.Headers.Append("Server-Timing", read ? "key;desc=read" : "key;desc=watch");
        // Parcels held in memory at this very version: built in C# (a few milliseconds; not cached). Otherwise PostGIS builds
        // it, except a heavy tile while the copy reloads after a write: that one comes from the copy held, under its version.
        ParcelOutlines? held = null;
        var behind = false;
        var memoryFilter = options.Value.InMemory && c.Id == "parcels" ? FromMemory(q, equalities) : null;
        if (memoryFilter is not null)
        {
            held = outlines.At(version, table);
            if (held is null && Behind(outlines.Held, z, bounds, memoryFilter, version, table, options.Value) is { } previous)
                (held, version, behind) = (previous, previous.Version, true);
        }
        if (Validators(request, response, version, role, options.Value)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        if (held is not null && memoryFilter is not null)
        {
            var (tile, ms) = await builds.RunAsync(ParcelTileBuilder.Visits(held, z, bounds, memoryFilter, fromPyramid: true), () =>
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var built = ParcelTileBuilder.Build(held, z, x, y, bounds, memoryFilter, options.Value.Cap, fromPyramid: true);
                return (built, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }, ct);
            response.Headers.Append("Server-Timing", $"tile;desc={(behind ? "held" : "memory")};dur={ms.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)}");
            return tile;
        }
        if (cache.TryGet(TileCache.Key(version, role, request), out var cached)) return Answer(cached);

        var filter = c.Filter(q);
        if (Cql2Sql.AddTo(filter, c.Id, role, q.Filter, q.FilterCrs, equalities) is { } untranslatable) return Problems.Problems.BadRequest([untranslatable]);
        var source = c.Source(filter, Moment.Of(q.AsOf, freshness.Value, time));
        var byName = Visibility.For(c.Fields, role).ToDictionary(f => f.Name, StringComparer.Ordinal);
        // Sizes and rates are numeric in the items (written as decimals); a tile stores them as doubles.
        var columns = FieldsOf(c.Id, z).Select(name =>
            (name is "areaMu" or "vacantFloorM2" or "vacancyRate" ? $"({byName[name].Sql})::double precision" : byName[name].Sql, name)).ToList();
        var sql = TilesQueries.Tile(c.Id, c.Alias, source, filter.Where, columns, filter.Param(z), filter.Param(x), filter.Param(y), options.Value.Cap);
        await using var cmd = db.CreateCommand(sql);
        CollectionsApi.AddParameters(cmd, filter.Values);
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            // The version the tile was read with (the same snapshot): a write since the first read gives a newer one.
            version = r.GetInt64(0);
            var tile = r.IsDBNull(1) ? [] : r.GetFieldValue<byte[]>(1);
            Validators(request, response, version, role, options.Value);
            cache.Set(TileCache.Key(version, role, request), tile);
            return Answer(tile);
        }
    }

    /// <summary>
    /// The copy held while it reloads (a version behind the database, of the same table) for a tile PostGIS would build
    /// slowly: one visiting at least <see cref="TilesOptions.HeldFromVisits"/> parcels of it. Null: PostGIS builds the tile.
    /// </summary>
    private static ParcelOutlines? Behind(ParcelOutlines? held, int z, TileBounds bounds, ParcelTileFilter filter, long version, uint table, TilesOptions options) =>
        held is not null && held.TableOid == table && held.Version < version
        && ParcelTileBuilder.Visits(held, z, bounds, filter, fromPyramid: false) >= options.HeldFromVisits ? held : null;

    /// <summary>
    /// The filters of a parcel tile the in-memory outlines can answer exactly (status, zone, land use, size), or null for one
    /// that only PostGIS can (a day in the past, a bbox, datetime, absorption, a CQL2 filter, a queryable).
    /// </summary>
    private static ParcelTileFilter? FromMemory(ItemQuery q, LandMap.Core.Cql2.Cql2Expression? equalities) =>
        q is { AsOf: null, Bbox: null, ChangedFrom: null, ChangedTo: null, AbsorbedFrom: null, AbsorbedTo: null, Filter: null } && equalities is null
            ? new(q.Statuses.Count > 0 ? q.Statuses : LandMap.Core.Resources.ResourceStatus.All, q.Zones, q.LandUses, q.MinMu, q.MaxMu)
            : null;

    private static Results<FileContentHttpResult, NoContent, StatusCodeHttpResult, ProblemHttpResult, MvtTileResult> Answer(byte[] tile) =>
        tile.Length == 0 ? TypedResults.NoContent() : TypedResults.File(tile, MediaType);

    /// <summary>
    /// What a tile's bytes depend on besides the data and the role: this build of the service (its module version id,
    /// new with every build) and the outline cap. Without it a client kept revalidating a tile made by an older build or
    /// under another cap with 304s until the next write.
    /// </summary>
    private static string Stamp(TilesOptions options) =>
        $"{Build}-{options.MaxOutlines}-{options.MaxCover.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}";

    private static readonly string Build = typeof(TilesApi).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];

    /// <summary>
    /// Sets the tile's ETag (data version, role — the public and staff get different tiles at one URL — and the
    /// <see cref="Stamp"/>) and no-cache; true when the request's If-None-Match already names it (answer 304).
    /// </summary>
    private static bool Validators(HttpRequest request, HttpResponse response, long version, string role, TilesOptions options)
    {
        var etag = new EntityTagHeaderValue($"\"v{version}-{role}-{Stamp(options)}\"", isWeak: true);
        response.Headers.ETag = etag.ToString();
        response.Headers.CacheControl = "private, no-cache";
        response.Headers.Vary = $"Cookie, {ApiKeyAuthenticationHandler.Header}"; // who is asking: a cookie or an API key
        return request.GetTypedHeaders().IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
    }
}
