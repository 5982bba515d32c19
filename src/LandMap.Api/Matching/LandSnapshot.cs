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
    private readonly ChainSums.Versions _key;
    private readonly ParcelCandidate[] _parcels;
    private readonly ParcelFacts[] _facts;
    private readonly double[] _areas;
    private readonly string?[] _parks;
    private readonly Box[] _boxes;
    private readonly Dictionary<string, SourceGrid> _sources;

    private LandSnapshot(ChainSums.Versions key, ParcelCandidate[] parcels, double[] areas, string?[] parks, Box[] boxes, Dictionary<string, SourceGrid> sources)
    {
        (_key, _parcels, _areas, _parks, _boxes, _sources) = (key, parcels, areas, parks, boxes, sources);
        _facts = [.. parcels.Select(ParcelFacts.Of)];
    }

    /// <summary>How many parcels it holds.</summary>
    public int Count => _parcels.Length;

    /// <summary>
    /// The parcels with lo ≤ size ≤ hi (as SQL's BETWEEN reads them), in zones or parks <paramref name="zones"/> (null or
    /// empty: everywhere), with chain neighbours at 0, in size order; with their <see cref="ParcelFacts"/> and their rows here
    /// (for <see cref="NeighbourBound"/>).
    /// </summary>
    public (IReadOnlyList<ParcelCandidate> Parcels, ArraySegment<ParcelFacts> Facts, Rows Rows) Window(double lo, double hi, IReadOnlyList<string>? zones)
    {
        var (start, end) = Range(lo, hi);
        if (zones is not { Count: > 0 })
            return (new ArraySegment<ParcelCandidate>(_parcels, start, end - start), new ArraySegment<ParcelFacts>(_facts, start, end - start),
                new Rows(start, null));
        var set = zones.ToHashSet(StringComparer.Ordinal);
        var rows = new List<int>();
        for (var i = start; i < end; i++)
            if (set.Contains(_parcels[i].ZoneCode) || (_parks[i] is { } park && set.Contains(park))) rows.Add(i);
        return ([.. rows.Select(i => _parcels[i])], rows.Select(i => _facts[i]).ToArray(), new Rows(0, [.. rows]));
    }

    /// <summary>The snapshot rows of a window's parcels: a run from <c>Start</c>, or the listed ones.</summary>
    public readonly record struct Rows(int Start, int[]? Listed)
    {
        public int this[int i] => Listed is null ? Start + i : Listed[i];
    }

    /// <summary>The versions and table this snapshot was read at (<see cref="MatchingQueries.SnapshotKey"/>).</summary>
    public ChainSums.Versions Versions => _key;

    /// <summary>A bounding box in degrees (EPSG:4490 lon/lat).</summary>
    public readonly record struct Box(double MinX, double MinY, double MaxX, double MaxY);

    /// <summary>
    /// An upper bound of the same-chain neighbours (MatchingQueries: Σ exp(−d / 1 km) over the chain's sources within
    /// 0.03°) of the parcel at <paramref name="row"/>, from boxes alone: the occupied parcels of <paramref name="chain"/>
    /// held here and <paramref name="reserved"/> (the chain's reserved resources, read fresh by the caller). A source whose
    /// box is farther than 0.03° from the parcel's cannot be within 0.03° of it; for the others, the distance between the
    /// boxes bounds the edge-to-edge distance from below, so each term is at most exp(−that / 1 km).
    /// </summary>
    public double NeighbourBound(int row, string chain, IReadOnlyList<Box> reserved)
    {
        var a = _boxes[row];
        var sum = 0.0;
        foreach (var b in reserved) sum += TermBound(a, b);
        if (_sources.TryGetValue(chain, out var grid)) sum += grid.Sum(a);
        return sum;
    }

    /// <summary>ST_DWithin's reach for chain sources, in degrees (MatchingQueries.Near).</summary>
    private const double Reach = 0.03;

    /// <summary>At most exp(−d / 1 km) for any two points of the boxes, or 0 when the boxes are farther apart than the reach.</summary>
    internal static double TermBound(Box a, Box b)
    {
        var dx = Math.Max(0, Math.Max(a.MinX - b.MaxX, b.MinX - a.MaxX));
        var dy = Math.Max(0, Math.Max(a.MinY - b.MaxY, b.MinY - a.MaxY));
        if (dx * dx + dy * dy > Reach * Reach * (1 + 1e-9)) return 0;
        // Shortest lengths of a degree on the CGCS2000 (GRS 80) ellipsoid: of latitude 110 574 m (at the equator, M = a(1 − e²)),
        // of longitude a·cos φ (N ≥ a) at the highest latitude of the two boxes; 1 % off covers the flat approximation over ≤ 5 km.
        var phi = Math.Max(Math.Max(Math.Abs(a.MinY), Math.Abs(a.MaxY)), Math.Max(Math.Abs(b.MinY), Math.Abs(b.MaxY)));
        var metres = 0.99 * Math.Sqrt(Math.Pow(dy * 110_574, 2) + Math.Pow(dx * 111_319 * Math.Cos(Math.Min(90, phi) * Math.PI / 180), 2));
        return Math.Exp(-metres / 1000.0);
    }

    /// <summary>The boxes of one chain's occupied parcels in cells of the reach, for <see cref="NeighbourBound"/>.</summary>
    private sealed class SourceGrid
    {
        private readonly Dictionary<(int, int), List<Box>> _cells = new();
        private double _halfX, _halfY;

        public void Add(Box b)
        {
            var key = Cell((b.MinX + b.MaxX) / 2, (b.MinY + b.MaxY) / 2);
            if (!_cells.TryGetValue(key, out var list)) _cells[key] = list = [];
            list.Add(b);
            _halfX = Math.Max(_halfX, (b.MaxX - b.MinX) / 2);
            _halfY = Math.Max(_halfY, (b.MaxY - b.MinY) / 2);
        }

        public double Sum(Box a)
        {
            // Any source within reach has its centre within reach plus its half size of the parcel's box.
            var (x0, y0) = Cell(a.MinX - Reach - _halfX, a.MinY - Reach - _halfY);
            var (x1, y1) = Cell(a.MaxX + Reach + _halfX, a.MaxY + Reach + _halfY);
            var sum = 0.0;
            for (var x = x0; x <= x1; x++)
                for (var y = y0; y <= y1; y++)
                    if (_cells.TryGetValue((x, y), out var list))
                        foreach (var b in list) sum += TermBound(a, b);
            return sum;
        }

        private static (int, int) Cell(double x, double y) => ((int)Math.Floor(x / Reach), (int)Math.Floor(y / Reach));
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

    private static async Task<ChainSums.Versions> ReadKeyAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(MatchingQueries.SnapshotKey);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new ChainSums.Versions(r.GetInt64(0), r.GetInt64(1), r.GetFieldValue<uint>(2));
    }

    private static async Task<LandSnapshot> LoadAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // One snapshot for the versions and the rows: the rows are exactly those of the versions read.
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        ChainSums.Versions key;
        await using (var cmd = new NpgsqlCommand(MatchingQueries.SnapshotKey, conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            key = new ChainSums.Versions(r.GetInt64(0), r.GetInt64(1), r.GetFieldValue<uint>(2));
        }
        var (parcels, parks, boxes) = (new List<ParcelCandidate>(), new List<string?>(), new List<Box>());
        await using (var cmd = new NpgsqlCommand(MatchingQueries.Snapshot, conn, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = AvailableStatuses });
            cmd.Parameters.Add(new NpgsqlParameter { Value = IdleCause.Enterprise });
            cmd.CommandTimeout = 600; // a province: a million parcels read on a busy machine
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            // The few zone, city, land-use, status and readiness names are shared, not held once per parcel.
            string Shared(string s) => names.TryGetValue(s, out var known) ? known : names[s] = s;
            var n = CandidateLoader.ParcelColumnCount;
            while (await r.ReadAsync(ct))
            {
                parcels.Add(CandidateLoader.ReadParcel(r, Shared));
                parks.Add(r.IsDBNull(n) ? null : Shared(r.GetString(n)));
                boxes.Add(new Box(r.GetDouble(n + 1), r.GetDouble(n + 2), r.GetDouble(n + 3), r.GetDouble(n + 4)));
            }
        }
        var sources = new Dictionary<string, SourceGrid>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(MatchingQueries.SnapshotSources, conn, tx))
        {
            cmd.CommandTimeout = 600;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var box = new Box(r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4));
                foreach (var chain in r.GetFieldValue<string?[]>(0))
                {
                    if (chain is null) continue;
                    if (!sources.TryGetValue(chain, out var grid)) sources[chain] = grid = new SourceGrid();
                    grid.Add(box);
                }
            }
        }
        await tx.CommitAsync(ct);
        // By size (a window is a range of it). Equal sizes may come in any order: ranking never depends on the input order.
        var areas = parcels.Select(x => x.AreaMu).ToArray();
        var order = Enumerable.Range(0, areas.Length).ToArray();
        Array.Sort(areas, order);
        return new LandSnapshot(key, [.. order.Select(i => parcels[i])], areas, [.. order.Select(i => parks[i])], [.. order.Select(i => boxes[i])], sources);
    }

    private static readonly string[] AvailableStatuses = [.. ResourceStatus.Available];
}
