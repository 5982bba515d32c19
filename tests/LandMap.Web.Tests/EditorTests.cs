using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;

namespace LandMap.Web.Tests;

/// <summary>
/// panels/editor.js and layers/edit.js: the record panel (编辑 for editors, 档案 for staff) on the map. Each test makes its
/// parcels through the API in a zone of its own (ED?, 121.50–121.85°E), so nothing here changes what other tests count.
/// </summary>
[Collection(PanelsBrowserCollection.Name)]
public sealed class EditorTests(BrowserFixture fx) : BrowserTest(fx)
{
    /// <summary>
    /// A 0.0022° × 0.0009° rectangle with its south-west corner at (lon, 37.01): at 37°N about 195.8 m × 99.9 m ≈ 29.3 亩
    /// (89 010 m per degree of longitude, 110 978 m per degree of latitude on the CGCS2000 ellipsoid).
    /// </summary>
    private static double[][][] Rectangle(double lon, double width = 0.0022)
    {
        const double lat = 37.01, height = 0.0009;
        return [[[lon, lat], [lon + width, lat], [lon + width, lat + height], [lon, lat + height], [lon, lat]]];
    }

    /// <summary>An idle parcel made through the API (as an editor): the zone, its code and its outline are the test's.</summary>
    private async Task CreateParcelAsync(string zone, string code, double lon, double width = 0.0022)
    {
        await fx.EnsureZoneAsync(zone, Math.Floor(lon * 100) / 100);
        var feature = new
        {
            type = "Feature",
            geometry = new { type = "Polygon", coordinates = Rectangle(lon, width) },
            properties = new { code, zoneCode = zone, landUse = "100101", status = "idle", address = $"编辑测试路{code}号", contact = "原联系人" },
        };
        using var res = await fx.Client.PostAsJsonAsync("/collections/parcels/items", feature);
        Assert.True(res.StatusCode == HttpStatusCode.Created, $"creating {code}: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
    }

    /// <summary>The map showing `zone` only, zoomed to the test's parcels, with the record tab open.</summary>
    private static async Task ShowZoneAsync(IPage page, string zone, double west, double east)
    {
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("zone").SelectOptionAsync(zone), $"zone={zone}");
        await page.EvaluateAsync($"() => {{ window.landmap.map.fitBounds([[37.0095, {Num(west)}], [37.0114, {Num(east)}]], {{ animate: false }}); }}");
        await page.GetByTestId("tab-edit").ClickAsync();
    }

    private static string Num(double x) => x.ToString(CultureInfo.InvariantCulture);

    private static ILocator Parcel(IPage page, string code) => page.Locator($"path.parcel.code-{code}");

    private static async Task OpenRecordAsync(IPage page, string code)
    {
        await page.RunAndWaitForResponseAsync(() => Parcel(page, code).ClickAsync(), r => r.Url.EndsWith($"/items/{code}/history"));
        await Assertions.Expect(page.GetByTestId("ed-title")).ToContainTextAsync(code);
    }

    /// <summary>Clicks at points of the map in page pixels: a drawing tool takes them as vertices.</summary>
    private static async Task ClickAtAsync(IPage page, double x, double y) => await page.Mouse.ClickAsync((float)x, (float)y);

    /// <summary>
    /// Ends a Geoman drawing as a user does: a polygon by a click on its first vertex, a line by a click on its last (a
    /// snapped vertex is not where the click was, so the marker is clicked, not the click's position).
    /// </summary>
    private static async Task FinishDrawingAsync(IPage page, bool first)
    {
        var vertices = page.Locator(".marker-icon:not(.cursor-marker)");
        await (first ? vertices.First : vertices.Last).ClickAsync();
    }

    private async Task<JsonElement> HistoryAsync(string code) => await fx.GetJsonAsync($"/collections/parcels/items/{code}/history");

    [Fact]
    public async Task An_editor_splits_a_parcel_along_a_drawn_line_changes_a_part_to_negotiating_with_a_note_and_sees_both_in_the_history()
    {
        await CreateParcelAsync("EDS", "EDS-01", 121.515);
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await ShowZoneAsync(page, "EDS", 121.515, 121.5172);
        await OpenRecordAsync(page, "EDS-01");
        await Assertions.Expect(page.GetByTestId("ed-history").GetByTestId("history-entry")).Not.ToHaveCountAsync(0);

        // Split along a line drawn across the parcel, from 40 px west of it to 40 px east, through its middle.
        await page.GetByTestId("ed-split").ClickAsync();
        await page.GetByTestId("ed-split-note").FillAsync("为新型显示项目分出一半");
        await page.GetByTestId("ed-split-go").ClickAsync();
        await page.Locator("[data-testid=map][data-drawing=Line]").WaitForAsync();
        var box = (await Parcel(page, "EDS-01").BoundingBoxAsync())!;
        var y = box.Y + box.Height / 2;
        await ClickAtAsync(page, box.X - 40, y);
        await ClickAtAsync(page, box.X + box.Width + 40, y);
        var split = await page.RunAndWaitForResponseAsync(() => FinishDrawingAsync(page, first: false), r => r.Url.EndsWith("/items/EDS-01/split"));
        Assert.Equal(201, split.Status);
        var sent = JsonDocument.Parse(split.Request.PostData!).RootElement;
        Assert.Equal("LineString", sent.GetProperty("line").GetProperty("type").GetString());
        Assert.Equal("为新型显示项目分出一半", sent.GetProperty("note").GetString());
        Assert.Matches("^\"\\d+\"$", split.Request.Headers["if-match"]);

        // The first part's record opens; its history starts with the split, and the map shows both parts, not the parent.
        await Assertions.Expect(page.GetByTestId("ed-title")).ToContainTextAsync("EDS-01-1");
        await Assertions.Expect(page.GetByTestId("ed-history").Locator("[data-action=split]")).ToContainTextAsync("为新型显示项目分出一半");
        await Assertions.Expect(page.Locator("path.parcel")).ToHaveCountAsync(2);
        await Assertions.Expect(Parcel(page, "EDS-01")).ToHaveCountAsync(0);

        // A status change without a note is refused on the page (nothing is sent); with one it is saved.
        var patches = new List<string>();
        page.Request += (_, r) => { if (r.Method == "PATCH") patches.Add(r.Url); };
        await page.GetByTestId("ed-status").SelectOptionAsync("negotiating");
        await page.GetByTestId("ed-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("ed-message")).ToContainTextAsync("请填写原因说明");
        Assert.Empty(patches);
        await page.GetByTestId("ed-note").FillAsync("与某显示模组企业洽谈");
        var patched = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("ed-save").ClickAsync(), r => r.Request.Method == "PATCH");
        Assert.Equal(200, patched.Status);
        var patch = JsonDocument.Parse(patched.Request.PostData!).RootElement;
        Assert.Equal("negotiating", patch.GetProperty("properties").GetProperty("status").GetString());
        Assert.Single(patch.GetProperty("properties").EnumerateObject()); // only what changed

        var newest = page.GetByTestId("ed-history").GetByTestId("history-entry").First;
        await Assertions.Expect(newest).ToContainTextAsync("与某显示模组企业洽谈");
        await Assertions.Expect(newest).ToContainTextAsync("闲置 → 洽谈中");
        await Assertions.Expect(newest).ToContainTextAsync("test-editor");
        await Assertions.Expect(page.GetByTestId("ed-facts")).ToContainTextAsync("洽谈中");
        await Assertions.Expect(Parcel(page, "EDS-01-1")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("status-negotiating"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "editor-split-and-status.png") });

        // What the API says: the parent retired, the parts' areas add up to it, and the history links and explains them.
        var parent = (await fx.GetJsonAsync("/collections/parcels/items/EDS-01")).GetProperty("properties");
        Assert.Equal("retired", parent.GetProperty("status").GetString());
        var parts = new[] { "EDS-01-1", "EDS-01-2" }.Select(async c => (await fx.GetJsonAsync($"/collections/parcels/items/{c}")).GetProperty("properties").GetProperty("areaMu").GetDouble());
        // The items output rounds areas to 0.01 亩: the parts' rounded areas add up to the parent's within two roundings.
        var (whole, sum) = (parent.GetProperty("areaMu").GetDouble(), (await Task.WhenAll(parts)).Sum());
        Assert.InRange(sum, whole - 0.011, whole + 0.011);
        var status = (await HistoryAsync("EDS-01-1")).GetProperty("changes").EnumerateArray().Last();
        Assert.Equal("与某显示模组企业洽谈", status.GetProperty("note").GetString());
        Assert.Equal("test-editor", status.GetProperty("by").GetString());
        Assert.Equal("negotiating", status.GetProperty("fields").GetProperty("status").GetProperty("new").GetString());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_stale_if_match_says_someone_else_changed_it_changes_nothing_and_reload_shows_their_change()
    {
        await CreateParcelAsync("EDC", "EDC-01", 121.565);
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await ShowZoneAsync(page, "EDC", 121.565, 121.5672);
        await OpenRecordAsync(page, "EDC-01");

        // Someone else saves a change after the page read the record.
        using var read = await fx.Client.GetAsync("/collections/parcels/items/EDC-01");
        var etag = read.Headers.ETag!;
        using var theirs = new HttpRequestMessage(HttpMethod.Patch, "/collections/parcels/items/EDC-01")
        {
            Content = JsonContent.Create(new { properties = new { contact = "他人改的联系人" } }),
        };
        theirs.Headers.IfMatch.Add(etag);
        (await fx.Client.SendAsync(theirs)).EnsureSuccessStatusCode();

        await page.GetByTestId("ed-attributes").ClickAsync(); // the attributes are folded below status and note
        await page.GetByTestId("ed-f-contact").FillAsync("我改的联系人");
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("ed-save").ClickAsync(), r => r.Request.Method == "PATCH");
        Assert.Equal(412, refused.Status);
        await Assertions.Expect(page.GetByTestId("ed-message")).ToContainTextAsync("该记录已被他人修改");
        await Assertions.Expect(page.GetByTestId("ed-reload")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "editor-conflict.png") });
        var stored = (await fx.GetJsonAsync("/collections/parcels/items/EDC-01")).GetProperty("properties");
        Assert.Equal("他人改的联系人", stored.GetProperty("contact").GetString());

        await page.GetByTestId("ed-reload").ClickAsync();
        await Assertions.Expect(page.GetByTestId("ed-f-contact")).ToHaveValueAsync("他人改的联系人");
        await Assertions.Expect(page.GetByTestId("ed-message")).ToBeHiddenAsync();
        Assert.DoesNotContain(errors, e => !e.Contains("412")); // the browser logs the refused request itself
    }

    [Fact]
    public async Task An_editor_draws_a_new_parcel_snapped_beside_a_neighbour_and_merges_two_adjacent_parcels()
    {
        await CreateParcelAsync("EDM", "EDM-01", 121.615);
        await CreateParcelAsync("EDM", "EDM-02", 121.6172);
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await ShowZoneAsync(page, "EDM", 121.6128, 121.6194);

        // Esc leaves a drawing that was started by mistake.
        await page.GetByTestId("ed-new-parcel").ClickAsync();
        await page.Locator("[data-testid=map][data-drawing=Polygon]").WaitForAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("[data-testid=map][data-drawing]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("ed-hint")).ToBeVisibleAsync();

        // A new parcel west of EDM-01, drawn as four clicks and a click on the first point.
        await page.GetByTestId("ed-new-parcel").ClickAsync();
        await page.Locator("[data-testid=map][data-drawing=Polygon]").WaitForAsync();
        var box = (await Parcel(page, "EDM-01").BoundingBoxAsync())!;
        var (west, east, top, bottom) = (box.X - box.Width / 2, box.X - 30, box.Y + 5, box.Y + box.Height - 5);
        foreach (var (x, yy) in new[] { (west, top), (east, top), (east, bottom), (west, bottom) }) await ClickAtAsync(page, x, yy);
        await FinishDrawingAsync(page, first: true);
        await page.GetByTestId("ed-create").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("ed-zone")).ToHaveValueAsync("EDM"); // found from the outline
        await page.GetByTestId("ed-code").FillAsync("EDM-03");
        await page.GetByTestId("ed-f-landUse").SelectOptionAsync("100101");
        await page.GetByTestId("ed-f-address").FillAsync("编辑测试路新建");
        var created = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("ed-create-save").ClickAsync(),
            r => r.Url.EndsWith("/collections/parcels/items") && r.Request.Method == "POST");
        Assert.Equal(201, created.Status);
        await Assertions.Expect(page.GetByTestId("ed-title")).ToContainTextAsync("EDM-03");
        var drawn = (await fx.GetJsonAsync("/collections/parcels/items/EDM-03")).GetProperty("properties");
        Assert.InRange(drawn.GetProperty("areaMu").GetDouble(), 1, 30);

        // Merge EDM-01 and EDM-02 (they share an edge): pick both on the map, give a reason.
        await page.GetByTestId("ed-merge").ClickAsync();
        await Parcel(page, "EDM-01").ClickAsync();
        await Parcel(page, "EDM-02").ClickAsync();
        await Assertions.Expect(page.GetByTestId("ed-merge-list").Locator("li")).ToHaveTextAsync(["EDM-01", "EDM-02"]);
        await page.GetByTestId("ed-merge-code").FillAsync("EDM-12");
        await page.GetByTestId("ed-merge-note").FillAsync("两宗合并整体出让");
        var merged = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("ed-merge-go").ClickAsync(), r => r.Url.EndsWith("/collections/parcels/merge"));
        Assert.Equal(201, merged.Status);
        await Assertions.Expect(page.GetByTestId("ed-title")).ToContainTextAsync("EDM-12");
        await Assertions.Expect(page.GetByTestId("ed-history").Locator("[data-action=merge]")).ToContainTextAsync("两宗合并整体出让");
        await Assertions.Expect(Parcel(page, "EDM-01")).ToHaveCountAsync(0);
        var child = (await fx.GetJsonAsync("/collections/parcels/items/EDM-12")).GetProperty("properties").GetProperty("areaMu").GetDouble();
        Assert.InRange(child, 58.0, 59.2); // two of ≈ 29.3 亩
        Assert.Equal("retired", (await fx.GetJsonAsync("/collections/parcels/items/EDM-02")).GetProperty("properties").GetProperty("status").GetString());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_stale_parcel_is_dashed_with_a_legend_entry_and_verifying_it_clears_the_flag()
    {
        await CreateParcelAsync("EDV", "EDV-01", 121.665);
        await using (var conn = new NpgsqlConnection(fx.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("UPDATE parcels SET verified_at = now() - interval '400 days' WHERE code = 'EDV-01'", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        Assert.True((await fx.GetJsonAsync("/collections/parcels/items/EDV-01")).GetProperty("properties").GetProperty("stale").GetBoolean());
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await ShowZoneAsync(page, "EDV", 121.665, 121.6672);
        await Assertions.Expect(Parcel(page, "EDV-01")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bstale\b"));
        await Assertions.Expect(page.GetByTestId("legend")).ToContainTextAsync("待核实");

        await OpenRecordAsync(page, "EDV-01");
        await Assertions.Expect(page.GetByTestId("ed-facts")).ToContainTextAsync("超过规定期限未核实");
        var verified = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("ed-verify").ClickAsync(), r => r.Url.EndsWith("/items/EDV-01/verify"));
        Assert.Equal(200, verified.Status);
        await Assertions.Expect(Parcel(page, "EDV-01")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bstale\b"));
        await Assertions.Expect(page.GetByTestId("ed-facts")).ToContainTextAsync("test-editor");
        Assert.False((await fx.GetJsonAsync("/collections/parcels/items/EDV-01")).GetProperty("properties").GetProperty("stale").GetBoolean());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_editor_reshapes_an_outline_by_dragging_a_vertex_then_retires_the_parcel_with_a_note()
    {
        await CreateParcelAsync("EDE", "EDE-01", 121.765);
        var before = (await fx.GetJsonAsync("/collections/parcels/items/EDE-01")).GetProperty("properties").GetProperty("areaMu").GetDouble();
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await ShowZoneAsync(page, "EDE", 121.7635, 121.7687);
        await OpenRecordAsync(page, "EDE-01");

        // Drag the outline's eastern vertices 60 px further east (Geoman's vertex markers on an editable copy), once no
        // reload of the parcels is in flight: Geoman snaps to the drawn parcels, which a redraw replaces.
        await page.GetByTestId("loading").WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        await page.GetByTestId("ed-reshape").ClickAsync();
        var vertices = page.Locator(".marker-icon:not(.marker-icon-middle):not(.cursor-marker)");
        await Assertions.Expect(vertices).ToHaveCountAsync(4);
        var boxes = new List<(double X, double Y)>();
        foreach (var v in await vertices.AllAsync()) { var b = (await v.BoundingBoxAsync())!; boxes.Add((b.X + b.Width / 2, b.Y + b.Height / 2)); }
        foreach (var (x, y) in boxes.OrderByDescending(b => b.X).Take(2))
        {
            await page.Mouse.MoveAsync((float)x, (float)y);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync((float)x + 60, (float)y, new() { Steps = 6 });
            await page.Mouse.UpAsync();
        }
        var saved = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("ed-save-shape").ClickAsync(), r => r.Request.Method == "PATCH");
        Assert.Equal(200, saved.Status);
        // The stored outline is a MultiPolygon (as the API gives it): the reshaped copy goes back as one.
        Assert.Equal("MultiPolygon", JsonDocument.Parse(saved.Request.PostData!).RootElement.GetProperty("geometry").GetProperty("type").GetString());
        var after = (await fx.GetJsonAsync("/collections/parcels/items/EDE-01")).GetProperty("properties").GetProperty("areaMu").GetDouble();
        Assert.True(after > before * 1.1, $"the area was computed again from the wider outline: {before} → {after}");
        await Assertions.Expect(page.GetByTestId("ed-history").GetByTestId("history-entry").First.GetByTestId("history-show-geometry")).ToBeVisibleAsync();

        // The outline before the change, shown on the map from the history.
        await page.GetByTestId("ed-history").GetByTestId("history-entry").First.GetByTestId("history-show-geometry").ClickAsync();
        await Assertions.Expect(page.Locator("path.history-outline")).ToHaveCountAsync(1);

        // Retire: a note is required; the parcel leaves the map, its record stays.
        await page.GetByTestId("ed-retire").ClickAsync();
        await page.GetByTestId("ed-retire-go").ClickAsync();
        await Assertions.Expect(page.GetByTestId("ed-message")).ToContainTextAsync("请填写原因说明");
        await page.GetByTestId("ed-retire-note").FillAsync("已整体出让，退出可用");
        var retired = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("ed-retire-go").ClickAsync(), r => r.Url.EndsWith("/items/EDE-01/retire"));
        Assert.Equal(200, retired.Status);
        await Assertions.Expect(page.GetByTestId("ed-facts")).ToContainTextAsync("已退出");
        await Assertions.Expect(page.GetByTestId("ed-history").GetByTestId("history-entry").First).ToContainTextAsync("已整体出让，退出可用");
        await Assertions.Expect(Parcel(page, "EDE-01")).ToHaveCountAsync(0);
        Assert.Equal(0, await page.GetByTestId("ed-actions").CountAsync()); // nothing more to do with a retired record
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_public_sees_no_edit_controls_and_staff_read_the_record_and_history_without_tools()
    {
        var geoman = new List<string>();
        var (publicPage, publicErrors) = await fx.OpenMapAsync();
        publicPage.Request += (_, r) => { if (r.Url.Contains("/vendor/geoman")) geoman.Add(r.Url); };
        Assert.False(await publicPage.GetByTestId("tab-edit").IsVisibleAsync());
        Assert.False(await publicPage.GetByTestId("edit-panel").IsVisibleAsync());
        Assert.False(await publicPage.GetByTestId("ed-tools").IsVisibleAsync());
        Assert.Equal(0, await publicPage.Locator(".leaflet-pm-toolbar").CountAsync());
        Assert.False(await publicPage.EvaluateAsync<bool>("() => Boolean(window.L?.PM)"));
        Assert.Empty(publicErrors);

        await CreateParcelAsync("EDR", "EDR-01", 121.715);
        var (page, errors) = await fx.OpenMapAsync(signInAs: "staff");
        page.Request += (_, r) => { if (r.Url.Contains("/vendor/geoman")) geoman.Add(r.Url); };
        await Assertions.Expect(page.GetByTestId("tab-edit")).ToHaveTextAsync("档案");
        await ShowZoneAsync(page, "EDR", 121.715, 121.7172);
        Assert.False(await page.GetByTestId("ed-tools").IsVisibleAsync());
        await OpenRecordAsync(page, "EDR-01");
        await Assertions.Expect(page.GetByTestId("ed-history").GetByTestId("history-entry").First).ToContainTextAsync("test-editor");
        Assert.Equal(0, await page.GetByTestId("ed-form").CountAsync());
        Assert.Equal(0, await page.GetByTestId("ed-actions").CountAsync());
        Assert.Equal(0, await page.Locator(".leaflet-popup").CountAsync()); // the record panel took the click
        Assert.Empty(geoman);
        Assert.Empty(errors);
    }
}
