using System.Collections.Concurrent;
using LandMap.Api.Database;
using Npgsql;

namespace LandMap.Api.Tiles;

/// <summary>
/// A tile's key: the data version and the parcels table it is built at, and its buffered lon/lat box as PostGIS
/// transforms it (<see cref="TilesQueries.TileKey"/>). The version comes from <see cref="DataVersionWatch"/> when it is
/// known there, and the box from <see cref="TileBox"/> once a sample of tiles computed there agreed bit for bit with the
/// database (<see cref="CheckSample"/>, once per process, started by the first tile), else from the boxes already
/// transformed (a tile's box never changes; at most <see cref="MaxBoxes"/> kept, then forgotten all at once): a tile then
/// asks PostgreSQL nothing before it is built, even the first time it is asked for (at a million parcels that read was
/// a third of a tile's time at 8 clients).
/// <c>Read</c>: whether PostgreSQL was asked (<c>Server-Timing: key;desc=read</c>, else <c>key;desc=watch</c>).
/// </summary>
public sealed class TileKeys(NpgsqlDataSource db, DataVersionWatch watch, ILogger<TileKeys> log)
{
    /// <summary>About 5 MB of boxes: the tiles of a province at every zoom a map asks for, many times over.</summary>
    private const int MaxBoxes = 65_536;

    private readonly ConcurrentDictionary<(int Z, int X, int Y), TileBounds> _boxes = new();
    private int _added; // boxes added since the last clearing (ConcurrentDictionary.Count takes every lock)
    private Task<bool>? _computedAgree; // whether TileBox agrees with this database (null: not checked yet, or the check failed)
    private long _checkAfter; // Environment.TickCount64 before which no check starts (after a failed one)
    private const int RetryMilliseconds = 30_000;

    /// <summary>Whether boxes are computed here (<see cref="TileBox"/>): the sample check has run and agreed.</summary>
    internal bool Computed => _computedAgree is { IsCompletedSuccessfully: true, Result: true };

    internal async Task<(long Version, uint Table, TileBounds Bounds, bool Read)> ReadAsync(int z, int x, int y, CancellationToken ct)
    {
        if (_computedAgree is null) StartCheck();
        if (watch.TryGet(out var knownVersion, out var knownTable)
            && (_boxes.TryGetValue((z, x, y), out var known) || (Computed && TileBox.TryCompute(z, x, y, out known))))
            return (knownVersion, knownTable, known, false);
        var generation = watch.Generation;
        await using var read = db.CreateCommand(TilesQueries.TileKey);
        read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = z });
        read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = x });
        read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = y });
        await using var r = await read.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var (version, table) = (r.GetInt64(0), r.GetFieldValue<uint>(1));
        var bounds = new TileBounds(r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5));
        watch.Offer(version, table, generation);
        if (_boxes.TryAdd((z, x, y), bounds) && Interlocked.Increment(ref _added) >= MaxBoxes)
        {
            _boxes.Clear();
            Interlocked.Exchange(ref _added, 0);
        }
        return (version, table, bounds, true);
    }

    /// <summary>
    /// Tiles whose boxes are compared with the database before <see cref="TileBox"/> is trusted: 64 at each zoom 2–22,
    /// spread over the world (a fixed sequence: the same sample every time), those inside the Mercator square only.
    /// </summary>
    internal static IEnumerable<(int Z, int X, int Y)> CheckSample()
    {
        var random = new Random(4490);
        for (var z = 2; z <= 22; z++)
            for (var i = 0; i < 64; i++)
            {
                var n = 1 << z;
                var (x, y) = (random.Next(n), random.Next(n));
                if (TileBox.TryCompute(z, x, y, out _)) yield return (z, x, y);
            }
    }

    private void StartCheck()
    {
        if (Environment.TickCount64 < Volatile.Read(ref _checkAfter)) return;
        var check = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _computedAgree, check.Task, null) is not null) return;
        _ = Task.Run(async () =>
        {
            try
            {
                check.SetResult(await AgreeAsync(CancellationToken.None));
            }
            catch (Exception e)
            {
                // Checked again RetryMilliseconds after a failure (the database down, say); meanwhile tiles ask for their boxes.
                log.LogWarning(e, "Tile boxes could not be checked against the database; tiles ask for theirs until a check agrees");
                Volatile.Write(ref _checkAfter, Environment.TickCount64 + RetryMilliseconds);
                Volatile.Write(ref _computedAgree, null);
                check.TrySetResult(false);
            }
        });
    }

    /// <summary>Whether <see cref="TileBox"/> gives every box of <see cref="CheckSample"/> as PostGIS does, bit for bit.</summary>
    internal async Task<bool> AgreeAsync(CancellationToken ct)
    {
        var sample = CheckSample().ToArray();
        var database = await PostGisBoxesAsync(db, sample, ct);
        if (database.Count != sample.Length)
        {
            log.LogWarning("Tile boxes: PostGIS answered {Answered} of {Asked} sample tiles; tiles ask PostGIS for their boxes", database.Count, sample.Length);
            return false;
        }
        for (var i = 0; i < sample.Length; i++)
        {
            var (z, x, y) = sample[i];
            TileBox.TryCompute(z, x, y, out var computed);
            if (computed == database[i]) continue;
            log.LogWarning("Tile {Z}/{X}/{Y}: the box computed here {Computed} is not PostGIS's {Database}; tiles ask PostGIS for their boxes",
                z, x, y, computed, database[i]);
            return false;
        }
        log.LogInformation("Tile boxes are computed here: {Count} tiles of zooms 2–22 agreed with PostGIS bit for bit", sample.Length);
        return true;
    }

    /// <summary>The boxes PostGIS gives the tiles (<see cref="TilesQueries.TileBoxes"/>), in their order.</summary>
    internal static async Task<List<TileBounds>> PostGisBoxesAsync(NpgsqlDataSource db, IReadOnlyList<(int Z, int X, int Y)> tiles, CancellationToken ct)
    {
        await using var read = db.CreateCommand(TilesQueries.TileBoxes);
        read.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. tiles.Select(t => t.Z)] });
        read.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. tiles.Select(t => t.X)] });
        read.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. tiles.Select(t => t.Y)] });
        await using var r = await read.ExecuteReaderAsync(ct);
        var boxes = new List<TileBounds>(tiles.Count);
        while (await r.ReadAsync(ct)) boxes.Add(new(r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3)));
        return boxes;
    }
}
