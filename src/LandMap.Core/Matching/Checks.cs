using System.Runtime.CompilerServices;
using System.Globalization;
using LandMap.Core.Projects;
using LandMap.Core.Resources;

namespace LandMap.Core.Matching;

/// <summary>
/// One admission or hard-constraint check. Failures carry the required and actual values and the gap (actual − required,
/// negative when short), e.g. area-too-small: needs ≥ 20 mu, parcel has 18.4 mu (−1.6).
/// </summary>
public sealed record Check(string Code, bool Passed, double? Required, double? Actual, double? Gap, string Unit, string Message, string MessageZh, string? Source = null);

public sealed record MatchOptions
{
    /// <summary>A parcel may be up to need × (1 + tolerance) (default 0.3): bigger would waste land.</summary>
    public double AreaTolerance { get; init; } = 0.3;
}

public static class Checks
{
    public static IReadOnlyList<Check> ForParcel(Project p, ParcelCandidate c, MatchOptions o)
    {
        var need = p.LandNeedMu ?? throw new ArgumentException("landNeedMu is required to match land", nameof(p));
        var checks = new List<Check>
        {
            Status(c.Status),
            LandUseAllowed(p, c)
                ? Pass("land-use", $"land use {c.LandUse} allows class {p.PollutionClass}", $"用地性质 {c.LandUse} 允许{ClassZh(p.PollutionClass)}项目")
                : new Check("land-use-incompatible", false, null, null, null, "",
                    $"class {p.PollutionClass} project needs land use {PollutionClasses.AllowedDescription(p.PollutionClass)}, parcel is {c.LandUse}",
                    $"{ClassZh(p.PollutionClass)}项目需用地性质 {PollutionClasses.AllowedDescription(p.PollutionClass)}，该地块为 {c.LandUse}"),
        };

        checks.Add(c.AreaMu < need
            ? AtLeast("area-too-small", need, c.AreaMu, "mu", "亩", "面积")
            : c.AreaMu > MaxAreaMu(need, o)
                ? AtMost("area-too-large", need * (1 + o.AreaTolerance), c.AreaMu, "mu", "亩", "面积")
                : Pass("area", $"area {F(c.AreaMu)} mu within {F(need)}–{F(need * (1 + o.AreaTolerance))} mu", $"面积 {F(c.AreaMu)} 亩在 {F(need)}–{F(need * (1 + o.AreaTolerance))} 亩之间"));

        var floor = InvestmentFloor(c);
        var intensity = p.InvestmentWan / c.AreaMu;
        checks.Add(floor is null
            ? Pass("investment-intensity", "no investment-intensity standard applies", "无投资强度标准")
            : MeetsFloor(intensity, floor.Value)
                ? Pass("investment-intensity", $"investment intensity {F(intensity)} ≥ {F(floor.Value)} {WanPerMuEn}", $"投资强度 {F(intensity)} ≥ {F(floor.Value)} 万元/亩", floor.Source)
                : AtLeast("investment-intensity-low", floor.Value, intensity, "万元/亩", "万元/亩", "投资强度") with { Source = floor.Source });

        if (c.MinTaxWanPerMu is { } minTax)
            checks.Add(p.AnnualTaxWan is { } tax
                ? MeetsFloor(tax / c.AreaMu, minTax)
                    ? Pass("tax-per-mu", $"tax per mu {F(tax / c.AreaMu)} ≥ {F(minTax)} {WanPerMuYearEn}", $"亩均税收 {F(tax / c.AreaMu)} ≥ {F(minTax)}")
                    : AtLeast("tax-per-mu-low", minTax, tax / c.AreaMu, "万元/亩/年", "万元/亩/年", "亩均税收")
                : Pass("tax-per-mu-not-declared", $"tax per mu not checked: project declares no annual tax (parcel asks ≥ {F(minTax)} {WanPerMuYearEn})",
                    $"项目未填报年税收，未核验亩均税收（地块要求 ≥ {F(minTax)}）"));

        if (p.PowerKva is { } power)
            checks.Add(Power(power, c.PowerKva));

        if (p.MaxLandPriceWanPerMu is { } budget && c.PriceWanPerMu is { } price)
            checks.Add(WithinBudget(price, budget)
                ? Pass("budget", $"price {F(price)} ≤ budget {F(budget)} {WanPerMuEn}", $"地价 {F(price)} ≤ 预算 {F(budget)} 万元/亩")
                : AtMost("over-budget", budget, price, "万元/亩", "万元/亩", "地价"));
        return checks;
    }

    /// <summary>
    /// The lean form of <see cref="ForParcel"/>: how many of its checks fail and whether the status is one of them, from the
    /// same predicates, without a message. Matching ranks every parcel in the window with this and explains only the shown ones.
    /// </summary>
    public static (int Failures, bool StatusUnavailable) FailuresForParcel(Project p, ParcelCandidate c, MatchOptions o) =>
        FailuresFor(p, ParcelFacts.Of(c), ParcelFacts.ClassBit(p.PollutionClass), o);

    /// <summary>
    /// <see cref="FailuresForParcel"/> from a parcel's <see cref="ParcelFacts"/>; <paramref name="classBit"/> is
    /// <see cref="ParcelFacts.ClassBit"/> of the project's class (worked out once per project).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // run for every parcel of a window from the first match
    public static (int Failures, bool StatusUnavailable) FailuresFor(Project p, in ParcelFacts c, byte classBit, MatchOptions o)
    {
        var need = p.LandNeedMu ?? throw new ArgumentException("landNeedMu is required to match land", nameof(p));
        var statusUnavailable = !c.Available;
        var failures = statusUnavailable ? 1 : 0;
        if (!c.Admits(classBit)) failures++;
        if (c.AreaMu < need || c.AreaMu > MaxAreaMu(need, o)) failures++;
        if (c.InvestmentFloor is { } floor && !MeetsFloor(p.InvestmentWan / c.AreaMu, floor)) failures++;
        if (c.MinTaxWanPerMu is { } minTax && p.AnnualTaxWan is { } tax && !MeetsFloor(tax / c.AreaMu, minTax)) failures++;
        if (p.PowerKva is { } power && !MeetsMinimum(c.PowerKva, power)) failures++;
        if (p.MaxLandPriceWanPerMu is { } budget && c.PriceWanPerMu is { } price && !WithinBudget(price, budget)) failures++;
        return (failures, statusUnavailable);
    }

    private static bool LandUseAllowed(Project p, ParcelCandidate c) => PollutionClasses.Allows(p.PollutionClass, c.LandUse);

    /// <summary>The largest parcel that fits: need × (1 + tolerance); bigger would waste land.</summary>
    public static double MaxAreaMu(double needMu, MatchOptions o) => needMu * (1 + o.AreaTolerance);

    private static bool MeetsFloor(double value, double floor) => value >= floor;

    private static bool MeetsMinimum(double actual, double required) => actual >= required;

    private static bool WithinBudget(double price, double budget) => price <= budget;

    public static IReadOnlyList<Check> ForFactory(Project p, FactoryCandidate c)
    {
        var need = p.FloorNeedM2 ?? throw new ArgumentException("floorNeedM2 is required to match factory space", nameof(p));
        var checks = new List<Check>
        {
            Status(c.Status),
            Minimum("floor-space", "floor-space-insufficient", need, c.VacantFloorM2, "m²", "vacant floor area", "空置面积"),
        };
        if (p.MinFloorHeightM is { } h)
            checks.Add(Minimum("floor-height", "floor-height-low", h, c.FloorHeightM ?? 0, "m", "floor height", "层高"));
        if (p.MinFloorLoadKnM2 is { } l)
            checks.Add(Minimum("floor-load", "floor-load-low", l, c.FloorLoadKnM2 ?? 0, "kN/m²", "floor load", "楼面荷载"));
        if (p.MinCraneT is { } t && t > 0)
            checks.Add(Minimum("crane", "crane-insufficient", t, c.CraneT ?? 0, "t", "crane", "行车"));
        if (p.PowerKva is { } power)
            checks.Add(Power(power, c.PowerKva));
        if (p.MaxRentYuanM2Month is { } budget && c.RentYuanM2Month is { } rent)
            checks.Add(rent <= budget ? Pass("budget", $"rent {F(rent)} ≤ budget {F(budget)} {RentEn}", $"租金 {F(rent)} ≤ 预算 {F(budget)} 元/m²/月")
                : AtMost("over-budget", budget, rent, "元/m²/月", "元/m²/月", "租金"));
        return checks;
    }

    /// <summary>The stricter of the parcel's own standard and the provincial floor for its zone (the stricter applies).</summary>
    public static Threshold? InvestmentFloor(ParcelCandidate c)
    {
        var provincial = ProvincialStandards.InvestmentIntensityFloor(c.ZoneLevel, c.City);
        var own = c.MinInvestmentWanPerMu is { } v ? new Threshold(v, $"地块准入标准（{c.ZoneCode}）") : null;
        return OwnIsStricter(own?.Value, provincial?.Value) ? own : provincial;
    }

    /// <summary>The value of <see cref="InvestmentFloor"/> without its source text (the lean path).</summary>
    public static double? InvestmentFloorValue(ParcelCandidate c)
    {
        var provincial = ProvincialStandards.InvestmentIntensityFloor(c.ZoneLevel, c.City)?.Value;
        return OwnIsStricter(c.MinInvestmentWanPerMu, provincial) ? c.MinInvestmentWanPerMu : provincial;
    }

    private static bool OwnIsStricter(double? own, double? provincial) => own is { } o && (provincial is not { } p || o >= p);

    private static Check Status(string status) => ResourceStatus.Available.Contains(status)
        ? Pass("status", $"status {status} is available", $"状态为{StatusZh(status)}，可供")
        : new Check("status-unavailable", false, null, null, null, "", $"status is {status}, not idle or negotiating", $"状态为{StatusZh(status)}，不可供");

    private static string StatusZh(string status) => status switch
    {
        ResourceStatus.Idle => "闲置", ResourceStatus.Negotiating => "洽谈中", ResourceStatus.Reserved => "已预留",
        ResourceStatus.Allocated => "已供地", ResourceStatus.InUse => "已使用", ResourceStatus.Retired => "已退出", _ => status,
    };

    private static Check Power(double need, double? available) =>
        Minimum("power", "power-insufficient", need, available ?? 0, "kVA", "power", "供电容量");

    /// <summary>actual ≥ required passes; otherwise a failure with the gap.</summary>
    private static Check Minimum(string passCode, string failCode, double required, double actual, string unit, string what, string whatZh) =>
        MeetsMinimum(actual, required)
            ? Pass(passCode, $"{what} {F(actual)} ≥ {F(required)} {UnitEn(unit)}", $"{whatZh} {F(actual)} ≥ {F(required)} {unit}")
            : AtLeast(failCode, required, actual, unit, unit, whatZh);

    private static Check Pass(string code, string message, string messageZh, string? source = null) =>
        new(code, true, null, null, null, "", message, messageZh, source);

    private static Check AtLeast(string code, double required, double actual, string unit, string unitZh, string whatZh) =>
        new(code, false, Math.Round(required, 2), Math.Round(actual, 2), Math.Round(actual - required, 2), unit,
            $"{code}: needs ≥ {F(required)} {UnitEn(unit)}, has {F(actual)} {UnitEn(unit)} ({Signed(actual - required)})",
            $"{whatZh}不足：需 ≥ {F(required)} {unitZh}，实际 {F(actual)} {unitZh}（{Signed(actual - required)}）");

    private static Check AtMost(string code, double limit, double actual, string unit, string unitZh, string whatZh) =>
        new(code, false, Math.Round(limit, 2), Math.Round(actual, 2), Math.Round(actual - limit, 2), unit,
            $"{code}: needs ≤ {F(limit)} {UnitEn(unit)}, has {F(actual)} {UnitEn(unit)} ({Signed(actual - limit)})",
            $"{whatZh}超出：需 ≤ {F(limit)} {unitZh}，实际 {F(actual)} {unitZh}（{Signed(actual - limit)}）");

    // The units of the English messages, as the English page writes them (web/i18n/en.js units); a check's Unit keeps its own.
    internal const string WanPerMuEn = "10k CNY/mu";
    internal const string WanPerMuYearEn = "10k CNY/mu/yr";
    internal const string RentEn = "CNY/m²/month";

    private static string UnitEn(string unit) => unit switch
    {
        "万元/亩" => WanPerMuEn, "万元/亩/年" => WanPerMuYearEn, "元/m²/月" => RentEn, "亩" => "mu", _ => unit,
    };

    private static string ClassZh(string c) => c switch { "1" => "一类", "2" => "二类", "3" => "三类", _ => "物流" };

    internal static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Signed(double v) => (v >= 0 ? "+" : "−") + F(Math.Abs(v));
}
