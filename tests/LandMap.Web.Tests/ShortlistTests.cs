using Microsoft.Playwright;
using Npgsql;

namespace LandMap.Web.Tests;

/// <summary>
/// The shortlist (panels/shortlist.js): added from a card, kept across a reload, compared side by side (panels/compare.js)
/// with the API's figures; the card's contact numbers and addresses are tel:/mailto: links. Each test writes a zone of its
/// own, so nothing another test changes is read here.
/// </summary>
[Collection(PanelsBrowserCollection.Name)]
public sealed class ShortlistTests(BrowserFixture fx) : BrowserTest(fx)
{
    internal const string Contact = "李工 0532-81234567，zhaoshang@example.cn";

    /// <summary>
    /// Zone <paramref name="zone"/> with idle parcels ZONE-01 (150 m × 100 m = 22.5 mu, priced, with <see cref="Contact"/>) and
    /// ZONE-02 (200 m × 100 m = 30 mu), and factory ZONE-F1 standing where ZONE-03 was drawn.
    /// </summary>
    internal static async Task CreateZoneAsync(BrowserFixture fx, string zone, double lon, double lat)
    {
        await OwnZone.CreateAsync(fx, zone, lon, lat, new OwnZone.Parcel($"{zone}-01", 150, 100), new OwnZone.Parcel($"{zone}-02", 200, 100),
            new OwnZone.Parcel($"{zone}-03", 60, 50));
        await using var conn = new NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        await using var batch = new NpgsqlBatch(conn)
        {
            BatchCommands =
            {
                new($"UPDATE parcels SET contact = $1, price_wan_per_mu = 36.5, power_kva = 2500 WHERE code = '{zone}-01'") { Parameters = { new() { Value = Contact } } },
                new($"""
                    INSERT INTO factories (code, zone_code, name, address, geom, footprint_m2, total_floor_m2, vacant_floor_m2, floors,
                        floor_height_m, floor_load_kn_m2, crane_t, power_kva, rent_yuan_m2_month, status, contact)
                    SELECT '{zone}-F1', zone_code, '测试标准厂房', address, geom, 3000, 6000, 4500, 2, 8.5, 30, 10, 800, 18.5, 'idle', '王工 13912345678'
                    FROM parcels WHERE code = '{zone}-03'
                    """),
                new($"DELETE FROM parcels WHERE code = '{zone}-03'"),
            },
        };
        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>The map filtered to <paramref name="zone"/> (and zoomed to it).</summary>
    internal static async Task ShowZoneAsync(IPage page, string zone) =>
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("zone").SelectOptionAsync(zone), $"zone={zone}");

    /// <summary>Waits until the map's centre has not moved for 150 ms (an animated pan has ended).</summary>
    internal static async Task MapAtRestAsync(IPage page) =>
        await page.EvaluateAsync("""
            () => new Promise((resolve) => {
              const map = window.landmap.map;
              let last = map.getCenter().toString();
              const tick = () => {
                const now = map.getCenter().toString();
                if (now === last) resolve();
                else { last = now; setTimeout(tick, 150); }
              };
              setTimeout(tick, 150);
            })
            """);

    /// <summary>Brings a drawn resource into view, as a user would pan to it (an earlier card may have moved the map), clicks it and waits for its card.</summary>
    internal static async Task<ILocator> OpenCardAsync(IPage page, string kind, string code)
    {
        await page.EvaluateAsync("""
            ([layer, code]) => {
              const map = window.landmap.map;
              map.closePopup();
              map.panInside(window.landmap[layer].find(code).getBounds().getCenter(), { padding: [200, 200], animate: false });
            }
            """, new[] { kind == "parcel" ? "parcels" : "factories", code });
        await Assertions.Expect(page.Locator(".leaflet-popup")).ToHaveCountAsync(0); // the closed card has faded out
        await page.Locator($"path.{kind}.code-{code}").ClickAsync();
        var card = page.Locator($"[data-testid=popup][data-code='{code}']");
        await card.WaitForAsync();
        await MapAtRestAsync(page); // the card's auto-pan has ended: its buttons stay where they are pressed
        return card;
    }

    [Fact]
    public async Task Resources_added_from_their_cards_stay_on_the_shortlist_after_a_reload_and_compare_side_by_side()
    {
        await CreateZoneAsync(fx, "WSL1", 122.2, 37.9);
        var (page, errors) = await fx.OpenMapAsync(screen: BrowserFixture.Laptop);
        await ShowZoneAsync(page, "WSL1");

        var card = await OpenCardAsync(page, "parcel", "WSL1-01");
        // The contact's number and address are links a phone dials or a mail program opens.
        Assert.Equal("tel:053281234567", await card.GetByTestId("tel-link").GetAttributeAsync("href"));
        Assert.Equal("0532-81234567", await card.GetByTestId("tel-link").InnerTextAsync());
        Assert.Equal("mailto:zhaoshang@example.cn", await card.GetByTestId("mail-link").GetAttributeAsync("href"));
        Assert.Contains("李工", await card.InnerTextAsync());
        await card.GetByTestId("card-shortlist").ClickAsync();
        await Assertions.Expect(card.GetByTestId("card-shortlist")).ToBeDisabledAsync();
        await Assertions.Expect(card.GetByTestId("card-shortlist")).ToHaveTextAsync("已在候选清单");
        await Assertions.Expect(page.GetByTestId("shortlist-count")).ToHaveTextAsync("1");

        await (await OpenCardAsync(page, "parcel", "WSL1-02")).GetByTestId("card-shortlist").ClickAsync();
        await (await OpenCardAsync(page, "factory", "WSL1-F1")).GetByTestId("card-shortlist").ClickAsync();
        await Assertions.Expect(page.GetByTestId("shortlist-count")).ToHaveTextAsync("3");
        // A card opened again knows its resource is on the list.
        await Assertions.Expect((await OpenCardAsync(page, "parcel", "WSL1-01")).GetByTestId("card-shortlist")).ToBeDisabledAsync();

        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-loaded][data-role]", new() { State = WaitForSelectorState.Attached });
        var items = page.GetByTestId("shortlist-item");
        Assert.Equal(["WSL1-01", "WSL1-02", "WSL1-F1"], await items.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.code)"));
        Assert.Contains("22.5 亩", await items.Nth(0).InnerTextAsync());

        // Compared: one column per resource, the figures as the API gives them, the contact as links.
        await page.GetByTestId("shortlist-compare").ClickAsync();
        var table = page.GetByTestId("compare-table");
        await table.WaitForAsync();
        Assert.Equal(["WSL1-01", "WSL1-02", "WSL1-F1"], await table.Locator("thead th[data-code]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.code)"));
        var api = await fx.GetPublicJsonAsync("/collections/parcels/items/WSL1-02");
        Assert.Equal(30.0, api.GetProperty("properties").GetProperty("areaMu").GetDouble(), 2);
        Assert.Equal(["22.5 亩", "30 亩", "—"], await table.Locator("tr[data-key=areaMu] td").AllInnerTextsAsync());
        Assert.Equal(["36.5 万元/亩", "30 万元/亩", "—"], await table.Locator("tr[data-key=priceWanPerMu] td").AllInnerTextsAsync());
        Assert.Equal(["—", "—", "18.5 元/m²/月"], await table.Locator("tr[data-key=rentYuanM2Month] td").AllInnerTextsAsync());
        Assert.Equal("tel:13912345678", await table.Locator("tr[data-key=contact] td").Nth(2).Locator("a").GetAttributeAsync("href"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "shortlist-compare.png") });
        var violations = await BrowserFixture.AxeSeriousAsync(page, "#compare-dialog");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        await page.GetByTestId("compare-close").ClickAsync();

        violations = await BrowserFixture.AxeSeriousAsync(page, "#panel");
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        // Removed: gone from the list and from what is kept.
        await items.Nth(1).Locator("[data-action=remove]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("shortlist-count")).ToHaveTextAsync("2");
        Assert.Equal("[\"WSL1-01\",\"WSL1-F1\"]",
            await page.EvaluateAsync<string>("() => JSON.stringify(JSON.parse(localStorage.getItem('landmap.shortlist')).map(i => i.code))"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_exported_addToShortlist_takes_features_and_the_comparison_takes_at_most_four()
    {
        var (page, errors) = await fx.OpenMapAsync(lang: "en");
        // What panels/list.js and panels/match.js call: a kind ('parcel', 'land' as matching says, 'factory') and a feature.
        var added = await page.EvaluateAsync<bool[]>("""
            async () => {
              const { addToShortlist } = await import('/panels/shortlist.js');
              const f = (code, areaMu) => ({ type: 'Feature', geometry: null, properties: { code, zone: 'LXEDZ', areaMu } });
              return [addToShortlist('parcel', f('A-1', 10)), addToShortlist('land', f('A-2', 20)), addToShortlist('parcel', f('A-1', 10)),
                      addToShortlist('factory', f('B-1')), addToShortlist('parcel', f('A-3', 30)), addToShortlist('parcel', f('A-4', 40))];
            }
            """);
        Assert.Equal([true, true, false, true, true, true], added);
        var items = page.GetByTestId("shortlist-item");
        await Assertions.Expect(items).ToHaveCountAsync(5);
        Assert.Equal(["parcel", "parcel", "factory", "parcel", "parcel"], await items.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.kind)"));
        // The first four are ticked for the comparison; a fifth cannot be until one is unticked.
        var ticks = page.Locator("[data-testid=shortlist-item] input[data-action=compare]");
        Assert.Equal(new[] { true, true, true, true, false }, await ticks.EvaluateAllAsync<bool[]>("els => els.map(e => e.checked)"));
        await Assertions.Expect(ticks.Nth(4)).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("shortlist-compare")).ToHaveTextAsync("Compare selected (4)");
        await ticks.Nth(0).UncheckAsync();
        await Assertions.Expect(ticks.Nth(4)).ToBeEnabledAsync();
        await ticks.Nth(4).CheckAsync();
        await Assertions.Expect(page.GetByTestId("shortlist-compare")).ToHaveTextAsync("Compare selected (4)");
        // Resources that do not exist (or are not the public's to see) say so in their column instead of failing.
        await page.GetByTestId("shortlist-compare").ClickAsync();
        var heads = page.Locator("[data-testid=compare-table] thead th[data-code]");
        await Assertions.Expect(heads).ToHaveCountAsync(4);
        Assert.Equal(["A-2", "B-1", "A-3", "A-4"], await heads.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.code)"));
        Assert.Contains("no longer available", await heads.First.InnerTextAsync());
        Assert.DoesNotContain(errors, e => !e.Contains("404")); // the browser logs the 404s of the missing resources
    }

    [Fact]
    public async Task A_match_result_goes_on_the_shortlist_with_one_click()
    {
        var (page, errors) = await fx.OpenMapAsync(signInAs: "staff"); // staff match without saving a project
        await page.GetByTestId("tab-match").ClickAsync();
        await MatchPanelTests.MatchProjectAsync(page, "候选清单测试", "1", "15000", "25", "TST", pool: "land");
        var first = page.GetByTestId("m-candidates").Locator("li[data-code]").First;
        await first.WaitForAsync();
        var code = (await first.GetAttributeAsync("data-code"))!;
        await first.GetByTestId("match-shortlist").ClickAsync();
        await Assertions.Expect(first.GetByTestId("match-shortlist")).ToBeDisabledAsync();
        var item = page.GetByTestId("shortlist-item");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        Assert.Equal(code, await item.GetAttributeAsync("data-code"));
        Assert.Equal("parcel", await item.GetAttributeAsync("data-kind")); // matching says 'land'; the shortlist keeps one name
        Assert.Contains("亩", await item.InnerTextAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task In_English_money_is_said_in_yuan_and_the_zones_industry_chains_by_their_English_names()
    {
        await CreateZoneAsync(fx, "WSL4", 122.4, 37.9);
        await using (var conn = new NpgsqlConnection(fx.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "UPDATE parcels SET min_investment_wan_per_mu = 200, industry_chains = '{高端装备,某新兴产业}' WHERE code = 'WSL4-01'", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var (page, errors) = await fx.OpenMapAsync(lang: "en", screen: BrowserFixture.Laptop);
        await ShowZoneAsync(page, "WSL4");
        var card = await OpenCardAsync(page, "parcel", "WSL4-01");
        var text = await card.InnerTextAsync();
        Assert.Contains("CNY 365,000/mu", text); // 36.5 万元/亩
        Assert.Contains("CNY 2 million/mu", text); // 200 万元/亩
        Assert.DoesNotContain("10k CNY", text);
        // A chain of the zone's list in English; one the list does not know as the ledger wrote it.
        Assert.Contains("High-end equipment, 某新兴产业", text);
        // The match form suggests the same chains: the value a project stores, the page's name as its label.
        Assert.Equal("High-end equipment", await page.Locator("#chains option[value='高端装备']").GetAttributeAsync("label"));
        Assert.Empty(errors);
    }
}
