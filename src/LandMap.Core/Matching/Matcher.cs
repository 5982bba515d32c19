using System.Runtime.CompilerServices;
using System.Buffers;
using LandMap.Core.Projects;

namespace LandMap.Core.Matching;

/// <summary>大项目供地、小项目入园: projects at or above either threshold get land; the rest factory space.</summary>
public sealed record RoutingOptions
{
    public double LandMinInvestmentWan { get; init; } = 10_000; // 1 亿元
    public double LandMinNeedMu { get; init; } = 20;
}

public sealed record RouteDecision(string Pool, string Rule, string RuleZh);

/// <summary>A candidate (all checks passed) or a near miss (one or two failed), with its score and why.</summary>
public sealed record Evaluation(
    string Code, string Kind, string ZoneCode, double Score, IReadOnlyList<Criterion> Breakdown, string Reason, string ReasonZh,
    IReadOnlyList<Check> Checks)
{
    public IReadOnlyList<Check> Failures => Checks.Where(c => !c.Passed).ToList();
}

public sealed record MatchResult(RouteDecision Route, IReadOnlyList<Evaluation> Candidates, IReadOnlyList<Evaluation> NearMisses);

/// <summary>One parcel ranked without words: its index in the input, how many checks it fails, its score.</summary>
public readonly record struct Ranked(int Index, int Failures, double Score);

/// <summary>
/// Every candidate and near miss of a project in the order <see cref="Matcher.MatchLand"/> gives them, as indexes and scores
/// only; <see cref="Matcher.ExplainLand"/> turns the few that are shown into evaluations.
/// </summary>
public sealed record LandRanking(IReadOnlyList<Ranked> Candidates, IReadOnlyList<Ranked> NearMisses);

public static class Matcher
{
    public const string Land = "land";
    public const string Factory = "factory";
    public const int MaxFailuresForNearMiss = 2;

    public static RouteDecision RouteOf(Project p, RoutingOptions o)
    {
        if (p.LandNeedMu is null && p.FloorNeedM2 is not null)
            return new(Factory, "only floor space requested (floorNeedM2)", "仅提出厂房面积需求");
        if (p.FloorNeedM2 is null && p.LandNeedMu is not null && p.InvestmentWan < o.LandMinInvestmentWan && p.LandNeedMu < o.LandMinNeedMu)
            return new(Land, "only land requested (landNeedMu)", "仅提出用地需求");
        if (p.InvestmentWan >= o.LandMinInvestmentWan)
            return new(Land, $"investment {CnyMillion(p.InvestmentWan)} ≥ {CnyMillion(o.LandMinInvestmentWan)}: big project gets land",
                $"投资 {Checks.F(p.InvestmentWan)} 万元 ≥ {Checks.F(o.LandMinInvestmentWan)} 万元，大项目供地");
        if (p.LandNeedMu is { } mu && mu >= o.LandMinNeedMu)
            return new(Land, $"land need {Checks.F(mu)} mu ≥ {Checks.F(o.LandMinNeedMu)} mu: big project gets land",
                $"用地需求 {Checks.F(mu)} 亩 ≥ {Checks.F(o.LandMinNeedMu)} 亩，大项目供地");
        return new(Factory, $"investment < {CnyMillion(o.LandMinInvestmentWan)} and land need < {Checks.F(o.LandMinNeedMu)} mu: small project moves into factory space",
            $"投资 < {Checks.F(o.LandMinInvestmentWan)} 万元且用地 < {Checks.F(o.LandMinNeedMu)} 亩，小项目入园");
    }

    /// <summary>万元 said in English: 1 万元 = CNY 10 000, so 50 000 万元 is "CNY 500 million".</summary>
    private static string CnyMillion(double wan) => $"CNY {Checks.F(wan / 100)} million";

    public static (IReadOnlyList<Evaluation> Candidates, IReadOnlyList<Evaluation> NearMisses) MatchLand(
        Project p, IEnumerable<ParcelCandidate> parcels, ScoreWeights w, MatchOptions o, DateOnly asOf) =>
        Split(parcels.Select(c => ExplainLand(p, c, w, o, asOf)));

    /// <summary>One parcel's evaluation with every check, criterion and message: for the results that are shown.</summary>
    public static Evaluation ExplainLand(Project p, ParcelCandidate c, ScoreWeights w, MatchOptions o, DateOnly asOf)
    {
        var checks = Checks.ForParcel(p, c, o);
        var parts = Scoring.ForParcel(p, c, w, o, asOf);
        var (en, zh) = Scoring.Reason(parts);
        return new Evaluation(c.Code, Land, c.ZoneCode, Scoring.Total(parts), parts, en, zh, checks);
    }

    /// <summary>
    /// The lean path of <see cref="MatchLand"/>: the same candidates and near misses in the same order with the same scores,
    /// from <see cref="Checks.FailuresForParcel"/> and <see cref="Scoring.TotalForParcel"/>, building no message. Explain
    /// the shown ones with <see cref="ExplainLand"/>.
    /// </summary>
    public static LandRanking RankLand(Project p, IReadOnlyList<ParcelCandidate> parcels, ScoreWeights w, MatchOptions o, DateOnly asOf)
    {
        var candidates = new List<Ranked>();
        var near = new List<Ranked>();
        for (var i = 0; i < parcels.Count; i++)
        {
            var (failures, statusUnavailable) = Checks.FailuresForParcel(p, parcels[i], o);
            if (failures == 0) candidates.Add(new(i, 0, Scoring.TotalForParcel(p, parcels[i], w, o, asOf)));
            else if (failures <= MaxFailuresForNearMiss && !statusUnavailable) near.Add(new(i, failures, Scoring.TotalForParcel(p, parcels[i], w, o, asOf)));
        }
        // The orders of RankCandidates and RankNearMisses; the input position last, as their stable sorts keep it.
        int ByScoreThenCode(Ranked a, Ranked b)
        {
            var c = b.Score.CompareTo(a.Score);
            if (c == 0) c = string.CompareOrdinal(parcels[a.Index].Code, parcels[b.Index].Code);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        }
        candidates.Sort(ByScoreThenCode);
        near.Sort((a, b) => a.Failures != b.Failures ? a.Failures.CompareTo(b.Failures) : ByScoreThenCode(a, b));
        return new LandRanking(candidates, near);
    }

    /// <summary>
    /// The head of <see cref="RankLand"/>, for a window of hundreds of thousands of parcels where only the first ones are shown:
    /// the same counts, and the candidates and near misses in the same order with the same scores, but only those that rank
    /// first or come within <paramref name="slack"/> points of the <paramref name="candidateLimit"/>-th candidate (the
    /// <paramref name="nearMissLimit"/>-th near miss, among those failing as many checks; fewer failures always in). That is
    /// every parcel <see cref="ChainCanReorder"/> and <see cref="ChainShortlist"/> look at when given the chain's whole reach
    /// (<see cref="ChainReach"/>) as slack. Scores are computed only where they can matter, and only the head is sorted.
    /// </summary>
    public static (LandRanking Head, int CandidateCount, int NearMissCount) RankLandHead(Project p, IReadOnlyList<ParcelCandidate> parcels,
        ScoreWeights w, MatchOptions o, DateOnly asOf, int candidateLimit, int nearMissLimit, double slack) =>
        RankLandHead(p, parcels, parcels.Select(ParcelFacts.Of).ToArray(), parcels.Select(c => c.ChainNeighbours).ToArray(), w, o, asOf,
            candidateLimit, nearMissLimit, slack);

    /// <summary>
    /// <see cref="RankLandHead(Project, IReadOnlyList{ParcelCandidate}, ScoreWeights, MatchOptions, DateOnly, int, int, double)"/>
    /// from facts worked out beforehand: <paramref name="facts"/>[i] those of <paramref name="parcels"/>[i] (read here only for
    /// their codes, to break equal scores), <paramref name="chainNeighbours"/>[i] its chain neighbours (null: all 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first match: no slow first tier
    public static (LandRanking Head, int CandidateCount, int NearMissCount) RankLandHead(Project p, IReadOnlyList<ParcelCandidate> parcels,
        ArraySegment<ParcelFacts> facts, ArraySegment<double>? chainNeighbours, ScoreWeights w, MatchOptions o, DateOnly asOf,
        int candidateLimit, int nearMissLimit, double slack)
    {
        // One pass of checks marks each parcel with its failures (Excluded: more than a near miss may fail, or off the
        // market); then each failure count is scored once, into buffers borrowed for the call (a window of 285 000 parcels
        // would otherwise allocate megabytes per match, and at 1M parcels in memory every such allocation costs a full collection).
        const byte Excluded = byte.MaxValue;
        var (n, all, offset) = (facts.Count, facts.Array ?? [], facts.Offset); // read in place: a parcel's facts are ~100 bytes
        var classBit = ParcelFacts.ClassBit(p.PollutionClass);
        var marks = ArrayPool<byte>.Shared.Rent(n);
        var scores = ArrayPool<double>.Shared.Rent(n);
        try
        {
            var counts = new int[MaxFailuresForNearMiss + 1];
            for (var i = 0; i < n; i++)
            {
                var (failures, statusUnavailable) = Checks.FailuresFor(p, in all[offset + i], classBit, o);
                var mark = failures == 0 || (failures <= MaxFailuresForNearMiss && !statusUnavailable) ? (byte)failures : Excluded;
                marks[i] = mark;
                if (mark != Excluded) counts[mark]++;
            }
            var head = Head(0, candidateLimit, counts[0]);
            var nearHead = new List<Ranked>();
            var before = 0; // near misses failing fewer checks, all of them ahead
            for (var f = 1; f <= MaxFailuresForNearMiss; f++)
            {
                if (before >= nearMissLimit) break; // the limit is reached by near misses failing fewer checks
                nearHead.AddRange(Head(f, nearMissLimit - before, counts[f]));
                before += counts[f];
            }
            return (new LandRanking(head, nearHead), counts[0], counts.Skip(1).Sum());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(marks);
            ArrayPool<double>.Shared.Return(scores);
        }

        // The first `limit` failing `failures` checks by score, then code, then position (RankLand's order), and all within slack of the last.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        List<Ranked> Head(int failures, int limit, int count)
        {
            if (limit <= 0) return [];
            var kth = double.NegativeInfinity;
            // The limit-th best score, by a min-heap of the best `limit` seen so far; no heap when all are kept anyway.
            var best = count > limit ? new PriorityQueue<double, double>(limit) : null;
            for (var i = 0; i < n; i++)
            {
                if (marks[i] != failures) continue;
                var score = scores[i] = Scoring.TotalFor(p, in all[offset + i], chainNeighbours is { } c ? c[i] : 0, w, o, asOf);
                if (best is null) continue;
                if (best.Count < limit) best.Enqueue(score, score);
                else if (score > best.Peek()) best.EnqueueDequeue(score, score);
            }
            if (best is not null) kth = best.Peek();
            var ranked = new List<Ranked>();
            for (var i = 0; i < n; i++)
                if (marks[i] == failures && scores[i] + slack >= kth) ranked.Add(new Ranked(i, failures, scores[i]));
            ranked.Sort((a, b) =>
            {
                var c = b.Score.CompareTo(a.Score);
                if (c == 0) c = string.CompareOrdinal(parcels[a.Index].Code, parcels[b.Index].Code);
                return c != 0 ? c : a.Index.CompareTo(b.Index);
            });
            return ranked;
        }
    }

    public static (IReadOnlyList<Evaluation> Candidates, IReadOnlyList<Evaluation> NearMisses) MatchFactories(
        Project p, IEnumerable<FactoryCandidate> factories, ScoreWeights w, DateOnly asOf) =>
        Split(factories.Select(c =>
        {
            var checks = Checks.ForFactory(p, c);
            var parts = Scoring.ForFactory(p, c, w, asOf);
            var (en, zh) = Scoring.Reason(parts);
            return new Evaluation(c.Code, Factory, c.ZoneCode, Scoring.Total(parts), parts, en, zh, checks);
        }));

    private static (IReadOnlyList<Evaluation>, IReadOnlyList<Evaluation>) Split(IEnumerable<Evaluation> all)
    {
        var list = all.ToList();
        var candidates = RankCandidates(list.Where(e => e.Failures.Count == 0)).ToList();
        var near = RankNearMisses(list.Where(e => e.Failures.Count is > 0 and <= MaxFailuresForNearMiss && e.Failures.All(f => f.Code != "status-unavailable"))).ToList();
        return (candidates, near);
    }

    /// <summary>
    /// Given a ranking made with every parcel's chain neighbours at 0, the parcels (indexes into it) whose neighbours can change
    /// which <paramref name="candidateLimit"/> candidates and <paramref name="nearMissLimit"/> near misses come first; the rest
    /// cannot reach those places whatever their neighbours. Chain neighbours only add points, at most 100 × the chain weight
    /// (plus 0.02 for the two roundings to 0.01), and change no check: a parcel scoring s at 0 scores in [s, s + that]. So with
    /// (f, t) the failures and score of the k-th at 0, the k that rank at or above it stay ahead of any parcel with more
    /// failures, or as many and s + that &lt; t. Ranking the returned parcels again with their real neighbours gives the same
    /// first k, in the same order, with the same scores as ranking every parcel with them, and holds the shown ones, whose explanation names their neighbours (no project chain: none needed).
    /// </summary>
    public static IReadOnlyList<int> ChainCanReorder(Project p, LandRanking atZero, ScoreWeights w, int candidateLimit, int nearMissLimit)
    {
        var result = new List<int>();
        if (p.IndustryChain is null) return result;
        var slack = ChainReach(w);
        Add(atZero.Candidates, candidateLimit);
        Add(atZero.NearMisses, nearMissLimit);
        return result;

        void Add(IReadOnlyList<Ranked> ranked, int limit)
        {
            if (limit <= 0) return;
            if (ranked.Count <= limit) { result.AddRange(ranked.Select(r => r.Index)); return; }
            var kth = ranked[limit - 1];
            result.AddRange(ranked.Where(r => r.Failures < kth.Failures || (r.Failures == kth.Failures && r.Score + slack >= kth.Score)).Select(r => r.Index));
        }
    }

    /// <summary>The most points chain neighbours can add to a rounded score: 100 × the chain weight, plus 0.02 for the two roundings.</summary>
    public static double ChainReach(ScoreWeights w) => 100 * w.Chain + 0.02;

    /// <summary>
    /// <see cref="ChainCanReorder"/> made tighter with what is known of each parcel's neighbours: an upper bound
    /// <paramref name="neighbourBound"/> (never below the true sum) for every parcel, and the true sum for those already read
    /// (<paramref name="known"/>). A parcel's score then lies in [s, s + 100 × chain weight × b / (b + 2) + 0.02] (b its
    /// bound, s its score at 0; the chain score n / (n + 2) grows with n, and adding points never lowers a rounded total),
    /// or is exact once read. With T the k-th best lower end, a parcel whose upper end falls below T has k parcels surely
    /// ahead of it; the others may rank among the first k. Returns those (<c>Shortlist</c>) and, of them, the ones not yet
    /// read, highest upper end first (<c>Unread</c>). Read some, call again, until none is unread: the first k of the
    /// shortlist ranked with its true neighbours are then the first k of the whole ranking, in order, with their scores.
    /// </summary>
    public static (IReadOnlyList<int> Shortlist, IReadOnlyList<int> Unread) ChainShortlist(Project p, IReadOnlyList<ParcelCandidate> parcels,
        LandRanking atZero, ScoreWeights w, MatchOptions o, DateOnly asOf, int candidateLimit, int nearMissLimit,
        Func<int, double> neighbourBound, IReadOnlyDictionary<int, double> known)
    {
        var shortlist = new List<int>();
        var high = new Dictionary<int, double>();
        if (p.IndustryChain is null) return (shortlist, []);
        Add(atZero.Candidates, candidateLimit);
        Add(atZero.NearMisses, nearMissLimit);
        return (shortlist, [.. shortlist.Where(i => !known.ContainsKey(i)).OrderByDescending(i => high[i]).ThenBy(i => i)]);

        void Add(IReadOnlyList<Ranked> ranked, int limit)
        {
            if (limit <= 0) return;
            if (ranked.Count <= limit)
            {
                foreach (var r in ranked) { shortlist.Add(r.Index); high[r.Index] = double.PositiveInfinity; }
                return;
            }
            // Only parcels within the chain's whole reach of the k-th at 0 can move (ChainCanReorder); bounds narrow that.
            var kth = ranked[limit - 1];
            var slack = ChainReach(w);
            var pool = ranked.Where(r => r.Failures < kth.Failures || (r.Failures == kth.Failures && r.Score + slack >= kth.Score))
                .Select(r =>
                {
                    if (known.TryGetValue(r.Index, out var n))
                    {
                        var exact = Scoring.TotalForParcel(p, parcels[r.Index] with { ChainNeighbours = n }, w, o, asOf);
                        return (r.Index, r.Failures, Low: exact, High: exact);
                    }
                    var b = neighbourBound(r.Index);
                    var reach = double.IsPositiveInfinity(b) ? 100 * w.Chain : 100 * w.Chain * (b / (b + Scoring.ChainHalfScoreNeighbours));
                    return (r.Index, r.Failures, Low: r.Score, High: r.Score + reach + 0.02);
                }).ToList();
            var t = pool.OrderBy(x => x.Failures).ThenByDescending(x => x.Low).ElementAt(limit - 1);
            foreach (var x in pool.Where(x => x.Failures < t.Failures || (x.Failures == t.Failures && x.High >= t.Low)))
            {
                shortlist.Add(x.Index);
                high[x.Index] = x.High;
            }
        }
    }

    /// <summary>By score, then by code (ordinal) so ties always break the same way; also used to merge the two pools.</summary>
    public static IEnumerable<Evaluation> RankCandidates(IEnumerable<Evaluation> candidates) =>
        candidates.OrderByDescending(e => e.Score).ThenBy(e => e.Code, StringComparer.Ordinal);

    /// <summary>Fewest failed checks first, then as candidates.</summary>
    public static IEnumerable<Evaluation> RankNearMisses(IEnumerable<Evaluation> near) =>
        near.OrderBy(e => e.Failures.Count).ThenByDescending(e => e.Score).ThenBy(e => e.Code, StringComparer.Ordinal);
}
