using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Npgsql;

namespace LandMap.Api.Matching;

/// <summary>
/// The same-chain neighbour sums PostGIS has computed since the last write, kept in memory (issue 11), so that a match or a
/// batch sums only the neighbours no earlier request has read: at 100 000 parcels a batch of 500 projects spent 4.4 s of its
/// 5 s summing exact distances, the same ones each time. A sum depends on the chain's occupied parcels and on the resources
/// reserved for the chain's projects. The first follow the write versions (data_version, match_version and the parcels
/// table, as <see cref="LandSnapshot"/>): the sums are kept per versions, and a newer version starts afresh. Reservations
/// bump no version (a project may even change its chain while it holds one), so each chain's sums are kept with the
/// reserved resources they were taken with, read in the same database snapshot as the sums, and are used only while that
/// set is still the chain's.
/// </summary>
public sealed class ChainSums
{
    /// <summary>
    /// The write versions sums (and a <see cref="LandSnapshot"/>) were read at (<see cref="MatchingQueries.SnapshotKey"/>); the
    /// parcels table's oid catches a table dropped and made again (a restore).
    /// </summary>
    public readonly record struct Versions(long Data, long Match, uint Table);

    private readonly ConcurrentDictionary<string, Chain> _chains = new(StringComparer.Ordinal);

    private ChainSums(Versions at) => At = at;

    public Versions At { get; }

    /// <summary>
    /// What is known of <paramref name="chain"/> for its reserved resources <paramref name="reserved"/> (kind:code, in ordinal
    /// order): the known sums if the set is the one they were taken with, else none (and those are dropped).
    /// </summary>
    public Chain Of(string chain, string[] reserved) =>
        _chains.AddOrUpdate(chain, _ => new Chain(chain, reserved), (_, known) => known.Reserved.SequenceEqual(reserved) ? known : new Chain(chain, reserved));

    /// <summary>What is known of <paramref name="chain"/>, whatever its reserved resources are now (to be checked by the reader).</summary>
    public Chain? Known(string chain) => _chains.GetValueOrDefault(chain);

    /// <summary>
    /// One chain's sums by parcel code, and upper bounds of them by parcel code, for the reserved resources <see cref="Reserved"/>;
    /// and the sizes (a batch's fitting sizes) for which every available parcel's nonzero sum is among them (a parcel of
    /// those sizes without one has no neighbour of the chain).
    /// </summary>
    public sealed class Chain(string name, string[] reserved)
    {
        private readonly object _gate = new();
        private List<(double Lo, double Hi)> _complete = [];

        public string Name { get; } = name;
        public string[] Reserved { get; } = reserved;
        public ConcurrentDictionary<string, double> Sums { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, double> Bounds { get; } = new(StringComparer.Ordinal);

        private volatile RowBoundPages? _rowBounds;

        /// <summary>
        /// <see cref="Bounds"/> by row of <paramref name="snapshot"/>, for the snapshot at these sums' versions; a snapshot
        /// read again starts afresh. Not carried across writes (rows move; <see cref="Bounds"/> is).
        /// </summary>
        public RowBoundPages RowBounds(LandSnapshot snapshot)
        {
            if (_rowBounds is { } known && known.Of(snapshot)) return known;
            return _rowBounds = new RowBoundPages(snapshot);
        }

        /// <summary>
        /// This chain's sums and bounds, but those of <paramref name="changed"/> (parcel codes), and its complete sizes: for the
        /// same reserved resources after writes that changed those parcels and none of the chain's sources.
        /// </summary>
        public Chain Without(IReadOnlySet<string> changed)
        {
            var copy = new Chain(Name, Reserved);
            // The complete sizes first: a batch writes its sums before it marks their sizes complete, so every size copied
            // here has all its sums in the dictionary by the time they are copied below (the other order could carry a size
            // as complete without the sums a concurrent batch was still writing, read as 0 from then on).
            lock (_gate) copy._complete = [.. _complete];
            foreach (var (code, v) in Sums) if (!changed.Contains(code)) copy.Sums[code] = v;
            foreach (var (code, v) in Bounds) if (!changed.Contains(code)) copy.Bounds[code] = v;
            return copy;
        }

        /// <summary>Whether every size in <paramref name="ranges"/> is one whose sums are all known.</summary>
        public bool IsComplete(IEnumerable<(double Lo, double Hi)> ranges)
        {
            lock (_gate) return ranges.All(r => _complete.Any(c => c.Lo <= r.Lo && r.Hi <= c.Hi));
        }

        /// <summary>Records that the sums of every size in <paramref name="ranges"/> are now all known.</summary>
        public void Completed(IEnumerable<(double Lo, double Hi)> ranges)
        {
            lock (_gate)
            {
                var merged = new List<(double Lo, double Hi)>();
                foreach (var (lo, hi) in _complete.Concat(ranges).OrderBy(r => r.Lo))
                    if (merged.Count > 0 && lo <= merged[^1].Hi) merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, hi));
                    else merged.Add((lo, hi));
                _complete = merged;
            }
        }
    }

    /// <summary>
    /// Neighbour bounds by snapshot row, in pages of <see cref="PageSize"/> made when first written (a province's snapshot
    /// holds hundreds of thousands of rows, and a match touches the few pages of its size window; one array of them all
    /// would be megabytes on the large-object heap per chain after every write). Concurrent readers and writers may race:
    /// each writes the same value for a row, and a page is made once (compare-and-swap).
    /// </summary>
    public sealed class RowBoundPages(LandSnapshot snapshot)
    {
        private const int PageSize = 4096; // 32 KB of doubles: under the large-object threshold
        private readonly double[]?[] _pages = new double[]?[(snapshot.Count + PageSize - 1) / PageSize];

        internal bool Of(LandSnapshot s) => ReferenceEquals(s, snapshot);

        /// <summary>The bound kept for <paramref name="row"/>, if any.</summary>
        public bool TryGet(int row, out double bound)
        {
            bound = _pages[row / PageSize] is { } page ? page[row % PageSize] : double.NaN;
            return !double.IsNaN(bound);
        }

        public void Set(int row, double bound)
        {
            var page = _pages[row / PageSize];
            if (page is null)
            {
                var fresh = new double[PageSize];
                Array.Fill(fresh, double.NaN);
                page = Interlocked.CompareExchange(ref _pages[row / PageSize], fresh, null) ?? fresh;
            }
            page[row % PageSize] = bound;
        }
    }

    private static readonly ConditionalWeakTable<NpgsqlDataSource, StrongBox<ChainSums?>> Kept = new();

    /// <summary>
    /// The sums kept for <paramref name="db"/> at <paramref name="at"/>: the latest ones if they are at it, else new ones,
    /// kept from now on unless the latest are newer (a request that read older versions, finishing late, must not replace
    /// the sums later requests keep: those would all be summed again).
    /// </summary>
    public static ChainSums For(NpgsqlDataSource db, Versions at)
    {
        var box = Kept.GetValue(db, _ => new StrongBox<ChainSums?>());
        var latest = Volatile.Read(ref box.Value);
        if (latest?.At == at) return latest;
        var fresh = new ChainSums(at);
        if (latest is not null && latest.At.Table == at.Table && latest.At.Data >= at.Data && latest.At.Match >= at.Match) return fresh;
        // Another request may have made them meanwhile; theirs win, so every request at these versions shares them.
        var before = Interlocked.CompareExchange(ref box.Value, fresh, latest);
        return before == latest ? fresh : before?.At == at ? before : fresh;
    }

    /// <summary>
    /// These sums carried to the versions <paramref name="to"/>, after writes that changed the parcels <paramref name="parcels"/>
    /// and the factories <paramref name="factories"/> (codes) and the sources of the chains <paramref name="sourceChains"/>. A
    /// sum depends on the parcel's outline and on the chain's sources (its occupied parcels and reserved resources): the chains
    /// whose sources changed, or one of whose reserved resources was written, start afresh; the others keep every sum but
    /// those of the changed parcels. What their complete sizes then lack is for the caller to read (<see cref="Keep"/>).
    /// </summary>
    internal ChainSums CarriedTo(Versions to, IReadOnlySet<string> parcels, IReadOnlySet<string> factories, IReadOnlySet<string> sourceChains)
    {
        var carried = new ChainSums(to);
        foreach (var (name, chain) in _chains)
        {
            if (sourceChains.Contains(name)) continue;
            if (chain.Reserved.Any(r => r.Split(':', 2) is [var kind, var code] && (kind == "parcel" ? parcels : factories).Contains(code))) continue;
            carried._chains[name] = chain.Without(parcels);
        }
        return carried;
    }

    /// <summary>The chains kept here.</summary>
    internal IEnumerable<Chain> Chains => _chains.Values;

    /// <summary>Forgets <paramref name="chain"/> (its sums could not be brought up to date).</summary>
    internal void Drop(string chain) => _chains.TryRemove(chain, out _);

    /// <summary>
    /// Keeps <paramref name="carried"/> for <paramref name="db"/> in place of <paramref name="from"/>, if those are still the latest
    /// (a request may have kept newer ones meanwhile: they win).
    /// </summary>
    internal static void Keep(NpgsqlDataSource db, ChainSums from, ChainSums carried)
    {
        var box = Kept.GetValue(db, _ => new StrongBox<ChainSums?>());
        Interlocked.CompareExchange(ref box.Value, carried, from);
    }

    /// <summary>Forgets every sum kept for <paramref name="db"/>: the next request reads them all (for tests comparing with a fresh read).</summary>
    internal static void Forget(NpgsqlDataSource db)
    {
        if (Kept.TryGetValue(db, out var box)) Volatile.Write(ref box.Value, null);
    }

    /// <summary>The latest sums kept for <paramref name="db"/>, at whatever versions (null: none yet).</summary>
    public static ChainSums? Latest(NpgsqlDataSource db) => Kept.TryGetValue(db, out var box) ? Volatile.Read(ref box.Value) : null;
}
