using System.Runtime.CompilerServices;
using LandMap.Core.Matching;
using LandMap.Core.Resources;
using LandMap.Core.Revitalisation;
using Npgsql;

namespace LandMap.Api.Matching;

/// <summary>
/// The land a match may offer, in memory (issue 11): every available parcel (idle, negotiating) not found idle through the
/// enterprise's fault, with what scoring reads of it, sorted by size. A match slices its size window out of it instead of
/// shipping the window from PostGIS (285 000 rows at 1M parcels). It is never stale: each use first reads the versions that
/// every write bumps at commit (data_version for parcels and zones, match_version for idle findings; migrations 011, 014)
/// and reloads, in one repeatable-read snapshot, when they differ from the ones it was loaded at. So a write is seen by
/// the very next match; that match pays the reload.
/// </summary>
public sealed class LandSnapshot
{
    /// <summary>The versions a snapshot was read at; the table's oid catches a table dropped and made again (a restore).</summary>
    private readonly record struct Key(long Data, long Match, uint Table);

    private readonly Key _key;
    private readonly ParcelCandidate[] _parcels;
    private readonly double[] _areas;
    private readonly string?[] _parks;

    private LandSnapshot(Key key, ParcelCandidate[] parcels, double[] areas, string?[] parks) =>
        (_key, _parcels, _areas, _parks) = (key, parcels, areas, parks);

    /// <summary>How many parcels it holds.</summary>
    public int Count => _parcels.Length;

    /// <summary>
    /// The parcels with lo ≤ size ≤ hi (as SQL's BETWEEN reads them), in zones or parks <paramref name="zones"/> (null or
    /// empty: everywhere), with chain neighbours at 0, in size order.
    /// </summary>
    public IReadOnlyList<ParcelCandidate> Window(double lo, double hi, IReadOnlyList<string>? zones)
    {
        var (start, end) = Range(lo, hi);
        if (zones is not { Count: > 0 }) return new ArraySegment<ParcelCandidate>(_parcels, start, end - start);
        var set = zones.ToHashSet(StringComparer.Ordinal);
        var result = new List<ParcelCandidate>();
        for (var i = start; i < end; i++)
            if (set.Contains(_parcels[i].ZoneCode) || (_parks[i] is { } park && set.Contains(park))) result.Add(_parcels[i]);
        return result;
    }

    /// <summary>[start, end) of the sizes lo ≤ size ≤ hi.</summary>
    private (int Start, int End) Range(double lo, double hi)
    {
        var start = LowerBound(lo, strict: true);
        var end = LowerBound(hi, strict: false);
        return (start, Math.Max(start, end));
    }

    /// <summary>The first index whose size is not below (strict: not below; else: not at or below) <paramref name="value"/>.</summary>
    private int LowerBound(double value, bool strict)
    {
        var (lo, hi) = (0, _areas.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (strict ? _areas[mid] < value : _areas[mid] <= value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static readonly ConditionalWeakTable<NpgsqlDataSource, Holder> Holders = new();

    private sealed class Holder
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public volatile LandSnapshot? Current;
    }

    /// <summary>The snapshot as of now: the one in memory if nothing it read has been written since, else a fresh one.</summary>
    public static async Task<LandSnapshot> CurrentAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var holder = Holders.GetValue(db, _ => new Holder());
        if (holder.Current is { } known && known._key == await ReadKeyAsync(db, ct)) return known;
        await holder.Gate.WaitAsync(ct);
        try
        {
            // Another caller may have loaded it meanwhile; its versions are then at least the ones this caller saw.
            if (holder.Current is { } loaded && loaded._key == await ReadKeyAsync(db, ct)) return loaded;
            return holder.Current = await LoadAsync(db, ct);
        }
        finally { holder.Gate.Release(); }
    }

    private static async Task<Key> ReadKeyAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(MatchingQueries.SnapshotKey);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new Key(r.GetInt64(0), r.GetInt64(1), r.GetFieldValue<uint>(2));
    }

    private static async Task<LandSnapshot> LoadAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // One snapshot for the versions and the rows: the rows are exactly those of the versions read.
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        Key key;
        await using (var cmd = new NpgsqlCommand(MatchingQueries.SnapshotKey, conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            key = new Key(r.GetInt64(0), r.GetInt64(1), r.GetFieldValue<uint>(2));
        }
        var rows = new List<(ParcelCandidate Parcel, string? Park)>();
        await using (var cmd = new NpgsqlCommand(MatchingQueries.Snapshot, conn, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = AvailableStatuses });
            cmd.Parameters.Add(new NpgsqlParameter { Value = IdleCause.Enterprise });
            cmd.CommandTimeout = 600; // a province: a million parcels read on a busy machine
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            // The few zone, city, land-use, status and readiness names are shared, not held once per parcel.
            string Shared(string s) => names.TryGetValue(s, out var known) ? known : names[s] = s;
            while (await r.ReadAsync(ct))
            {
                var p = CandidateLoader.ReadParcel(r);
                p = p with
                {
                    ZoneCode = Shared(p.ZoneCode), ZoneLevel = Shared(p.ZoneLevel), City = Shared(p.City), LandUse = Shared(p.LandUse),
                    Status = Shared(p.Status), Readiness = p.Readiness is null ? null : Shared(p.Readiness),
                };
                rows.Add((p, r.IsDBNull(CandidateLoader.ParcelColumnCount) ? null : Shared(r.GetString(CandidateLoader.ParcelColumnCount))));
            }
        }
        await tx.CommitAsync(ct);
        // By size, then by code: a fixed order whatever order the rows came in.
        rows.Sort((a, b) =>
        {
            var c = a.Parcel.AreaMu.CompareTo(b.Parcel.AreaMu);
            return c != 0 ? c : string.CompareOrdinal(a.Parcel.Code, b.Parcel.Code);
        });
        return new LandSnapshot(key, [.. rows.Select(x => x.Parcel)], [.. rows.Select(x => x.Parcel.AreaMu)], [.. rows.Select(x => x.Park)]);
    }

    private static readonly string[] AvailableStatuses = [.. ResourceStatus.Available];
}
