using LandMap.Core.Matching;
using LandMap.Core.Projects;
using LandMap.Core.Resources;

namespace LandMap.Core.Tests.Matching;

/// <summary>
/// The lean path (<see cref="Matcher.RankLand"/> + <see cref="Matcher.ExplainLand"/>) against the full one
/// (<see cref="Matcher.MatchLand"/>, every message for every parcel) on seeded random instances: same candidates and near
/// misses, same order, same scores to the last bit, and the shown ones explained word for word alike.
/// </summary>
public sealed class LeanRankingTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 24);
    private static readonly string[] LandUses = ["100101", "100102", "100103", "110101", "110102", "070101"];
    private static readonly string[] Readiness = ["七通一平", "五通一平", "三通一平", "生地"];
    private static readonly string[] Zones = ["QDDZ", "JNGX", "YTKF", "WFBH"];

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var s = 1; s <= 60; s++) seeds.Add(s);
        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Lean_ranking_equals_the_full_match_and_explains_the_shown_results_alike(int seed)
    {
        var rng = new Random(seed);
        var project = RandomProject(rng);
        var parcels = Enumerable.Range(0, rng.Next(0, 400)).Select(i => RandomParcel(rng, project.LandNeedMu!.Value, i)).ToList();
        var weights = rng.Next(3) == 0 ? new ScoreWeights { AreaFit = rng.NextDouble(), Chain = rng.NextDouble(), Cost = 0 } : new ScoreWeights();
        var options = new MatchOptions { AreaTolerance = new[] { 0.3, 0.1, 0.5 }[rng.Next(3)] };

        var (candidates, near) = Matcher.MatchLand(project, parcels, weights, options, AsOf);
        var lean = Matcher.RankLand(project, parcels, weights, options, AsOf);

        Assert.Equal(candidates.Select(e => (e.Code, 0, e.Score)), lean.Candidates.Select(r => (parcels[r.Index].Code, r.Failures, r.Score)));
        Assert.Equal(near.Select(e => (e.Code, e.Failures.Count, e.Score)), lean.NearMisses.Select(r => (parcels[r.Index].Code, r.Failures, r.Score)));

        // The shown ones (50 candidates and 30 near misses by default), explained on the lean path, as the full path explains them.
        foreach (var (full, ranked) in candidates.Zip(lean.Candidates).Take(50).Concat(near.Zip(lean.NearMisses).Take(30)))
            AssertSameEvaluation(full, Matcher.ExplainLand(project, parcels[ranked.Index], weights, options, AsOf));
    }

    [Fact]
    public void Lean_ranking_breaks_equal_scores_by_code_as_the_full_match_does()
    {
        var rng = new Random(5);
        var project = RandomProject(rng) with { PollutionClass = "3", PowerKva = null, MaxLandPriceWanPerMu = null, AnnualTaxWan = null };
        project = project with { InvestmentWan = project.LandNeedMu!.Value * 1000 };
        var twin = RandomParcel(rng, project.LandNeedMu!.Value, 0) with { LandUse = "100103", AreaMu = project.LandNeedMu!.Value, Status = ResourceStatus.Idle };
        var parcels = new[] { "b-2", "a-10", "B-1", "a-9" }.Select(code => twin with { Code = code }).ToList();

        var (candidates, _) = Matcher.MatchLand(project, parcels, new ScoreWeights(), new MatchOptions(), AsOf);
        var lean = Matcher.RankLand(project, parcels, new ScoreWeights(), new MatchOptions(), AsOf);

        Assert.Equal(["B-1", "a-10", "a-9", "b-2"], candidates.Select(e => e.Code));
        Assert.Equal(candidates.Select(e => e.Code), lean.Candidates.Select(r => parcels[r.Index].Code));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Ranking_at_zero_neighbours_then_the_parcels_the_chain_can_reorder_gives_the_same_first_results(int seed)
    {
        var rng = new Random(1000 + seed);
        var project = RandomProject(rng);
        var parcels = Enumerable.Range(0, rng.Next(0, 600)).Select(i => RandomParcel(rng, project.LandNeedMu!.Value, i)).ToList();
        var weights = rng.Next(3) == 0 ? new ScoreWeights { Chain = rng.Next(3) == 0 ? 0 : rng.NextDouble() * 2 } : new ScoreWeights();
        var options = new MatchOptions();
        var (candidateLimit, nearMissLimit) = (rng.Next(0, 60), rng.Next(0, 40));

        var full = Matcher.RankLand(project, parcels, weights, options, AsOf);
        var atZero = Matcher.RankLand(project, parcels.Select(c => c with { ChainNeighbours = 0 }).ToList(), weights, options, AsOf);
        var reorder = Matcher.ChainCanReorder(project, atZero, weights, candidateLimit, nearMissLimit);
        // Without a project chain nothing needs neighbours: the ranking at 0 is the ranking.
        var shortlist = project.IndustryChain is null ? parcels : reorder.Select(i => parcels[i]).ToList();
        var exact = project.IndustryChain is null ? atZero : Matcher.RankLand(project, shortlist, weights, options, AsOf);

        Assert.Equal(full.Candidates.Count, atZero.Candidates.Count);
        Assert.Equal(full.NearMisses.Count, atZero.NearMisses.Count);
        Assert.Equal(full.Candidates.Take(candidateLimit).Select(r => (parcels[r.Index].Code, r.Score)),
            exact.Candidates.Take(candidateLimit).Select(r => (shortlist[r.Index].Code, r.Score)));
        Assert.Equal(full.NearMisses.Take(nearMissLimit).Select(r => (parcels[r.Index].Code, r.Failures, r.Score)),
            exact.NearMisses.Take(nearMissLimit).Select(r => (shortlist[r.Index].Code, r.Failures, r.Score)));
        if (project.IndustryChain is null) Assert.Empty(reorder);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Reading_neighbours_until_the_bounded_shortlist_has_none_unread_gives_the_same_first_results(int seed)
    {
        var rng = new Random(2000 + seed);
        var project = RandomProject(rng);
        var parcels = Enumerable.Range(0, rng.Next(0, 600)).Select(i => RandomParcel(rng, project.LandNeedMu!.Value, i)).ToList();
        var weights = rng.Next(3) == 0 ? new ScoreWeights { Chain = rng.Next(3) == 0 ? 0 : rng.NextDouble() * 2 } : new ScoreWeights();
        var options = new MatchOptions();
        var (candidateLimit, nearMissLimit) = (rng.Next(0, 60), rng.Next(0, 40));
        // Bounds never below the truth: exact, loose, zero where there is none, or unknown (infinite).
        var bounds = parcels.Select(c => rng.Next(4) switch
        {
            0 => c.ChainNeighbours, 1 => c.ChainNeighbours * (1 + rng.NextDouble()) + rng.NextDouble(), 2 when c.ChainNeighbours == 0 => 0,
            _ => double.PositiveInfinity,
        }).ToList();

        var full = Matcher.RankLand(project, parcels, weights, options, AsOf);
        var atZero = Matcher.RankLand(project, parcels.Select(c => c with { ChainNeighbours = 0 }).ToList(), weights, options, AsOf);
        var known = new Dictionary<int, double>();
        IReadOnlyList<int> shortlist;
        while (true)
        {
            (shortlist, var unread) = Matcher.ChainShortlist(project, parcels, atZero, weights, options, AsOf, candidateLimit, nearMissLimit, i => bounds[i], known);
            if (unread.Count == 0) break;
            foreach (var i in unread.Take(rng.Next(1, 20))) known[i] = parcels[i].ChainNeighbours; // read a batch
        }
        var reorder = Matcher.ChainCanReorder(project, atZero, weights, candidateLimit, nearMissLimit);
        var list = project.IndustryChain is null ? parcels : shortlist.Select(i => parcels[i]).ToList();
        var exact = project.IndustryChain is null ? atZero : Matcher.RankLand(project, list, weights, options, AsOf);

        Assert.Subset(reorder.ToHashSet(), shortlist.ToHashSet()); // never more than the unbounded shortcut
        Assert.Equal(full.Candidates.Take(candidateLimit).Select(r => (parcels[r.Index].Code, r.Score)),
            exact.Candidates.Take(candidateLimit).Select(r => (list[r.Index].Code, r.Score)));
        Assert.Equal(full.NearMisses.Take(nearMissLimit).Select(r => (parcels[r.Index].Code, r.Failures, r.Score)),
            exact.NearMisses.Take(nearMissLimit).Select(r => (list[r.Index].Code, r.Failures, r.Score)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_head_of_the_ranking_counts_orders_and_scores_as_the_whole_ranking_and_holds_all_the_chain_can_lift(int seed)
    {
        var rng = new Random(3000 + seed);
        var project = RandomProject(rng);
        var parcels = Enumerable.Range(0, rng.Next(0, 600)).Select(i => RandomParcel(rng, project.LandNeedMu!.Value, i) with { ChainNeighbours = 0 }).ToList();
        if (rng.Next(3) == 0) parcels = [.. parcels.Concat(parcels.Take(20).Select((c, k) => c with { Code = $"{c.Code}-twin{k}" }))]; // equal scores
        var weights = rng.Next(3) == 0 ? new ScoreWeights { Chain = rng.Next(3) == 0 ? 0 : rng.NextDouble() * 2 } : new ScoreWeights();
        var options = new MatchOptions();
        var (candidateLimit, nearMissLimit) = (rng.Next(0, 60), rng.Next(0, 40));
        var slack = rng.Next(3) == 0 ? 0 : Matcher.ChainReach(weights);

        var whole = Matcher.RankLand(project, parcels, weights, options, AsOf);
        var (head, candidateCount, nearMissCount) = Matcher.RankLandHead(project, parcels, weights, options, AsOf, candidateLimit, nearMissLimit, slack);

        Assert.Equal((whole.Candidates.Count, whole.NearMisses.Count), (candidateCount, nearMissCount));
        // A prefix of the whole ranking, at least as long as what is shown.
        Assert.Equal(whole.Candidates.Take(head.Candidates.Count), head.Candidates);
        Assert.Equal(whole.NearMisses.Take(head.NearMisses.Count), head.NearMisses);
        Assert.True(head.Candidates.Count >= Math.Min(candidateLimit, whole.Candidates.Count));
        Assert.True(head.NearMisses.Count >= Math.Min(nearMissLimit, whole.NearMisses.Count));
        // Every parcel within the slack of the last shown is in it, so the chain shortcuts see the same parcels.
        if (slack > 0)
            Assert.Equal(Matcher.ChainCanReorder(project, whole, weights, candidateLimit, nearMissLimit).Order(),
                Matcher.ChainCanReorder(project, head, weights, candidateLimit, nearMissLimit).Order());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_head_ranked_from_facts_kept_beforehand_equals_the_head_ranked_from_the_parcels(int seed)
    {
        // As the land snapshot keeps them: facts for every parcel of a larger list, a window of it read in place.
        var rng = new Random(4000 + seed);
        var project = RandomProject(rng);
        var all = Enumerable.Range(0, rng.Next(0, 900)).Select(i => RandomParcel(rng, project.LandNeedMu!.Value, i)).ToArray();
        var facts = all.Select(ParcelFacts.Of).ToArray();
        var neighbours = all.Select(c => c.ChainNeighbours).ToArray();
        var start = rng.Next(0, all.Length + 1);
        var count = rng.Next(0, all.Length - start + 1);
        var window = new ArraySegment<ParcelCandidate>(all, start, count);
        var weights = rng.Next(3) == 0 ? new ScoreWeights { Chain = rng.Next(3) == 0 ? 0 : rng.NextDouble() * 2 } : new ScoreWeights();
        var options = new MatchOptions { AreaTolerance = new[] { 0.3, 0.1, 0.5 }[rng.Next(3)] };
        var (candidateLimit, nearMissLimit) = (rng.Next(0, 60), rng.Next(0, 40));
        var slack = rng.Next(3) == 0 ? 0 : Matcher.ChainReach(weights);
        var withChain = rng.Next(2) == 0;

        var expected = Matcher.RankLandHead(project, withChain ? window : [.. window.Select(c => c with { ChainNeighbours = 0 })],
            weights, options, AsOf, candidateLimit, nearMissLimit, slack);
        var actual = Matcher.RankLandHead(project, window, new ArraySegment<ParcelFacts>(facts, start, count),
            withChain ? new ArraySegment<double>(neighbours, start, count) : (ArraySegment<double>?)null, weights, options, AsOf, candidateLimit, nearMissLimit, slack);

        Assert.Equal((expected.CandidateCount, expected.NearMissCount), (actual.CandidateCount, actual.NearMissCount));
        Assert.Equal(expected.Head.Candidates, actual.Head.Candidates);
        Assert.Equal(expected.Head.NearMisses, actual.Head.NearMisses);
        // And the scores are the explained ones, bit for bit.
        foreach (var r in actual.Head.Candidates.Concat(actual.Head.NearMisses))
            Assert.Equal(Scoring.Total(Scoring.ForParcel(project, withChain ? window[r.Index] : window[r.Index] with { ChainNeighbours = 0 }, weights, options, AsOf)), r.Score);
    }

    [Theory]
    [InlineData("100101")]
    [InlineData("100102")]
    [InlineData("100103")]
    [InlineData("110101")]
    [InlineData("070101")]
    [InlineData("")]
    public void A_land_use_admits_in_its_facts_exactly_the_classes_it_allows(string landUse)
    {
        foreach (var pollutionClass in PollutionClasses.All.Append("9"))
            Assert.Equal(PollutionClasses.Allows(pollutionClass, landUse),
                new ParcelFacts { AllowedClasses = ParcelFacts.AllowedClassesOf(landUse), ZoneCode = "Z" }.Admits(ParcelFacts.ClassBit(pollutionClass)));
    }

    private static void AssertSameEvaluation(Evaluation expected, Evaluation actual)
    {
        Assert.Equal(expected.Code, actual.Code);
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal(expected.Reason, actual.Reason);
        Assert.Equal(expected.ReasonZh, actual.ReasonZh);
        Assert.Equal(expected.Breakdown, actual.Breakdown);
        Assert.Equal(expected.Checks, actual.Checks);
    }

    private static Project RandomProject(Random rng)
    {
        var mu = Math.Round(5 + rng.NextDouble() * 150, rng.Next(3));
        return new Project
        {
            Name = "P", PollutionClass = PollutionClasses.All[rng.Next(PollutionClasses.All.Count)], LandNeedMu = mu,
            InvestmentWan = Math.Round(mu * (50 + rng.Next(0, 600))),
            IndustryChain = rng.Next(4) == 0 ? null : "新型显示",
            AnnualTaxWan = rng.Next(3) == 0 ? null : Math.Round(mu * rng.Next(5, 40)),
            PowerKva = rng.Next(3) == 0 ? null : new[] { 0, 630, 1000, 2500, 4000 }[rng.Next(5)],
            MaxLandPriceWanPerMu = rng.Next(2) == 0 ? null : rng.Next(0, 60),
            PreferredZones = rng.Next(2) == 0 ? [] : [Zones[rng.Next(Zones.Length)]],
        };
    }

    /// <summary>Sizes around the need (exact edges included), nulls where the schema allows them, a few statuses off the market.</summary>
    private static ParcelCandidate RandomParcel(Random rng, double need, int i) => new()
    {
        Code = $"{(char)('A' + rng.Next(3))}-{rng.Next(1000)}-{i}",
        ZoneCode = Zones[rng.Next(Zones.Length)],
        ZoneLevel = new[] { "national", "provincial", "park" }[rng.Next(3)],
        City = new[] { "青岛", "济南", "烟台" }[rng.Next(3)],
        AreaMu = rng.Next(8) switch { 0 => need, 1 => need * 1.3, 2 => need * 1.1, _ => Math.Round(need * (0.6 + rng.NextDouble() * 1.2), rng.Next(1, 5)) },
        LandUse = LandUses[rng.Next(LandUses.Length)],
        Status = rng.Next(8) switch { 0 => ResourceStatus.Reserved, 1 => ResourceStatus.Allocated, 2 => ResourceStatus.Negotiating, _ => ResourceStatus.Idle },
        MinInvestmentWanPerMu = rng.Next(3) == 0 ? null : rng.Next(100, 400),
        MinTaxWanPerMu = rng.Next(3) switch { 0 => null, 1 => 0, _ => rng.Next(5, 40) },
        PowerKva = rng.Next(4) == 0 ? null : rng.Next(0, 40) * 250,
        Water = rng.Next(2) == 0, Gas = rng.Next(2) == 0, Heat = rng.Next(2) == 0,
        Readiness = rng.Next(5) == 0 ? null : Readiness[rng.Next(Readiness.Length)],
        PriceWanPerMu = rng.Next(4) == 0 ? null : rng.Next(10, 70),
        IdleSince = rng.Next(4) == 0 ? null : AsOf.AddDays(-rng.Next(0, 5000)),
        ChainNeighbours = rng.Next(3) == 0 ? 0 : Math.Round(rng.NextDouble() * 6, 3),
    };
}
