namespace LandMap.Core.Allocation;

public sealed record FactoryAllocationResult(IReadOnlyList<int> BuildingOfProject, double TotalScore, double UpperBound)
{
    /// <summary>(upper bound − found) / upper bound; 0 means proven optimal.</summary>
    public double Gap => UpperBound <= 0 ? 0 : Math.Max(0, (UpperBound - TotalScore) / UpperBound);
}

/// <summary>
/// Small projects into vacant floor space: each project into at most one building, a building takes several projects
/// up to its vacant m² (a generalized assignment problem, NP-hard). Deterministic heuristics find the assignment (greedy
/// by score and by score per m², and a Lagrangian heuristic built from the knapsack relaxation's solutions, each improved
/// by moves, evictions and swaps); the optimality gap is proven against the better of two Lagrangian upper bounds
/// (<see cref="FactoryBounds"/>).
/// </summary>
public static class FactoryAllocation
{
    public static FactoryAllocationResult Solve(IReadOnlyList<double> needM2, IReadOnlyList<double> capacityM2, IReadOnlyList<ScoredPair> pairs, int boundIterations = 150)
    {
        var feasible = pairs.Where(p => p.Score > 0 && needM2[p.Project] <= capacityM2[p.Resource])
            .OrderByDescending(p => p.Score).ThenBy(p => p.Project).ThenBy(p => p.Resource).ToList();
        var problem = new Instance(needM2, capacityM2, feasible);

        var best = problem.Polish(problem.Greedy(feasible));
        var byDensity = feasible.OrderByDescending(p => p.Score / Math.Max(needM2[p.Project], 1e-9)).ThenBy(p => p.Project).ThenBy(p => p.Resource);
        best = Better(best, problem.Polish(problem.Greedy(byDensity)));

        var total = problem.Total(best);
        var capacityBound = FactoryBounds.CapacityRelaxation(problem, total, boundIterations * 2);
        var knapsackBound = FactoryBounds.AssignmentRelaxation(problem, ref best, boundIterations);
        total = problem.Total(best);
        return new FactoryAllocationResult(best, total, Math.Max(Math.Min(capacityBound, knapsackBound), total));

        int[] Better(int[] a, int[] b) => problem.Total(b) > problem.Total(a) + 1e-9 ? b : a;
    }

    /// <summary>The instance with its feasible pairs indexed both ways, and the primal moves.</summary>
    internal sealed class Instance(IReadOnlyList<double> need, IReadOnlyList<double> capacity, IReadOnlyList<ScoredPair> feasible)
    {
        public IReadOnlyList<double> Need { get; } = need;
        public IReadOnlyList<double> Capacity { get; } = capacity;
        public int Projects => Need.Count;
        public Dictionary<int, List<ScoredPair>> ByProject { get; } = feasible.GroupBy(p => p.Project).ToDictionary(g => g.Key, g => g.ToList());
        public List<ScoredPair>[] ByBuilding { get; } = Enumerable.Range(0, capacity.Count)
            .Select(j => feasible.Where(p => p.Resource == j).OrderBy(p => p.Project).ToList()).ToArray();
        private readonly Dictionary<(int, int), double> _score = feasible.ToDictionary(p => (p.Project, p.Resource), p => p.Score);

        public double Score(int project, int building) => building == AssignmentResult.Unassigned ? 0 : _score[(project, building)];

        public double Total(int[] assigned) => assigned.Select((b, i) => Score(i, b)).Sum();

        /// <summary>Takes pairs in the given order while the building still has room and the project is unplaced.</summary>
        public int[] Greedy(IEnumerable<ScoredPair> order)
        {
            var assigned = Enumerable.Repeat(AssignmentResult.Unassigned, Projects).ToArray();
            var free = Capacity.ToArray();
            foreach (var p in order)
            {
                if (assigned[p.Project] != AssignmentResult.Unassigned || free[p.Resource] < Need[p.Project]) continue;
                assigned[p.Project] = p.Resource;
                free[p.Resource] -= Need[p.Project];
            }
            return assigned;
        }

        /// <summary>Local search to a local optimum (bounded passes): better building, make room by moving or evicting one occupant, swap two.</summary>
        public int[] Polish(int[] start)
        {
            var assigned = start.ToArray();
            var free = Capacity.ToArray();
            for (var i = 0; i < Projects; i++)
                if (assigned[i] != AssignmentResult.Unassigned) free[assigned[i]] -= Need[i];
            for (var pass = 0; pass < 30; pass++)
            {
                var improved = false;
                foreach (var (i, options) in ByProject.OrderBy(kv => kv.Key))
                {
                    var current = Score(i, assigned[i]);
                    foreach (var o in options)
                    {
                        if (o.Resource == assigned[i] || o.Score <= current + 1e-12) continue;
                        if (free[o.Resource] >= Need[i]) { Move(i, o.Resource, assigned, free); improved = true; break; }
                        if (TryEvict(i, o, current, assigned, free)) { improved = true; break; }
                    }
                }
                improved |= TrySwaps(assigned, free);
                if (!improved) break;
            }
            return assigned;
        }

        private bool TryEvict(int i, ScoredPair target, double current, int[] assigned, double[] free)
        {
            for (var k = 0; k < assigned.Length; k++)
            {
                if (k == i || assigned[k] != target.Resource || free[target.Resource] + Need[k] < Need[i]) continue;
                var kNow = Score(k, target.Resource);
                var fromI = assigned[i];
                foreach (var alt in ByProject[k].Where(a => a.Resource != target.Resource))
                {
                    var room = free[alt.Resource] + (alt.Resource == fromI ? Need[i] : 0);
                    if (room < Need[k] || target.Score + alt.Score - current - kNow <= 1e-12) continue;
                    Move(k, AssignmentResult.Unassigned, assigned, free);
                    Move(i, target.Resource, assigned, free);
                    Move(k, alt.Resource, assigned, free);
                    return true;
                }
                if (target.Score - current - kNow > 1e-12)
                {
                    Move(k, AssignmentResult.Unassigned, assigned, free);
                    Move(i, target.Resource, assigned, free);
                    return true;
                }
            }
            return false;
        }

        /// <summary>Exchanges the buildings of two placed projects when both fit and the total rises.</summary>
        private bool TrySwaps(int[] assigned, double[] free)
        {
            var improved = false;
            for (var a = 0; a < assigned.Length; a++)
            for (var b = a + 1; b < assigned.Length; b++)
            {
                var (ja, jb) = (assigned[a], assigned[b]);
                if (ja == AssignmentResult.Unassigned || jb == AssignmentResult.Unassigned || ja == jb) continue;
                if (!_score.TryGetValue((a, jb), out var ab) || !_score.TryGetValue((b, ja), out var ba)) continue;
                if (ab + ba <= Score(a, ja) + Score(b, jb) + 1e-12) continue;
                if (free[jb] + Need[b] < Need[a] || free[ja] + Need[a] < Need[b]) continue;
                Move(a, AssignmentResult.Unassigned, assigned, free);
                Move(b, ja, assigned, free);
                Move(a, jb, assigned, free);
                improved = true;
            }
            return improved;
        }

        private void Move(int project, int building, int[] assigned, double[] free)
        {
            if (assigned[project] != AssignmentResult.Unassigned) free[assigned[project]] += Need[project];
            assigned[project] = building;
            if (building != AssignmentResult.Unassigned) free[building] -= Need[project];
        }
    }
}
