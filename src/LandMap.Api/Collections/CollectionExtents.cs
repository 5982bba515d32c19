using System.Collections.Concurrent;
using Npgsql;

namespace LandMap.Api.Collections;

/// <summary>
/// The extent and number of items a collection's description gives (GET /collections, /collections/{id}), worked out
/// once per data version: at a million parcels the scan takes about half a second, and a GIS client asks for the
/// descriptions on every connection and layer. Before each use one row (the data version) is read; when any write has
/// moved it, the extent is read again, in the same statement as the version it belongs to. Kept per collection and per
/// set of statuses the caller may see, so the public extent never comes from staff rows.
/// </summary>
public sealed class CollectionExtents
{
    /// <param name="Bbox">CRS84 [minLon, minLat, maxLon, maxLat]; null for an empty collection.</param>
    public sealed record Entry(double[]? Bbox, long Count, long Version);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    internal async Task<Entry> GetAsync(NpgsqlDataSource db, Collection c, string[]? statuses, CancellationToken ct)
    {
        var key = c.Id + "|" + (statuses is null ? "*" : string.Join(',', statuses));
        if (_entries.TryGetValue(key, out var kept))
        {
            await using var version = db.CreateCommand(CollectionsQueries.DataVersion);
            if ((long)(await version.ExecuteScalarAsync(ct))! == kept.Version) return kept;
        }
        var entry = await ReadAsync(db, c, statuses, ct);
        _entries[key] = entry;
        return entry;
    }

    private static async Task<Entry> ReadAsync(NpgsqlDataSource db, Collection c, string[]? statuses, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(c.Extent);
        if (c.HasStatus)
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)statuses ?? DBNull.Value,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        double[]? bbox = reader.IsDBNull(0) ? null : [reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3)];
        return new Entry(bbox, reader.GetInt64(4), reader.GetInt64(5));
    }
}
