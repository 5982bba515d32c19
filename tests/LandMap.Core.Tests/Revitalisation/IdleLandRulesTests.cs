using LandMap.Core.Revitalisation;

namespace LandMap.Core.Tests.Revitalisation;

public sealed class IdleLandRulesTests
{
    private static IReadOnlyDictionary<string, string> Row(string id, string kind, string years = "", string status = "V",
        string fee = "", string area = "", string invested = "", string ruleset = "national", string method = "") => new Dictionary<string, string>
    {
        ["ruleset"] = ruleset, ["id"] = id, ["article"] = "art.", ["kind"] = kind, ["content"] = "c", ["years"] = years,
        ["area_share"] = area, ["invested_share"] = invested, ["fee_share"] = fee, ["limit_years"] = "", ["status"] = status, ["source"] = "s",
        ["plan_method"] = method,
    };

    private static List<IReadOnlyDictionary<string, string>> Valid() =>
    [
        Row("idle-no-start", "idle", "1"), Row("idle-halted", "idle", "1", area: "1/3", invested: "0.25"),
        Row("idle-fee", "fee", "1", fee: "0.2"), Row("idle-recovery", "recovery", "2"), Row("government-cause", "exemption", status: "V2"),
        Row("dispose-extend", "disposal", status: "V2", method: "延长开工期限"),
    ];

    [Theory]
    [InlineData("")]         // a disposal rule must name the plan method it allows
    [InlineData("依法收回X")] // … one of the plans' methods
    public void A_disposal_rule_without_a_known_plan_method_is_refused(string method) =>
        Assert.Throws<InvalidOperationException>(() => IdleLandRuleSet.From("national",
            [.. Valid().Where(r => r["id"] != "dispose-extend"), Row("dispose-extend", "disposal", status: "V2", method: method)]));

    [Fact]
    public void The_shipped_table_loads_with_the_national_figures()
    {
        var n = IdleLandRuleSet.Load();
        Assert.Equal((1, 1.0 / 3.0, 0.25, 0.2m, 2), (n["idle-no-start"].Years!.Value, n["idle-halted"].AreaShare!.Value,
            n["idle-halted"].InvestedShare!.Value, n["idle-fee"].FeeShare!.Value, n["idle-recovery"].Years!.Value));
        Assert.Empty(n.ProvincialIdleRules);
        Assert.Contains("hainan", IdleLandRuleSet.Names);
        Assert.Single(IdleLandRuleSet.Load("hainan").ProvincialIdleRules);
    }

    [Fact]
    public void A_valid_hand_made_table_loads() => Assert.Equal(6, IdleLandRuleSet.From("national", Valid()).Rules.Count);

    [Theory]
    [InlineData("status", "V3")]
    [InlineData("kind", "penalty")]
    [InlineData("fee_share", "1.5")]
    [InlineData("fee_share", "")]
    [InlineData("years", "-1")]
    [InlineData("years", "one")]
    [InlineData("article", "")]
    public void A_broken_fee_rule_stops_the_load(string column, string value)
    {
        var rows = Valid();
        var fee = new Dictionary<string, string>(rows[2]) { [column] = value };
        rows[2] = fee;
        Assert.Throws<InvalidOperationException>(() => IdleLandRuleSet.From("national", rows));
    }

    [Fact]
    public void A_missing_required_rule_or_unknown_variant_or_duplicate_id_stops_the_load()
    {
        Assert.Throws<InvalidOperationException>(() => IdleLandRuleSet.From("national", Valid().Where(r => r["id"] != "idle-recovery").ToList()));
        Assert.Throws<InvalidOperationException>(() => IdleLandRuleSet.From("atlantis", Valid()));
        Assert.Throws<InvalidOperationException>(() => IdleLandRuleSet.From("national", [.. Valid(), Row("idle-fee", "fee", "1", fee: "0.2")]));
    }
}
