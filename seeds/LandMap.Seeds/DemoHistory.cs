using LandMap.Core.Projects;
using LandMap.Core.Resources;

namespace LandMap.Seeds;

/// <summary>
/// The demo's back-dated history, 2021–2026, consistent with the rows as generated: every record starts at the 2021
/// survey (摸排登记, idle) and steps through idle → negotiating → reserved → allocated → in_use to its status now; a
/// factory's vacant floor changes when part of it is let (half let, status unchanged) and when it leaves the available
/// statuses, ending at its vacant floor now. The story follows the source articles: Laixi absorbs
/// <see cref="LaixiFactoryM2In2023"/> m² of factory space in 2023 (absorbed = vacant m² leaving idle/negotiating), and the
/// Qingdao zones revitalise hundreds of mu of idle land a year (into allocated). Demo projects hold reserved or allocated
/// resources through reservations dated on the resource's reserved step. Deterministic: one seeded <see cref="Random"/>.
/// </summary>
public sealed class DemoHistory(Random rng, IReadOnlyDictionary<(string Kind, string Code), DemoHistory.Revitalised>? revitalised = null)
{
    /// <summary>
    /// A resource a done plan (一地一策) revitalised (<see cref="DemoRevitalisation"/>): it stepped from idle through
    /// negotiating into allocated on <paramref name="On"/> (10:00 China time), a factory with <paramref name="VacantM2"/>
    /// vacant until that step and none after. No project holds it and Laixi's 2023 absorption leaves it alone.
    /// </summary>
    public sealed record Revitalised(DateOnly On, double? VacantM2 = null);

    private readonly IReadOnlyDictionary<(string Kind, string Code), Revitalised> _revitalised = revitalised ?? new Dictionary<(string, string), Revitalised>();

    public const string LaixiZone = "LXEDZ";
    public const int LaixiYear = 2023;
    public const double LaixiFactoryM2In2023 = 55_000;

    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    public static readonly DateTimeOffset Survey = new(2021, 1, 4, 9, 0, 0, China);
    public static readonly DateTimeOffset End = new(DemoGenerator.AsOf.ToDateTime(new TimeOnly(17, 0)), China);

    private const string Ledger = "台账导入";
    private const string Office = "招商服务中心";
    private static readonly string[] Verifiers = ["测绘队 张工", "测绘队 李工", "招商服务中心", "园区管委会 王工"];

    public sealed record Result(
        IReadOnlyList<ParcelSeed> Parcels, IReadOnlyList<FactorySeed> Factories, IReadOnlyList<HistorySeed> History,
        IReadOnlyList<ProjectSeed> Projects, IReadOnlyList<ReservationSeed> Reservations);

    /// <summary>A factory's vacancy story: vacant at the survey, after a partial let (null: none), and the year it was absorbed.</summary>
    private sealed record FactoryPlan(double SurveyVacantM2, double? LetToM2, int Year);

    public Result Build(IReadOnlyList<ParcelSeed> parcels, IReadOnlyList<FactorySeed> factories)
    {
        var holders = Holders(parcels, factories);
        var plans = factories.ToDictionary(f => f.Code, Plan);
        ScheduleLaixi(factories.Where(f => !_revitalised.ContainsKey(("factory", f.Code))).ToList(), plans);
        foreach (var ((kind, code), r) in _revitalised.Where(r => r.Key.Kind == "factory"))
            plans[code] = new FactoryPlan(r.VacantM2!.Value, null, r.On.Year);

        var history = new List<HistorySeed>();
        var reservedAt = new Dictionary<string, DateTimeOffset>();
        foreach (var p in parcels)
        {
            var holder = holders.GetValueOrDefault(("parcel", p.Code))?.Project.Name;
            history.AddRange(_revitalised.TryGetValue(("parcel", p.Code), out var r)
                ? RevitalisedHistory("parcel", p.Code, p.ZoneCode, r, null, null)
                : ParcelHistory(p, holder, reservedAt));
        }
        foreach (var f in factories)
        {
            var holder = holders.GetValueOrDefault(("factory", f.Code))?.Project.Name;
            history.AddRange(_revitalised.TryGetValue(("factory", f.Code), out var r)
                ? RevitalisedHistory("factory", f.Code, f.ZoneCode, r, r.VacantM2, f.VacantFloorM2)
                : FactoryHistory(f, plans[f.Code], holder, reservedAt));
        }

        var projects = new List<ProjectSeed>();
        var reservations = new List<ReservationSeed>();
        foreach (var spec in DemoProjects.All)
        {
            var held = holders.FirstOrDefault(h => h.Value.Project.Name == spec.Project.Name);
            var project = held.Value?.Project ?? spec.Project;
            DateTimeOffset created;
            if (held.Value is not null)
            {
                var at = reservedAt[held.Key.Code];
                created = Max(at.AddDays(-rng.Next(15, 90)), Survey); // registered before its reservation, not before the survey
                var (kind, code) = held.Key;
                var zone = kind == "parcel" ? parcels.First(p => p.Code == code).ZoneCode : factories.First(f => f.Code == code).ZoneCode;
                reservations.Add(new ReservationSeed(project.Name, kind, code, zone, kind == "factory" ? project.FloorNeedM2 : null,
                    ResourceStatus.Negotiating, at, Office));
            }
            else created = Between(new DateTimeOffset(2022, 1, 1, 10, 0, 0, China), new DateTimeOffset(2026, 6, 30, 10, 0, 0, China));
            projects.Add(new ProjectSeed(project, created, Office));
            history.AddRange(ProjectHistory(project, created));
        }

        return new Result(parcels.Select(p => p with { VerifiedAt = Verified(), VerifiedBy = Verifiers[rng.Next(Verifiers.Length)] }).ToList(),
            factories.Select(f => f with { VerifiedAt = Verified(), VerifiedBy = Verifiers[rng.Next(Verifiers.Length)] }).ToList(),
            history, projects, reservations);
    }

    /// <summary>Last verified: most within the last 55 days of the ledger date, about one in ten 100–500 days before (stale).</summary>
    private DateTimeOffset Verified() =>
        End.AddDays(rng.NextDouble() < 0.1 ? -rng.Next(100, 500) : -rng.Next(0, 55)).AddHours(-rng.Next(0, 8));

    /// <summary>
    /// Which demo project holds which resource: one in its preferred zone whose status fits the stage (reserved while
    /// negotiating or signed, allocated once started) and whose land use its pollution class allows; the need is set to
    /// what it holds (a parcel's area, at most the factory's floor space).
    /// </summary>
    private Dictionary<(string Kind, string Code), DemoProjects.Spec> Holders(IReadOnlyList<ParcelSeed> parcels, IReadOnlyList<FactorySeed> factories)
    {
        var held = new Dictionary<(string, string), DemoProjects.Spec>();
        bool Free(string kind, string code) => !held.ContainsKey((kind, code)) && !_revitalised.ContainsKey((kind, code));
        foreach (var spec in DemoProjects.All.Where(s => s.Holds is not null))
        {
            var p = spec.Project;
            var status = p.Stage is ProjectStages.Negotiating or ProjectStages.Signed ? ResourceStatus.Reserved : ResourceStatus.Allocated;
            if (spec.Holds == "parcel")
            {
                var parcel = parcels.Where(x => x.ZoneCode == p.PreferredZones[0] && x.Status == status && Free("parcel", x.Code)
                                                && PollutionClasses.Allows(p.PollutionClass, x.LandUse))
                    .OrderBy(x => Math.Abs(x.AreaMu - p.LandNeedMu!.Value)).ThenBy(x => x.Code, StringComparer.Ordinal).FirstOrDefault();
                if (parcel is not null)
                    held[("parcel", parcel.Code)] = spec with { Project = p with { LandNeedMu = Math.Max(1, Math.Floor(parcel.AreaMu)) } };
            }
            else
            {
                var factory = factories.Where(x => x.ZoneCode == p.PreferredZones[0] && x.Status == status && Free("factory", x.Code))
                    .OrderBy(x => Math.Abs(x.TotalFloorM2 - p.FloorNeedM2!.Value)).ThenBy(x => x.Code, StringComparer.Ordinal).FirstOrDefault();
                if (factory is not null)
                    held[("factory", factory.Code)] = spec with { Project = p with { FloorNeedM2 = Math.Min(p.FloorNeedM2!.Value, factory.TotalFloorM2) } };
            }
        }
        return held;
    }

    /// <summary>
    /// A factory's vacancy story. Available now: half of the time part of it was let since the survey (vacant then = now +
    /// the let part). Not available now: fully vacant at the survey, sometimes part let first, the rest taken when it left
    /// the available statuses. The year of those changes is random (2021–2026) unless <see cref="ScheduleLaixi"/> sets it.
    /// </summary>
    private FactoryPlan Plan(FactorySeed f)
    {
        var year = rng.Next(2021, 2027);
        if (ResourceStatus.Available.Contains(f.Status))
        {
            var room = f.TotalFloorM2 - f.VacantFloorM2;
            if (room < 200 || rng.NextDouble() < 0.5) return new FactoryPlan(f.VacantFloorM2, null, year);
            var let = Math.Round(room * (0.3 + rng.NextDouble() * 0.5) / 10) * 10;
            return new FactoryPlan(f.VacantFloorM2 + let, f.VacantFloorM2, year);
        }
        var low = Math.Max(f.VacantFloorM2, f.TotalFloorM2 * 0.4);
        return low < f.TotalFloorM2 * 0.8 && rng.NextDouble() < 0.4
            ? new FactoryPlan(f.TotalFloorM2, Math.Round((low + rng.NextDouble() * (f.TotalFloorM2 * 0.8 - low)) / 10) * 10, year)
            : new FactoryPlan(f.TotalFloorM2, null, year);
    }

    /// <summary>m² that left the available statuses over a factory's history: the let part, and all that was vacant when it was taken.</summary>
    private static double AbsorbedM2(FactorySeed f, FactoryPlan plan) =>
        ResourceStatus.Available.Contains(f.Status) ? plan.SurveyVacantM2 - f.VacantFloorM2 : plan.SurveyVacantM2;

    /// <summary>
    /// Laixi's 2023: factories (in a seeded order) whose absorption fits go to 2023 until the article's 55,000 m² is nearly
    /// reached; the rest is one idle building half let that year. Every other Laixi factory absorbs in another year.
    /// </summary>
    private void ScheduleLaixi(IReadOnlyList<FactorySeed> factories, Dictionary<string, FactoryPlan> plans)
    {
        var laixi = factories.Where(f => f.ZoneCode == LaixiZone).OrderBy(_ => rng.Next()).ToList();
        var otherYears = new[] { 2021, 2022, 2024, 2025, 2026 };
        var sum = 0.0;
        var chosen = new HashSet<string>();
        foreach (var f in laixi)
        {
            var absorbed = AbsorbedM2(f, plans[f.Code]);
            if (absorbed > 0 && sum + absorbed <= LaixiFactoryM2In2023 - 1000)
            {
                sum += absorbed;
                chosen.Add(f.Code);
            }
        }
        var rest = LaixiFactoryM2In2023 - sum;
        if (laixi.FirstOrDefault(f => !chosen.Contains(f.Code) && ResourceStatus.Available.Contains(f.Status)
                                      && f.TotalFloorM2 - f.VacantFloorM2 >= rest) is { } halfLet)
        {
            plans[halfLet.Code] = new FactoryPlan(halfLet.VacantFloorM2 + rest, halfLet.VacantFloorM2, LaixiYear);
            chosen.Add(halfLet.Code);
        }
        foreach (var f in laixi)
            plans[f.Code] = plans[f.Code] with { Year = chosen.Contains(f.Code) ? LaixiYear : otherYears[rng.Next(otherYears.Length)] };
    }

    /// <summary>The status steps from idle to <paramref name="status"/>; an idle record sometimes negotiated and fell back.</summary>
    private List<string> Steps(string status)
    {
        var steps = ResourceStatus.All.TakeWhile(s => s != status).Append(status).Skip(1).ToList();
        return status == ResourceStatus.Idle && rng.NextDouble() < 0.12 ? [ResourceStatus.Negotiating, ResourceStatus.Idle] : steps;
    }

    private IEnumerable<HistorySeed> ParcelHistory(ParcelSeed p, string? holder, Dictionary<string, DateTimeOffset> reservedAt)
    {
        var created = Survey.AddDays(rng.Next(0, 150));
        yield return new HistorySeed("parcel", p.Code, p.ZoneCode, null, ResourceStatus.Idle, created, Ledger, "摸排登记");
        var steps = Steps(p.Status);
        if (steps.Count == 0) yield break;
        // The step into allocated (revitalisation) lands in a random year; the others around it.
        var anchor = steps.Contains(ResourceStatus.Allocated) ? steps.IndexOf(ResourceStatus.Allocated) : steps.Count - 1;
        var dates = Around(created, InYear(rng.Next(2021, 2027), created, lateCap: false), steps.Count, anchor, tightAfter: 0);
        var from = ResourceStatus.Idle;
        for (var i = 0; i < steps.Count; i++)
        {
            var to = steps[i];
            if (to == ResourceStatus.Reserved) reservedAt[p.Code] = dates[i];
            yield return new HistorySeed("parcel", p.Code, p.ZoneCode, from, to, dates[i], Office, Note(to, holder));
            from = to;
        }
    }

    private IEnumerable<HistorySeed> FactoryHistory(FactorySeed f, FactoryPlan plan, string? holder, Dictionary<string, DateTimeOffset> reservedAt)
    {
        var created = Survey.AddDays(rng.Next(0, 150));
        var vacant = plan.SurveyVacantM2;
        yield return new HistorySeed("factory", f.Code, f.ZoneCode, null, ResourceStatus.Idle, created, Ledger, "摸排登记", null, vacant);

        // Events in order: the partial let (if any), then the status steps; the vacant floor becomes the current one at the
        // first step out of the available statuses (or at the let, for a factory still available).
        var steps = Steps(f.Status);
        var events = new List<(string To, double VacantAfter, string? Note)>();
        var status = ResourceStatus.Idle;
        if (plan.LetToM2 is { } letTo) events.Add((status, letTo, "部分出租"));
        var taken = false;
        foreach (var to in steps)
        {
            var leaves = !taken && !ResourceStatus.Available.Contains(to);
            taken |= leaves;
            events.Add((to, leaves ? f.VacantFloorM2 : events.Count > 0 ? events[^1].VacantAfter : vacant, Note(to, holder)));
        }
        if (events.Count == 0) yield break;
        if (!taken && events[^1].VacantAfter != f.VacantFloorM2) throw new InvalidOperationException($"{f.Code}: vacancy does not end at the stored value");

        // The absorbing events (the let, the step out of the available statuses) fall in the plan's year, close together.
        var firstTaken = events.FindIndex(e => !ResourceStatus.Available.Contains(e.To));
        var anchor = plan.LetToM2 is not null ? 0 : Math.Max(0, firstTaken);
        var dates = Around(created, InYear(plan.Year, created, lateCap: true), events.Count, anchor, tightAfter: Math.Max(anchor, firstTaken));
        foreach (var (e, i) in events.Select((e, i) => (e, i)))
        {
            if (e.To == ResourceStatus.Reserved && status != ResourceStatus.Reserved) reservedAt[f.Code] = dates[i];
            yield return new HistorySeed("factory", f.Code, f.ZoneCode, status, e.To, dates[i], Office, e.Note, vacant, e.VacantAfter);
            (status, vacant) = (e.To, e.VacantAfter);
        }
    }

    /// <summary>
    /// A revitalised resource: the survey (idle), negotiations 20–80 days before, and the step into allocated on the
    /// revitalisation day, when a factory's vacant floor goes from what the plan revitalised to what it has now.
    /// </summary>
    private IEnumerable<HistorySeed> RevitalisedHistory(string kind, string code, string zone, Revitalised r, double? vacantBefore, double? vacantNow)
    {
        var created = Survey.AddDays(rng.Next(0, 150));
        var on = new DateTimeOffset(r.On.ToDateTime(new TimeOnly(10, 0)), China);
        var talks = on.AddDays(-rng.Next(20, 81)).AddHours(-rng.Next(0, 6));
        yield return new HistorySeed(kind, code, zone, null, ResourceStatus.Idle, created, Ledger, "摸排登记", null, vacantBefore);
        yield return new HistorySeed(kind, code, zone, ResourceStatus.Idle, ResourceStatus.Negotiating, talks, Office, null, vacantBefore, vacantBefore);
        yield return new HistorySeed(kind, code, zone, ResourceStatus.Negotiating, ResourceStatus.Allocated, on, Office, "一地一策：盘活", vacantBefore, vacantNow);
    }

    private IEnumerable<HistorySeed> ProjectHistory(Project p, DateTimeOffset created)
    {
        yield return new HistorySeed("project", p.Name, null, null, ProjectStages.Negotiating, created, Office, "项目登记");
        List<string> stages = p.Stage != ProjectStages.Withdrawn ? ProjectStages.All.TakeWhile(s => s != p.Stage).Append(p.Stage).Skip(1).ToList()
            : rng.NextDouble() < 0.5 ? [ProjectStages.Withdrawn] : [ProjectStages.Signed, ProjectStages.Withdrawn];
        var dates = Around(created, created, stages.Count + 1, 0, tightAfter: 0);
        var from = ProjectStages.Negotiating;
        for (var i = 0; i < stages.Count; i++)
        {
            yield return new HistorySeed("project", p.Name, null, from, stages[i], dates[i + 1], Office,
                stages[i] == ProjectStages.Withdrawn ? "企业投资计划调整，项目终止" : null);
            from = stages[i];
        }
    }

    private static string? Note(string to, string? holder) => to switch
    {
        ResourceStatus.Reserved when holder is not null => $"预留给项目 {holder}",
        ResourceStatus.Idle => "洽谈终止",
        ResourceStatus.Allocated => "供地/签约入驻",
        _ => null,
    };

    /// <summary>A moment in <paramref name="year"/> after the record's creation; lateCap keeps it before October (so the
    /// changes that follow within weeks stay in that year).</summary>
    private DateTimeOffset InYear(int year, DateTimeOffset after, bool lateCap)
    {
        var lo = Max(after.AddDays(20), new DateTimeOffset(year, 1, 5, 10, 0, 0, China));
        var hi = Min(new DateTimeOffset(year, lateCap ? 9 : 12, lateCap ? 30 : 15, 16, 0, 0, China), End.AddDays(-20));
        return lo < hi ? Between(lo, hi) : Between(after.AddDays(20), End.AddDays(-20));
    }

    /// <summary>
    /// n increasing dates with date[anchor] = <paramref name="at"/>: earlier ones 15–60 days apart before it, later ones
    /// 10–35 days apart up to index <paramref name="tightAfter"/> and 20–120 days after that; squeezed evenly into
    /// (created, End) when they would not fit, the close ones kept close (they belong to the anchor's year).
    /// </summary>
    private DateTimeOffset[] Around(DateTimeOffset created, DateTimeOffset at, int n, int anchor, int tightAfter)
    {
        var dates = new DateTimeOffset[n];
        dates[anchor] = at;
        for (var i = anchor - 1; i >= 0; i--) dates[i] = dates[i + 1].AddDays(-rng.Next(15, 61));
        if (anchor > 0 && dates[0] <= created.AddDays(1))
            for (var i = 0; i < anchor; i++) dates[i] = created + (at - created) * (i + 1) / (anchor + 1);
        for (var i = anchor + 1; i < n; i++) dates[i] = dates[i - 1].AddDays(i <= tightAfter ? rng.Next(10, 36) : rng.Next(20, 121));
        var from = Math.Min(Math.Max(anchor, tightAfter), n - 1);
        if (dates[from] >= End) from = anchor;
        if (n - 1 > from && dates[^1] >= End)
            for (var i = from + 1; i < n; i++) dates[i] = dates[from] + (End - dates[from]) * (i - from) / (n - from);
        return dates;
    }

    private DateTimeOffset Between(DateTimeOffset lo, DateTimeOffset hi) => lo + (hi - lo) * rng.NextDouble();

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
