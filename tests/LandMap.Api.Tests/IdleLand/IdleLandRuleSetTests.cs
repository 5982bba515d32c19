using System.Globalization;
using LandMap.Core.History;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LandMap.Api.Tests.IdleLand;

/// <summary>IdleLand:RuleSet picks the rules in force when the API starts; a name not in data/idle_land_rules.csv stops the start.</summary>
[Collection(LandMapCollection.Name)]
public sealed class IdleLandRuleSetTests(LandMapFixture fx)
{
    private WebApplicationFactory<Program> With(string ruleSet) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("LANDMAP_DB", fx.ConnectionString);
        b.UseSetting("IdleLand:RuleSet", ruleSet);
        b.UseEnvironment("Testing");
    });

    [Fact]
    public void An_unknown_rule_set_stops_the_start()
    {
        using var factory = With("atlantis");
        var e = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("IdleLand:RuleSet 'atlantis'", e.ToString());
    }

    [Fact]
    public async Task The_Hainan_rule_set_finds_two_years_under_a_quarter_invested_to_be_confirmed()
    {
        var today = ChinaDay.Today(DateTimeOffset.UtcNow);
        string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await HistoryRows.EnsureZoneAsync(fx.ConnectionString, "HIL", 126.2, 45.3);
        var code = Editing.EditingTestRows.NewCode("HIH");
        await HistoryRows.AtAsync(fx.ConnectionString, DateTimeOffset.UtcNow.AddDays(-1), HistoryRows.InsertParcel, code, "HIL", 126.29, 45.39, 3.0, "idle");
        await HistoryRows.AtAsync(fx.ConnectionString, DateTimeOffset.UtcNow, """
            UPDATE parcels SET supply_type = '出让', agreed_start_on = $2, actual_start_on = $3, developed_share = 0.9, invested_share = 0.2,
                land_price_wan = 500 WHERE code = $1
            """, code, today.AddYears(-2), today.AddYears(-2).AddDays(30));

        var national = (await fx.GetJsonAsync($"/api/idle-land/{code}")).GetProperty("assessment");
        Assert.Equal("none", national.GetProperty("status").GetString());

        using var factory = With("hainan");
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", fx.KeyFor("staff"));
        using var res = await client.GetAsync($"/api/idle-land/{code}");
        var doc = await Editing.EditingTestRows.Json(res);
        Assert.True(res.IsSuccessStatusCode, doc.ToString());
        var ground = doc.GetProperty("assessment").GetProperty("grounds")[0];
        Assert.Equal(("hainan", "suspected", "hainan-low-investment", false, Iso(today)),
            (doc.GetProperty("ruleSet").GetString(), doc.GetProperty("assessment").GetProperty("status").GetString(),
             ground.GetProperty("rule").GetProperty("ruleId").GetString(), ground.GetProperty("rule").GetProperty("confirmed").GetBoolean(),
             ground.GetProperty("metOn").GetString()));
    }
}
