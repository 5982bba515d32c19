using System.Collections.Concurrent;
using LandMap.Api.Database;
using Npgsql;

namespace LandMap.Api.Tiles;

/// <summary>
/// A tile's key: the data version and the parcels table it is built at, and its buffered lon/lat box as PostGIS
/// transforms it (<see cref="TilesQueries.TileKey"/>). The version comes from <see cref="DataVersionWatch"/> when it is
/// known there, and the box from the boxes already transformed (a tile's box never changes; at most
/// <see cref="MaxBoxes"/> kept, then forgotten all at once): a tile then asks PostgreSQL nothing before it is built.
/// <c>Read</c>: whether PostgreSQL was asked (<c>Server-Timing: key;desc=read</c>, else <c>key;desc=watch</c>).
/// </summary>
public sealed class TileKeys(NpgsqlDataSource db, DataVersionWatch watch)
{
    /// <summary>About 5 MB of boxes: the tiles of a province at every zoom a map asks for, many times over.</summary>
    private const int MaxBoxes = 65_536;

    private readonly ConcurrentDictionary<(int Z, int X, int Y), TileBounds> _boxes = new();
    private int _added; // boxes added since the last clearing (ConcurrentDictionary.Count takes every lock)

    internal async Task<(long Version, uint Table, TileBounds Bounds, bool Read)> ReadAsync(int z, int x, int y, CancellationToken ct)
    {
        if (_boxes.TryGetValue((z, x, y), out var known) && watch.TryGet(out var knownVersion, out var knownTable))
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
}
