using LandMap.Core.Revitalisation;

namespace LandMap.Core.Plans;

/// <summary>
/// The fixed lists a plan (一地一策) draws from; migration 009's CHECKs hold the same values. Disposal methods: art. 12 of
/// 《闲置土地处置办法》 (MLR Order No. 53, 2012) for government causes (延长开工期限, 调整用途/规划条件, 临时使用, 协议有偿收回,
/// 置换土地), art. 14 for the enterprise's fault (依法收回, 征收闲置费), and the zones' own revitalisation measures.
/// </summary>
public static class PlanLists
{
    public static readonly IReadOnlyList<string> DisposalMethods =
    [
        "依法收回", "征收闲置费", "延长开工期限", "调整用途/规划条件", "临时使用", "协议有偿收回", "置换土地", "招商盘活", "企业改扩建", "转让/出租", "其他",
    ];

    /// <summary>
    /// The methods art. 12 allows when the delay is the government's fault (V2 in reference/idle_land_rules.md), read from
    /// the national rules (data/idle_land_rules.csv, dispose-* rows, column plan_method): one source for the rules and the
    /// plans. The rule set in force (IdleLand:RuleSet) has its own list, <see cref="IdleLandRuleSet.GovernmentCauseMethods"/>.
    /// </summary>
    public static IReadOnlyList<string> GovernmentCauseMethods { get; } = IdleLandRuleSet.Load().GovernmentCauseMethods;

    public const string Open = "open", Done = "done", Abandoned = "abandoned";

    public static readonly IReadOnlyList<string> Statuses = [Open, Done, Abandoned];

    public static readonly IReadOnlyList<string> ResourceKinds = ["parcel", "factory"];

    /// <summary>How a resource was revitalised: the firm on it expanded (改扩建) or a new project landed.</summary>
    public static readonly IReadOnlyList<string> OutcomeKinds = ["expanded", "new_project"];

    public const int MaxCode = 100, MaxUnit = 200, MaxOfficer = 100, MaxTitle = 200, MaxText = 4000;

    /// <summary>Dates outside this range are typing mistakes (the database refuses them too).</summary>
    public static readonly DateOnly FirstDay = new(2000, 1, 1), LastDay = new(2100, 12, 31);

    /// <summary>Investment and output in 万元 above this are typing mistakes.</summary>
    public const double MaxWan = 1e9;
}
