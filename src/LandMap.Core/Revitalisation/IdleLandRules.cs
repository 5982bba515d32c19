using System.Globalization;

namespace LandMap.Core.Revitalisation;

/// <summary>What a rule does in the engine: defines idle land, sets the fee, the recovery, the government exemption, or
/// is one of the disposal methods allowed when the government is at fault.</summary>
public enum RuleKind { Idle, Fee, Recovery, Exemption, Disposal }

/// <summary>
/// One rule of data/idle_land_rules.csv. <see cref="Confirmed"/> is false for V2 lines (recalled from the regulation,
/// not yet checked against the original): the UI shows their results as "to be confirmed" (待核实). A disposal rule names
/// the plan's disposal method it allows (<see cref="PlanMethod"/>, one of LandMap.Core.Plans.PlanLists.DisposalMethods).
/// </summary>
public sealed record IdleLandRule(
    string RuleSet, string Id, string Article, RuleKind Kind, string Content, int? Years, double? AreaShare,
    double? InvestedShare, decimal? FeeShare, int? LimitYears, string Status, string Source, string? PlanMethod = null, string? ArticleEn = null)
{
    public bool Confirmed => Status == "V";
}

/// <summary>
/// The rules in force: the national rules (国土资源部令第53号) plus, for a provincial variant, that province's rows.
/// Loaded from the embedded data/idle_land_rules.csv and validated when loaded, so a broken table stops the start.
/// </summary>
public sealed class IdleLandRuleSet
{
    public const string National = "national";

    public const string NoStart = "idle-no-start";
    public const string Halted = "idle-halted";
    public const string Fee = "idle-fee";
    public const string Recovery = "idle-recovery";
    public const string GovernmentCause = "government-cause";

    private static readonly string[] Required = [NoStart, Halted, Fee, Recovery, GovernmentCause];
    private static readonly string[] Statuses = ["V", "V2"];

    public string Name { get; }
    public IReadOnlyList<IdleLandRule> Rules { get; }

    private IdleLandRuleSet(string name, IReadOnlyList<IdleLandRule> rules) => (Name, Rules) = (name, rules);

    public IdleLandRule this[string id] => Rules.Single(r => r.Id == id);

    /// <summary>Idle-definition rules added by the province (national ones are handled by name).</summary>
    public IEnumerable<IdleLandRule> ProvincialIdleRules => Rules.Where(r => r.Kind == RuleKind.Idle && r.RuleSet != National);

    public IEnumerable<IdleLandRule> DisposalMethods => Rules.Where(r => r.Kind == RuleKind.Disposal);

    /// <summary>The plans' disposal methods these rules allow when the government is at fault (art. 12), in table order.</summary>
    public IReadOnlyList<string> GovernmentCauseMethods => [.. DisposalMethods.Select(r => r.PlanMethod!).Distinct()];

    /// <summary>The rule-set names in the shipped table (national, hainan …).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ReferenceCsv.Read("idle_land_rules.csv").Select(r => r["ruleset"]).Distinct().ToList();

    public static IdleLandRuleSet Load(string name = National) =>
        From(name, ReferenceCsv.Read("idle_land_rules.csv"));

    /// <summary>Builds and validates a rule set from table rows (tests pass hand-made rows).</summary>
    public static IdleLandRuleSet From(string name, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        if (!rows.Any(r => r["ruleset"] == name))
            throw new InvalidOperationException($"idle_land_rules: no rule set named '{name}'");
        var rules = rows.Where(r => r["ruleset"] == National || r["ruleset"] == name).Select(Parse).ToList();
        var duplicate = rules.GroupBy(r => r.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"idle_land_rules: rule id '{duplicate.Key}' appears twice");
        foreach (var id in Required.Where(id => rules.All(r => r.Id != id)))
            throw new InvalidOperationException($"idle_land_rules: required rule '{id}' is missing");
        if (!rules.Any(r => r.Kind == RuleKind.Disposal))
            throw new InvalidOperationException("idle_land_rules: no disposal method for government-caused delays");
        foreach (var r in rules.Where(r => r.Kind == RuleKind.Disposal))
            Require(r.PlanMethod is not null && Plans.PlanLists.DisposalMethods.Contains(r.PlanMethod), r.Id, "a plan_method that is one of the plans' disposal methods");
        var set = new IdleLandRuleSet(name, rules);
        Require(set[NoStart].Years is > 0, NoStart, "years");
        Require(set[Halted].Years is > 0 && set[Halted].AreaShare is not null && set[Halted].InvestedShare is not null, Halted, "years, area_share, invested_share");
        Require(set[Fee].Years is > 0 && set[Fee].FeeShare is not null, Fee, "years, fee_share");
        Require(set[Recovery].Years > set[Fee].Years, Recovery, "years (more than the fee's)");
        foreach (var r in set.ProvincialIdleRules)
            Require(r.Years is > 0 && (r.AreaShare ?? r.InvestedShare) is not null, r.Id, "years and a share");
        return set;
    }

    private static void Require(bool ok, string id, string what)
    {
        if (!ok) throw new InvalidOperationException($"idle_land_rules: rule '{id}' needs {what}");
    }

    private static IdleLandRule Parse(IReadOnlyDictionary<string, string> r)
    {
        var id = r["id"];
        if (string.IsNullOrWhiteSpace(id)) throw new InvalidOperationException("idle_land_rules: a rule without id");
        if (!Statuses.Contains(r["status"])) throw new InvalidOperationException($"idle_land_rules: rule '{id}' has status '{r["status"]}', not V or V2");
        if (!Enum.TryParse<RuleKind>(r["kind"], ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            throw new InvalidOperationException($"idle_land_rules: rule '{id}' has kind '{r["kind"]}'");
        if (string.IsNullOrWhiteSpace(r["article"]) || string.IsNullOrWhiteSpace(r["source"]))
            throw new InvalidOperationException($"idle_land_rules: rule '{id}' needs an article and a source");
        return new IdleLandRule(r["ruleset"], id, r["article"], kind, r["content"], Int(r, "years", id), Share(r, "area_share", id),
            Share(r, "invested_share", id), (decimal?)Share(r, "fee_share", id), Int(r, "limit_years", id), r["status"], r["source"],
            r.GetValueOrDefault("plan_method") is { Length: > 0 } method ? method : null,
            r.GetValueOrDefault("article_en") is { Length: > 0 } articleEn ? articleEn : null);
    }

    private static int? Int(IReadOnlyDictionary<string, string> r, string column, string id) =>
        r[column] is "" ? null
        : int.TryParse(r[column], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
        : throw new InvalidOperationException($"idle_land_rules: rule '{id}' {column} '{r[column]}' is not a positive whole number");

    /// <summary>A share in (0, 1], written as a decimal (0.25) or a fraction (1/3) so that a third stays exact enough
    /// that a developed share of exactly 1/3 is not "under 1/3".</summary>
    private static double? Share(IReadOnlyDictionary<string, string> r, string column, string id)
    {
        var text = r[column];
        if (text is "") return null;
        var parts = text.Split('/');
        double? v = parts.Length switch
        {
            1 when double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            2 when double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m != 0 => n / m,
            _ => null,
        };
        return v is > 0 and <= 1 ? v : throw new InvalidOperationException($"idle_land_rules: rule '{id}' {column} '{text}' is not a share in (0, 1]");
    }
}
