using System.Runtime.CompilerServices;
using LandMap.Core.Projects;
using static LandMap.Core.Matching.Checks;

namespace LandMap.Core.Matching;

/// <summary>Criterion weights (sum need not be 1; the score is Σ weight × criterion score, each criterion on a fixed 0–1 scale).</summary>
public sealed record ScoreWeights
{
    public double AreaFit { get; init; } = 0.25;
    public double Chain { get; init; } = 0.15;
    public double Infrastructure { get; init; } = 0.15;
    public double Cost { get; init; } = 0.10;
    public double Margin { get; init; } = 0.10;
    public double Readiness { get; init; } = 0.10;
    public double IdleDuration { get; init; } = 0.10;
    public double ZonePreference { get; init; } = 0.05;

    public double Total => AreaFit + Chain + Infrastructure + Cost + Margin + Readiness + IdleDuration + ZonePreference;
}

/// <summary>One criterion's part: points = weight × score; note says what the score was made of.</summary>
public sealed record Criterion(string Name, double Weight, double Score, double Points, string Note, string NoteZh);

/// <summary>
/// Scores are on fixed scales, never relative to the other candidates, so adding a parcel never reorders the others.
/// Reference scales (documented here, used only where the project gives no figure of its own): land price 60 万元/亩,
/// rent 30 元/m²/月 (the top of data/standard_factory_attributes.csv), power 4000 kVA, 10 years idle = full score.
/// </summary>
public static class Scoring
{
    public const double ReferenceLandPriceWanPerMu = 60;
    public const double ReferenceRentYuanM2Month = 30;
    public const double ReferencePowerKva = 4000;
    public const double FullIdleYears = 10;
    public const double ChainHalfScoreNeighbours = 2;

    public static IReadOnlyList<Criterion> ForParcel(Project p, ParcelCandidate c, ScoreWeights w, MatchOptions o, DateOnly asOf)
    {
        var floor = InvestmentFloor(c);
        var x = ParcelParts.Of(p, ParcelFacts.Of(c), w, o, asOf);
        var need = p.LandNeedMu!.Value;
        return
        [
            new("areaFit", w.AreaFit, x.AreaFit, x.AreaFitPoints, $"{F(c.AreaMu)} mu for {F(need)} mu", $"{F(c.AreaMu)} 亩，需 {F(need)} 亩"),
            Chain(p, c.ChainNeighbours, w),
            new("infrastructure", w.Infrastructure, (x.Power + x.Utilities) / 2, x.InfrastructurePoints,
                $"power {F(c.PowerKva ?? 0)} kVA, water/gas/heat {F(x.Utilities * 3)}/3", $"供电 {F(c.PowerKva ?? 0)} kVA，水气热 {F(x.Utilities * 3)}/3"),
            new("cost", w.Cost, x.Cost, x.CostPoints, c.PriceWanPerMu is { } pr ? $"{F(pr)} {Checks.WanPerMuEn}" : "no price", c.PriceWanPerMu is { } pz ? $"地价 {F(pz)} 万元/亩" : "无报价"),
            new("margin", w.Margin, x.Margin, x.MarginPoints, floor is null ? "no standard" : $"intensity {F(x.Intensity)} vs {F(floor.Value)} {Checks.WanPerMuEn}", floor is null ? "无标准" : $"{F(x.Intensity)} 对 {F(floor.Value)} 万元/亩"),
            new("readiness", w.Readiness, Readiness(c.Readiness), x.ReadinessPoints, ReadinessEn(c.Readiness), c.Readiness ?? "未知"),
            new("idleDuration", w.IdleDuration, Clamp(x.Years / FullIdleYears), x.IdlePoints, $"{F(x.Years)} years idle", $"已闲置 {F(x.Years)} 年"),
            ZonePreference(p, c.ZoneCode, w),
        ];
    }

    /// <summary>
    /// The lean form of <c><see cref="Total"/>(<see cref="ForParcel"/>(…))</c>: the same points added in the same order, without
    /// notes or the standard's source text, so the score is bit for bit the one the explanation shows.
    /// </summary>
    public static double TotalForParcel(Project p, ParcelCandidate c, ScoreWeights w, MatchOptions o, DateOnly asOf) =>
        TotalFor(p, ParcelFacts.Of(c), c.ChainNeighbours, w, o, asOf);

    /// <summary><see cref="TotalForParcel"/> from a parcel's <see cref="ParcelFacts"/> and its chain neighbours.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // run for most parcels of a window from the first match
    public static double TotalFor(Project p, in ParcelFacts c, double chainNeighbours, ScoreWeights w, MatchOptions o, DateOnly asOf)
    {
        var x = ParcelParts.Of(p, c, w, o, asOf);
        var sum = 0.0;
        sum += x.AreaFitPoints;
        sum += ChainPoints(p, chainNeighbours, w);
        sum += x.InfrastructurePoints;
        sum += x.CostPoints;
        sum += x.MarginPoints;
        sum += x.ReadinessPoints;
        sum += x.IdlePoints;
        sum += ZonePreferencePoints(p, c.ZoneCode, w);
        return Math.Round(100 * sum, 2);
    }

    /// <summary>The figures of a parcel's criteria, computed once for the explained and the lean path alike.</summary>
    private readonly record struct ParcelParts(
        double AreaFit, double Utilities, double Power, double Intensity, double Margin, double Cost, double Years,
        double AreaFitPoints, double InfrastructurePoints, double CostPoints, double MarginPoints, double ReadinessPoints, double IdlePoints)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static ParcelParts Of(Project p, in ParcelFacts c, ScoreWeights w, MatchOptions o, DateOnly asOf)
        {
            var need = p.LandNeedMu!.Value;
            var areaFit = Clamp(1 - (c.AreaMu - need) / (need * o.AreaTolerance));
            if (c.AreaMu < need) areaFit = 0;
            var utilities = c.Utilities;
            var power = PowerHeadroom(p.PowerKva, c.PowerKva);
            var intensity = p.InvestmentWan / c.AreaMu;
            var investMargin = c.InvestmentFloor is { } f ? Clamp(intensity / f - 1) : 0.5;
            var margin = p.AnnualTaxWan is { } tax && c.MinTaxWanPerMu is { } minTax && minTax > 0
                ? (investMargin + Clamp(tax / c.AreaMu / minTax - 1)) / 2
                : investMargin;
            var cost = CostScore(c.PriceWanPerMu, p.MaxLandPriceWanPerMu, ReferenceLandPriceWanPerMu);
            var years = IdleYears(c.IdleSinceDay, asOf);
            return new(areaFit, utilities, power, intensity, margin, cost, years,
                w.AreaFit * areaFit, w.Infrastructure * (power + utilities) / 2, w.Cost * cost, w.Margin * margin,
                w.Readiness * c.Readiness, w.IdleDuration * Clamp(years / FullIdleYears));
        }
    }

    public static IReadOnlyList<Criterion> ForFactory(Project p, FactoryCandidate c, ScoreWeights w, DateOnly asOf)
    {
        var need = p.FloorNeedM2!.Value;
        var fill = c.VacantFloorM2 <= 0 ? 0 : Clamp(need / c.VacantFloorM2);
        var power = PowerHeadroom(p.PowerKva, c.PowerKva ?? 0);
        var cost = CostScore(c.RentYuanM2Month, p.MaxRentYuanM2Month, ReferenceRentYuanM2Month);
        var years = IdleYears(c.IdleSince?.DayNumber, asOf);
        return
        [
            new("areaFit", w.AreaFit, fill, w.AreaFit * fill, $"{F(need)} of {F(c.VacantFloorM2)} m² vacant", $"需 {F(need)} m²，空置 {F(c.VacantFloorM2)} m²"),
            Chain(p, c.ChainNeighbours, w),
            new("infrastructure", w.Infrastructure, power, w.Infrastructure * power, $"power {F(c.PowerKva ?? 0)} kVA", $"供电 {F(c.PowerKva ?? 0)} kVA"),
            new("cost", w.Cost, cost, w.Cost * cost, c.RentYuanM2Month is { } r ? $"{F(r)} {Checks.RentEn}" : "no rent", c.RentYuanM2Month is { } rz ? $"租金 {F(rz)} 元/m²/月" : "无租金"),
            // Investment-intensity standards are set per mu of land; they do not apply to leased floor space.
            new("margin", w.Margin, 0, 0, "n/a for factory space", "厂房不适用"),
            new("readiness", w.Readiness, 1, w.Readiness, "built, ready to move in", "已建成，可拎包入驻"),
            new("idleDuration", w.IdleDuration, Clamp(years / FullIdleYears), w.IdleDuration * Clamp(years / FullIdleYears), $"{F(years)} years idle", $"已闲置 {F(years)} 年"),
            ZonePreference(p, c.ZoneCode, w),
        ];
    }

    /// <summary>Total on 0–100 (rounded to 0.01).</summary>
    public static double Total(IReadOnlyList<Criterion> parts) => Math.Round(100 * parts.Sum(c => c.Points), 2);

    /// <summary>A one-line reason from the two criteria that earned the most points.</summary>
    public static (string En, string Zh) Reason(IReadOnlyList<Criterion> parts)
    {
        var top = parts.Where(c => c.Points > 0).OrderByDescending(c => c.Points).ThenBy(c => c.Name, StringComparer.Ordinal).Take(2).ToList();
        if (top.Count == 0) return ("meets the hard constraints only", "仅满足硬性条件");
        return (string.Join("; ", top.Select(c => $"{En(c.Name)} ({c.Note})")), string.Join("；", top.Select(c => $"{Zh(c.Name)}（{c.NoteZh}）")));
    }

    private static string En(string name) => name switch
    {
        "areaFit" => "area fits", "chain" => "same industry chain nearby", "infrastructure" => "infrastructure headroom",
        "cost" => "low cost", "margin" => "investment above the standard", "readiness" => "site ready",
        "idleDuration" => "long idle, revitalising it is policy", "zonePreference" => "preferred zone", _ => name,
    };

    private static string Zh(string name) => name switch
    {
        "areaFit" => "面积匹配", "chain" => "同链集聚", "infrastructure" => "配套充足", "cost" => "成本低",
        "margin" => "投资强度高于标准", "readiness" => "开发条件成熟", "idleDuration" => "闲置较久，优先盘活",
        "zonePreference" => "意向园区", _ => name,
    };

    private static double ChainScore(Project p, double neighbours) =>
        p.IndustryChain is null ? 0 : neighbours / (neighbours + ChainHalfScoreNeighbours);

    private static double ChainPoints(Project p, double neighbours, ScoreWeights w) => w.Chain * ChainScore(p, neighbours);

    private static Criterion Chain(Project p, double neighbours, ScoreWeights w)
    {
        var s = ChainScore(p, neighbours);
        return new("chain", w.Chain, s, ChainPoints(p, neighbours, w), p.IndustryChain is null ? "no chain given" : $"{F(neighbours)} {p.IndustryChain} nearby",
            p.IndustryChain is null ? "未填产业链" : $"周边同链 {F(neighbours)}");
    }

    private static double ZonePreferenceScore(Project p, string zone) => p.PreferredZones.Count > 0 && p.PreferredZones.Contains(zone) ? 1.0 : 0.0;

    private static double ZonePreferencePoints(Project p, string zone, ScoreWeights w) => w.ZonePreference * ZonePreferenceScore(p, zone);

    private static Criterion ZonePreference(Project p, string zone, ScoreWeights w)
    {
        var s = ZonePreferenceScore(p, zone);
        return new("zonePreference", w.ZonePreference, s, ZonePreferencePoints(p, zone, w), s > 0 ? $"{zone} preferred" : $"{zone}", s > 0 ? $"{zone} 为意向园区" : zone);
    }

    /// <summary>Spare power as a share of the need (100 % spare = 1); without a stated need, available power on a 4000 kVA scale.</summary>
    private static double PowerHeadroom(double? needKva, double availableKva) =>
        needKva is { } n && n > 0 ? Clamp((availableKva - n) / n) : Clamp(availableKva / ReferencePowerKva);

    private static double CostScore(double? price, double? budget, double reference) => price switch
    {
        null => 0.5,
        { } pr when budget is { } b && b > 0 => Clamp((b - pr) / b),
        { } pr => Clamp(1 - pr / reference),
    };

    public static double Readiness(string? readiness) => readiness switch
    {
        "七通一平" => 1, "五通一平" => 0.7, "三通一平" => 0.4, _ => 0,
    };

    /// <summary>
    /// The site-preparation grades in English: 七通一平 is "seven connections and a levelled site" (roads, water supply,
    /// drainage, power, telecom, gas and heat connected; the ground levelled), 五通一平 and 三通一平 fewer connections, 生地
    /// raw land. Any other ledger wording is shown as written.
    /// </summary>
    public static string ReadinessEn(string? readiness) => readiness switch
    {
        null => "unknown",
        "七通一平" => "7 utilities connected, site levelled", "五通一平" => "5 utilities connected, site levelled",
        "三通一平" => "3 utilities connected, site levelled", "生地" => "raw land, not serviced", _ => readiness,
    };

    /// <summary>Years idle from the day number (<see cref="DateOnly.DayNumber"/>) it became idle.</summary>
    private static double IdleYears(int? sinceDay, DateOnly asOf) =>
        sinceDay is { } s ? Math.Max(0, (asOf.DayNumber - s) / 365.25) : 0;

    private static double Clamp(double v) => double.IsNaN(v) ? 0 : Math.Clamp(v, 0, 1);
}
