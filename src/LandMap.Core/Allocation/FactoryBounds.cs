namespace LandMap.Core.Allocation;

/// <summary>
/// Upper bounds on the best total score of a factory allocation (maximise Σ s_ij x_ij; Σ_j x_ij ≤ 1 per project;
/// Σ_i w_i x_ij ≤ C_j per building), each minimised over its multipliers by projected subgradient steps (Fisher 1981,
/// "The Lagrangian relaxation method for solving integer programming problems"; Martello &amp; Toth, Knapsack Problems, §7.2).
/// </summary>
internal static class FactoryBounds
{
    /// <summary>Largest knapsack capacity in weight units; beyond it weights are coarsened (still a valid bound).</summary>
    private const int MaxUnits = 1000;

    /// <summary>
    /// Capacities relaxed with λ_j ≥ 0: L(λ) = Σ_j λ_j C_j + Σ_i max(0, max_j s_ij − λ_j w_i). Its minimum equals the LP bound.
    /// </summary>
    public static double CapacityRelaxation(FactoryAllocation.Instance p, double lowerBound, int iterations)
    {
        var m = p.Capacity.Count;
        var lambda = new double[m];
        var best = double.PositiveInfinity;
        var (theta, stall) = (2.0, 0);
        for (var it = 0; it < iterations; it++)
        {
            var value = 0.0;
            var used = new double[m];
            for (var j = 0; j < m; j++) value += lambda[j] * p.Capacity[j];
            foreach (var (i, options) in p.ByProject)
            {
                var (bestJ, bestV) = (-1, 0.0);
                foreach (var o in options)
                {
                    var r = o.Score - lambda[o.Resource] * p.Need[i];
                    if (r > bestV + 1e-15) (bestV, bestJ) = (r, o.Resource);
                }
                value += bestV;
                if (bestJ >= 0) used[bestJ] += p.Need[i];
            }
            if (value < best - 1e-12) (best, stall) = (value, 0);
            else if (++stall >= 10) (theta, stall) = (theta / 2, 0);
            var g = new double[m];
            var norm = 0.0;
            for (var j = 0; j < m; j++)
            {
                g[j] = p.Capacity[j] - used[j];
                if (lambda[j] <= 0 && g[j] > 0) g[j] = 0;
                norm += g[j] * g[j];
            }
            if (norm < 1e-18 || best - lowerBound < 1e-9) break;
            var step = theta * (value - lowerBound) / norm;
            for (var j = 0; j < m; j++) lambda[j] = Math.Max(0, lambda[j] - step * g[j]);
        }
        return best;
    }

    /// <summary>
    /// "One building per project" relaxed with μ_i ≥ 0: L(μ) = Σ_i μ_i + Σ_j KP_j, where KP_j is the 0/1 knapsack of building j
    /// over the values s_ij − μ_i. Never weaker than the LP bound. Weights are measured in a unit u (the gcd of the needs
    /// when they are whole m², coarser if a capacity would exceed <see cref="MaxUnits"/>) and rounded down, capacities too:
    /// any set that fits in m² still fits in units, so the bound stays valid. Every few steps the knapsack solutions are
    /// turned into an assignment (each project to its best building among those that took it, then polished): the
    /// Lagrangian heuristic, which replaces <paramref name="best"/> when it scores higher.
    /// </summary>
    public static double AssignmentRelaxation(FactoryAllocation.Instance p, ref int[] best, int iterations)
    {
        var n = p.Projects;
        var unit = Unit(p);
        var weight = p.Need.Select(w => (int)Math.Floor(w / unit + 1e-9)).ToArray();
        var capacity = p.Capacity.Select(c => (int)Math.Floor(c / unit + 1e-9)).ToArray();
        var mu = new double[n];
        var bestTotal = p.Total(best);
        var bound = double.PositiveInfinity;
        var (theta, stall) = (2.0, 0);
        for (var it = 0; it < iterations; it++)
        {
            var taken = new List<int>[n];
            var value = mu.Sum();
            for (var j = 0; j < p.ByBuilding.Length; j++)
            {
                var items = p.ByBuilding[j].Where(o => o.Score - mu[o.Project] > 1e-12).ToList();
                var (kp, chosen) = Knapsack(items.Select(o => o.Score - mu[o.Project]).ToArray(), items.Select(o => weight[o.Project]).ToArray(), capacity[j]);
                value += kp;
                foreach (var k in chosen) (taken[items[k].Project] ??= []).Add(j);
            }
            if (value < bound - 1e-12) (bound, stall) = (value, 0);
            else if (++stall >= 8) (theta, stall) = (theta / 2, 0);

            if (it % 5 == 0)
            {
                var order = Enumerable.Range(0, n).Where(i => taken[i] is not null)
                    .Select(i => taken[i].Select(j => new ScoredPair(i, j, p.Score(i, j))).MaxBy(x => x.Score))
                    .OrderByDescending(x => x.Score).ThenBy(x => x.Project)
                    .Concat(p.ByProject.Values.SelectMany(x => x).OrderByDescending(x => x.Score).ThenBy(x => x.Project).ThenBy(x => x.Resource));
                var candidate = p.Polish(p.Greedy(order));
                if (p.Total(candidate) > bestTotal + 1e-9) (best, bestTotal) = (candidate, p.Total(candidate));
            }

            var g = new double[n];
            var norm = 0.0;
            for (var i = 0; i < n; i++)
            {
                g[i] = 1 - (taken[i]?.Count ?? 0);
                if (mu[i] <= 0 && g[i] > 0) g[i] = 0;
                norm += g[i] * g[i];
            }
            if (norm < 1e-18 || bound - bestTotal < 1e-9 || theta < 1e-4) break;
            var step = theta * (value - bestTotal) / norm;
            for (var i = 0; i < n; i++) mu[i] = Math.Max(0, mu[i] - step * g[i]);
        }
        return bound;
    }

    private static double Unit(FactoryAllocation.Instance p)
    {
        var maxCapacity = p.Capacity.DefaultIfEmpty(0).Max();
        var coarse = Math.Max(maxCapacity / MaxUnits, 1e-9);
        if (p.Need.Any(w => w != Math.Floor(w) || w <= 0)) return coarse;
        var gcd = p.Need.Select(w => (long)w).Aggregate(0L, Gcd);
        return Math.Max(gcd, coarse);

        static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
    }

    /// <summary>0/1 knapsack by dynamic programming over integer capacity; returns the best value and the chosen item indexes.</summary>
    private static (double Value, List<int> Chosen) Knapsack(double[] value, int[] weight, int capacity)
    {
        var dp = new double[capacity + 1];
        var keep = new bool[value.Length, capacity + 1];
        for (var k = 0; k < value.Length; k++)
            for (var c = capacity; c >= weight[k]; c--)
                if (dp[c - weight[k]] + value[k] > dp[c] + 1e-15)
                {
                    dp[c] = dp[c - weight[k]] + value[k];
                    keep[k, c] = true;
                }
        var chosen = new List<int>();
        for (int k = value.Length - 1, c = capacity; k >= 0; k--)
            if (keep[k, c]) { chosen.Add(k); c -= weight[k]; }
        return (dp[capacity], chosen);
    }
}
