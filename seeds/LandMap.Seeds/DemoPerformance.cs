using LandMap.Core.Resources;
using Npgsql;
using NpgsqlTypes;

namespace LandMap.Seeds;

/// <summary>One demo row of parcel_performance (migration 010): a firm's figures on an in-use parcel for a year, 万元.</summary>
public sealed record PerformanceSeed(string ParcelCode, int Year, double TaxWan, double RevenueWan, double OutputWan, int Jobs, string Enterprise,
    DateTimeOffset RecordedAt);

/// <summary>
/// Deterministic yearly figures (亩均效益) for the demo's in-use parcels, for the full years before the ledger date
/// (<see cref="Years"/>) in which the parcel was in use (from the set's history; a first part-year is given as a whole
/// year's run rate, a demo simplification). Tax per mu follows a spread
/// like a Shandong zone's register: most firms between 5 and 30 万元/亩, about one in five below 5 and one in seven above
/// 30, so the shipped thresholds (30 / 15 / 5, a local setting) give every grade and some C/D candidates in each zone.
/// Revenue is 12–25 times the tax, output 1.0–1.3 times the revenue, jobs 0.8–3 per mu; each firm drifts ±12 % a year.
/// Demo figures, not data from any register.
/// </summary>
public static class DemoPerformance
{
    public static readonly int[] Years = [2023, 2024, 2025];

    private static readonly string[] Trades = ["机械", "电子", "食品", "新材料", "汽车零部件", "精密制造", "包装", "生物科技", "家电配件", "化工"];
    private static readonly string[] Words = ["华", "鑫", "瑞", "恒", "泰", "源", "盛", "达", "昌", "宏", "佳", "润"];

    /// <summary>Tax per mu bands (万元/亩) and their weights: D, C, B low, B high, A.</summary>
    private static readonly (double Low, double High, int Weight)[] Bands = [(0.5, 4.8, 20), (5.2, 14.5, 33), (15.5, 22, 20), (22, 29.5, 13), (30.5, 60, 14)];

    public static IReadOnlyList<PerformanceSeed> Build(SeedSet set, int seed = DemoGenerator.DefaultSeed)
    {
        var rng = new Random(seed + 4409);
        var inUseSince = set.History.Where(h => h.ResourceKind == "parcel" && h.ToStatus == ResourceStatus.InUse)
            .GroupBy(h => h.ResourceCode).ToDictionary(g => g.Key, g => g.Max(h => h.ChangedAt));
        var rows = new List<PerformanceSeed>();
        foreach (var p in set.Parcels.Where(p => p.Status == ResourceStatus.InUse).OrderBy(p => p.Code, StringComparer.Ordinal))
        {
            var taxPerMu = Pick(rng);
            var revenueTimes = 12 + rng.NextDouble() * 13;
            var outputTimes = 1 + rng.NextDouble() * 0.3;
            var jobsPerMu = 0.8 + rng.NextDouble() * 2.2;
            var name = $"青岛{Words[rng.Next(Words.Length)]}{Words[rng.Next(Words.Length)]}{Trades[rng.Next(Trades.Length)]}有限公司";
            var since = inUseSince.GetValueOrDefault(p.Code);
            foreach (var year in Years)
            {
                var drift = 1 + (rng.NextDouble() - 0.5) * 0.24;
                taxPerMu *= drift;
                if (inUseSince.ContainsKey(p.Code) && since.Year > year) continue; // not in use yet that year
                var tax = Math.Round(taxPerMu * p.AreaMu, 1);
                var revenue = Math.Round(tax * revenueTimes, 1);
                rows.Add(new(p.Code, year, tax, revenue, Math.Round(revenue * outputTimes, 1), (int)Math.Round(jobsPerMu * p.AreaMu), name,
                    new DateTimeOffset(year + 1, 3, 31, 10, 0, 0, TimeSpan.FromHours(8))));
            }
        }
        return rows;
    }

    private static double Pick(Random rng)
    {
        var roll = rng.Next(Bands.Sum(b => b.Weight));
        foreach (var (low, high, weight) in Bands)
        {
            if (roll < weight) return low + rng.NextDouble() * (high - low);
            roll -= weight;
        }
        throw new InvalidOperationException("unreachable");
    }

    private const string Copy = """
        COPY parcel_performance (parcel_code, year, tax_wan, revenue_wan, output_wan, jobs, enterprise, source, source_name, recorded_by, recorded_at)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>Writes the rows with binary COPY in the caller's transaction (the parcels are written already).</summary>
    public static async Task WriteAsync(NpgsqlConnection conn, IReadOnlyList<PerformanceSeed> rows, CancellationToken ct = default)
    {
        await using var w = await conn.BeginBinaryImportAsync(Copy, ct);
        foreach (var r in rows)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(r.ParcelCode, NpgsqlDbType.Text, ct);
            await w.WriteAsync((short)r.Year, NpgsqlDbType.Smallint, ct);
            await w.WriteAsync(r.TaxWan, NpgsqlDbType.Double, ct);
            await w.WriteAsync(r.RevenueWan, NpgsqlDbType.Double, ct);
            await w.WriteAsync(r.OutputWan, NpgsqlDbType.Double, ct);
            await w.WriteAsync(r.Jobs, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(r.Enterprise, NpgsqlDbType.Text, ct);
            await w.WriteAsync("seed", NpgsqlDbType.Text, ct);
            await w.WriteAsync("演示数据 (demo)", NpgsqlDbType.Text, ct);
            await w.WriteAsync("demo", NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.RecordedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
        }
        await w.CompleteAsync(ct);
    }
}
