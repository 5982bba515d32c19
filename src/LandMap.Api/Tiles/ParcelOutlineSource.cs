using LandMap.Api.Hosting;
using Npgsql;

namespace LandMap.Api.Tiles;

/// <summary>
/// Holds the <see cref="ParcelOutlines"/> of the data version most recently loaded and serves it only to a request that read
/// that very version (and table): a tile from it is never stale. A request that finds it behind (after any write, or before
/// the first load has finished) starts one reload in the background and is answered by the SQL tile meanwhile, so no
/// request waits seconds for a million parcels to load. The first load starts with the application
/// (<see cref="ParcelOutlineWarmUp"/>).
/// </summary>
public sealed class ParcelOutlineSource(NpgsqlDataSource db, TileEndpointWarmUp endpointWarmUp, ILogger<ParcelOutlineSource> log)
{
    private readonly OneLoadAtATime _loads = new();
    /// <summary>The longest a copy found behind is built from (<see cref="Held"/>) while it reloads: a reload that hangs.</summary>
    private static readonly TimeSpan MaxHeld = TimeSpan.FromSeconds(60);

    private int _warmed;
    private volatile ParcelOutlines? _current;
    private long _behindSince; // Stopwatch timestamp: when a request first found the copy held behind (0: not since it was loaded)

    /// <summary>The outlines at (version, table), or null when they are not loaded yet (a reload is then under way).</summary>
    internal ParcelOutlines? At(long version, uint table)
    {
        var current = _current;
        if (current is not null && current.Version == version && current.TableOid == table) return current;
        Interlocked.CompareExchange(ref _behindSince, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        Reload();
        return null;
    }

    /// <summary>
    /// The outlines most recently loaded, whatever their version, while they reload and for at most
    /// <see cref="MaxHeld"/> since first found behind: what a heavy tile is built from meanwhile
    /// (<see cref="TilesOptions.HeldFromVisits"/>). Null otherwise (before the first load, after a reload failed): PostGIS
    /// builds it. Under writes that keep coming, each copy is held until the next is loaded, so what a heavy tile shows
    /// lags the database by about one reload.
    /// </summary>
    internal ParcelOutlines? Held =>
        _loads.Running && Interlocked.Read(ref _behindSince) is var since and > 0 && System.Diagnostics.Stopwatch.GetElapsedTime(since) < MaxHeld
            ? _current : null;

    /// <summary>Starts a load unless one is running; a load that ends behind the database is followed by the next request's.</summary>
    public Task Reload() => _loads.Start(LoadAsync);

    private async Task LoadAsync()
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var loaded = await ParcelOutlines.LoadAsync(db, CancellationToken.None);
            if (_current is not { } old || old.TableOid != loaded.TableOid || old.Version <= loaded.Version)
            {
                _current = loaded;
                Interlocked.Exchange(ref _behindSince, 0);
            }
            log.LogInformation("Tile outlines of {Count} parcels at data version {Version} loaded in {Seconds:F1} s (pooled pyramid {Megabytes:F1} MB)",
                loaded.Count, loaded.Version, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, loaded.Pyramid!.Bytes / 1048576.0);
            if (loaded.Count > 0 && Interlocked.Exchange(ref _warmed, 1) == 0) // an empty first load (a register filled later) warms nothing yet
            {
                var (z, x, y) = ParcelTileWarmUp.Run(loaded);
                await endpointWarmUp.RunAsync(z, x, y, loaded.Count);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The SQL tiles go on serving; the next request tries again.
            log.LogWarning(e, "Tile outlines could not be loaded; tiles are built by PostGIS meanwhile");
        }
    }
}

/// <summary>Starts loading the tile outlines when the application starts (in the background: start-up does not wait).</summary>
public sealed class ParcelOutlineWarmUp(ParcelOutlineSource source, Microsoft.Extensions.Options.IOptions<TilesOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.InMemory) _ = source.Reload();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
