using LandMap.Core.Allocation;

namespace LandMap.Core.Tests.Allocation;

public sealed class LandAssignmentTests
{
    /// <summary>Exhaustive search over every assignment (each project: a free resource or nothing).</summary>
    internal static double BruteForce(int projects, int resources, IReadOnlyList<ScoredPair> pairs)
    {
        var score = pairs.ToDictionary(p => (p.Project, p.Resource), p => p.Score);
        var used = new bool[resources];
        double Best(int i)
        {
            if (i == projects) return 0;
            var best = Best(i + 1);
            for (var j = 0; j < resources; j++)
            {
                if (used[j] || !score.TryGetValue((i, j), out var s)) continue;
                used[j] = true;
                best = Math.Max(best, s + Best(i + 1));
                used[j] = false;
            }
            return best;
        }
        return Best(0);
    }

    internal static List<ScoredPair> RandomInstance(Random rng, int projects, int resources, double density)
    {
        var pairs = new List<ScoredPair>();
        for (var i = 0; i < projects; i++)
            for (var j = 0; j < resources; j++)
                if (rng.NextDouble() < density) pairs.Add(new(i, j, Math.Round(rng.NextDouble() * 100, 2)));
        return pairs;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Matches_brute_force_on_random_small_instances(int seed)
    {
        var rng = new Random(seed);
        for (var trial = 0; trial < 40; trial++)
        {
            var (n, m) = (rng.Next(1, 7), rng.Next(1, 8));
            var pairs = RandomInstance(rng, n, m, 0.2 + rng.NextDouble() * 0.7);
            var result = LandAssignment.Solve(n, m, pairs);
            Assert.Equal(BruteForce(n, m, pairs), result.TotalScore, 6);
            var taken = result.ResourceOfProject.Where(r => r >= 0).ToList();
            Assert.Equal(taken.Count, taken.Distinct().Count()); // a parcel takes at most one project
            Assert.All(result.ResourceOfProject.Select((r, i) => (r, i)).Where(x => x.r >= 0),
                x => Assert.Contains(pairs, p => p.Project == x.i && p.Resource == x.r)); // only feasible pairs
        }
    }

    [Fact]
    public void Gives_up_a_local_best_for_the_global_optimum()
    {
        // Greedy would give P0 the 10-point parcel R0 and leave P1 (which only fits R0) with nothing: total 10.
        // Optimal: P0 → R1 (9), P1 → R0 (8): total 17.
        var result = LandAssignment.Solve(2, 2, [new(0, 0, 10), new(0, 1, 9), new(1, 0, 8)]);
        Assert.Equal([1, 0], result.ResourceOfProject);
        Assert.Equal(17, result.TotalScore, 9);
    }

    [Fact]
    public void Projects_without_feasible_parcels_stay_unassigned()
    {
        var result = LandAssignment.Solve(3, 1, [new(0, 0, 5), new(1, 0, 7)]);
        Assert.Equal([AssignmentResult.Unassigned, 0, AssignmentResult.Unassigned], result.ResourceOfProject);
    }

    [Fact]
    public void Same_input_gives_the_same_assignment_including_ties()
    {
        var pairs = new List<ScoredPair> { new(0, 0, 5), new(0, 1, 5), new(1, 0, 5), new(1, 1, 5), new(2, 0, 5) };
        var a = LandAssignment.Solve(3, 2, pairs);
        var b = LandAssignment.Solve(3, 2, pairs.AsEnumerable().Reverse().ToList());
        Assert.Equal(a.ResourceOfProject, b.ResourceOfProject);
        Assert.Equal(10, a.TotalScore, 9);
    }
}
