using System.ComponentModel.DataAnnotations;
using LandMap.Core.Matching;

namespace LandMap.Api.Matching;

/// <summary>Section "Matching": the routing rule, the area tolerance and the criterion weights (defaults are the Core defaults).</summary>
public sealed class MatchingOptions
{
    public const string Section = "Matching";

    [Range(0, 10)] public double AreaTolerance { get; set; } = new MatchOptions().AreaTolerance;
    [Range(0, double.MaxValue)] public double LandMinInvestmentWan { get; set; } = new RoutingOptions().LandMinInvestmentWan;
    [Range(0, double.MaxValue)] public double LandMinNeedMu { get; set; } = new RoutingOptions().LandMinNeedMu;
    [Range(1, 1000)] public int CandidateLimit { get; set; } = 50;
    [Range(0, 1000)] public int NearMissLimit { get; set; } = 30;
    public WeightOptions Weights { get; set; } = new();

    /// <summary>
    /// The land snapshot is loaded when the application starts if the database holds at least this many parcels
    /// (<see cref="LandSnapshotWarmUp"/>); −1: never (the first match loads it).
    /// </summary>
    [Range(-1, int.MaxValue)] public int WarmUpFromParcels { get; set; } = 100_000;

    public MatchOptions Match => new() { AreaTolerance = AreaTolerance };
    public RoutingOptions Routing => new() { LandMinInvestmentWan = LandMinInvestmentWan, LandMinNeedMu = LandMinNeedMu };
    public ScoreWeights ScoreWeights => new()
    {
        AreaFit = Weights.AreaFit, Chain = Weights.Chain, Infrastructure = Weights.Infrastructure, Cost = Weights.Cost,
        Margin = Weights.Margin, Readiness = Weights.Readiness, IdleDuration = Weights.IdleDuration, ZonePreference = Weights.ZonePreference,
    };

    /// <summary>Today in China (UTC+8): the date idle durations are counted to.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
}

public sealed class WeightOptions
{
    private static readonly ScoreWeights Defaults = new();
    [Range(0, 100)] public double AreaFit { get; set; } = Defaults.AreaFit;
    [Range(0, 100)] public double Chain { get; set; } = Defaults.Chain;
    [Range(0, 100)] public double Infrastructure { get; set; } = Defaults.Infrastructure;
    [Range(0, 100)] public double Cost { get; set; } = Defaults.Cost;
    [Range(0, 100)] public double Margin { get; set; } = Defaults.Margin;
    [Range(0, 100)] public double Readiness { get; set; } = Defaults.Readiness;
    [Range(0, 100)] public double IdleDuration { get; set; } = Defaults.IdleDuration;
    [Range(0, 100)] public double ZonePreference { get; set; } = Defaults.ZonePreference;
}
