using System.Runtime.CompilerServices;
using LandMap.Core.Matching;
using Npgsql;

namespace LandMap.Api.Matching;

/// <summary>
/// The land a match may offer, in memory (issue 11): every available parcel (idle, negotiating) not found idle through the
/// enterprise's fault, with what scoring reads of it, sorted by size. A match slices its size window out of it instead of
/// shipping the window from PostGIS (285 000 rows at 1M parcels). It is never stale: each use first reads the versions that
/// every write bumps at commit (data_version for parcels and zones, match_version for idle findings; migrations 011, 014)
/// and, when they differ from the ones it was loaded at, follows the writes in one repeatable-read snapshot: only the rows
/// written since the database snapshot it was read in are read again (migration 015's stamps, <see cref="SnapshotLoader"/>),
/// the rest is carried over. So a write is seen by the very next match, which pays milliseconds for it, not a reload.
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
    /// <summary>The chain sources (occupied parcels with a chain) by code, and per chain in a grid.</summary>
    private readonly Dictionary<string, Source> _sourceByCode;
    private readonly Dictionary<string, SourceGrid> _sources;

    /// <summary>One available parcel as read: what scoring reads, its park and its box.</summary>
    internal readonly record struct Row(ParcelCandidate Parcel, string? Park, Box Box);

    /// <summary>One chain source: its chains (nulls left out) and its box.</summary>
    internal readonly record struct Source(string[] Chains, Box Box);

    private LandSnapshot(ChainSums.Versions key, string seen, ParcelCandidate[] parcels, ParcelFacts[] facts, double[] areas, string?[] parks, Box[] boxes,
        Dictionary<string, Source> sourceByCode, Dictionary<string, SourceGrid> sources, int? changedRows)
    {
        (_key, Seen, _parcels, _facts, _areas, _parks, _boxes, _sourceByCode, _sources, ChangedRows) =
            (key, seen, parcels, facts, areas, parks, boxes, sourceByCode, sources, changedRows);
    }

    /// <summary>The database snapshot (pg_snapshot as text) it was read in: what a later reload need not read again.</summary>
    internal string Seen { get; }

    /// <summary>How many parcels it read again after the snapshot it follows; null when it was read whole.</summary>
    internal int? ChangedRows { get; }

    /// <summary>A snapshot of <paramref name="rows"/> and <paramref name="sources"/>, read whole.</summary>
    internal static LandSnapshot Of(ChainSums.Versions key, string seen, List<Row> rows, List<(string Code, Source Source)> sources)
    {
        // By size (a window is a range of it). Equal sizes may come in any order: ranking never depends on the input order.
        var areas = rows.Select(x => x.Parcel.AreaMu).ToArray();
        var order = Enumerable.Range(0, areas.Length).ToArray();
        Array.Sort(areas, order);
        var byCode = new Dictionary<string, Source>(sources.Count, StringComparer.Ordinal);
        var grids = new Dictionary<string, SourceGrid>(StringComparer.Ordinal);
        foreach (var (code, source) in sources)
        {
            byCode[code] = source;
            foreach (var chain in source.Chains)
            {
                if (!grids.TryGetValue(chain, out var grid)) grids[chain] = grid = new SourceGrid();
                grid.Add(code, source.Box);
            }
        }
        var parcels = order.Select(i => rows[i].Parcel).ToArray();
        return new LandSnapshot(key, seen, parcels, [.. parcels.Select(ParcelFacts.Of)], areas, [.. order.Select(i => rows[i].Park)],
            [.. order.Select(i => rows[i].Box)], byCode, grids, null);
    }

    /// <summary>
    /// This snapshot after the writes that changed the parcels <paramref name="changed"/> (codes): their rows here are dropped,
    /// <paramref name="rows"/> (those of them on offer now) and <paramref name="sources"/> (those of them that are chain sources
    /// now) are taken in. Nothing here changes: a match still reading this snapshot is not disturbed. <paramref name="sourceChains"/>
    /// receives the chains whose sources changed.
    /// </summary>
    internal LandSnapshot Followed(ChainSums.Versions key, string seen, IReadOnlySet<string> changed, List<Row> rows,
        List<(string Code, Source Source)> sources, ISet<string> sourceChains)
    {
        var fresh = rows.OrderBy(x => x.Parcel.AreaMu).ToArray();
        var gone = RowsOf(changed);
        var n = _parcels.Length - gone.Count + fresh.Length;
        // The new arrays are large (about 100 MB at a million parcels): no blocking full collection for them while a user waits.
        var mode = System.Runtime.GCSettings.LatencyMode;
        System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;
        ParcelCandidate[] parcels; ParcelFacts[] facts; double[] areas; string?[] parks; Box[] boxes;
        try
        {
            (parcels, facts, areas, parks, boxes) = (new ParcelCandidate[n], new ParcelFacts[n], new double[n], new string?[n], new Box[n]);
        }
        finally { System.Runtime.GCSettings.LatencyMode = mode; }
        // The kept rows in runs between the gone ones (block copies), each fresh row placed after the kept rows of its size.
        var (k, o, g) = (0, 0, 0);
        void CopyKept(int to)
        {
            while (o < to)
            {
                while (g < gone.Count && gone[g] < o) g++;
                var end = g < gone.Count ? Math.Min(to, gone[g]) : to;
                var length = end - o;
                Array.Copy(_parcels, o, parcels, k, length);
                Array.Copy(_facts, o, facts, k, length);
                Array.Copy(_areas, o, areas, k, length);
                Array.Copy(_parks, o, parks, k, length);
                Array.Copy(_boxes, o, boxes, k, length);
                (k, o) = (k + length, end);
                if (g < gone.Count && o == gone[g] && o < to) o++;
            }
        }
        foreach (var row in fresh)
        {
            CopyKept(LowerBound(row.Parcel.AreaMu, strict: false));
            (parcels[k], facts[k], areas[k], parks[k], boxes[k]) = (row.Parcel, ParcelFacts.Of(row.Parcel), row.Parcel.AreaMu, row.Park, row.Box);
            k++;
        }
        CopyKept(_parcels.Length);

        var byCode = new Dictionary<string, Source>(_sourceByCode, StringComparer.Ordinal);
        var grids = new Dictionary<string, SourceGrid>(_sources, StringComparer.Ordinal);
        var copied = new HashSet<string>(StringComparer.Ordinal);
        SourceGrid Grid(string chain)
        {
            // Each changed chain's grid is copied once; the others stay shared with this snapshot.
            sourceChains.Add(chain);
            if (copied.Add(chain)) grids[chain] = grids.TryGetValue(chain, out var shared) ? shared.Copy() : new SourceGrid();
            return grids[chain];
        }
        foreach (var code in changed)
            if (byCode.Remove(code, out var was))
                foreach (var chain in was.Chains) Grid(chain).Remove(code, was.Box);
        foreach (var (code, source) in sources)
        {
            byCode[code] = source;
            foreach (var chain in source.Chains) Grid(chain).Add(code, source.Box);
        }
        return new LandSnapshot(key, seen, parcels, facts, areas, parks, boxes, byCode, grids, changed.Count);
    }

    /// <summary>
    /// The rows here (in order) of the parcels <paramref name="codes"/>. A code's length and last characters are looked at first:
    /// hashing every code of a province costs more than the copy that follows.
    /// </summary>
    private List<int> RowsOf(IReadOnlySet<string> codes)
    {
        const int Mask = 4095;
        static int Quick(string code) => code.Length < 2 ? code.Length : ((code.Length * 31 + code[^1]) * 31 + code[^2]) & Mask;
        var maybe = new bool[Mask + 1];
        foreach (var code in codes) maybe[Quick(code)] = true;
        var rows = new List<int>();
        for (var i = 0; i < _parcels.Length; i++)
        {
            var code = _parcels[i].Code;
            if (maybe[Quick(code)] && codes.Contains(code)) rows.Add(i);
        }
        return rows;
    }

    /// <summary>How many parcels it holds.</summary>
    public int Count => _parcels.Length;

    /// <summary>Every row, in its order here, and every chain source as (chain, code, box): to compare snapshots in tests.</summary>
    internal (IEnumerable<(ParcelCandidate Parcel, ParcelFacts Facts, string? Park, Box Box)> Rows, IEnumerable<(string Chain, string Code, Box Box)> Sources) Contents() =>
        (_parcels.Select((x, i) => (x, _facts[i], _parks[i], _boxes[i])),
         _sources.SelectMany(g => g.Value.Entries.Select(e => (g.Key, e.Code, e.Box))));

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

    /// <summary>At most exp(−d / 1 km) for any two points of the boxes, or 0 when the boxes are farther apart than the reach.</summary>
    internal static double TermBound(Box a, Box b)
    {
        var dx = Math.Max(0, Math.Max(a.MinX - b.MaxX, b.MinX - a.MaxX));
        var dy = Math.Max(0, Math.Max(a.MinY - b.MaxY, b.MinY - a.MaxY));
        if (dx * dx + dy * dy > SourceGrid.Reach * SourceGrid.Reach * (1 + 1e-9)) return 0;
        // Shortest lengths of a degree on the CGCS2000 (GRS 80) ellipsoid: of latitude 110 574 m (at the equator, M = a(1 − e²)),
        // of longitude a·cos φ (N ≥ a) at the highest latitude of the two boxes; 1 % off covers the flat approximation over ≤ 5 km.
        var phi = Math.Max(Math.Max(Math.Abs(a.MinY), Math.Abs(a.MaxY)), Math.Max(Math.Abs(b.MinY), Math.Abs(b.MaxY)));
        var metres = 0.99 * Math.Sqrt(Math.Pow(dy * 110_574, 2) + Math.Pow(dx * 111_319 * Math.Cos(Math.Min(90, phi) * Math.PI / 180), 2));
        return Math.Exp(-metres / 1000.0);
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

    /// <summary>
    /// The snapshot as of now: the one in memory if nothing it read has been written since, else the one in memory after the
    /// writes (or a fresh one when none is held, or the writes cannot be followed row by row).
    /// </summary>
    public static async Task<LandSnapshot> CurrentAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var holder = Holders.GetValue(db, _ => new Holder());
        if (holder.Current is { } known && known._key == await ReadKeyAsync(db, ct)) return known;
        await holder.Gate.WaitAsync(ct);
        try
        {
            // Another caller may have loaded it meanwhile; its versions are then at least the ones this caller saw.
            if (holder.Current is { } loaded && loaded._key == await ReadKeyAsync(db, ct)) return loaded;
            return holder.Current = await SnapshotLoader.LoadAsync(db, holder.Current, ct);
        }
        finally { holder.Gate.Release(); }
    }

    /// <summary>The snapshot held for <paramref name="db"/>, whatever its versions (null: none yet).</summary>
    internal static LandSnapshot? Held(NpgsqlDataSource db) => Holders.TryGetValue(db, out var holder) ? holder.Current : null;

    private static async Task<ChainSums.Versions> ReadKeyAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(MatchingQueries.SnapshotKey);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new ChainSums.Versions(r.GetInt64(0), r.GetInt64(1), r.GetFieldValue<uint>(2));
    }
}
