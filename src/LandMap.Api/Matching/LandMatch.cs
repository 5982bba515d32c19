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
/// <param name="ChainReads">Parcels whose chain neighbours were read (those that could change what is shown).</param>
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
        var (window, rows) = snapshot.Window(lo, hi, zones);
        // Only the head of the ranking at 0: what is shown, and what the chain could still lift into it.
        var (atZero, candidateCount, nearMissCount) = Matcher.RankLandHead(p, window, w, o, asOf, candidateLimit, nearMissLimit,
            p.IndustryChain is null ? 0 : Matcher.ChainReach(w));
        var (parcels, ranking) = (window, atZero);
        var known = new Dictionary<int, double>();
        if (p.IndustryChain is { } chain)
        {
            // Neighbours are exact distance sums in PostGIS: read them only for the parcels that may still rank first, those
            // whose bound (from boxes in memory) reaches the first ones, most promising first, until none is left unread.
            var reserved = await CandidateLoader.ReservedBoxesAsync(db, chain, ct);
            var bounds = new Dictionary<int, double>();
            double Bound(int i) => bounds.TryGetValue(i, out var b) ? b : bounds[i] = snapshot.NeighbourBound(rows[i], chain, reserved);
            IReadOnlyList<int> shortlist;
            for (var batch = FirstChainBatch; ; batch *= 2)
            {
                (shortlist, var unread) = Matcher.ChainShortlist(p, window, atZero, w, o, asOf, candidateLimit, nearMissLimit, Bound, known);
                if (unread.Count == 0) break;
                var read = unread.Take(batch).ToList();
                var neighbours = await CandidateLoader.ChainNeighboursAsync(db, [.. read.Select(i => (window[i].Code, chain))], ct);
                foreach (var i in read) known[i] = neighbours.GetValueOrDefault((window[i].Code, chain));
            }
            parcels = [.. shortlist.Select(i => window[i] with { ChainNeighbours = known[i] })];
            ranking = Matcher.RankLand(p, parcels, w, o, asOf);
        }
        var candidates = ranking.Candidates.Take(candidateLimit).Select(r => Matcher.ExplainLand(p, parcels[r.Index], w, o, asOf)).ToList();
        var near = ranking.NearMisses.Take(nearMissLimit).Select(r => Matcher.ExplainLand(p, parcels[r.Index], w, o, asOf)).ToList();
        var shown = candidates.Concat(near).Select(e => e.Code).ToHashSet();
        return new(candidateCount, nearMissCount, candidates, near,
            parcels.Where(x => shown.Contains(x.Code)).ToDictionary(x => x.Code), window.Count, known.Count);
    }
}
