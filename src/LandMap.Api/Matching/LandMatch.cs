using LandMap.Core.Matching;
using LandMap.Core.Projects;
using Npgsql;

namespace LandMap.Api.Matching;

/// <summary>
/// The land half of a match, lean (issue 11): the window sliced from the <see cref="LandSnapshot"/> in memory, without chain
/// neighbours, and ranked without a word (<see cref="Matcher.RankLand"/>), the neighbours read only for the parcels they can reorder
/// (<see cref="Matcher.ChainCanReorder"/>), and only the first ones explained. Same result as explaining every parcel.
/// </summary>
/// <param name="WindowCount">Parcels read in the size window.</param>
/// <param name="ChainReads">Parcels whose chain neighbours were read (those that could change what is shown).</param>
public sealed record LandMatch(int CandidateCount, int NearMissCount, IReadOnlyList<Evaluation> Candidates, IReadOnlyList<Evaluation> NearMisses,
    IReadOnlyDictionary<string, ParcelCandidate> Shown, int WindowCount, int ChainReads)
{
    public static async Task<LandMatch> RunAsync(NpgsqlDataSource db, Project p, ScoreWeights w, MatchOptions o, DateOnly asOf,
        IReadOnlyList<string>? zones, int candidateLimit, int nearMissLimit, CancellationToken ct)
    {
        var (lo, hi) = CandidateLoader.WindowMu(p.LandNeedMu!.Value, o);
        var window = (await LandSnapshot.CurrentAsync(db, ct)).Window(lo, hi, zones);
        var atZero = Matcher.RankLand(p, window, w, o, asOf);
        var reorder = Matcher.ChainCanReorder(p, atZero, w, candidateLimit, nearMissLimit);
        var (parcels, ranking) = (window, atZero);
        if (p.IndustryChain is { } chain)
        {
            var neighbours = await CandidateLoader.ChainNeighboursAsync(db, [.. reorder.Select(i => (window[i].Code, chain))], ct);
            parcels = [.. reorder.Select(i => window[i] with { ChainNeighbours = neighbours.GetValueOrDefault((window[i].Code, chain)) })];
            ranking = Matcher.RankLand(p, parcels, w, o, asOf);
        }
        var candidates = ranking.Candidates.Take(candidateLimit).Select(r => Matcher.ExplainLand(p, parcels[r.Index], w, o, asOf)).ToList();
        var near = ranking.NearMisses.Take(nearMissLimit).Select(r => Matcher.ExplainLand(p, parcels[r.Index], w, o, asOf)).ToList();
        var shown = candidates.Concat(near).Select(e => e.Code).ToHashSet();
        return new(atZero.Candidates.Count, atZero.NearMisses.Count, candidates, near,
            parcels.Where(x => shown.Contains(x.Code)).ToDictionary(x => x.Code), window.Count, p.IndustryChain is null ? 0 : reorder.Count);
    }
}
