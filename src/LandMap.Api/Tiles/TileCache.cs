using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace LandMap.Api.Tiles;

/// <summary>Section "Tiles": the server's tile cache, in MB of tile bytes (0: off, e.g. to measure uncached work).</summary>
public sealed class TilesOptions
{
    public const string Section = "Tiles";

    [Range(0, 4096)]
    public int CacheMegabytes { get; set; } = 64;

    /// <summary>
    /// Parcel tiles built in C# from every live parcel held in memory (<see cref="ParcelOutlineSource"/>; about 250 MB at a
    /// million parcels) when the request's filters allow; false: every tile is built by PostGIS.
    /// </summary>
    public bool InMemory { get; set; } = true;

    /// <summary>
    /// The most outlines a parcel or factory tile draws (<see cref="TilesQueries.MaxOutlines"/>): past it, the smaller ones are
    /// pooled into pixels like the outlines under the pooling size.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxOutlines { get; set; } = TilesQueries.MaxOutlines;

    /// <summary>
    /// How many times over the outlines a parcel or factory tile draws may cover it and its buffer, by the area of their
    /// boxes inside it (<see cref="TilesQueries.MaxCover"/>): past it, the smaller ones are pooled.
    /// </summary>
    [Range(0.0001, 1000.0)]
    public double MaxCover { get; set; } = TilesQueries.MaxCover;

    /// <summary>
    /// While the copy in memory reloads after a write (<see cref="ParcelOutlineSource"/>; about 20 s at a million parcels),
    /// a parcel tile that visits at least this many parcels is built from the copy held, the version before, under that
    /// version's ETag, instead of by PostGIS (0: every such tile). At a million parcels PostGIS took 0.3–10 s for each
    /// overview tile (z8 5.7 s, z10 0.6 s, z12 0.3 s, medians), for every visitor until the reload was done.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int HeldFromVisits { get; set; } = TileBuilds.Light;

    /// <summary>Parcel tiles built from memory at once (<see cref="TileBuilds"/>); none: one per core.</summary>
    [Range(1, 1024)]
    public int? BuildConcurrency { get; set; }

    /// <summary>The outline cap of these options.</summary>
    public OutlineCap Cap => new(MaxOutlines, MaxCover);
}

/// <summary>
/// Which outlines a crowded tile draws (<see cref="TilesQueries.Tile"/>, <see cref="ParcelTileBuilder.Crowded"/>): the
/// largest by the area of their box, ties by code, at most <paramref name="Max"/> of them and while their boxes (the parts
/// inside the tile and its buffer) cover it at most <paramref name="Cover"/> times over; the others are pooled.
/// </summary>
public readonly record struct OutlineCap(int Max, double Cover)
{
    public static OutlineCap Default => new(TilesQueries.MaxOutlines, TilesQueries.MaxCover);
}

/// <summary>
/// Built tiles by data version, role and request (path and query): a write bumps the version (migration 011), so an entry
/// is never served after the data it was built from changed; old versions fall out as the size limit is reached. Empty
/// tiles are kept too (as zero bytes), since at province scale most requested tiles at high zoom hold nothing.
/// </summary>
public sealed class TileCache(IOptions<TilesOptions> options) : IDisposable
{
    private readonly MemoryCache? cache = options.Value.CacheMegabytes == 0 ? null
        : new(new MemoryCacheOptions { SizeLimit = options.Value.CacheMegabytes * 1024L * 1024L, CompactionPercentage = 0.25 });

    public static string Key(long version, string role, HttpRequest request) => $"{version}|{role}|{request.Path}{request.QueryString}";

    public bool TryGet(string key, out byte[] tile)
    {
        tile = [];
        return cache is not null && cache.TryGetValue(key, out tile!);
    }

    public void Set(string key, byte[] tile) =>
        cache?.Set(key, tile, new MemoryCacheEntryOptions { Size = tile.Length + key.Length * 2 + 64 });

    public void Dispose() => cache?.Dispose();
}
