using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>
/// axe-core (npm) over every panel a role can open, at a laptop's and a phone's size: no serious or critical violation.
/// Keyboard: the tabs are a tablist whose tabs each control a tabpanel, and what has the focus shows it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fx)
{
    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task The_public_map_has_no_serious_or_critical_axe_violations(string lang)
    {
        var (page, errors) = await fx.OpenMapAsync(lang, screen: BrowserFixture.Laptop);
        var violations = await BrowserFixture.AxeSeriousAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.Empty(errors);
    }
}
