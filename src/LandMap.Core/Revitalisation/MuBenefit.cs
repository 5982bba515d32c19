namespace LandMap.Core.Revitalisation;

/// <summary>The grades of the Shandong 亩产效益 evaluation (S25, 济高新管发〔2024〕4号): A 优先发展类, B 支持发展类,
/// C 提升发展类, D 限制发展类. C and D are the 腾笼换鸟 candidates.</summary>
public static class MuBenefitGrade
{
    public const string A = "A";
    public const string B = "B";
    public const string C = "C";
    public const string D = "D";

    public static IReadOnlyList<string> All { get; } = [A, B, C, D];

    /// <summary>Grades whose land is listed as a 腾笼换鸟 candidate (C 相对控制, D 严格限制).</summary>
    public static IReadOnlyList<string> Candidates { get; } = [C, D];
}

/// <summary>Why a parcel got no grade for a year.</summary>
public static class NotGraded
{
    /// <summary>No figures for the parcel in that year.</summary>
    public const string NoFigures = "no-figures";

    /// <summary>The parcel has no area to divide by.</summary>
    public const string NoArea = "no-area";
}

/// <summary>
/// The cut-offs of the grade by 亩均税收 (tax per mu, 万元/亩/年): at or above <see cref="ATaxWanPerMu"/> A, at or above
/// <see cref="BTaxWanPerMu"/> B, at or above <see cref="CTaxWanPerMu"/> C, below D. <see cref="Source"/> says where the
/// figures come from; the shipped ones are a local setting (no Qingdao or Jinan cut-offs were found, mu_benefit_shandong.csv
/// "U"), and <see cref="Method"/> cites the evaluation method the grading follows.
/// </summary>
public sealed record MuBenefitThresholds(double ATaxWanPerMu, double BTaxWanPerMu, double CTaxWanPerMu, string Source, string Method)
{
    /// <summary>The reasons these thresholds cannot be used (empty when they can): finite, A &gt; B &gt; C ≥ 0, source and method named.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        double[] all = [ATaxWanPerMu, BTaxWanPerMu, CTaxWanPerMu];
        if (!all.All(double.IsFinite) || CTaxWanPerMu < 0) problems.Add("thresholds must be finite and not negative");
        else if (!(ATaxWanPerMu > BTaxWanPerMu && BTaxWanPerMu > CTaxWanPerMu)) problems.Add("thresholds must fall from A to C (A > B > C)");
        if (string.IsNullOrWhiteSpace(Source)) problems.Add("the thresholds' source is required (a document, or \"local setting\")");
        if (string.IsNullOrWhiteSpace(Method)) problems.Add("the evaluation method cited is required");
        return problems;
    }

    /// <summary>The grade of a tax per mu; a value exactly at a cut-off takes the higher grade.</summary>
    public string Grade(double taxWanPerMu) =>
        taxWanPerMu >= ATaxWanPerMu ? MuBenefitGrade.A
        : taxWanPerMu >= BTaxWanPerMu ? MuBenefitGrade.B
        : taxWanPerMu >= CTaxWanPerMu ? MuBenefitGrade.C
        : MuBenefitGrade.D;
}

/// <summary>One year's figures of the firm on a parcel (万元; jobs a head count). Output and jobs may be unknown.</summary>
public sealed record YearFigures(int Year, double TaxWan, double RevenueWan, double? OutputWan, int? Jobs, string? Enterprise);

/// <summary>A parcel of the register as graded: its code, zone, area from geometry and its figures by year.</summary>
public sealed record RegisterParcel(string Code, string ZoneCode, double AreaMu, IReadOnlyList<YearFigures> Years);

/// <summary>
/// A parcel's per-mu figures and grade for a year. <see cref="Grade"/> is null when it could not be graded
/// (<see cref="NotGradedReason"/> says why). <see cref="Candidate"/>: a C or D parcel, a 腾笼换鸟 candidate whose whole
/// area (<see cref="FreeableMu"/>) could be freed for a better project.
/// </summary>
public sealed record MuBenefitResult(
    string Code, string ZoneCode, int Year, double AreaMu, string? Enterprise, double? TaxWan, double? RevenueWan, double? OutputWan, int? Jobs,
    double? TaxWanPerMu, double? RevenueWanPerMu, double? OutputWanPerMu, string? Grade, string? NotGradedReason)
{
    public bool Candidate => Grade is not null && MuBenefitGrade.Candidates.Contains(Grade);

    public double FreeableMu => Candidate ? AreaMu : 0;
}

/// <summary>Parcels and area (mu) in one grade.</summary>
public sealed record GradeTotal(string Grade, int Parcels, double AreaMu);

/// <summary>The register graded for a year, with the thresholds used and the totals per grade.</summary>
public sealed record MuBenefitEvaluation(int Year, MuBenefitThresholds Thresholds, IReadOnlyList<MuBenefitResult> Results, IReadOnlyList<GradeTotal> Totals)
{
    public IEnumerable<MuBenefitResult> Candidates => Results.Where(r => r.Candidate);

    public double FreeableMu => Results.Sum(r => r.FreeableMu);
}

/// <summary>
/// 亩均效益 (per-mu performance) of in-use parcels, after the Shandong evaluation method (亩产效益评价, S24/S25): the
/// first provincial indicator, 单位用地税收 = tax ÷ land area, grades firms A/B/C/D; revenue (and output) per mu are
/// reported beside it. The area is the parcel's, computed from its geometry (area_mu), never a typed figure.
/// </summary>
public static class MuBenefit
{
    /// <summary>One parcel's result for <paramref name="year"/>.</summary>
    public static MuBenefitResult Evaluate(RegisterParcel parcel, int year, MuBenefitThresholds thresholds)
    {
        var f = parcel.Years.FirstOrDefault(y => y.Year == year);
        if (f is null)
            return new(parcel.Code, parcel.ZoneCode, year, parcel.AreaMu, null, null, null, null, null, null, null, null, null, NotGraded.NoFigures);
        if (!(parcel.AreaMu > 0) || !double.IsFinite(parcel.AreaMu))
            return new(parcel.Code, parcel.ZoneCode, year, parcel.AreaMu, f.Enterprise, f.TaxWan, f.RevenueWan, f.OutputWan, f.Jobs,
                null, null, null, null, NotGraded.NoArea);
        var tax = f.TaxWan / parcel.AreaMu;
        return new(parcel.Code, parcel.ZoneCode, year, parcel.AreaMu, f.Enterprise, f.TaxWan, f.RevenueWan, f.OutputWan, f.Jobs,
            tax, f.RevenueWan / parcel.AreaMu, f.OutputWan / parcel.AreaMu, thresholds.Grade(tax), null);
    }

    /// <summary>Every parcel of the register for <paramref name="year"/>, ordered by tax per mu (lowest first, ungraded last), then code.</summary>
    public static MuBenefitEvaluation Evaluate(IEnumerable<RegisterParcel> register, int year, MuBenefitThresholds thresholds)
    {
        var results = register.Select(p => Evaluate(p, year, thresholds))
            .OrderBy(r => r.Grade is null).ThenBy(r => r.TaxWanPerMu).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        var totals = MuBenefitGrade.All
            .Select(g => new GradeTotal(g, results.Count(r => r.Grade == g), results.Where(r => r.Grade == g).Sum(r => r.AreaMu)))
            .ToList();
        return new(year, thresholds, results, totals);
    }
}
