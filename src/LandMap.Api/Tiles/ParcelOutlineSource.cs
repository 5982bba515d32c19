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
public sealed class ParcelOutlineSource(NpgsqlDataSource db, TileEndpointWarmUp endpointWarmUp, IHostApplicationLifetime lifetime,
    ILogger<ParcelOutlineSource> log)
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
                _ = WarmAgainAsync(loaded, lifetime.ApplicationStopping);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The SQL tiles go on serving; the next request tries again.
            log.LogWarning(e, "Tile outlines could not be loaded; tiles are built by PostGIS meanwhile");
        }
    }

    /// <summary>
    /// The warm-up's later passes over the tile builder, a second apart and apart from the load (a reload after a write
    /// does not wait for them). The builder alone: the endpoint's warm-up asks for a real tile, which after a write would
    /// start a reload (the framework's code it runs was not the slow part: a fresh process's first tiles, one at a time,
    /// spent 220 ms building against 60 ms on the next pass, and the same time outside the build).
    /// Tiered compilation counts a method's calls only once nothing has been compiled for 100 ms, which at start-up, with
    /// the other warm-ups compiling all the while, is rarely the case during the first pass; and with dynamic PGO a method
    /// then runs instrumented for 30 counted calls before its optimised version. After one pass the tile builder stayed
    /// there until visitors drove it on: at 100k parcels the bench's first tiles, minutes after start, took p50 5.4–6.2 and
    /// p99 60–83 ms against 2.2–2.5 and 11–15 ms with these passes (alternated, 8 clients; at 1M p99 30–36 → 27 ms).
    /// </summary>
    private async Task WarmAgainAsync(ParcelOutlines loaded, CancellationToken stopping)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var pass = 1; pass < WarmUpPasses; pass++)
            {
                await Task.Delay(TierUpPause, stopping);
                ParcelTileWarmUp.Run(loaded);
            }
            log.LogInformation("Tile code warmed up in {Passes} passes, the later ones done {Seconds:F1} s after the first", WarmUpPasses,
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The service stops: nobody needs warm code any more.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning(e, "The tile code's later warm-up passes failed; the first visitors finish compiling it");
        }
    }

    private const int WarmUpPasses = 4;
    private static readonly TimeSpan TierUpPause = TimeSpan.FromSeconds(1);
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
