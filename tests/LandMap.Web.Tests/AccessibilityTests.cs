using System.Text.Json;
using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>
/// axe-core (npm) over every panel a role can open, at a laptop's and a phone's size: no serious or critical violation.
/// Keyboard: the tabs are a tablist whose tabs each control a tabpanel, and what has the focus shows it.
/// </summary>
[Collection(PanelsBrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fx) : BrowserTest(fx)
{
    /// <summary>In English at a laptop's size (Chinese at that size is the first step of the test below).</summary>
    [Fact]
    public async Task The_english_public_map_has_no_serious_or_critical_axe_violations()
    {
        var (page, errors) = await fx.OpenMapAsync("en", screen: BrowserFixture.Laptop);
        var violations = await BrowserFixture.AxeSeriousAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.Empty(errors);
    }

    /// <summary>
    /// Every tab each role can open, at a laptop's and a phone's size (the bottom sheet pulled up), then a resource's card
    /// and the sign-in dialog: axe finds no serious or critical violation anywhere.
    /// </summary>
    [Theory]
    [InlineData(null, "laptop", "zh")]
    [InlineData(null, "phone", "en")]
    [InlineData("staff", "laptop", "en")]
    [InlineData("staff", "phone", "zh")]
    [InlineData("editor", "laptop", "zh")]
    [InlineData("editor", "phone", "en")]
    public async Task Every_panel_a_role_opens_has_no_serious_or_critical_axe_violations(string? role, string size, string lang)
    {
        var phone = size == "phone";
        var (page, errors) = await fx.OpenMapAsync(lang, signInAs: role, screen: phone ? BrowserFixture.Phone : BrowserFixture.Laptop);
        if (phone)
        {
            await page.GetByTestId("sheet-handle").FocusAsync();
            await page.Keyboard.PressAsync("Home");
            await Assertions.Expect(page.Locator("#panel")).ToHaveAttributeAsync("data-sheet", "full");
        }
        var found = new List<string>();
        var tabs = await page.Locator("#tabs:not([hidden]) [role=tab]:not([hidden])").AllAsync(); // the public has no tab bar
        var names = new List<string>();
        foreach (var tab in tabs) names.Add((await tab.GetAttributeAsync("data-tab"))!);
        foreach (var name in names.Count > 0 ? names : ["filters"])
        {
            if (names.Count > 0) await page.Locator($"[role=tab][data-tab='{name}']").ClickAsync();
            await page.Locator($"[data-tab-panel='{name}']").First.WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            found.AddRange((await BrowserFixture.AxeSeriousAsync(page)).Select(v => $"[{name}] {v}"));
        }
        if (role is not null) Assert.Equal(role == "editor" ? 6 : 5, names.Count);

        // A card: the first parcel drawn, clicked.
        if (names.Count > 0) await page.Locator("[role=tab][data-tab='filters']").ClickAsync();
        if (phone) { await page.GetByTestId("sheet-handle").FocusAsync(); await page.Keyboard.PressAsync("End"); }
        var parcel = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('path.parcel')].map((p) => [...p.classList].find((c) => c.startsWith('code-'))).find(Boolean)");
        await page.EvaluateAsync("(cls) => { window.landmap.parcels.group.eachLayer((g) => { g.eachLayer((l) => { if (l.feature.properties.code === cls.slice(5)) l.fire('click', { latlng: l.getBounds().getCenter() }); }); }); }", parcel);
        await page.GetByTestId("popup").WaitForAsync();
        found.AddRange((await BrowserFixture.AxeSeriousAsync(page)).Select(v => $"[card] {v}"));

        if (role is null)
        {
            await page.Keyboard.PressAsync("Escape");
            await page.GetByTestId("sign-in").ClickAsync();
            await page.GetByTestId("sign-in-dialog").WaitForAsync();
            found.AddRange((await BrowserFixture.AxeSeriousAsync(page)).Select(v => $"[sign-in] {v}"));
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_tab_controls_a_tabpanel_labelled_by_it()
    {
        var (page, _) = await fx.OpenMapAsync(signInAs: "editor", screen: BrowserFixture.Laptop);
        var problems = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('[role=tab]')].flatMap((tab) => {
              const panel = document.getElementById(tab.getAttribute('aria-controls'));
              if (!panel) return [`${tab.id}: controls nothing`];
              const wrong = [];
              if (panel.getAttribute('role') !== 'tabpanel') wrong.push(`${panel.id}: not a tabpanel`);
              if (panel.getAttribute('aria-labelledby') !== tab.id) wrong.push(`${panel.id}: not labelled by ${tab.id}`);
              if ((tab.getAttribute('aria-selected') === 'true') === panel.hidden) wrong.push(`${panel.id}: shown ≠ selected`);
              return wrong;
            })
            """);
        Assert.True(problems.Length == 0, string.Join("\n", problems));
        Assert.Equal("tablist", await page.Locator("#tabs").GetAttributeAsync("role"));
        var tabs = page.GetByRole(AriaRole.Tablist).GetByRole(AriaRole.Tab);
        await Assertions.Expect(tabs).ToHaveCountAsync(6); // 资源筛选, 项目匹配, 导入台账, 档案, 项目库, 盘活
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "资源筛选" })).ToHaveAttributeAsync("aria-selected", "true");
        // Arrow keys move between the tabs, and the chosen tab's panel shows instead of the other.
        await page.GetByTestId("tab-filters").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal("tab-match", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "项目匹配" })).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(page.GetByTestId("match-panel")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("filters")).ToBeHiddenAsync();
    }

    /// <summary>What has the keyboard's focus is outlined (WCAG 2.4.7): a button, a select, a tab and the sheet's handle.</summary>
    [Theory]
    [InlineData("laptop")]
    [InlineData("phone")]
    public async Task What_has_the_keyboard_focus_shows_it(string size)
    {
        var (page, _) = await fx.OpenMapAsync(screen: size == "phone" ? BrowserFixture.Phone : BrowserFixture.Laptop);
        var seen = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focus = await page.EvaluateAsync<JsonElement>("""
                () => { const el = document.activeElement; const s = getComputedStyle(el);
                        return { id: el.id || el.tagName, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 }; }
                """);
            var id = focus.GetProperty("id").GetString()!;
            Assert.True(focus.GetProperty("outline").GetBoolean(), $"{id} has the focus and shows no outline");
            seen.Add(id);
        }
        Assert.Contains("lang-switch", seen);
        if (size == "phone") Assert.Contains("sheet-handle", seen);
    }
}
