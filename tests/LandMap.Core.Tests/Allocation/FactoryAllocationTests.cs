using LandMap.Core.Allocation;

namespace LandMap.Core.Tests.Allocation;

public sealed class FactoryAllocationTests
{
    private static double BruteForce(double[] need, double[] capacity, IReadOnlyList<ScoredPair> pairs)
    {
        var score = pairs.ToDictionary(p => (p.Project, p.Resource), p => p.Score);
        var free = capacity.ToArray();
        double Best(int i)
        {
            if (i == need.Length) return 0;
            var best = Best(i + 1);
            for (var j = 0; j < capacity.Length; j++)
            {
                if (free[j] < need[i] || !score.TryGetValue((i, j), out var s)) continue;
                free[j] -= need[i];
                best = Math.Max(best, s + Best(i + 1));
                free[j] += need[i];
            }
            return best;
        }
        return Best(0);
    }

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, false)]
    [InlineData(13, false)]
    [InlineData(14, false)]
    [InlineData(15, false)]
    [InlineData(16, true)]
    [InlineData(17, true)]
    public void Respects_capacity_and_its_bound_brackets_the_true_optimum(int seed, bool fractionalNeeds)
    {
        var rng = new Random(seed);
        for (var trial = 0; trial < 30; trial++)
        {
            var (n, m) = (rng.Next(1, 8), rng.Next(1, 4));
            // Fractional needs take the coarsened-unit path of the knapsack bound; whole m² needs take the exact gcd unit.
            var need = Enumerable.Range(0, n).Select(_ => rng.Next(200, 2000) + (fractionalNeeds ? rng.NextDouble() : 0)).ToArray();
            var capacity = Enumerable.Range(0, m).Select(_ => (double)rng.Next(500, 4000)).ToArray();
            var pairs = LandAssignmentTests.RandomInstance(rng, n, m, 0.8);
            var result = FactoryAllocation.Solve(need, capacity, pairs);
            var optimum = BruteForce(need, capacity, pairs);

            for (var j = 0; j < m; j++)
                Assert.True(result.BuildingOfProject.Select((b, i) => b == j ? need[i] : 0).Sum() <= capacity[j] + 1e-9);
            Assert.True(result.TotalScore <= optimum + 1e-9);
            Assert.True(result.UpperBound >= optimum - 1e-6, $"bound {result.UpperBound} below optimum {optimum}");
            Assert.Equal(result.Gap, result.UpperBound <= 0 ? 0 : (result.UpperBound - result.TotalScore) / result.UpperBound, 9);
        }
    }

    [Fact]
    public void The_knapsack_bound_proves_optimality_where_the_linear_relaxation_cannot()
    {
        // One 1000 m² building, two 600 m² projects scoring 10: only one fits. The LP bound is 10 × 1000 / 600 = 16.7
        // (a gap of 40 %); the knapsack relaxation sees that 600 + 600 > 1000 and proves 10 optimal.
        var result = FactoryAllocation.Solve([600, 600], [1000], [new(0, 0, 10), new(1, 0, 10)]);
        Assert.Equal(10, result.TotalScore, 9);
        Assert.Equal(10, result.UpperBound, 6);
        Assert.Equal(0, result.Gap, 6);
    }

    [Fact]
    public void Finds_the_optimum_a_greedy_by_score_misses()
    {
        // Greedy by score puts A (score 30, 900 m²) into the 1000 m² building and leaves no room; B and C (20 each, 500 m²)
        // together score 40. The score-per-m² order and the Lagrangian heuristic find 40, and the bound proves it.
        var result = FactoryAllocation.Solve([900, 500, 500], [1000], [new(0, 0, 30), new(1, 0, 20), new(2, 0, 20)]);
        Assert.Equal([-1, 0, 0], result.BuildingOfProject);
        Assert.Equal(40, result.TotalScore, 9);
        Assert.Equal(0, result.Gap, 6);
    }

    [Fact]
    public void Several_small_projects_share_one_building()
    {
        var result = FactoryAllocation.Solve([1000, 1500, 500], [3000], [new(0, 0, 50), new(1, 0, 60), new(2, 0, 40)]);
        Assert.Equal([0, 0, 0], result.BuildingOfProject);
        Assert.Equal(150, result.TotalScore, 9);
        Assert.Equal(0, result.Gap, 9);
    }

    [Fact]
    public void Is_deterministic()
    {
        var rng = new Random(3);
        var need = Enumerable.Range(0, 30).Select(_ => (double)rng.Next(200, 2000)).ToArray();
        var capacity = Enumerable.Range(0, 6).Select(_ => (double)rng.Next(2000, 6000)).ToArray();
        var pairs = LandAssignmentTests.RandomInstance(rng, 30, 6, 0.6);
        Assert.Equal(FactoryAllocation.Solve(need, capacity, pairs), FactoryAllocation.Solve(need, capacity, pairs), new ResultComparer());
    }

    private sealed class ResultComparer : IEqualityComparer<FactoryAllocationResult>
    {
        public bool Equals(FactoryAllocationResult? a, FactoryAllocationResult? b) =>
            a!.BuildingOfProject.SequenceEqual(b!.BuildingOfProject) && a.TotalScore == b.TotalScore && a.UpperBound == b.UpperBound;

        public int GetHashCode(FactoryAllocationResult r) => r.TotalScore.GetHashCode();
    }
}
