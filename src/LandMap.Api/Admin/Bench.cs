using LandMap.Core.Resources;
using System.Diagnostics;
using LandMap.Api.Database;
using LandMap.Api.Matching;
using LandMap.Core.Allocation;
using LandMap.Core.Matching;
using LandMap.Core.Projects;
using Npgsql;

namespace LandMap.Api.Admin;

/// <summary>
/// `LandMap.Api bench`: prints the matching and allocation figures against the benchmark database in LANDMAP_DB
/// (filled by `landmap seed-scale`). Figures, not assertions: the machine is shared and noisy, so medians are quoted.
/// </summary>
public static class Bench
{
    private static readonly DateOnly AsOf = new(2026, 11, 24);

    public static async Task<int> RunAsync()
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var builder = new NpgsqlDataSourceBuilder(DatabaseSetup.ConnectionString(config));
        builder.UseNetTopologySuite();
        await using var db = builder.Build();
        await using (var count = db.CreateCommand("SELECT count(*) FROM parcels"))
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores; parcels in the benchmark database: {(long)(await count.ExecuteScalarAsync())!:N0}");

        await SingleMatchAsync(db);
        await LandBatchAsync(db);
        FactoryBatch();
        return 0;
    }

    private static async Task SingleMatchAsync(NpgsqlDataSource db)
    {
        var project = new Project { Name = "新型显示模组", IndustryChain = "新型显示", PollutionClass = "2", InvestmentWan = 50_000, LandNeedMu = 40, PowerKva = 4000 };
        var o = new MatchOptions();
        var times = new List<double>();
        int candidates = 0, near = 0, read = 0;
        for (var i = 0; i < 45; i++)
        {
            var sw = Stopwatch.StartNew();
            var parcels = await CandidateLoader.ParcelsAsync(db, project, o, null, default);
            var (c, n) = Matcher.MatchLand(project, parcels.Values, new ScoreWeights(), o, AsOf);
            sw.Stop();
            if (i >= 5) times.Add(sw.Elapsed.TotalMilliseconds);
            (candidates, near, read) = (c.Count, n.Count, parcels.Count);
        }
        times.Sort();
        Console.WriteLine($"single match (class 2, 40 mu, 5 亿元, 4000 kVA) over the whole table: {read:N0} parcels read in the size window, " +
                          $"{candidates:N0} candidates, {near:N0} near misses; p50 {Percentile(times, 0.50):F1} ms, p95 {Percentile(times, 0.95):F1} ms (40 runs after 5 warm-up)");
    }

    private static async Task LandBatchAsync(NpgsqlDataSource db)
    {
        // 10 000 parcels spread evenly over the available ones, and 1 000 projects with needs drawn like the demo's.
        var available = new List<ParcelCandidate>();
        // The candidate columns (CandidateLoader.ReadParcel); chain neighbours are synthetic here, cycling 0–3.
        await using var availableCmd = db.CreateCommand("""
            SELECT p.code, p.zone_code, z.level, z.city, p.area_mu, p.land_use, p.status, p.min_investment_wan_per_mu, p.min_tax_wan_per_mu,
                   p.power_kva, p.water, p.gas, p.heat, p.readiness, p.price_wan_per_mu, p.idle_since, 0::float8
            FROM parcels p JOIN zones z ON z.code = p.zone_code WHERE p.status = ANY($1) ORDER BY p.code
            """);
        availableCmd.Parameters.Add(new NpgsqlParameter { Value = ResourceStatus.Available.ToArray() });
        await using (var r = await availableCmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
                available.Add(CandidateLoader.ReadParcel(r) with { ChainNeighbours = (available.Count % 7) / 2.0 });
        var take = Math.Min(10_000, available.Count);
        var parcels = Enumerable.Range(0, take).Select(k => available[(int)((long)k * available.Count / take)]).ToList();
        var rng = new Random(42);
        var projects = Enumerable.Range(0, 1000).Select(k =>
        {
            var mu = Math.Round(20 + Math.Exp(rng.NextDouble() * Math.Log(8)) * 10, 1);
            return new Project
            {
                Name = $"P{k}", PollutionClass = new[] { "1", "2", "3" }[rng.Next(3)], LandNeedMu = mu,
                InvestmentWan = Math.Round(mu * (250 + rng.Next(0, 600))), PowerKva = new[] { 630, 1000, 2500, 4000 }[rng.Next(4)],
                IndustryChain = "新型显示",
            };
        }).ToList();

        var o = new MatchOptions();
        var byArea = parcels.OrderBy(p => p.AreaMu).ToList();
        var areas = byArea.Select(p => p.AreaMu).ToArray();
        var times = new List<(double Pairs, double Solve, int PairCount, int Assigned, double Total)>();
        for (var run = 0; run < 3; run++)
        {
            var sw = Stopwatch.StartNew();
            var index = parcels.Select((p, j) => (p.Code, j)).ToDictionary(x => x.Code, x => x.j);
            var pairs = new List<ScoredPair>();
            for (var k = 0; k < projects.Count; k++)
            {
                var need = projects[k].LandNeedMu!.Value;
                var lo = LowerBound(areas, need);
                var window = byArea.Skip(lo).TakeWhile(p => p.AreaMu <= need * (1 + o.AreaTolerance));
                foreach (var c in Matcher.MatchLand(projects[k], window, new ScoreWeights(), o, AsOf).Candidates)
                    pairs.Add(new ScoredPair(k, index[c.Code], c.Score));
            }
            var pairTime = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var result = LandAssignment.Solve(projects.Count, parcels.Count, pairs);
            var solveTime = sw.Elapsed.TotalMilliseconds;
            times.Add((pairTime, solveTime, pairs.Count, result.ResourceOfProject.Count(r => r >= 0), result.TotalScore));
        }
        var median = times.OrderBy(t => t.Solve).ElementAt(1);
        Console.WriteLine($"land batch: {projects.Count:N0} projects × {parcels.Count:N0} parcels, {median.PairCount:N0} feasible pairs; " +
                          $"scoring the pairs {times.Select(t => t.Pairs).Order().ElementAt(1):F0} ms, exact assignment {median.Solve:F0} ms (median of 3); " +
                          $"{median.Assigned} assigned, total score {median.Total:F1}; optimality gap 0 (exact method)");
    }

    private static void FactoryBatch()
    {
        var rng = new Random(7);
        var buildings = Enumerable.Range(0, 50).Select(j => new FactoryCandidate
        {
            Code = $"F{j:D2}", ZoneCode = "BENCH", VacantFloorM2 = rng.Next(10, 80) * 100, FloorHeightM = 6 + rng.Next(0, 7), FloorLoadKnM2 = 10 + rng.Next(0, 5) * 5,
            CraneT = rng.Next(3) == 0 ? 10 : 0, PowerKva = new[] { 400, 630, 1000, 1600 }[rng.Next(4)], RentYuanM2Month = 10 + rng.Next(0, 20),
            IdleSince = AsOf.AddDays(-rng.Next(100, 3000)), ChainNeighbours = rng.Next(0, 4),
        }).ToList();
        var projects = Enumerable.Range(0, 200).Select(i => new Project
        {
            Name = $"S{i}", PollutionClass = "1", InvestmentWan = 500 + rng.Next(0, 4000), FloorNeedM2 = rng.Next(3, 30) * 100,
            MinFloorHeightM = rng.Next(3) == 0 ? 8 : null, MinFloorLoadKnM2 = rng.Next(4) == 0 ? 20 : null, PowerKva = rng.Next(2) == 0 ? 300 : null,
            IndustryChain = "高端装备",
        }).ToList();
        var pairs = new List<ScoredPair>();
        for (var i = 0; i < projects.Count; i++)
            foreach (var c in Matcher.MatchFactories(projects[i], buildings, new ScoreWeights(), AsOf).Candidates)
                pairs.Add(new ScoredPair(i, int.Parse(c.Code[1..]), c.Score));
        var runs = new List<(double Ms, FactoryAllocationResult R)>();
        for (var run = 0; run < 3; run++)
        {
            var sw = Stopwatch.StartNew();
            var r = FactoryAllocation.Solve(projects.Select(p => p.FloorNeedM2!.Value).ToList(), buildings.Select(b => b.VacantFloorM2).ToList(), pairs);
            runs.Add((sw.Elapsed.TotalMilliseconds, r));
        }
        var (ms, result) = runs.OrderBy(x => x.Ms).ElementAt(1);
        var need = projects.Sum(p => p.FloorNeedM2!.Value);
        Console.WriteLine($"factory batch: {projects.Count} small projects ({need:N0} m² asked) × {buildings.Count} buildings ({buildings.Sum(b => b.VacantFloorM2):N0} m² vacant), " +
                          $"{pairs.Count:N0} feasible pairs; {ms:F0} ms (median of 3); {result.BuildingOfProject.Count(b => b >= 0)} placed, " +
                          $"total score {result.TotalScore:F1}, upper bound {result.UpperBound:F1}, optimality gap {result.Gap:P2}");
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

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
