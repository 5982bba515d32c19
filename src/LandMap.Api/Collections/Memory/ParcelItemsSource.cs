using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using LandMap.Api.Hosting;
using Npgsql;

namespace LandMap.Api.Collections.Memory;

public sealed class ItemsOptions
{
    public const string Section = "Items";

    /// <summary>Items pages of a map view (a bbox, no sortby) answered from the parcels held in memory when the query allows.</summary>
    public bool InMemory { get; set; } = true;

    /// <summary>No copy is made of more parcels than this: above it every page is read by PostGIS.</summary>
    [Range(0, 10_000_000)]
    public int InMemoryMaxParcels { get; set; } = 2_000_000;

    /// <summary>
    /// Nor of parcels whose copy would hold more than this many MB (about 2 KB a parcel with the demo's properties, 0.75 KB with
    /// the benchmark's: a million of those take 732 MB): the load projects the size as it reads and stops when it is over.
    /// The copy is made again after each write while the old one still answers, so the process briefly holds two.
    /// </summary>
    [Range(0, 2000)]
    public double InMemoryMaxMegabytes { get; set; } = 1024;
}

/// <summary>
/// Holds the <see cref="ParcelItems"/> of the data version most recently loaded and hands it only to a request that read
/// that very version (and table), so a page from it is never stale. A request that finds it behind (after any write, or
/// before the first load has finished) starts one reload in the background and is answered by PostGIS meanwhile. The first
/// load starts with the application (<see cref="ParcelItemsWarmUp"/>).
/// </summary>
public sealed class ParcelItemsSource(NpgsqlDataSource db, IOptions<ItemsOptions> options, TimeProvider time, ILogger<ParcelItemsSource> log)
{
    /// <summary>
    /// While the parcels are too many to hold, how long a page goes to PostGIS without reading the data version first: that
    /// read (a round trip per page at a million parcels) only tells whether a write has brought the count under the limit.
    /// </summary>
    internal static readonly TimeSpan TooManyRecheck = TimeSpan.FromSeconds(5);

    private readonly OneLoadAtATime _loads = new();
    private volatile ParcelItems? _current;
    /// <summary>The key at which the parcels were too many to hold, and when it was last read: no new load until a write moves it.</summary>
    private volatile TooMany? _tooMany;
    private long _pages, _keyReads;

    private sealed record TableVersion(long Version, uint Table);

    private sealed record TooMany(TableVersion Key, long ReadAt);

    /// <summary>How many item pages were answered from memory (the tests read it: the answers themselves are the SQL's bytes).</summary>
    public long PagesFromMemory => Interlocked.Read(ref _pages);

    internal void CountPage() => Interlocked.Increment(ref _pages);

    /// <summary>How many times a page read the data version (the tests read it: the too-many path skips most reads).</summary>
    public long KeyReads => Interlocked.Read(ref _keyReads);

    public bool Enabled => options.Value.InMemory;

    /// <summary>The parcels at the database's current version, or null (not loaded yet, too many, or off): then PostGIS answers.</summary>
    internal async Task<ParcelItems?> CurrentAsync(CancellationToken ct)
    {
        if (_tooMany is { } tooMany && time.GetElapsedTime(tooMany.ReadAt) < TooManyRecheck) return null;
        Interlocked.Increment(ref _keyReads);
        long version;
        uint table;
        await using (var cmd = db.CreateCommand(ParcelItemsQueries.Key))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (version, table) = (r.GetInt64(0), r.GetFieldValue<uint>(1));
        }
        var current = _current;
        if (current is not null && current.Version == version && current.TableOid == table) return current;
        if (_tooMany is { } seen && seen.Key == new TableVersion(version, table))
        {
            // Unless a load has cleared or replaced it meanwhile (a copy published then is not hidden for 5 s).
            Interlocked.CompareExchange(ref _tooMany, seen with { ReadAt = time.GetTimestamp() }, seen);
            return null;
        }
        _ = Reload();
        return null;
    }

    /// <summary>Starts a load unless one is running; a load that ends behind the database is followed by the next request's.</summary>
    public Task Reload() => _loads.Start(LoadAsync);

    private async Task LoadAsync()
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var maxBytes = (long)(options.Value.InMemoryMaxMegabytes * 1048576);
            var (loaded, version, table, count, projected) = await ParcelItems.LoadAsync(db, options.Value.InMemoryMaxParcels, maxBytes, CancellationToken.None);
            if (loaded is null)
            {
                _tooMany = new TooMany(new TableVersion(version, table), time.GetTimestamp());
                _current = null;
                if (count > options.Value.InMemoryMaxParcels)
                    log.LogInformation("Item pages are read by PostGIS: {Count} parcels are more than Items:InMemoryMaxParcels ({Max})",
                        count, options.Value.InMemoryMaxParcels);
                else
                    log.LogInformation("Item pages are read by PostGIS: {Count} parcels would take about {Megabytes:F0} MB, more than Items:InMemoryMaxMegabytes ({Max}; read stopped after {Seconds:F1} s)",
                        count, projected / 1048576.0, options.Value.InMemoryMaxMegabytes, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
                return;
            }
            if (_current is not { } old || old.TableOid != loaded.TableOid || old.Version <= loaded.Version) _current = loaded;
            _tooMany = null;
            log.LogInformation("Item pages: {Count} parcels at data version {Version} held in {Megabytes:F1} MB, loaded in {Seconds:F1} s",
                loaded.Count, loaded.Version, loaded.Bytes / 1048576.0, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PostGIS goes on answering; the next request tries again.
            log.LogWarning(e, "Parcels for item pages could not be loaded; PostGIS answers meanwhile");
        }
    }
}

/// <summary>Starts loading the parcels for item pages when the application starts (in the background: start-up does not wait).</summary>
public sealed class ParcelItemsWarmUp(ParcelItemsSource source) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (source.Enabled) _ = source.Reload();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
