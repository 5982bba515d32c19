namespace LandMap.Core.Allocation;

/// <summary>A feasible (project, resource) pair and its score (≥ 0; higher is better).</summary>
public readonly record struct ScoredPair(int Project, int Resource, double Score);

public sealed record AssignmentResult(IReadOnlyList<int> ResourceOfProject, double TotalScore)
{
    public const int Unassigned = -1;
}

/// <summary>
/// Exact maximum-score assignment of land projects to parcels: each project gets at most one parcel, each parcel at most
/// one project, and any project may stay unassigned (score 0). Solved as a min-cost assignment (cost = max score − score,
/// a private "unassigned" column per project with cost = max score) by successive shortest augmenting paths with
/// Dijkstra and row/column potentials (the Hungarian method in its sparse, Jonker–Volgenant-style form: Ahuja, Magnanti &amp;
/// Orlin, Network Flows, §12.4). Only feasible pairs are edges, so the work follows the candidate lists, not n × m.
/// Deterministic: ties in the queue break by column index, and pairs are taken in (project, resource) order.
/// </summary>
public static class LandAssignment
{
    private const double Epsilon = 1e-12;

    public static AssignmentResult Solve(int projects, int resources, IReadOnlyList<ScoredPair> pairs)
    {
        var adjacency = new List<(int Column, double Cost)>[projects];
        for (var i = 0; i < projects; i++) adjacency[i] = [];
        var maxScore = pairs.Count == 0 ? 1.0 : Math.Max(pairs.Max(p => p.Score), 1e-9);
        // Each project's pairs by resource, equal ones in the order given (a stable sort per project, not one of every pair).
        var ofProject = new List<(int Resource, int Order, double Cost)>[projects];
        for (var i = 0; i < projects; i++) ofProject[i] = [];
        for (var k = 0; k < pairs.Count; k++)
        {
            var p = pairs[k];
            if (!(p.Score > 0)) continue;
            if (p.Project < 0 || p.Project >= projects || p.Resource < 0 || p.Resource >= resources)
                throw new ArgumentOutOfRangeException(nameof(pairs), p, "pair outside the instance");
            ofProject[p.Project].Add((p.Resource, k, maxScore - p.Score));
        }
        for (var i = 0; i < projects; i++)
        {
            ofProject[i].Sort((a, b) => a.Resource != b.Resource ? a.Resource.CompareTo(b.Resource) : a.Order.CompareTo(b.Order));
            adjacency[i].AddRange(ofProject[i].Select(x => (x.Resource, x.Cost)));
            ofProject[i] = [];
        }

        var columns = resources + projects; // resources, then one private "unassigned" column per project
        var u = new double[projects];
        var v = new double[columns];
        var columnOfRow = Enumerable.Repeat(-1, projects).ToArray();
        var rowOfColumn = Enumerable.Repeat(-1, columns).ToArray();
        var dist = Enumerable.Repeat(double.PositiveInfinity, columns).ToArray();
        var previousRow = new int[columns];
        var finalized = new bool[columns];
        var touched = new List<int>();
        var settled = new List<int>();
        var queue = new PriorityQueue<int, (double, int)>();

        for (var start = 0; start < projects; start++)
        {
            foreach (var j in touched) { dist[j] = double.PositiveInfinity; finalized[j] = false; }
            touched.Clear();
            settled.Clear();
            queue.Clear();

            void Relax(int row, double rowDistance)
            {
                foreach (var (column, cost) in adjacency[row]) Edge(column, cost);
                Edge(resources + row, maxScore); // the row's own "unassigned" column, last

                void Edge(int column, double cost)
                {
                    if (finalized[column]) return;
                    var d = rowDistance + cost - u[row] - v[column];
                    if (d < dist[column] - Epsilon)
                    {
                        if (double.IsPositiveInfinity(dist[column])) touched.Add(column);
                        dist[column] = d;
                        previousRow[column] = row;
                        queue.Enqueue(column, (d, column));
                    }
                }
            }

            Relax(start, 0);
            var target = -1;
            while (queue.TryDequeue(out var column, out var priority))
            {
                if (finalized[column] || priority.Item1 > dist[column] + Epsilon) continue;
                finalized[column] = true;
                settled.Add(column);
                if (rowOfColumn[column] == -1) { target = column; break; }
                Relax(rowOfColumn[column], dist[column]);
            }

            // Potentials: keep reduced costs ≥ 0 and matched edges at 0.
            var total = dist[target];
            u[start] += total;
            foreach (var j in settled)
            {
                if (j == target) continue;
                var delta = total - dist[j];
                v[j] -= delta;
                u[rowOfColumn[j]] += delta;
            }

            for (var j = target; ;)
            {
                var row = previousRow[j];
                var next = columnOfRow[row];
                columnOfRow[row] = j;
                rowOfColumn[j] = row;
                if (row == start) break;
                j = next;
            }
        }

        var result = columnOfRow.Select(j => j < resources ? j : AssignmentResult.Unassigned).ToArray();
        // The best score of each assigned pair (a pair given twice counts once, at its best), by one pass over the pairs.
        var scoreOf = new double[projects];
        foreach (var p in pairs)
            if (p.Project >= 0 && p.Project < projects && result[p.Project] == p.Resource && p.Score > scoreOf[p.Project]) scoreOf[p.Project] = p.Score;
        var totalScore = result.Select((j, i) => j == AssignmentResult.Unassigned ? 0 : scoreOf[i]).Sum();
        return new AssignmentResult(result, totalScore);
    }
}
