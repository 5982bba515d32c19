using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Collections;
using LandMap.Api.Configuration;
using LandMap.Core.LandUse;
using LandMap.Core.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LandMap.Api.MapConfig;

/// <summary>What the map page needs before its first query: basemap settings and the code lists for its filters (public; the statuses the caller may see).</summary>
public static class MapConfigApi
{
    public static IEndpointRouteBuilder MapMapConfig(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/config", GetConfig).WithTags("Map").WithName("GetMapConfig").AllowAnonymous();
        return app;
    }

    public static Ok<MapConfigDocument> GetConfig(IOptions<MapOptions> map, IOptions<BasemapOptions> basemap, IOptions<AccessOptions> access, ClaimsPrincipal user)
    {
        var offered = Basemaps.Offered(basemap.Value, map.Value);
        var chosen = offered.Single(b => b.Id == Basemaps.DefaultId(basemap.Value, offered));
        return TypedResults.Ok(new MapConfigDocument(
            new Basemap(chosen.Id, chosen.Tiles.FirstOrDefault()?.Url ?? chosen.Url, chosen.Crs, chosen.Attribution),
            offered,
            Visibility.StatusesFor(Caller.Role(user), access.Value.PublicStatuses) ?? ResourceStatus.All,
            LandUseCodes.Canonical.Select(kv => new LandUseEntry(kv.Key, kv.Value, LandUseCodes.NameEnOf(kv.Key))).ToList()));
    }
}

/// <param name="Basemap">the basemap the page opens with</param>
/// <param name="Basemaps">every basemap the page may switch to, the offline one first</param>
public sealed record MapConfigDocument(Basemap Basemap, IReadOnlyList<BasemapEntry> Basemaps, IReadOnlyList<string> Statuses, IReadOnlyList<LandUseEntry> LandUses);

public sealed record Basemap(string Id, string? Url, string Crs, string? Attribution);

public sealed record LandUseEntry(string Code, string NameZh, string NameEn);
