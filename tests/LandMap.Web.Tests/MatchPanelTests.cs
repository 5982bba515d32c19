using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace LandMap.Web.Tests;

[Collection(PanelsBrowserCollection.Name)]
public sealed class MatchPanelTests(BrowserFixture fx) : BrowserTest(fx)
{
    /// <summary>Fills the match form with a land project (no power need) and submits it; the /api/match response.</summary>
    internal static async Task<IResponse> MatchProjectAsync(IPage page, string name, string pollutionClass, string investmentWan, string landMu,
        string zone, string? pool = null)
    {
        await page.GetByTestId("m-name").FillAsync(name);
        await page.GetByTestId("m-pollution").SelectOptionAsync(pollutionClass);
        await page.GetByTestId("m-investment").FillAsync(investmentWan);
        await page.GetByTestId("m-land").FillAsync(landMu);
        await page.GetByTestId("m-power").FillAsync("");
        if (pool is not null) await page.GetByTestId("m-pool").SelectOptionAsync(pool);
        await page.GetByTestId("m-zone").SelectOptionAsync(zone);
        return await page.RunAndWaitForResponseAsync(() => page.GetByTestId("m-submit").ClickAsync(), r => r.Url.EndsWith("/api/match"));
    }

    [Fact]
    public async Task Matching_the_display_plant_lists_the_apis_candidates_with_reasons_and_draws_them()
    {
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await page.GetByTestId("tab-match").ClickAsync();
        // The form opens with the example filled in: 新型显示, 二类, 50 000 万元, 40 亩, 4000 kVA.
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("m-submit").ClickAsync(), r => r.Url.EndsWith("/api/match"));
        var body = JsonDocument.Parse(await response.TextAsync()).RootElement;
        var candidates = body.GetProperty("candidates").EnumerateArray().ToList();
        var near = body.GetProperty("nearMisses").EnumerateArray().ToList();
        await page.GetByTestId("m-result").WaitForAsync();

        Assert.Contains("大项目供地", await page.GetByTestId("m-route").InnerTextAsync());
        var items = page.GetByTestId("m-candidates").Locator("li[data-code]");
        Assert.Equal(candidates.Count, await items.CountAsync());
        Assert.Equal(candidates.Select(c => c.GetProperty("code").GetString()!), await items.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.code)"));
        Assert.Contains(candidates[0].GetProperty("reasonZh").GetString()!, await items.First.InnerTextAsync());
        Assert.Equal(near.Count, await page.GetByTestId("m-near").Locator("li[data-code]").CountAsync());
        Assert.Contains("✗", await page.GetByTestId("m-near").Locator("li[data-code]").First.InnerTextAsync());
        Assert.Equal(candidates.Count, await page.Locator("path.match-candidate").CountAsync());
        Assert.Equal(near.Count, await page.Locator("path.match-near").CountAsync());

        // Each candidate has a numbered pin, and the view was fitted to the candidates: every pin lies inside the map.
        var pins = page.Locator(".match-pin");
        Assert.Equal(Enumerable.Range(1, candidates.Count).Select(i => i.ToString()), await pins.EvaluateAllAsync<string[]>("els => els.map(e => e.textContent)"));
        var mapBox = (await page.GetByTestId("map").BoundingBoxAsync())!;
        foreach (var pin in await pins.AllAsync())
        {
            var box = (await pin.BoundingBoxAsync())!;
            Assert.InRange(box.X + box.Width / 2, mapBox.X, mapBox.X + mapBox.Width);
            Assert.InRange(box.Y + box.Height / 2, mapBox.Y, mapBox.Y + mapBox.Height);
            // …clickable (what a click at its centre hits) and drawn above the zone labels, which let clicks through
            // (pointer-events: none) but would still hide it from the eye.
            Assert.True(await pin.EvaluateAsync<bool>("""
                e => { const r = e.getBoundingClientRect();
                       const z = (el) => Number(getComputedStyle(el).zIndex);
                       return e.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2))
                           && z(e.closest('.leaflet-pane')) > z(document.querySelector('.leaflet-tooltip-pane')); }
                """), $"pin {await pin.TextContentAsync()} is covered");
        }
        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "match-display-plant.png") });
    }

    [Fact]
    public async Task Reserving_a_candidate_marks_it_reserved_on_the_map_and_undo_restores_it()
    {
        var (page, _) = await fx.OpenMapAsync(signInAs: "editor");
        // The map shows what is on offer by default (仅看可用): every status, to see the reserved parcel drawn.
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("show-all").ClickAsync(), "/api/stats");
        await page.GetByTestId("tab-match").ClickAsync();
        await MatchProjectAsync(page, "预留流程", "1", "15000", "25", "TST");
        var item = page.GetByTestId("m-candidates").Locator("li[data-code='TST-01']");
        await item.WaitForAsync();

        await page.RunAndWaitForResponseAsync(() => item.GetByTestId("reserve").ClickAsync(), r => r.Url.EndsWith("/api/reservations"));
        await item.GetByTestId("undo").WaitForAsync();
        var status = (await fx.GetJsonAsync("/collections/parcels/items/TST-01")).GetProperty("properties").GetProperty("status").GetString();
        Assert.Equal("reserved", status);
        await page.Locator("path.parcel.status-reserved").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await page.RunAndWaitForResponseAsync(() => item.GetByTestId("undo").ClickAsync(), r => r.Url.Contains("/api/reservations/"));
        await item.GetByTestId("reserve").WaitForAsync();
        Assert.Equal("idle", (await fx.GetJsonAsync("/collections/parcels/items/TST-01")).GetProperty("properties").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Batch_allocation_shows_a_table_of_assignments()
    {
        using var created = await fx.Client.PostAsJsonAsync("/api/projects", new { name = "批量配置演示", pollutionClass = "1", investmentWan = 900, floorNeedM2 = 800 });
        created.EnsureSuccessStatusCode();
        var (page, _) = await fx.OpenMapAsync(signInAs: "editor");
        await page.GetByTestId("tab-match").ClickAsync();
        await page.RunAndWaitForResponseAsync(() => page.GetByTestId("m-allocate").ClickAsync(), r => r.Url.EndsWith("/api/allocate"));
        await page.GetByTestId("alloc-factory").WaitForAsync();
        Assert.Contains("批量配置演示", await page.GetByTestId("m-allocation").InnerTextAsync());
        Assert.Contains("最优性差距", await page.GetByTestId("m-allocation").InnerTextAsync());
        // Every assignment is drawn from the answer's GeoJSON and pinned with a tick.
        var assigned = await page.GetByTestId("m-allocation").Locator("tr:not(.unassigned) td:nth-child(2)").AllInnerTextsAsync();
        Assert.NotEmpty(assigned);
        Assert.Equal(assigned.Count, await page.Locator("path.match-candidate").CountAsync());
        Assert.Equal(assigned.Count, await page.Locator(".match-pin").CountAsync());
    }

    /// <summary>
    /// Issue 13 §5: a parcel found idle through the enterprise's fault is not offered as free land; the panel lists it
    /// apart as available after recovery, with the day it is expected back and that recovery is due. Zone WRCV is this test's.
    /// </summary>
    [Fact]
    public async Task Land_found_idle_through_the_enterprise_shows_apart_as_available_after_recovery()
    {
        await OwnZone.CreateAsync(fx, "WRCV", 118.6, 37.8, new OwnZone.Parcel("WRCV-01", 150, 100), new OwnZone.Parcel("WRCV-02", 150, 100));
        await using (var conn = new Npgsql.NpgsqlConnection(fx.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("""
                UPDATE parcels SET status = 'allocated', supply_type = '出让', agreed_start_on = DATE '2022-01-10', land_price_wan = 700 WHERE code = 'WRCV-02';
                INSERT INTO idle_findings (parcel_code, found_on, cause, created_by) VALUES ('WRCV-02', DATE '2023-03-01', 'enterprise', 'test');
                """, conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var (page, errors) = await fx.OpenMapAsync(signInAs: "staff");
        await page.GetByTestId("tab-match").ClickAsync();
        var response = await MatchProjectAsync(page, "回收后用地", "1", "15000", "22", "WRCV");
        Assert.True(response.Ok, await response.TextAsync());

        var later = page.GetByTestId("m-later").Locator("li[data-code='WRCV-02']");
        await Assertions.Expect(later.GetByTestId("available-from")).ToHaveTextAsync("预计 2024-01-10 起可用");
        await Assertions.Expect(later.GetByTestId("recovery-due")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("m-candidates").Locator("li[data-code='WRCV-01']")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("m-candidates").Locator("li[data-code='WRCV-02']")).ToHaveCountAsync(0);
        Assert.Equal(0, await later.GetByTestId("reserve").CountAsync()); // not free: nothing to reserve
        await Assertions.Expect(page.Locator("path.match-later")).ToHaveCountAsync(1);   // drawn apart, no pin
        await Assertions.Expect(page.Locator(".match-pin")).ToHaveCountAsync(1);

        await page.GetByTestId("lang-switch").ClickAsync();
        await Assertions.Expect(later.GetByTestId("available-from")).ToHaveTextAsync("expected from 2024-01-10");
        Assert.Empty(errors);
    }
}
