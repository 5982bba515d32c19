using LandMap.Core.Projects;

namespace LandMap.Core.Matching;

/// <summary>大项目供地、小项目入园: projects at or above either threshold get land; the rest factory space.</summary>
public sealed record RoutingOptions
{
    public double LandMinInvestmentWan { get; init; } = 10_000; // 1 亿元
    public double LandMinNeedMu { get; init; } = 20;
}

public sealed record RouteDecision(string Pool, string Rule, string RuleZh);

/// <summary>A candidate (all checks passed) or a near miss (one or two failed), with its score and why.</summary>
public sealed record Evaluation(
    string Code, string Kind, string ZoneCode, double Score, IReadOnlyList<Criterion> Breakdown, string Reason, string ReasonZh,
    IReadOnlyList<Check> Checks)
{
    public IReadOnlyList<Check> Failures => Checks.Where(c => !c.Passed).ToList();
}

public sealed record MatchResult(RouteDecision Route, IReadOnlyList<Evaluation> Candidates, IReadOnlyList<Evaluation> NearMisses);

public static class Matcher
{
    public const string Land = "land";
    public const string Factory = "factory";
    public const int MaxFailuresForNearMiss = 2;

    public static RouteDecision RouteOf(Project p, RoutingOptions o)
    {
        if (p.LandNeedMu is null && p.FloorNeedM2 is not null)
            return new(Factory, "only floor space requested (floorNeedM2)", "仅提出厂房面积需求");
        if (p.FloorNeedM2 is null && p.LandNeedMu is not null && p.InvestmentWan < o.LandMinInvestmentWan && p.LandNeedMu < o.LandMinNeedMu)
            return new(Land, "only land requested (landNeedMu)", "仅提出用地需求");
        if (p.InvestmentWan >= o.LandMinInvestmentWan)
            return new(Land, $"investment {Checks.F(p.InvestmentWan)} 万元 ≥ {Checks.F(o.LandMinInvestmentWan)} 万元: big project gets land",
                $"投资 {Checks.F(p.InvestmentWan)} 万元 ≥ {Checks.F(o.LandMinInvestmentWan)} 万元，大项目供地");
        if (p.LandNeedMu is { } mu && mu >= o.LandMinNeedMu)
            return new(Land, $"land need {Checks.F(mu)} mu ≥ {Checks.F(o.LandMinNeedMu)} mu: big project gets land",
                $"用地需求 {Checks.F(mu)} 亩 ≥ {Checks.F(o.LandMinNeedMu)} 亩，大项目供地");
        return new(Factory, $"investment < {Checks.F(o.LandMinInvestmentWan)} 万元 and land need < {Checks.F(o.LandMinNeedMu)} mu: small project moves into factory space",
            $"投资 < {Checks.F(o.LandMinInvestmentWan)} 万元且用地 < {Checks.F(o.LandMinNeedMu)} 亩，小项目入园");
    }

    public static (IReadOnlyList<Evaluation> Candidates, IReadOnlyList<Evaluation> NearMisses) MatchLand(
        Project p, IEnumerable<ParcelCandidate> parcels, ScoreWeights w, MatchOptions o, DateOnly asOf) =>
        Split(parcels.Select(c =>
        {
            var checks = Checks.ForParcel(p, c, o);
            var parts = Scoring.ForParcel(p, c, w, o, asOf);
            var (en, zh) = Scoring.Reason(parts);
            return new Evaluation(c.Code, Land, c.ZoneCode, Scoring.Total(parts), parts, en, zh, checks);
        }));

    public static (IReadOnlyList<Evaluation> Candidates, IReadOnlyList<Evaluation> NearMisses) MatchFactories(
        Project p, IEnumerable<FactoryCandidate> factories, ScoreWeights w, DateOnly asOf) =>
        Split(factories.Select(c =>
        {
            var checks = Checks.ForFactory(p, c);
            var parts = Scoring.ForFactory(p, c, w, asOf);
            var (en, zh) = Scoring.Reason(parts);
            return new Evaluation(c.Code, Factory, c.ZoneCode, Scoring.Total(parts), parts, en, zh, checks);
        }));

    private static (IReadOnlyList<Evaluation>, IReadOnlyList<Evaluation>) Split(IEnumerable<Evaluation> all)
    {
        var list = all.ToList();
        var candidates = RankCandidates(list.Where(e => e.Failures.Count == 0)).ToList();
        var near = RankNearMisses(list.Where(e => e.Failures.Count is > 0 and <= MaxFailuresForNearMiss && e.Failures.All(f => f.Code != "status-unavailable"))).ToList();
        return (candidates, near);
    }

    /// <summary>By score, then by code (ordinal) so ties always break the same way; also used to merge the two pools.</summary>
    public static IEnumerable<Evaluation> RankCandidates(IEnumerable<Evaluation> candidates) =>
        candidates.OrderByDescending(e => e.Score).ThenBy(e => e.Code, StringComparer.Ordinal);

    /// <summary>Fewest failed checks first, then as candidates.</summary>
    public static IEnumerable<Evaluation> RankNearMisses(IEnumerable<Evaluation> near) =>
        near.OrderBy(e => e.Failures.Count).ThenByDescending(e => e.Score).ThenBy(e => e.Code, StringComparer.Ordinal);
}
