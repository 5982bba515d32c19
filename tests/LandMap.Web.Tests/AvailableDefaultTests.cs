using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>
/// Sensible defaults (issue 12 §7): the map opens on what is on offer (idle, negotiating) for staff as for the public, 仅看可用 /
/// 全部 switches in one click; status is told by the outline's dash as well as the colour; the legend counts each status
/// for the current filters as /api/stats does.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AvailableDefaultTests(BrowserFixture fx) : BrowserTest(fx)
{
    private static async Task<string[]> Ticked(IPage page) =>
        await page.GetByTestId("statuses").Locator("input:checked").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");

    /// <summary>The legend's parcel count per status, read from the page.</summary>
    private static async Task<Dictionary<string, int>> LegendParcels(IPage page)
    {
        var rows = await page.GetByTestId("legend-status").EvaluateAllAsync<string[][]>(
            "els => els.map(e => [e.dataset.status, e.querySelector('[data-testid=legend-count]').dataset.parcels ?? ''])");
        return rows.ToDictionary(r => r[0], r => int.Parse(r[1], CultureInfo.InvariantCulture));
    }

    /// <summary>What /api/stats says per parcel status for a query, as a staff member.</summary>
    private async Task<Dictionary<string, int>> StatsParcels(string query)
    {
        var stats = await fx.GetJsonAsync($"/api/stats?{query}");
        return stats.GetProperty("parcels").GetProperty("byStatus").EnumerateArray()
            .ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("count").GetInt32());
    }

    private static Dictionary<string, int> WithZeros(Dictionary<string, int> counts, IEnumerable<string> statuses) =>
        statuses.ToDictionary(s => s, s => counts.GetValueOrDefault(s));

    [Fact]
    public async Task Staff_open_on_available_resources_switch_to_all_in_one_click_and_the_legend_counts_follow()
    {
        var (page, errors) = await fx.OpenMapAsync(signInAs: "staff");
        string[] all = ["idle", "negotiating", "reserved", "allocated", "in_use"];
        Assert.Equal(["idle", "negotiating"], await Ticked(page));
        await Assertions.Expect(page.GetByTestId("show-available")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.GetByTestId("show-all")).ToHaveAttributeAsync("aria-pressed", "false");

        var available = await fx.GetJsonAsync("/collections/parcels/items?status=idle,negotiating&limit=1");
        await Assertions.Expect(page.Locator("path.parcel")).ToHaveCountAsync(available.GetProperty("numberMatched").GetInt32());
        Assert.Equal(0, await page.Locator("path.parcel:not(.status-idle):not(.status-negotiating)").CountAsync());
        Assert.Equal(0, await page.Locator("path.factory:not(.status-idle):not(.status-negotiating)").CountAsync());
        await Assertions.Expect(page.Locator("[data-testid=legend-count][data-parcels]")).ToHaveCountAsync(all.Length);
        Assert.Equal(WithZeros(await StatsParcels("status=idle,negotiating"), all), await LegendParcels(page));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "available-default.png") });

        // 全部: every status the caller may see, drawn; the legend counts them all.
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("show-all").ClickAsync(), "/api/stats");
        Assert.Equal(all, await Ticked(page));
        await Assertions.Expect(page.GetByTestId("show-all")).ToHaveAttributeAsync("aria-pressed", "true");
        var everything = await fx.GetJsonAsync("/collections/parcels/items?limit=1");
        await Assertions.Expect(page.Locator("path.parcel")).ToHaveCountAsync(everything.GetProperty("numberMatched").GetInt32());
        await Assertions.Expect(page.Locator("[data-testid=legend-count][data-parcels]")).ToHaveCountAsync(all.Length);
        var counts = await LegendParcels(page);
        Assert.Equal(WithZeros(await StatsParcels(""), all), counts);
        Assert.True(counts["allocated"] > 0 && counts["in_use"] > 0, "the demo data has taken land");

        // The status is in the outline too: each status its own dash (solid for idle), the same in the legend's swatch.
        var dashes = await page.EvaluateAsync<JsonElement>("""
            () => Object.fromEntries(['idle', 'negotiating', 'reserved', 'allocated', 'in_use'].map(s => {
              const path = document.querySelector(`path.parcel.status-${s}`);
              const swatch = document.querySelector(`[data-testid=legend-status][data-status=${s}] rect`);
              return [s, [path?.getAttribute('stroke-dasharray') ?? 'none', swatch?.getAttribute('stroke-dasharray') ?? 'none']];
            }))
            """);
        var seen = new HashSet<string>();
        foreach (var status in all)
        {
            var pair = dashes.GetProperty(status).EnumerateArray().Select(e => e.GetString()!).ToArray();
            Assert.Equal(pair[1], pair[0]);
            Assert.True(seen.Add(pair[0]), $"{status} has a dash of its own");
        }
        Assert.Equal("none", dashes.GetProperty("idle")[0].GetString());

        // A filter narrows the counts with the map; 仅看可用 brings the default back.
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("zone").SelectOptionAsync("LXEDZ"), "zone=LXEDZ");
        await Assertions.Expect(page.Locator("[data-testid=legend-count][data-parcels]")).ToHaveCountAsync(all.Length);
        Assert.Equal(WithZeros(await StatsParcels("zone=LXEDZ"), all), await LegendParcels(page));
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("show-available").ClickAsync(), "status=idle,negotiating", "zone=LXEDZ");
        Assert.Equal(["idle", "negotiating"], await Ticked(page));
        await Assertions.Expect(page.Locator("[data-testid=legend-count][data-parcels]")).ToHaveCountAsync(all.Length);
        Assert.Equal(WithZeros(await StatsParcels("zone=LXEDZ&status=idle,negotiating"), all), await LegendParcels(page));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "available-laixi.png") });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_public_sees_only_what_is_on_offer_so_no_switch_and_the_legend_counts_the_two_statuses()
    {
        var (page, errors) = await fx.OpenMapAsync(phone: true);
        Assert.Equal(["idle", "negotiating"], await Ticked(page));
        Assert.False(await page.GetByTestId("availability").IsVisibleAsync()); // both sets are the same: a switch would do nothing
        await Assertions.Expect(page.Locator("[data-testid=legend-count][data-parcels]")).ToHaveCountAsync(2);
        var stats = await fx.GetPublicJsonAsync("/api/stats");
        var expected = stats.GetProperty("parcels").GetProperty("byStatus").EnumerateArray()
            .ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("count").GetInt32());
        Assert.Equal(WithZeros(expected, ["idle", "negotiating"]), await LegendParcels(page));
        Assert.Empty(errors);
    }
}
