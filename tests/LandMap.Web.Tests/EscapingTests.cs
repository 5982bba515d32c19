using System.Net.Http.Json;
using Microsoft.Playwright;
using Npgsql;

namespace LandMap.Web.Tests;

/// <summary>
/// html.js: ledger and user text is text. Markup is written into every text field the page renders (a zone, a parcel, a
/// factory, a history row, two projects) and must come out as visible literal text, never as elements or scripts.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EscapingTests(BrowserFixture fx) : BrowserTest(fx)
{
    private const string Img = "<img src=x onerror=alert(1)>";
    private const string Script = "\"><script>alert(2)</script>";

    /// <summary>Zone XSS (TST's outline), parcel XSS-01 (a copy of TST-03) and factory XSS-F01 (of TST-F01): rows only this test uses.</summary>
    private const string Insert = """
        INSERT INTO zones (code, parent_code, name_zh, name_en, level, city, geom, area_mu)
        SELECT 'XSS', NULL, '测试区' || $1, 'Zone ' || $2, level, city, geom, area_mu FROM zones WHERE code = 'TST';
        INSERT INTO parcels (code, zone_code, park_code, address, geom, area_mu, gk_central_meridian, ledger_area_mu, land_use,
            land_use_original, plot_ratio_min, plot_ratio_max, building_coverage_min, green_ratio_max, height_limit_m,
            min_investment_wan_per_mu, min_tax_wan_per_mu, industry_chains, power_kva, water, gas, heat, readiness,
            price_wan_per_mu, ownership, idle_since, idle_reason, status, contact)
        SELECT 'XSS-01', 'XSS', NULL, $1, geom, area_mu, gk_central_meridian, ledger_area_mu, land_use,
            $2, plot_ratio_min, plot_ratio_max, building_coverage_min, green_ratio_max, height_limit_m,
            min_investment_wan_per_mu, min_tax_wan_per_mu, ARRAY['新型显示', $1], power_kva, water, gas, heat, $2,
            price_wan_per_mu, ownership, idle_since, $1, 'idle', $2
        FROM parcels WHERE code = 'TST-03';
        INSERT INTO factories (code, zone_code, park_code, name, address, geom, footprint_m2, total_floor_m2, vacant_floor_m2, floors,
            floor_height_m, floor_load_kn_m2, crane_t, power_kva, rent_yuan_m2_month, sale_price_yuan_m2, status, contact)
        SELECT 'XSS-F01', 'XSS', NULL, $1, $2, geom, footprint_m2, total_floor_m2, vacant_floor_m2, floors,
            floor_height_m, floor_load_kn_m2, crane_t, power_kva, rent_yuan_m2_month, sale_price_yuan_m2, 'idle', $1
        FROM factories WHERE code = 'TST-F01';
        INSERT INTO changes (kind, code, zone_code, version, action, source, changed_by, note, diff, status_before, status_after)
        VALUES ('parcel', 'XSS-01', 'XSS', 2, 'status', 'edit', $2, $1, '{"status": ["negotiating", "idle"]}', 'negotiating', 'idle');
        """;

    private const string Delete = """
        DELETE FROM changes WHERE code IN ('XSS-01', 'XSS-F01');
        DELETE FROM parcels WHERE code = 'XSS-01';
        DELETE FROM factories WHERE code = 'XSS-F01';
        DELETE FROM zones WHERE code = 'XSS';
        DELETE FROM projects WHERE name IN ($1, $2);
        """;

    private async Task SqlAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        await using var batch = new NpgsqlBatch(conn);
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var cmd = new NpgsqlBatchCommand(statement);
            if (statement.Contains("$1")) cmd.Parameters.Add(new NpgsqlParameter { Value = Img });
            if (statement.Contains("$2")) cmd.Parameters.Add(new NpgsqlParameter { Value = Script });
            batch.BatchCommands.Add(cmd);
        }
        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>Nothing ran and nothing was parsed as markup: no alert, no img[src=x], no script of ours.</summary>
    private static async Task AssertInertAsync(IPage page, List<string> dialogs)
    {
        Assert.Empty(dialogs);
        Assert.Equal(0, await page.Locator("img[src='x']").CountAsync());
        Assert.Equal(0, await page.Locator("script:not([src])").CountAsync());
    }

    private static List<string> CollectDialogs(IPage page)
    {
        var dialogs = new List<string>();
        page.Dialog += async (_, d) => { dialogs.Add(d.Message); await d.DismissAsync(); };
        return dialogs;
    }

    [Fact]
    public async Task The_page_runs_under_the_content_security_policy_so_an_inline_handler_would_not_run_and_would_be_logged()
    {
        var (page, errors) = await fx.OpenMapAsync();
        Assert.Empty(errors);
        var logged = page.WaitForConsoleMessageAsync(new() { Predicate = m => m.Type == "error" && m.Text.Contains("Content Security Policy") });
        await page.EvaluateAsync("() => document.body.insertAdjacentHTML('beforeend', '<img id=\"probe\" src=\"/favicon.svg\" onload=\"window.ran = 1\">')");
        await logged;
        Assert.False(await page.EvaluateAsync<bool>("() => window.ran === 1"));
    }

    [Fact]
    public async Task Markup_in_ledger_fields_zone_names_history_and_project_names_is_shown_as_text()
    {
        await SqlAsync(Delete);
        await SqlAsync(Insert);
        try
        {
            await PopupsAsStaff();
            await MatchPanelAndAllocationAsEditor();
        }
        finally
        {
            await SqlAsync(Delete);
        }
    }

    private async Task PopupsAsStaff()
    {
        var (page, errors) = await fx.OpenMapAsync(signInAs: "staff");
        var dialogs = CollectDialogs(page);
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("zone").SelectOptionAsync("XSS"), "zone=XSS");
        Assert.Contains("测试区" + Img, await page.Locator(".zone-label").AllInnerTextsAsync());
        Assert.Contains("测试区" + Img, await page.GetByTestId("zone").Locator("option:checked").InnerTextAsync());

        await page.RunAndWaitForResponseAsync(() => page.Locator("path.parcel").ClickAsync(), r => r.Url.EndsWith("/api/history/parcel/XSS-01"));
        var popup = page.Locator("[data-testid=popup][data-code='XSS-01']");
        await popup.Locator(".history[data-loaded]").WaitForAsync();
        var text = await popup.InnerTextAsync();
        foreach (var expected in new[]
                 {
                     $"地址\t{Img}", $"联系人\t{Script}", $"闲置原因\t{Img}", $"基础设施\t{Script}", $"产业链\t新型显示、{Img}",
                     $"（原 {Script}）", $"开发区\t测试区{Img}",
                 })
            Assert.Contains(expected, text);
        Assert.Contains(Script, await popup.Locator(".history").InnerTextAsync()); // changed by
        Assert.Contains(Img, await popup.Locator(".history tr.note").InnerTextAsync());
        await AssertInertAsync(page, dialogs);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "escaping-parcel-popup.png") });

        // The parcel's card may have panned the factory out of the drawn area: the map is brought back over it, as a user
        // would drag it, before the click.
        await page.EvaluateAsync("""
            () => {
              const { map, factories } = window.landmap;
              map.closePopup();
              map.setView(factories.find('XSS-F01').getBounds().getCenter(), map.getZoom(), { animate: false });
            }
            """);
        await page.RunAndWaitForResponseAsync(() => page.Locator("path.factory").ClickAsync(), r => r.Url.EndsWith("/api/history/factory/XSS-F01"));
        // (the closed popup fades out for a moment: name the one meant)
        popup = page.Locator("[data-testid=popup][data-code='XSS-F01']");
        await popup.Locator(".history[data-loaded]").WaitForAsync();
        text = await popup.InnerTextAsync();
        Assert.Contains($"XSS-F01 {Img}", text);
        Assert.Contains($"地址\t{Script}", text);
        Assert.Contains($"联系人\t{Img}", text);
        await AssertInertAsync(page, dialogs);

        // The English view uses name_en.
        await page.GetByTestId("lang-switch").ClickAsync();
        Assert.Contains("Zone " + Script, await page.Locator(".zone-label").AllInnerTextsAsync());
        await AssertInertAsync(page, dialogs);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    private async Task MatchPanelAndAllocationAsEditor()
    {
        using (var created = await fx.Client.PostAsJsonAsync("/api/projects", new { name = Script, pollutionClass = "3", investmentWan = 20000, landNeedMu = 55 }))
            created.EnsureSuccessStatusCode();
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        var dialogs = CollectDialogs(page);
        await page.GetByTestId("tab-match").ClickAsync();
        await MatchPanelTests.MatchProjectAsync(page, Img, "3", "30000", "60", "XSS", pool: "land");
        var resource = page.GetByTestId("m-result").Locator("li[data-code='XSS-01']");
        await resource.WaitForAsync();
        Assert.Equal($"项目：{Img}", await page.GetByTestId("m-project").InnerTextAsync());
        Assert.Contains($"测试区{Img}", await resource.InnerTextAsync());
        await AssertInertAsync(page, dialogs);

        await page.RunAndWaitForResponseAsync(() => page.GetByTestId("m-allocate").ClickAsync(), r => r.Url.EndsWith("/api/allocate"));
        await page.GetByTestId("alloc-land").WaitForAsync();
        var projects = await page.GetByTestId("m-allocation").Locator("td:first-child").AllInnerTextsAsync();
        Assert.Contains(Img, projects);
        Assert.Contains(Script, projects);
        await AssertInertAsync(page, dialogs);
        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "escaping-allocation.png") });
        await page.Context.CloseAsync();
    }
}
