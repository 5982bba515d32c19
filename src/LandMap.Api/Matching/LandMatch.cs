using LandMap.Core.Matching;
using LandMap.Core.Projects;
using Npgsql;

namespace LandMap.Api.Matching;

/// <summary>
/// The land half of a match, lean (issue 11): the window sliced from the <see cref="LandSnapshot"/> in memory, without chain
/// neighbours, and ranked without a word (<see cref="Matcher.RankLand"/>), the neighbours read only for the parcels that may
/// still rank first given bounds from boxes (<see cref="Matcher.ChainShortlist"/>), and only the first ones explained. Same result as explaining every parcel.
/// </summary>
/// <param name="WindowCount">Parcels read in the size window.</param>
/// <param name="ChainReads">Parcels whose chain neighbours were read from PostGIS (those that could change what is shown, less
/// those an earlier match read since the last write).</param>
public sealed record LandMatch(int CandidateCount, int NearMissCount, IReadOnlyList<Evaluation> Candidates, IReadOnlyList<Evaluation> NearMisses,
    IReadOnlyDictionary<string, ParcelCandidate> Shown, int WindowCount, int ChainReads)
{
    /// <summary>Neighbours read in the first round trip; each further one reads twice as many.</summary>
    private const int FirstChainBatch = 128;

    public static async Task<LandMatch> RunAsync(NpgsqlDataSource db, Project p, ScoreWeights w, MatchOptions o, DateOnly asOf,
        IReadOnlyList<string>? zones, int candidateLimit, int nearMissLimit, CancellationToken ct)
    {
        var (lo, hi) = CandidateLoader.WindowMu(p.LandNeedMu!.Value, o);
        var snapshot = await LandSnapshot.CurrentAsync(db, ct);
        var (window, facts, rows) = snapshot.Window(lo, hi, zones);
        // Only the head of the ranking at 0: what is shown, and what the chain could still lift into it.
        var (atZero, candidateCount, nearMissCount) = Matcher.RankLandHead(p, window, facts, null, w, o, asOf, candidateLimit, nearMissLimit,
            p.IndustryChain is null ? 0 : Matcher.ChainReach(w));
        var (parcels, ranking) = (window, atZero);
        var known = new Dictionary<int, double>();
        var chainReads = 0;
        if (p.IndustryChain is { } chain)
        {
            // Neighbours are exact distance sums in PostGIS: read them only for the parcels that may still rank first, those
            // whose bound (from boxes in memory) reaches the first ones, most promising first, until none is left unread.
            // What earlier requests read or bounded since the last write is taken as it is (ChainSums).
            var (reservedCodes, reserved) = await CandidateLoader.ReservedBoxesAsync(db, chain, ct);
            var readings = ChainSums.For(db, snapshot.Versions).Of(chain, reservedCodes);
            // By the snapshot's row first: a lookup by code in a dictionary of a province's parcels cost ~0.5 µs, and a match at
            // 1M asks ~36 000 of them.
            var rowBounds = readings.RowBounds(snapshot);
            double Bound(int i)
            {
                var row = rows[i];
                if (rowBounds.TryGet(row, out var b)) return b;
                b = readings.Bounds.GetOrAdd(window[i].Code, _ => snapshot.NeighbourBound(row, chain, reserved));
                rowBounds.Set(row, b);
                return b;
            }
            IReadOnlyList<int> shortlist;
            for (var batch = FirstChainBatch; ; )
            {
                (shortlist, var unread) = Matcher.ChainShortlist(p, window, atZero, w, o, asOf, candidateLimit, nearMissLimit, Bound, known);
                if (unread.Count == 0) break;
                var remembered = unread.Where(i => readings.Sums.ContainsKey(window[i].Code)).ToList();
                foreach (var i in remembered) known[i] = readings.Sums[window[i].Code];
                if (remembered.Count > 0) continue;
                var read = unread.Take(batch).ToList();
                var (neighbours, readWith) = await CandidateLoader.ChainNeighboursAsync(db, [.. read.Select(i => (window[i].Code, chain))], ct);
                // Kept for later matches only when summed with the reserved resources the readings are for.
                var keep = readWith.TryGetValue(chain, out var with) && with.SequenceEqual(readings.Reserved);
                foreach (var i in read)
                {
                    known[i] = neighbours.GetValueOrDefault((window[i].Code, chain));
                    if (keep) readings.Sums[window[i].Code] = known[i];
                }
                chainReads += read.Count;
                batch *= 2;
            }
            parcels = [.. shortlist.Select(i => window[i] with { ChainNeighbours = known[i] })];
            ranking = Matcher.RankLand(p, parcels, w, o, asOf);
        }
        var candidates = ranking.Candidates.Take(candidateLimit).Select(r => Matcher.ExplainLand(p, parcels[r.Index], w, o, asOf)).ToList();
        var near = ranking.NearMisses.Take(nearMissLimit).Select(r => Matcher.ExplainLand(p, parcels[r.Index], w, o, asOf)).ToList();
        var shown = candidates.Concat(near).Select(e => e.Code).ToHashSet();
        return new(candidateCount, nearMissCount, candidates, near,
            parcels.Where(x => shown.Contains(x.Code)).ToDictionary(x => x.Code), window.Count, chainReads);
    }
}
