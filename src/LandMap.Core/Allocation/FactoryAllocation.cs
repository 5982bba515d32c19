namespace LandMap.Core.Allocation;

public sealed record FactoryAllocationResult(IReadOnlyList<int> BuildingOfProject, double TotalScore, double UpperBound)
{
    /// <summary>(upper bound − found) / upper bound; 0 means proven optimal.</summary>
    public double Gap => UpperBound <= 0 ? 0 : Math.Max(0, (UpperBound - TotalScore) / UpperBound);
}

/// <summary>
/// Small projects into vacant floor space: each project into at most one building, a building takes several projects
/// up to its vacant m² (a generalized assignment problem, NP-hard). Found by a deterministic greedy (best score first)
/// improved by moves and swaps; its optimality gap is proven against the Lagrangian upper bound (capacities relaxed with
/// multipliers λ ≥ 0: L(λ) = Σ_j λ_j C_j + Σ_i max(0, max_j s_ij − λ_j w_i), minimised by subgradient steps).
/// </summary>
public static class FactoryAllocation
{
    public static FactoryAllocationResult Solve(IReadOnlyList<double> needM2, IReadOnlyList<double> capacityM2, IReadOnlyList<ScoredPair> pairs, int boundIterations = 300)
    {
        var n = needM2.Count;
        var feasible = pairs.Where(p => p.Score > 0 && needM2[p.Project] <= capacityM2[p.Resource])
            .OrderByDescending(p => p.Score).ThenBy(p => p.Project).ThenBy(p => p.Resource).ToList();
        var byProject = feasible.GroupBy(p => p.Project).ToDictionary(g => g.Key, g => g.ToList());
        var score = feasible.ToDictionary(p => (p.Project, p.Resource), p => p.Score);

        var assigned = Enumerable.Repeat(AssignmentResult.Unassigned, n).ToArray();
        var free = capacityM2.ToArray();
        foreach (var p in feasible)
        {
            if (assigned[p.Project] != AssignmentResult.Unassigned || free[p.Resource] < needM2[p.Project]) continue;
            assigned[p.Project] = p.Resource;
            free[p.Resource] -= needM2[p.Project];
        }

        Improve(needM2, assigned, free, byProject, score);
        var total = assigned.Select((b, i) => b == AssignmentResult.Unassigned ? 0 : score[(i, b)]).Sum();
        var bound = UpperBound(needM2, capacityM2, byProject, total, boundIterations);
        return new FactoryAllocationResult(assigned, total, Math.Max(bound, total));
    }

    /// <summary>Local search: move a project to a better building, or make room for an unplaced one by moving another. Bounded passes.</summary>
    private static void Improve(IReadOnlyList<double> need, int[] assigned, double[] free,
        Dictionary<int, List<ScoredPair>> byProject, Dictionary<(int, int), double> score)
    {
        for (var pass = 0; pass < 20; pass++)
        {
            var improved = false;
            foreach (var (i, options) in byProject.OrderBy(kv => kv.Key))
            {
                var current = assigned[i] == AssignmentResult.Unassigned ? 0 : score[(i, assigned[i])];
                foreach (var o in options)
                {
                    if (o.Resource == assigned[i] || o.Score <= current + 1e-12) continue;
                    if (free[o.Resource] >= need[i])
                    {
                        Move(i, o.Resource, need, assigned, free);
                        improved = true;
                        break;
                    }
                    // Make room: move one occupant of the target building elsewhere, if the total score rises.
                    if (TryEvict(i, o, current, need, assigned, free, byProject, score)) { improved = true; break; }
                }
            }
            if (!improved) return;
        }
    }

    private static bool TryEvict(int i, ScoredPair target, double current, IReadOnlyList<double> need, int[] assigned, double[] free,
        Dictionary<int, List<ScoredPair>> byProject, Dictionary<(int, int), double> score)
    {
        for (var k = 0; k < assigned.Length; k++)
        {
            if (k == i || assigned[k] != target.Resource || free[target.Resource] + need[k] < need[i]) continue;
            var kNow = score[(k, target.Resource)];
            var freeOfI = assigned[i] == AssignmentResult.Unassigned ? -1 : assigned[i];
            foreach (var alt in byProject[k].Where(a => a.Resource != target.Resource))
            {
                var room = free[alt.Resource] + (alt.Resource == freeOfI ? need[i] : 0);
                if (room < need[k]) continue;
                if (target.Score + alt.Score - current - kNow <= 1e-12) continue;
                Move(k, AssignmentResult.Unassigned, need, assigned, free);
                Move(i, target.Resource, need, assigned, free);
                Move(k, alt.Resource, need, assigned, free);
                return true;
            }
            // Or simply replace k (k becomes unassigned) if that alone is better.
            if (target.Score - current - kNow > 1e-12)
            {
                Move(k, AssignmentResult.Unassigned, need, assigned, free);
                Move(i, target.Resource, need, assigned, free);
                return true;
            }
        }
        return false;
    }

    private static void Move(int project, int building, IReadOnlyList<double> need, int[] assigned, double[] free)
    {
        if (assigned[project] != AssignmentResult.Unassigned) free[assigned[project]] += need[project];
        assigned[project] = building;
        if (building != AssignmentResult.Unassigned) free[building] -= need[project];
    }

    private static double UpperBound(IReadOnlyList<double> need, IReadOnlyList<double> capacity,
        Dictionary<int, List<ScoredPair>> byProject, double lowerBound, int iterations)
    {
        var m = capacity.Count;
        var lambda = new double[m];
        var best = double.PositiveInfinity;
        var theta = 2.0;
        var stall = 0;
        for (var it = 0; it < iterations; it++)
        {
            var value = 0.0;
            var used = new double[m];
            for (var j = 0; j < m; j++) value += lambda[j] * capacity[j];
            foreach (var (i, options) in byProject)
            {
                var bestJ = -1;
                var bestV = 0.0;
                foreach (var o in options)
                {
                    var r = o.Score - lambda[o.Resource] * need[i];
                    if (r > bestV + 1e-15) { bestV = r; bestJ = o.Resource; }
                }
                value += bestV;
                if (bestJ >= 0) used[bestJ] += need[i];
            }
            if (value < best - 1e-12) { best = value; stall = 0; }
            else if (++stall >= 10) { theta /= 2; stall = 0; }
            var norm = 0.0;
            var g = new double[m];
            for (var j = 0; j < m; j++)
            {
                g[j] = capacity[j] - used[j];
                if (lambda[j] <= 0 && g[j] > 0) g[j] = 0; // projected: λ stays ≥ 0
                norm += g[j] * g[j];
            }
            if (norm < 1e-18 || best - lowerBound < 1e-9) break;
            var step = theta * (value - lowerBound) / norm;
            for (var j = 0; j < m; j++) lambda[j] = Math.Max(0, lambda[j] - step * g[j]);
        }
        return best;
    }
}
