using LandMap.Core.Resources;
using LandMap.Core.Revitalisation;

namespace LandMap.Seeds;

/// <summary>
/// The demo's idle land and revitalisation (issue 13 §1–3), consistent with the rows and their history:
/// <list type="bullet">
/// <item>Laixi's <see cref="Year"/> (the demo year): done plans (一地一策) that revitalised <see cref="LaixiParcels"/> idle parcels
/// of about <see cref="LaixiMu"/> mu and <see cref="LaixiFactories"/> vacant factories of about <see cref="LaixiFactoryM2"/> m²,
/// <see cref="LaixiExpanded"/> firms expanding (改扩建) and <see cref="LaixiNewProjects"/> new projects, adding
/// <see cref="LaixiInvestmentWan"/> 万元 of fixed-asset investment: the article's 991 亩, 3.2万 m², 18, 13 and 10亿元. Those
/// resources are chosen before the history is written (<see cref="Choose"/>) and step from idle into allocated on their
/// revitalisation day (<see cref="DemoHistory.Revitalised"/>).</item>
/// <item>Supplied land (出让/划拨) on allocated and in-use parcels (<see cref="Build"/>): some nearing one full year without a
/// start (the warning list), some suspected idle, some found idle with findings (enterprise and government causes).
/// Dates are set against the ledger date <see cref="DemoGenerator.AsOf"/>; the load moves them by the days since
/// (<see cref="SeedWriter.KeepDemoCurrentAsync"/>), so the warning list is never empty whenever the demo is loaded.</item>
/// <item>Open plans for the found parcels and for idle parcels and vacant factories, with milestones (some done, some
/// overdue) and progress, and Laixi's two past dispatch meetings (政企闲置资源调度会) with decisions.</item>
/// </list>
/// Deterministic: one seeded <see cref="Random"/> per step. Firms and people are fictitious.
/// </summary>
public static class DemoRevitalisation
{
    public const string Laixi = DemoHistory.LaixiZone;
    public const int Year = 2026;
    public const int LaixiParcels = 25, LaixiFactories = 6, LaixiExpanded = 18, LaixiNewProjects = 13;
    public const double LaixiMu = 991, LaixiFactoryM2 = 32_000, LaixiInvestmentWan = 100_000;

    private static readonly DateOnly AsOf = DemoGenerator.AsOf;
    private static readonly string[] Surnames = ["张", "王", "李", "刘", "陈", "杨", "赵", "孙", "周", "吴"];
    private static readonly string[] Given = ["建国", "海涛", "丽娟", "志强", "晓燕", "国栋", "明辉", "秀英", "立新", "文静"];
    private static readonly string[] FirmWords = ["恒达", "瑞丰", "鑫源", "华通", "海晟", "德润", "金泰", "宏远", "聚力", "盛泽", "博远", "中联"];
    private static readonly string[] Units = ["招商服务中心", "投资促进部", "规划建设部", "企业服务部"];
    private const string Office = "招商服务中心";

    /// <summary>Which resources Laixi's done plans revitalise, their day, and the rows as they are after it (allocated; a factory's vacant floor 0).</summary>
    public sealed record Choice(
        IReadOnlyList<ParcelSeed> Parcels, IReadOnlyList<FactorySeed> Factories,
        IReadOnlyDictionary<(string Kind, string Code), DemoHistory.Revitalised> Revitalised);

    /// <summary>
    /// Picks Laixi's idle parcels and factories (available ones only, so the projects' holdings stay as generated) whose
    /// area and vacant floor add up close to the article's figures, each revitalised on a day of <see cref="Year"/>.
    /// </summary>
    public static Choice Choose(IReadOnlyList<ParcelSeed> parcels, IReadOnlyList<FactorySeed> factories, Random rng)
    {
        var parcelPool = parcels.Where(p => p.ZoneCode == Laixi && ResourceStatus.Available.Contains(p.Status)).ToList();
        var factoryPool = factories.Where(f => f.ZoneCode == Laixi && ResourceStatus.Available.Contains(f.Status) && f.VacantFloorM2 >= 1500).ToList();
        var chosenParcels = Pick(parcelPool, p => p.AreaMu, LaixiParcels, LaixiMu, minEach: 1, slack: 8, rng);
        var chosenFactories = Pick(factoryPool, f => f.VacantFloorM2, LaixiFactories, LaixiFactoryM2, minEach: 1500, slack: 900, rng);

        var revitalised = new Dictionary<(string, string), DemoHistory.Revitalised>();
        DateOnly Day() => new DateOnly(Year, 1, 12).AddDays(rng.Next(0, 275)); // 2026-01-12 … 2026-10-13, before the ledger date
        foreach (var p in chosenParcels) revitalised[("parcel", p.Code)] = new(Day());
        foreach (var f in chosenFactories) revitalised[("factory", f.Code)] = new(Day(), f.VacantFloorM2);
        return new Choice(
            parcels.Select(p => revitalised.ContainsKey(("parcel", p.Code)) ? p with { Status = ResourceStatus.Allocated } : p).ToList(),
            factories.Select(f => revitalised.ContainsKey(("factory", f.Code)) ? f with { Status = ResourceStatus.Allocated, VacantFloorM2 = 0 } : f).ToList(),
            revitalised);
    }

    /// <summary>
    /// n items whose amounts add up to within <paramref name="slack"/> of <paramref name="target"/>: greedy over a shuffled
    /// pool, leaving room for the slots still open; reshuffled until it fits (deterministic for a seed).
    /// </summary>
    private static List<T> Pick<T>(IReadOnlyList<T> pool, Func<T, double> amount, int n, double target, double minEach, double slack, Random rng)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var chosen = new List<T>();
            var sum = 0.0;
            foreach (var x in pool.OrderBy(_ => rng.Next()))
            {
                var a = amount(x);
                var open = n - chosen.Count - 1;
                if (sum + a + open * minEach > target + slack || (open == 0 && sum + a < target - slack)) continue;
                chosen.Add(x);
                sum += a;
                if (chosen.Count == n) return chosen;
            }
        }
        throw new InvalidOperationException($"demo: no {n} of {pool.Count} resources add up to {target} ± {slack}");
    }

    /// <summary>The supplied-land facts (on the parcels returned), the findings, the plans and the meetings.</summary>
    public static (IReadOnlyList<ParcelSeed> Parcels, RevitalisationSeed Seed) Build(
        IReadOnlyList<ParcelSeed> parcels, IReadOnlyList<FactorySeed> factories, IReadOnlyList<HistorySeed> history,
        IReadOnlyList<ReservationSeed> reservations, Choice choice, Random rng)
    {
        var plans = new List<PlanSeed>();
        plans.AddRange(DonePlans(parcels, factories, choice, rng));

        var held = reservations.Select(r => (r.ResourceKind, r.ResourceCode)).ToHashSet();
        var allocatedOn = history.Where(h => h.ResourceKind == "parcel" && h.ToStatus == ResourceStatus.Allocated)
            .GroupBy(h => h.ResourceCode).ToDictionary(g => g.Key, g => DateOnly.FromDateTime(g.Max(h => h.ChangedAt).DateTime));
        var facts = new Dictionary<string, SuppliedLandSeed>();
        var findings = new List<FindingSeed>();
        foreach (var zone in DemoZones.All)
        {
            var cases = zone.Code == Laixi ? LaixiCases : OtherCases;
            // Supplied land: parcels allocated or in use (not revitalised by a plan, not held by a demo project), the
            // earliest supplied first, matched to the cases in the order of their agreed start.
            var pool = parcels.Where(p => p.ZoneCode == zone.Code && p.Status is ResourceStatus.Allocated or ResourceStatus.InUse
                                          && !choice.Revitalised.ContainsKey(("parcel", p.Code)) && !held.Contains(("parcel", p.Code)))
                .OrderBy(p => allocatedOn.GetValueOrDefault(p.Code, AsOf)).ThenBy(p => p.Code, StringComparer.Ordinal).ToList();
            var number = 1;
            foreach (var c in cases.Select(c => Case(c, rng)))
            {
                // Supplied at least two months before the agreed start: the latest supplied that fits, so the earlier ones
                // stay for the cases further back; the cases in the order of the list (what the demo must show first).
                var parcel = pool.LastOrDefault(p => allocatedOn.GetValueOrDefault(p.Code, AsOf).AddDays(60) <= c.Facts.AgreedStartOn);
                if (parcel is null) continue;
                pool.Remove(parcel);
                facts[parcel.Code] = c.Facts with
                {
                    LandPriceWan = Math.Round(parcel.AreaMu * parcel.PriceWanPerMu, 1),
                    SupplyType = rng.Next(5) == 0 ? SupplyType.Allocation : SupplyType.Transfer,
                };
                if (c.Finding is { } f)
                    findings.Add(f with { ParcelCode = parcel.Code, FindingNo = $"{zone.NameZh[..2]}自然资规闲认〔{f.FoundOn.Year}〕{number++}号" });
            }
        }
        var withFacts = parcels.Select(p => facts.TryGetValue(p.Code, out var s) ? p with { Supplied = s } : p).ToList();

        plans.AddRange(FindingPlans(withFacts, findings, rng));
        plans.AddRange(VacancyPlans(withFacts, factories, held, plans, rng));
        var meetings = Meetings(plans, rng);
        // Each Laixi open plan reported at the last meeting, and the one before for those it decided on.
        plans = plans.Select(p => p.Outcome is not null || p.ZoneCode != Laixi ? p : p with
        {
            Progress = [.. p.Progress, .. meetings.Where(m => m.Decisions.Any(d => d.ResourceCode == p.ResourceCode) || m == meetings[^1])
                .Select(m => new ProgressSeed(m.HeldOn, m == meetings[^1] ? "调度会汇报：处置方案推进中，已与企业达成初步意向" : "调度会汇报：已完成现场核查", m.Key))],
        }).ToList();
        return (withFacts, new RevitalisationSeed(findings, plans, meetings));
    }

    /// <summary>
    /// Laixi's done plans: the chosen resources in a seeded order, the first <see cref="LaixiExpanded"/> expanded (改扩建), the
    /// rest new projects; investment about 70–110 万元 per mu (parcels) or 500–1200 元 per m² (factories), scaled so the
    /// year adds <see cref="LaixiInvestmentWan"/>; expected output 1.3–2.6 times the investment.
    /// </summary>
    private static IEnumerable<PlanSeed> DonePlans(IReadOnlyList<ParcelSeed> parcels, IReadOnlyList<FactorySeed> factories, Choice choice, Random rng)
    {
        var resources = choice.Revitalised.OrderBy(r => r.Key.Kind, StringComparer.Ordinal).ThenBy(r => r.Key.Code, StringComparer.Ordinal)
            .OrderBy(_ => rng.Next()).ToList();
        var raw = resources.Select(r => r.Key.Kind == "parcel"
            ? parcels.Single(p => p.Code == r.Key.Code).AreaMu * (70 + rng.NextDouble() * 40)
            : r.Value.VacantM2!.Value * (0.05 + rng.NextDouble() * 0.07)).ToList();
        var scale = LaixiInvestmentWan / raw.Sum();
        var investments = raw.Select(x => Math.Round(x * scale / 10) * 10).ToList();
        investments[^1] += LaixiInvestmentWan - investments.Sum(); // the rounding, so the year adds up exactly
        var chains = DemoZones.All.Single(z => z.Code == Laixi).Chains;
        for (var i = 0; i < resources.Count; i++)
        {
            var ((kind, code), r) = resources[i];
            var expanded = i < LaixiExpanded;
            var firm = Firm(rng);
            var chain = chains[rng.Next(chains.Length)];
            var project = expanded ? $"{firm}{chain}改扩建项目" : $"{chain}{(kind == "factory" ? "标准厂房入驻" : "")}新项目（{firm}）";
            var created = r.On.AddDays(-rng.Next(120, 240));
            var unit = Units[rng.Next(Units.Length)];
            double? amount = kind == "parcel" ? parcels.Single(p => p.Code == code).AreaMu : r.VacantM2;
            yield return new PlanSeed(kind, code, Laixi, expanded ? "企业改扩建" : "招商盘活", unit, Officer(rng),
                expanded ? $"{firm}有扩产需求，利用闲置{(kind == "parcel" ? "土地" : "厂房")}实施改扩建" : $"引进{project}，一企一策推进落地",
                created,
                [
                    new("企业约谈、摸清意向", created.AddDays(30), created.AddDays(rng.Next(20, 31))),
                    new("签订盘活协议", created.AddDays(80), created.AddDays(rng.Next(70, 81))),
                    new(expanded ? "改扩建开工" : "项目落地开工", r.On, r.On),
                ],
                [
                    new(created.AddDays(rng.Next(10, 20)), "现场踏勘，与企业对接需求"),
                    new(created.AddDays(rng.Next(85, 110)), expanded ? "改扩建方案通过评审" : "项目通过投资评审，签订入园协议"),
                ],
                new OutcomeSeed(expanded ? "expanded" : "new_project", investments[i],
                    Math.Round(investments[i] * (1.3 + rng.NextDouble() * 1.3) / 10) * 10, r.On, project),
                amount);
        }
    }

    private enum CaseKind { Warning, SuspectedNoStart, SuspectedHalted, FoundRecovery, FoundFee, FoundHaltedRecovery, FoundGovernment, Normal }

    /// <summary>Laixi's cases, the ones the demo must show first (a zone has only so many parcels supplied early enough).</summary>
    private static readonly CaseKind[] LaixiCases =
    [
        CaseKind.Warning, CaseKind.Warning, CaseKind.Warning, CaseKind.FoundRecovery, CaseKind.FoundGovernment, CaseKind.FoundFee,
        CaseKind.SuspectedNoStart, CaseKind.FoundHaltedRecovery, CaseKind.FoundGovernment, CaseKind.SuspectedHalted, CaseKind.FoundRecovery,
        CaseKind.SuspectedNoStart, CaseKind.Normal, CaseKind.Normal, CaseKind.Normal,
    ];

    private static readonly CaseKind[] OtherCases =
    [
        CaseKind.Warning, CaseKind.FoundRecovery, CaseKind.FoundGovernment, CaseKind.SuspectedNoStart, CaseKind.Normal, CaseKind.Normal,
    ];

    private static readonly string[] GovernmentTypes = ["planning-changed", "land-not-delivered", "demolition-unfinished"];

    /// <summary>
    /// The facts (and finding) of one case, against the ledger date: nearing a full year in 10–85 days (warning); over a
    /// year past the agreed start, or halted over a year with under 1/3 developed (suspected); found through the
    /// enterprise's fault more than two years ago (recovery due) or under two (fee due); found through the government's fault.
    /// </summary>
    private static (SuppliedLandSeed Facts, FindingSeed? Finding) Case(CaseKind kind, Random rng)
    {
        var d = AsOf;
        SuppliedLandSeed NotStarted(DateOnly agreed) => new(SupplyType.Transfer, agreed, null, null, null, null, 0);
        SuppliedLandSeed Halted(DateOnly agreed, DateOnly halted, double developed, double invested) =>
            new(SupplyType.Transfer, agreed, agreed.AddDays(rng.Next(30, 120)), developed, invested, halted, 0);
        FindingSeed Enterprise(DateOnly on, string note) => new("", on, IdleCause.Enterprise, null, "", note);
        switch (kind)
        {
            case CaseKind.Warning:
                return (NotStarted(d.AddYears(-1).AddDays(rng.Next(10, 86))), null);
            case CaseKind.SuspectedNoStart:
                return (NotStarted(d.AddYears(-1).AddDays(-rng.Next(20, 300))), null);
            case CaseKind.SuspectedHalted:
                return (Halted(d.AddYears(-3), d.AddYears(-1).AddDays(-rng.Next(30, 200)), 0.25, 0.2), null);
            case CaseKind.FoundRecovery:
            {
                var agreed = d.AddYears(-3).AddDays(-rng.Next(30, 200));
                return (NotStarted(agreed), Enterprise(agreed.AddYears(1).AddDays(rng.Next(40, 120)), "企业资金链断裂，超过约定动工日期满一年未动工"));
            }
            case CaseKind.FoundFee:
            {
                var agreed = d.AddYears(-1).AddDays(-rng.Next(100, 250));
                return (NotStarted(agreed), Enterprise(agreed.AddYears(1).AddDays(rng.Next(30, 60)), "企业投资计划调整，未按期动工"));
            }
            case CaseKind.FoundHaltedRecovery:
            {
                var halted = d.AddYears(-2).AddDays(-rng.Next(100, 200));
                return (Halted(d.AddYears(-4), halted, 0.18, 0.12), Enterprise(halted.AddYears(1).AddDays(rng.Next(30, 90)), "已开发面积不足三分之一，停工满一年"));
            }
            case CaseKind.FoundGovernment:
            {
                var agreed = d.AddYears(-2).AddDays(-rng.Next(0, 150));
                var type = GovernmentTypes[rng.Next(GovernmentTypes.Length)];
                var note = type switch
                {
                    "planning-changed" => "片区控制性详细规划调整，无法按原规划条件动工",
                    "land-not-delivered" => "未按约定交付净地",
                    _ => "地上附着物征收拆迁未完成",
                };
                return (NotStarted(agreed), new FindingSeed("", agreed.AddYears(1).AddDays(rng.Next(60, 150)), IdleCause.Government, type, "", note));
            }
            default:
            {
                var agreed = d.AddYears(-2).AddDays(-rng.Next(0, 700));
                return (new SuppliedLandSeed(SupplyType.Transfer, agreed, agreed.AddDays(rng.Next(0, 60)),
                    Math.Round(0.6 + rng.NextDouble() * 0.4, 2), Math.Round(0.5 + rng.NextDouble() * 0.5, 2), null, 0), null);
            }
        }
    }

    /// <summary>An open plan for each found parcel: recovery or the fee for the enterprise's fault, an art. 12 method for the government's.</summary>
    private static IEnumerable<PlanSeed> FindingPlans(IReadOnlyList<ParcelSeed> parcels, IReadOnlyList<FindingSeed> findings, Random rng)
    {
        foreach (var f in findings)
        {
            var p = parcels.Single(x => x.Code == f.ParcelCode);
            var recoveryDue = f.Cause == IdleCause.Enterprise && IdleSince(p.Supplied!).AddYears(2) <= AsOf;
            var (method, unit, notes) = f.Cause == IdleCause.Government
                ? (f.GovernmentCauseType == "planning-changed" ? "调整用途/规划条件" : "延长开工期限", "自然资源和规划分局", $"政府原因闲置：{f.Note}")
                : recoveryDue ? ("依法收回", "自然资源和规划分局", "企业原因闲置满两年，依法无偿收回后重新招商")
                : ("征收闲置费", "自然资源和规划分局", "企业原因闲置满一年，按出让价款20%征收土地闲置费，督促动工");
            yield return OpenPlan("parcel", p.Code, p.ZoneCode, method, unit, notes, rng);
        }
    }

    private static DateOnly IdleSince(SuppliedLandSeed s) => s.HaltedOn ?? s.AgreedStartOn;

    /// <summary>Open plans for idle parcels and vacant factories: four and three in Laixi, one of each elsewhere.</summary>
    private static IEnumerable<PlanSeed> VacancyPlans(IReadOnlyList<ParcelSeed> parcels, IReadOnlyList<FactorySeed> factories,
        HashSet<(string, string)> held, IReadOnlyList<PlanSeed> planned, Random rng)
    {
        var taken = planned.Select(p => (p.ResourceKind, p.ResourceCode)).ToHashSet();
        foreach (var zone in DemoZones.All)
        {
            var (nParcels, nFactories) = zone.Code == Laixi ? (4, 3) : (1, 1);
            foreach (var p in parcels.Where(p => p.ZoneCode == zone.Code && p.Status == ResourceStatus.Idle && !held.Contains(("parcel", p.Code))
                                                  && !taken.Contains(("parcel", p.Code))).OrderByDescending(p => p.AreaMu).Take(nParcels))
                yield return OpenPlan("parcel", p.Code, zone.Code, "招商盘活", Units[rng.Next(Units.Length)], $"闲置原因：{p.IdleReason}；对接意向企业，推动项目落地", rng);
            foreach (var f in factories.Where(f => f.ZoneCode == zone.Code && f.Status == ResourceStatus.Idle && !held.Contains(("factory", f.Code))
                                                   && !taken.Contains(("factory", f.Code))).OrderByDescending(f => f.VacantFloorM2).Take(nFactories))
                yield return OpenPlan("factory", f.Code, zone.Code, rng.Next(2) == 0 ? "转让/出租" : "招商盘活", Office,
                    $"空置{f.VacantFloorM2:0}平方米，推介给在谈项目，探索分割出租", rng);
        }
    }

    /// <summary>
    /// An open plan written 150–250 days before the ledger date: the survey done, the disposal scheme due 10–40 days before
    /// the ledger date (done for about half, overdue for the rest), the disposal itself due 1–4 months after.
    /// </summary>
    private static PlanSeed OpenPlan(string kind, string code, string zone, string method, string unit, string notes, Random rng)
    {
        var created = AsOf.AddDays(-rng.Next(150, 251));
        var schemeDue = AsOf.AddDays(-rng.Next(10, 41));
        DateOnly? schemeDone = rng.Next(2) == 0 ? schemeDue.AddDays(-rng.Next(0, 6)) : null;
        return new PlanSeed(kind, code, zone, method, unit, Officer(rng), notes, created,
            [
                new("现场核查、约谈权利人", created.AddDays(20), created.AddDays(rng.Next(12, 21))),
                new("制定处置方案并报批", schemeDue, schemeDone),
                new(method == "依法收回" ? "下达收回决定书" : "完成处置/项目签约", AsOf.AddDays(rng.Next(30, 121)), null),
            ],
            [new(created.AddDays(rng.Next(12, 21)), "完成现场核查，已约谈权利人")]);
    }

    /// <summary>Laixi's two past dispatch meetings, each deciding on four open plans.</summary>
    private static List<MeetingSeed> Meetings(IReadOnlyList<PlanSeed> plans, Random rng)
    {
        var open = plans.Where(p => p.Outcome is null && p.ZoneCode == Laixi).ToList();
        string[] decisions =
        [
            "限期一个月内完成处置方案报批，责任单位每周报进展", "由招商服务中心牵头对接意向企业，下次调度会前完成洽谈",
            "自然资源和规划分局依法启动收回程序", "协调供电、道路配套，为项目落地创造条件", "企业承诺年底前动工，逾期按程序处置",
        ];
        MeetingSeed Meeting(string key, DateOnly on, string title, IEnumerable<PlanSeed> decided) =>
            new(key, on, title, Laixi, decided.Select(p => new DecisionSeed(p.ResourceKind, p.ResourceCode, decisions[rng.Next(decisions.Length)])).ToList());
        return
        [
            Meeting("2026-Q2", new DateOnly(Year, 6, 26), "2026年第二季度政企闲置资源调度会", open.Take(4)),
            Meeting("2026-Q3", new DateOnly(Year, 9, 25), "2026年第三季度政企闲置资源调度会", open.Skip(2).Take(4)),
        ];
    }

    private static string Firm(Random rng) => $"青岛{FirmWords[rng.Next(FirmWords.Length)]}{(rng.Next(2) == 0 ? "机械" : "科技")}有限公司";

    private static string Officer(Random rng) => $"{Surnames[rng.Next(Surnames.Length)]}{Given[rng.Next(Given.Length)]}";
}
