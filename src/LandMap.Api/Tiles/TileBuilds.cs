using Microsoft.Extensions.Options;

namespace LandMap.Api.Tiles;

/// <summary>
/// How many parcel tiles are built from memory at once (<see cref="TilesOptions.BuildConcurrency"/>; by default one per
/// core): a tile build is pure CPU, so more at once only share the cores and each takes longer. The others wait their
/// turn, first come first served, without holding a thread; light tiles (<see cref="Light"/>) do not wait. At 8 clients
/// on 2 cores, every build sharing the cores made a 12 ms tile take 60–100 ms.
/// </summary>
public sealed class TileBuilds(IOptions<TilesOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(options.Value.BuildConcurrency ?? Environment.ProcessorCount);

    /// <summary>
    /// A tile that visits fewer parcels than this is built at once, past the queue: such a tile takes a millisecond or two
    /// (the bench's tiles at 1M: median 1.1 ms under 4 096 visits, 2.1 ms under 16 384, 4.8 ms above), and waiting behind
    /// a crowded one would be most of its time. Tried at 4 096 and 8 192, alternated, 8 clients on 2 cores: p50 15–16 /
    /// 8 ms, p99 52–56 / 59 ms; without the queue p50 9–10, p99 67–68 ms.
    /// </summary>
    public const int Light = 8192;

    /// <param name="visits">The parcels the build visits (<see cref="ParcelTileBuilder.Visits"/>).</param>
    public async Task<T> RunAsync<T>(int visits, Func<T> build, CancellationToken ct)
    {
        if (visits < Light) return build();
        await _gate.WaitAsync(ct);
        try
        {
            return build();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
