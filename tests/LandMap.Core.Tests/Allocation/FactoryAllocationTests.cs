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
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    public void Respects_capacity_and_its_bound_brackets_the_true_optimum(int seed)
    {
        var rng = new Random(seed);
        for (var trial = 0; trial < 30; trial++)
        {
            var (n, m) = (rng.Next(1, 8), rng.Next(1, 4));
            var need = Enumerable.Range(0, n).Select(_ => (double)rng.Next(200, 2000)).ToArray();
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
