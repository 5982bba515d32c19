using LandMap.Core.Matching;
using LandMap.Core.Projects;

namespace LandMap.Core.Tests.Matching;

public sealed class MatchingTests
{
    private static readonly DateOnly AsOf = new(2026, 10, 31);
    private static readonly MatchOptions Options = new();
    private static readonly ScoreWeights Weights = new();

    // "新型显示 module plant, 二类, investment 5 亿元, needs 40 亩, 4000 kVA"
    private static readonly Project Display = new()
    {
        Name = "新型显示模组工厂", IndustryChain = "新型显示", PollutionClass = "2", InvestmentWan = 50_000, LandNeedMu = 40, PowerKva = 4000,
    };

    private static ParcelCandidate Parcel(double mu = 44, string landUse = "100102", string status = "idle", double power = 6300,
        double? minInvestment = 300, string level = "national", string city = "青岛") => new()
        {
            Code = "P-1", ZoneCode = "QDDZ", ZoneLevel = level, City = city, AreaMu = mu, LandUse = landUse, Status = status,
            MinInvestmentWanPerMu = minInvestment, MinTaxWanPerMu = 20, PowerKva = power, Water = true, Gas = true, Heat = false,
            Readiness = "五通一平", PriceWanPerMu = 45, IdleSince = new DateOnly(2021, 10, 31), ChainNeighbours = 2,
        };

    private static Check Failure(IReadOnlyList<Check> checks, string code) => Assert.Single(checks, c => c.Code == code);

    [Theory]
    [InlineData(50_000, 40.0, null, "land")]     // 5 亿元 ≥ 1 亿元
    [InlineData(10_000, 5.0, null, "land")]      // exactly 1 亿元
    [InlineData(3_000, 20.0, null, "land")]      // exactly 20 mu
    [InlineData(3_000, 19.9, 2000.0, "factory")]
    [InlineData(50_000, null, 3000.0, "factory")] // asks only for floor space
    public void Route_sends_big_projects_to_land_and_small_ones_to_factory_space(double investment, double? mu, double? m2, string pool)
    {
        var p = Display with { InvestmentWan = investment, LandNeedMu = mu, FloorNeedM2 = m2 };
        Assert.Equal(pool, Matcher.RouteOf(p, new RoutingOptions()).Pool);
    }

    [Fact]
    public void Route_rule_is_configurable_and_says_which_rule_applied()
    {
        var route = Matcher.RouteOf(Display with { InvestmentWan = 8000, LandNeedMu = 12, FloorNeedM2 = 5000 }, new RoutingOptions { LandMinNeedMu = 10 });
        Assert.Equal("land", route.Pool);
        Assert.Contains("12 mu ≥ 10 mu", route.Rule);
    }

    [Theory]
    [InlineData("1", "100101", true)]
    [InlineData("1", "100103", true)]
    [InlineData("2", "100101", false)]
    [InlineData("2", "100102", true)]
    [InlineData("3", "100102", false)]
    [InlineData("3", "100103", true)]
    [InlineData("logistics", "110102", true)]
    [InlineData("logistics", "100101", false)]
    [InlineData("1", "110101", false)]
    public void Pollution_class_decides_the_land_use_class(string pollution, string landUse, bool allowed) =>
        Assert.Equal(allowed, PollutionClasses.Allows(pollution, landUse));

    [Fact]
    public void Area_too_small_reports_required_actual_and_gap()
    {
        var f = Failure(Checks.ForParcel(Display with { LandNeedMu = 20 }, Parcel(mu: 18.4), Options), "area-too-small");
        Assert.Equal((20, 18.4, -1.6), (f.Required!.Value, f.Actual!.Value, f.Gap!.Value));
        Assert.Equal("area-too-small: needs ≥ 20 mu, has 18.4 mu (−1.6)", f.Message);
    }

    [Fact]
    public void Area_above_the_tolerance_is_too_large()
    {
        var f = Failure(Checks.ForParcel(Display, Parcel(mu: 52.5), Options), "area-too-large"); // limit 40 × 1.3 = 52
        Assert.Equal(52, f.Required);
        Assert.Equal(0.5, f.Gap);
        Assert.All(Checks.ForParcel(Display, Parcel(mu: 52), Options), c => Assert.True(c.Passed, c.Message));
    }

    [Fact]
    public void Investment_intensity_uses_the_stricter_of_parcel_and_province()
    {
        // 50 000 万元 / 44 mu = 1136.36 万元/亩: passes the parcel's 300 and the national-zone 240.
        Assert.True(Failure(Checks.ForParcel(Display, Parcel(), Options), "investment-intensity").Passed);
        // 10 000 万元 / 44 mu = 227.27 < 240 (national floor, stricter than the parcel's 200).
        var low = Failure(Checks.ForParcel(Display with { InvestmentWan = 10_000 }, Parcel(minInvestment: 200), Options), "investment-intensity-low");
        Assert.Equal(240, low.Required);
        Assert.Equal(227.27, low.Actual);
        Assert.Contains("S9", low.Source);
        // In a Jinan provincial zone the floor is 160, so the parcel's own 200 binds.
        var jinan = Failure(Checks.ForParcel(Display with { InvestmentWan = 8_000 }, Parcel(minInvestment: 200, level: "provincial", city: "济南"), Options), "investment-intensity-low");
        Assert.Equal(200, jinan.Required);
        Assert.StartsWith("地块准入标准", jinan.Source);
    }

    [Fact]
    public void Tax_power_land_use_status_and_budget_failures_are_explained()
    {
        var p = Display with { AnnualTaxWan = 400, MaxLandPriceWanPerMu = 40, PowerKva = 8000 };
        var checks = Checks.ForParcel(p, Parcel(landUse: "100101", status: "reserved"), Options);
        Assert.Equal(["status-unavailable", "land-use-incompatible", "tax-per-mu-low", "power-insufficient", "over-budget"],
            checks.Where(c => !c.Passed).Select(c => c.Code));
        Assert.Equal(9.09, Failure(checks, "tax-per-mu-low").Actual); // 400 / 44
        Assert.Equal(-1700, Failure(checks, "power-insufficient").Gap);
        Assert.Equal(5, Failure(checks, "over-budget").Gap);
    }

    [Fact]
    public void Factory_checks_cover_space_height_load_crane_power_and_rent()
    {
        var p = new Project
        {
            Name = "small", PollutionClass = "1", InvestmentWan = 2000, FloorNeedM2 = 3000, MinFloorHeightM = 8, MinFloorLoadKnM2 = 30,
            MinCraneT = 10, PowerKva = 500, MaxRentYuanM2Month = 20,
        };
        var f = new FactoryCandidate { Code = "F", ZoneCode = "Z", VacantFloorM2 = 2500, FloorHeightM = 6, FloorLoadKnM2 = 25, CraneT = 5, PowerKva = 400, RentYuanM2Month = 22 };
        var failures = Checks.ForFactory(p, f).Where(c => !c.Passed).ToDictionary(c => c.Code, c => c.Gap);
        Assert.Equal(new Dictionary<string, double?>
        {
            ["floor-space-insufficient"] = -500, ["floor-height-low"] = -2, ["floor-load-low"] = -5, ["crane-insufficient"] = -5,
            ["power-insufficient"] = -100, ["over-budget"] = 2,
        }, failures);
    }

    [Fact]
    public void Every_criterion_has_its_hand_computed_score()
    {
        var parts = Scoring.ForParcel(Display, Parcel(), Weights, Options, AsOf).ToDictionary(c => c.Name);
        Assert.Equal(1 - 4.0 / 12, parts["areaFit"].Score, 9);        // 44 mu for 40, tolerance 12 mu
        Assert.Equal(2.0 / 4, parts["chain"].Score, 9);               // n / (n + 2) with n = 2
        Assert.Equal((Math.Min(1, 2300.0 / 4000) + 2.0 / 3) / 2, parts["infrastructure"].Score, 9);
        Assert.Equal(1 - 45.0 / 60, parts["cost"].Score, 9);          // no budget: reference 60 万元/亩
        Assert.Equal(1, parts["margin"].Score, 9);                    // 1136 vs 300: more than double, capped
        Assert.Equal(0.7, parts["readiness"].Score, 9);               // 五通一平
        Assert.Equal(5 / 10.0, parts["idleDuration"].Score, 2);       // 5 years of 10
        Assert.Equal(0, parts["zonePreference"].Score, 9);
        Assert.Equal(1, Scoring.ForParcel(Display with { PreferredZones = ["QDDZ"] }, Parcel(), Weights, Options, AsOf).Single(c => c.Name == "zonePreference").Score);
        Assert.All(parts.Values, c => Assert.Equal(c.Weight * c.Score, c.Points, 12));
        Assert.Equal(Math.Round(100 * parts.Values.Sum(c => c.Points), 2), Scoring.Total(parts.Values.ToList()));
    }

    [Fact]
    public void Adding_a_candidate_never_reorders_the_others()
    {
        var parcels = Enumerable.Range(0, 6).Select(i => Parcel(mu: 40 + i * 2) with { Code = $"P-{i}", ChainNeighbours = i % 3 }).ToList();
        var before = Matcher.MatchLand(Display, parcels, Weights, Options, AsOf).Candidates.Select(c => (c.Code, c.Score)).ToList();
        var after = Matcher.MatchLand(Display, parcels.Append(Parcel(mu: 41) with { Code = "P-new", ChainNeighbours = 9 }), Weights, Options, AsOf)
            .Candidates.Where(c => c.Code != "P-new").Select(c => (c.Code, c.Score)).ToList();
        Assert.Equal(before, after);
    }

    [Fact]
    public void Ranking_breaks_ties_by_code_and_near_misses_carry_their_failures()
    {
        var parcels = new[]
        {
            Parcel() with { Code = "B" }, Parcel() with { Code = "A" },
            Parcel(mu: 38) with { Code = "N1" },                       // one failure: too small
            Parcel(mu: 38, power: 1000) with { Code = "N2" },          // two failures
            Parcel(mu: 38, power: 1000, landUse: "100101") with { Code = "X" }, // three: not even a near miss
            Parcel(status: "allocated") with { Code = "S" },           // unavailable: never a near miss
        };
        var (candidates, near) = Matcher.MatchLand(Display, parcels, Weights, Options, AsOf);
        Assert.Equal(["A", "B"], candidates.Select(c => c.Code));
        Assert.Equal(candidates[0].Score, candidates[1].Score);
        Assert.Equal(["N1", "N2"], near.Select(n => n.Code));
        Assert.Equal(["area-too-small"], near[0].Failures.Select(f => f.Code));
        Assert.False(string.IsNullOrEmpty(candidates[0].ReasonZh));
        Assert.Contains("投资强度高于标准", candidates[0].ReasonZh); // margin (10 pts) and area fit (16.7) lead
    }
}
