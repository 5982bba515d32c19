using LandMap.Api.Matching;
using LandMap.Core.Matching;
using LandMap.Core.Projects;
using Npgsql;

namespace LandMap.Api.Allocation;

/// <summary>One project's candidates in a pool: (code, score) in rank order, any one explained on demand, and the nearest miss when there is no candidate.</summary>
public sealed record PoolMatch(IReadOnlyList<(string Code, double Score)> Candidates, Func<string, Evaluation> Explain, Evaluation? NearestMiss);

/// <summary>
/// The land candidates of a whole batch from one set-based query at most (issue 11): the union of the projects' size windows
/// is read once, with the chain neighbours of every parcel that fits a project of that chain (from the land snapshot in
/// memory, with no query, when every sum needed is kept: <see cref="CandidateLoader.BatchWindowAsync"/>), and each project
/// is ranked in memory on its own window (<see cref="Matcher.RankLand"/>, no message built). Same candidates, order and scores as matching each
/// project alone. A project with no candidate at all is explained by its nearest miss; when the chain can decide which
/// miss that is, the neighbours of those few parcels are read afterwards, for all such projects in one more query.
/// </summary>
public static class BatchLand
{
    public static async Task<IReadOnlyList<PoolMatch>> RunAsync(NpgsqlDataSource db, IReadOnlyList<Project> projects, ScoreWeights w, MatchOptions o,
        DateOnly asOf, CancellationToken ct)
    {
        if (projects.Count == 0) return [];
        var windows = Merge(projects.Select(p => CandidateLoader.WindowMu(p.LandNeedMu!.Value, o)));
        var fits = projects.Where(p => p.IndustryChain is not null).GroupBy(p => p.IndustryChain!)
            .SelectMany(g => Merge(g.Select(p => (p.LandNeedMu!.Value, Checks.MaxAreaMu(p.LandNeedMu!.Value, o)))).Select(x => (x.Lo, x.Hi, g.Key)))
            .ToList();
        // The land snapshot follows writes and carries the kept chain sums along (a batch after an edit sums nothing again).
        var snapshot = await LandSnapshot.CurrentAsync(db, ct);
        var rows = await CandidateLoader.BatchWindowAsync(db, snapshot, windows, fits, ct);
        rows.Sort((a, b) => a.Parcel.AreaMu.CompareTo(b.Parcel.AreaMu));
        var areas = rows.Select(r => r.Parcel.AreaMu).ToArray();
        var atZero = rows.Select(r => r.Parcel).ToArray();
        // What ranking reads of each parcel, worked out once for the batch, and each chain's neighbours by parcel.
        var facts = atZero.Select(ParcelFacts.Of).ToArray();
        var byChain = new Dictionary<string, double[]>();
        double[] NeighboursOf(string chain) => byChain.TryGetValue(chain, out var known) ? known
            : byChain[chain] = [.. rows.Select(r => r.Chains.GetValueOrDefault(chain))];

        var result = new PoolMatch[projects.Count];
        var misses = new List<(int Project, IReadOnlyList<ParcelCandidate> Window, IReadOnlyList<int> Reorder)>();
        for (var i = 0; i < projects.Count; i++)
        {
            var p = projects[i];
            var need = p.LandNeedMu!.Value;
            // A candidate's size is within [need, need × (1 + tolerance)]: the rest of the window holds near misses only.
            var fit = Slice(atZero, areas, need, Checks.MaxAreaMu(need, o));
            var ofChain = p.IndustryChain is { } chain ? NeighboursOf(chain) : null;
            // Every candidate in rank order; no near miss is scored here (the window below finds the nearest when there is no candidate).
            var (ranking, _, _) = Matcher.RankLandHead(p, fit, new ArraySegment<ParcelFacts>(facts, fit.Offset, fit.Count),
                ofChain is null ? (ArraySegment<double>?)null : new ArraySegment<double>(ofChain, fit.Offset, fit.Count), w, o, asOf, int.MaxValue, 0, 0);
            var candidates = ranking.Candidates.Select(r => (fit[r.Index].Code, r.Score)).ToList();
            Evaluation Explain(string code)
            {
                var k = fit.Offset;
                while (atZero[k].Code != code) k++;
                return Matcher.ExplainLand(p, atZero[k] with { ChainNeighbours = ofChain?[k] ?? 0 }, w, o, asOf);
            }
            if (candidates.Count > 0)
            {
                result[i] = new PoolMatch(candidates, Explain, null);
                continue;
            }
            var (lo, hi) = CandidateLoader.WindowMu(need, o);
            var window = Slice(atZero, areas, lo, hi);
            var near = Matcher.RankLand(p, window, w, o, asOf).NearMisses;
            if (near.Count == 0 || p.IndustryChain is null)
                result[i] = new PoolMatch(candidates, Explain, near.Count == 0 ? null : Matcher.ExplainLand(p, window[near[0].Index], w, o, asOf));
            else
                misses.Add((i, window, Matcher.ChainCanReorder(p, new LandRanking([], near), w, 0, 1)));
        }
        if (misses.Count == 0) return result;

        var (neighbours, _) = await CandidateLoader.ChainNeighboursAsync(db,
            [.. misses.SelectMany(m => m.Reorder.Select(j => (m.Window[j].Code, projects[m.Project].IndustryChain!))).Distinct()], ct);
        foreach (var (i, window, reorder) in misses)
        {
            var p = projects[i];
            var shortlist = reorder.Select(j => window[j] with { ChainNeighbours = neighbours.GetValueOrDefault((window[j].Code, p.IndustryChain!)) }).ToList();
            var nearest = Matcher.RankLand(p, shortlist, w, o, asOf).NearMisses[0];
            result[i] = new PoolMatch([], _ => throw new InvalidOperationException("no candidate to explain"), Matcher.ExplainLand(p, shortlist[nearest.Index], w, o, asOf));
        }
        return result;
    }

    /// <summary>The parcels (sorted by size) with lo ≤ size ≤ hi, as SQL's BETWEEN reads them.</summary>
    internal static ArraySegment<ParcelCandidate> Slice(ParcelCandidate[] parcels, double[] areas, double lo, double hi)
    {
        var start = LowerBound(areas, lo);
        var end = start;
        while (end < areas.Length && areas[end] <= hi) end++;
        return new ArraySegment<ParcelCandidate>(parcels, start, end - start);
    }

    private static int LowerBound(double[] sorted, double value)
    {
        var (lo, hi) = (0, sorted.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Overlapping size ranges joined, so the query reads each parcel once.</summary>
    internal static List<(double Lo, double Hi)> Merge(IEnumerable<(double Lo, double Hi)> ranges)
    {
        var merged = new List<(double Lo, double Hi)>();
        foreach (var (lo, hi) in ranges.OrderBy(r => r.Lo))
            if (merged.Count > 0 && lo <= merged[^1].Hi) merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, hi));
            else merged.Add((lo, hi));
        return merged;
    }
}
