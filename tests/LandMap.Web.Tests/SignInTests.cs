using System.Text.Json;
using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>panels/auth.js: the sign-in dialog, the header, and what each role is shown.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture fx) : BrowserTest(fx)
{
    private static async Task<string[]> StatusBoxes(IPage page) =>
        await page.GetByTestId("statuses").Locator("input").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");

    [Fact]
    public async Task The_public_page_has_no_match_tab_only_public_statuses_and_a_card_in_chinese_units_without_internal_fields()
    {
        var (page, errors) = await fx.OpenMapAsync();
        var history = new List<string>();
        page.Request += (_, r) => { if (r.Url.Contains("/api/history/")) history.Add(r.Url); };

        Assert.False(await page.GetByTestId("tab-match").IsVisibleAsync());
        Assert.False(await page.GetByTestId("m-batch").IsVisibleAsync());
        Assert.Equal(["idle", "negotiating"], await StatusBoxes(page));
        Assert.Equal("闲置 洽谈中", string.Join(' ', (await page.GetByTestId("statuses").Locator("label").AllInnerTextsAsync()).Select(s => s.Trim())));
        Assert.Equal("登录", (await page.GetByTestId("sign-in").InnerTextAsync()).Trim());
        Assert.False(await page.GetByTestId("user").IsVisibleAsync());

        await page.GetByTestId("zone").SelectOptionAsync("TST");
        await page.GetByTestId("minMu").FillAsync("59");
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("maxMu").FillAsync("61"), "zone=TST", "minMu=59", "maxMu=61");
        Assert.Equal(1, await MapPageTests.DrawnParcels(page));
        await page.Locator("path.parcel").ClickAsync();
        var popup = page.GetByTestId("popup");
        await popup.WaitForAsync();
        var text = await popup.InnerTextAsync();
        Assert.Contains("TST-03", text);
        Assert.Contains("测试路1号", text);
        // Its code, and its area, land use and price in Chinese units.
        Assert.Contains("60 亩", text);
        Assert.Contains("三类工业用地", text);
        Assert.Contains("万元/亩", text);
        foreach (var internalLabel in new[] { "权属", "闲置原因", "闲置起始", "台账面积", "状态历史" })
            Assert.DoesNotContain(internalLabel, text);
        Assert.DoesNotContain("政府收储", text); // TST-03's ownership and idle reason
        Assert.Empty(history);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Editor_signs_in_matches_reserves_sees_the_history_row_naming_them_then_signs_out()
    {
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor", byDialog: true);
        Assert.Equal("test-editor", await page.GetByTestId("user-name").InnerTextAsync());
        Assert.Equal("编辑", await page.GetByTestId("user-role").InnerTextAsync());
        Assert.Equal("退出", (await page.GetByTestId("sign-out").InnerTextAsync()).Trim());
        Assert.False(await page.GetByTestId("sign-in").IsVisibleAsync());
        Assert.Equal(["idle", "negotiating", "reserved", "allocated", "in_use"], await StatusBoxes(page));

        await page.GetByTestId("tab-match").ClickAsync();
        Assert.Equal("保存并匹配", (await page.GetByTestId("m-submit").InnerTextAsync()).Trim());
        Assert.True(await page.GetByTestId("m-allocate").IsVisibleAsync());
        var matched = await MatchPanelTests.MatchProjectAsync(page, "登录演示项目", "1", "15000", "25", "TST", pool: "land");
        var first = JsonDocument.Parse(await matched.TextAsync()).RootElement.GetProperty("candidates")
            .EnumerateArray().First(c => c.GetProperty("kind").GetString() == "land");
        var code = first.GetProperty("code").GetString()!;
        var areaMu = first.GetProperty("areaMu").GetDouble();
        Assert.Contains("登录演示项目", await page.GetByTestId("m-project").InnerTextAsync());
        var item = page.GetByTestId("m-candidates").Locator($"li[data-code='{code}']");

        long? reservation = null;
        try
        {
            var reserved = await page.RunAndWaitForResponseAsync(() => item.GetByTestId("reserve").ClickAsync(), r => r.Url.EndsWith("/api/reservations"));
            Assert.Equal(201, reserved.Status);
            reservation = JsonDocument.Parse(await reserved.TextAsync()).RootElement.GetProperty("id").GetInt64();
            await item.GetByTestId("undo").WaitForAsync();

            // The reserved parcel on the map: its popup shows the history row of this sign-in.
            await page.GetByTestId("tab-filters").ClickAsync();
            await page.GetByTestId("show-all").ClickAsync(); // not only what is on offer (the default): the reserved parcel too
            await page.GetByTestId("zone").SelectOptionAsync("TST");
            await page.GetByTestId("minMu").FillAsync((areaMu - 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("maxMu").FillAsync((areaMu + 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture)), "zone=TST", "maxMu=");
            Assert.Equal(1, await page.Locator("path.parcel.status-reserved").CountAsync());
            // Near a corner: the candidate's numbered pin sits at its centre.
            await page.RunAndWaitForResponseAsync(() => page.Locator("path.parcel").ClickAsync(new() { Position = new() { X = 4, Y = 4 } }),
                r => r.Url.EndsWith($"/api/history/parcel/{code}"));
            var history = page.GetByTestId("popup").Locator(".history[data-loaded] tr:not(.note)").First;
            await history.WaitForAsync();
            var newest = await history.InnerTextAsync();
            Assert.Contains("test-editor", newest);
            Assert.Contains("→ 已预留", newest);
            Assert.Contains("权属", await page.GetByTestId("popup").InnerTextAsync()); // staff+ see internal fields

            var api = (await fx.GetJsonAsync($"/api/history/parcel/{code}")).EnumerateArray().Last();
            Assert.Equal("test-editor", api.GetProperty("changedBy").GetString());
            Assert.Equal("reserved", api.GetProperty("toStatus").GetString());

            await page.RunAndWaitForResponseAsync(() => page.GetByTestId("sign-out").ClickAsync(), r => r.Url.EndsWith("/api/auth/logout"));
            await page.WaitForSelectorAsync("body[data-role='public']", new() { State = WaitForSelectorState.Attached });
            Assert.False(await page.GetByTestId("tab-match").IsVisibleAsync());
            Assert.False(await page.GetByTestId("user").IsVisibleAsync());
            Assert.True(await page.GetByTestId("sign-in").IsVisibleAsync());
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
        Assert.Equal("工作人员", await page.GetByTestId("user-role").InnerTextAsync());
        await page.GetByTestId("tab-match").ClickAsync();
        Assert.Equal("匹配", (await page.GetByTestId("m-submit").InnerTextAsync()).Trim());
        Assert.False(await page.GetByTestId("m-allocate").IsVisibleAsync());

        var matched = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("m-submit").ClickAsync(), r => r.Url.EndsWith("/api/match"));
        Assert.Equal(200, matched.Status);
        var sent = JsonDocument.Parse(matched.Request.PostData!).RootElement;
        Assert.Equal("新型显示模组工厂", sent.GetProperty("project").GetProperty("name").GetString());
        Assert.False(sent.TryGetProperty("projectId", out _));
        await page.GetByTestId("m-candidates").Locator("li[data-code]").First.WaitForAsync();
        Assert.Equal(0, await page.GetByTestId("m-candidates").GetByTestId("reserve").CountAsync());
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
        await page.GetByTestId("tab-match").ClickAsync();
        await page.GetByTestId("m-submit").ClickAsync();
        await page.GetByTestId("sign-in-dialog").WaitForAsync();
        Assert.Contains("登录已过期", await page.GetByTestId("si-notice").InnerTextAsync());
        Assert.Contains("请登录", await page.GetByTestId("m-error").InnerTextAsync());
    }

    [Fact]
    public async Task A_wrong_password_is_said_in_the_dialog_and_nothing_changes()
    {
        var (page, _) = await fx.OpenMapAsync();
        await page.GetByTestId("sign-in").ClickAsync();
        await page.GetByTestId("si-name").FillAsync("test-editor");
        await page.GetByTestId("si-password").FillAsync("not-the-password");
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("si-submit").ClickAsync(), r => r.Url.EndsWith("/api/auth/login"));
        Assert.Equal(401, response.Status);
        await page.GetByTestId("si-error").WaitForAsync();
        Assert.Contains("用户名或密码错误", await page.GetByTestId("si-error").InnerTextAsync());
        Assert.True(await page.GetByTestId("sign-in-dialog").IsVisibleAsync());
        await page.GetByTestId("si-cancel").ClickAsync();
        Assert.False(await page.GetByTestId("sign-in-dialog").IsVisibleAsync());
        Assert.False(await page.GetByTestId("tab-match").IsVisibleAsync());
    }

    [Fact]
    public async Task Screenshots_of_the_public_and_the_signed_in_editor_page_on_desktop_and_phone()
    {
        foreach (var phone in new[] { false, true })
        {
            var size = phone ? "phone" : "desktop";
            var (page, errors) = await fx.OpenMapAsync(phone: phone);
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), $"public-{size}.png") });
            await page.GetByTestId("sign-in").ClickAsync();
            await page.GetByTestId("si-name").FillAsync("test-editor");
            await page.GetByTestId("si-password").FillAsync("••••••••");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), $"sign-in-dialog-{size}.png") });
            await page.GetByTestId("si-cancel").ClickAsync();

            await fx.SignInAsync(page, "editor");
            await page.GetByTestId("tab-match").ClickAsync();
            await page.RunAndWaitForResponseAsync(() => page.GetByTestId("m-submit").ClickAsync(), r => r.Url.EndsWith("/api/match"));
            await page.GetByTestId("m-candidates").Locator("li[data-code]").First.WaitForAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), $"editor-{size}.png") });
            Assert.Empty(errors);
            await page.Context.CloseAsync();
        }
    }
}
