using System.Text.Json;
using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>auth.js: the sign-in dialog, the header, and what each role is shown.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture fx)
{
    private static async Task<string[]> StatusBoxes(IPage page) =>
        await page.Locator("#statuses input").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");

    [Fact]
    public async Task The_public_page_has_no_match_tab_only_public_statuses_and_no_internal_fields_in_popups()
    {
        var (page, errors) = await fx.OpenMapAsync();
        var history = new List<string>();
        page.Request += (_, r) => { if (r.Url.Contains("/api/history/")) history.Add(r.Url); };

        Assert.False(await page.IsVisibleAsync("#tab-match"));
        Assert.False(await page.IsVisibleAsync("#m-batch"));
        Assert.Equal(["idle", "negotiating"], await StatusBoxes(page));
        Assert.Equal("闲置 洽谈中", string.Join(' ', (await page.Locator("#statuses label").AllInnerTextsAsync()).Select(s => s.Trim())));
        Assert.Equal("登录", (await page.InnerTextAsync("#sign-in")).Trim());
        Assert.False(await page.IsVisibleAsync("#user"));

        await page.SelectOptionAsync("#zone", "TST");
        await page.FillAsync("#minMu", "59");
        await MapPageTests.ApplyAndWaitAsync(page, () => page.FillAsync("#maxMu", "61"), "zone=TST", "minMu=59", "maxMu=61");
        await page.Locator("path.parcel").ClickAsync();
        var popup = page.Locator(".leaflet-popup-content");
        await popup.WaitForAsync();
        var text = await popup.InnerTextAsync();
        Assert.Contains("TST-03", text);
        Assert.Contains("测试路1号", text);
        foreach (var internalLabel in new[] { "权属", "闲置原因", "闲置起始", "台账面积", "状态历史" })
            Assert.DoesNotContain(internalLabel, text);
        Assert.DoesNotContain("政府收储", text); // TST-03's ownership and idle reason
        Assert.Empty(history);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Editor_signs_in_matches_reserves_sees_the_history_row_naming_them_then_signs_out()
    {
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        Assert.Equal("test-editor", await page.InnerTextAsync("#user-name"));
        Assert.Equal("编辑", await page.InnerTextAsync("#user-role"));
        Assert.Equal("退出", (await page.InnerTextAsync("#sign-out")).Trim());
        Assert.False(await page.IsVisibleAsync("#sign-in"));
        Assert.Equal(["idle", "negotiating", "reserved", "allocated", "in_use"], await StatusBoxes(page));

        await page.ClickAsync("#tab-match");
        Assert.Equal("保存并匹配", (await page.InnerTextAsync("#m-submit")).Trim());
        Assert.True(await page.IsVisibleAsync("#m-allocate"));
        await page.FillAsync("#m-name", "登录演示项目");
        await page.SelectOptionAsync("#m-pollution", "1");
        await page.FillAsync("#m-investment", "15000");
        await page.FillAsync("#m-land", "25");
        await page.FillAsync("#m-power", "");
        await page.SelectOptionAsync("#m-pool", "land");
        await page.SelectOptionAsync("#m-zone", "TST");
        var matched = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#m-submit"), r => r.Url.EndsWith("/api/match"));
        var first = JsonDocument.Parse(await matched.TextAsync()).RootElement.GetProperty("candidates")
            .EnumerateArray().First(c => c.GetProperty("kind").GetString() == "land");
        var code = first.GetProperty("code").GetString()!;
        var areaMu = first.GetProperty("areaMu").GetDouble();
        Assert.Contains("登录演示项目", await page.InnerTextAsync("#m-project"));
        var item = page.Locator($"#m-candidates li[data-code='{code}']");

        long? reservation = null;
        try
        {
            var reserved = await page.RunAndWaitForResponseAsync(() => item.Locator("button.reserve").ClickAsync(), r => r.Url.EndsWith("/api/reservations"));
            Assert.Equal(201, reserved.Status);
            reservation = JsonDocument.Parse(await reserved.TextAsync()).RootElement.GetProperty("id").GetInt64();
            await item.Locator("button.undo").WaitForAsync();

            // The reserved parcel on the map: its popup shows the history row of this sign-in.
            await page.ClickAsync("#tab-filters");
            await page.SelectOptionAsync("#zone", "TST");
            await page.FillAsync("#minMu", (areaMu - 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await MapPageTests.ApplyAndWaitAsync(page, () => page.FillAsync("#maxMu", (areaMu + 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture)), "zone=TST", "maxMu=");
            Assert.Equal(1, await page.Locator("path.parcel.status-reserved").CountAsync());
            // Near a corner: the candidate's numbered pin sits at its centre.
            await page.RunAndWaitForResponseAsync(() => page.Locator("path.parcel").ClickAsync(new() { Position = new() { X = 4, Y = 4 } }),
                r => r.Url.EndsWith($"/api/history/parcel/{code}"));
            var history = page.Locator(".leaflet-popup-content .history[data-loaded] tr:not(.note)").First;
            await history.WaitForAsync();
            var newest = await history.InnerTextAsync();
            Assert.Contains("test-editor", newest);
            Assert.Contains("→ 已预留", newest);
            Assert.Contains("权属", await page.InnerTextAsync(".leaflet-popup-content")); // staff+ see internal fields

            var api = (await fx.GetJsonAsync($"/api/history/parcel/{code}")).EnumerateArray().Last();
            Assert.Equal("test-editor", api.GetProperty("changedBy").GetString());
            Assert.Equal("reserved", api.GetProperty("toStatus").GetString());

            await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#sign-out"), r => r.Url.EndsWith("/api/auth/logout"));
            await page.WaitForSelectorAsync("body[data-role='public']", new() { State = WaitForSelectorState.Attached });
            Assert.False(await page.IsVisibleAsync("#tab-match"));
            Assert.False(await page.IsVisibleAsync("#user"));
            Assert.True(await page.IsVisibleAsync("#sign-in"));
            Assert.Equal(["idle", "negotiating"], await StatusBoxes(page));
            // The public redraw follows the sign-out: wait for it (Expect retries) rather than read the map mid-refresh.
            await Assertions.Expect(page.Locator(".match-pin")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("path.parcel.status-reserved")).ToHaveCountAsync(0);
            Assert.Empty(errors);
        }
        finally
        {
            if (reservation is { } id) (await fx.Client.DeleteAsync($"/api/reservations/{id}")).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Staff_match_without_saving_and_see_no_reserve_or_batch_buttons()
    {
        var (page, errors) = await fx.OpenMapAsync(signInAs: "staff");
        var projectWrites = new List<string>();
        page.Request += (_, r) => { if (r.Url.Contains("/api/projects")) projectWrites.Add(r.Method); };
        Assert.Equal("工作人员", await page.InnerTextAsync("#user-role"));
        await page.ClickAsync("#tab-match");
        Assert.Equal("匹配", (await page.InnerTextAsync("#m-submit")).Trim());
        Assert.False(await page.IsVisibleAsync("#m-allocate"));

        var matched = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#m-submit"), r => r.Url.EndsWith("/api/match"));
        Assert.Equal(200, matched.Status);
        var sent = JsonDocument.Parse(matched.Request.PostData!).RootElement;
        Assert.Equal("新型显示模组工厂", sent.GetProperty("project").GetProperty("name").GetString());
        Assert.False(sent.TryGetProperty("projectId", out _));
        await page.Locator("#m-candidates li[data-code]").First.WaitForAsync();
        Assert.Equal(0, await page.Locator("#m-candidates button.reserve").CountAsync());
        Assert.Empty(projectWrites);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_401_from_an_expired_session_opens_the_sign_in_dialog()
    {
        var (page, _) = await fx.OpenMapAsync(signInAs: "staff");
        await page.RouteAsync(url => url.EndsWith("/api/match"), route => route.FulfillAsync(new()
        {
            Status = 401, ContentType = "application/problem+json", Body = """{"status":401,"code":"unauthorized","detail":"sign in first"}""",
        }));
        await page.ClickAsync("#tab-match");
        await page.ClickAsync("#m-submit");
        await page.Locator("#sign-in-dialog").WaitForAsync();
        Assert.Contains("登录已过期", await page.InnerTextAsync("#si-notice"));
        Assert.Contains("请登录", await page.InnerTextAsync("#m-error"));
    }

    [Fact]
    public async Task A_wrong_password_is_said_in_the_dialog_and_nothing_changes()
    {
        var (page, _) = await fx.OpenMapAsync();
        await page.ClickAsync("#sign-in");
        await page.FillAsync("#si-name", "test-editor");
        await page.FillAsync("#si-password", "not-the-password");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#si-submit"), r => r.Url.EndsWith("/api/auth/login"));
        Assert.Equal(401, response.Status);
        await page.Locator("#si-error").WaitForAsync();
        Assert.Contains("用户名或密码错误", await page.InnerTextAsync("#si-error"));
        Assert.True(await page.IsVisibleAsync("#sign-in-dialog"));
        await page.ClickAsync("#si-cancel");
        Assert.False(await page.IsVisibleAsync("#sign-in-dialog"));
        Assert.False(await page.IsVisibleAsync("#tab-match"));
    }

    [Fact]
    public async Task Screenshots_of_the_public_and_the_signed_in_editor_page_on_desktop_and_phone()
    {
        foreach (var phone in new[] { false, true })
        {
            var size = phone ? "phone" : "desktop";
            var (page, errors) = await fx.OpenMapAsync(phone: phone);
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), $"public-{size}.png") });
            await page.ClickAsync("#sign-in");
            await page.FillAsync("#si-name", "test-editor");
            await page.FillAsync("#si-password", "••••••••");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), $"sign-in-dialog-{size}.png") });
            await page.ClickAsync("#si-cancel");

            await fx.SignInAsync(page, "editor");
            await page.ClickAsync("#tab-match");
            await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#m-submit"), r => r.Url.EndsWith("/api/match"));
            await page.Locator("#m-candidates li[data-code]").First.WaitForAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), $"editor-{size}.png") });
            Assert.Empty(errors);
            await page.Context.CloseAsync();
        }
    }
}
