using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LandMap.Web.Tests;

/// <summary>项目信息库 in the page: list, search, filters, one project opened, edited with If-Match, withdrawn; 保存并匹配.</summary>
[Collection(PanelsBrowserCollection.Name)]
public sealed class RegisterPanelTests(BrowserFixture fx) : BrowserTest(fx)
{
    /// <summary>A name no other test uses, so searching for it finds only this test's projects.</summary>
    private static string Tag() => $"登记{Guid.NewGuid():N}"[..12];

    private async Task<long> CreateProjectAsync(string name, string stage, params string[] zones)
    {
        using var res = await fx.Client.PostAsJsonAsync("/api/projects",
            new { name, investor = "测试投资方", industryChain = "新型显示", pollutionClass = "1", investmentWan = 20000, landNeedMu = 20, stage, preferredZones = zones });
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    private async Task<(JsonElement Project, string ETag)> GetProjectAsync(long id)
    {
        using var res = await fx.Client.GetAsync($"/api/projects/{id}");
        res.EnsureSuccessStatusCode();
        return (JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.Clone(), res.Headers.ETag!.ToString());
    }

    private async Task PatchProjectAsync(long id, string etag, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/projects/{id}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var res = await fx.Client.SendAsync(request);
        Assert.True(res.IsSuccessStatusCode, await res.Content.ReadAsStringAsync());
    }

    /// <summary>Types the search and waits for its answer (the list shows every project until then).</summary>
    private static async Task SearchAsync(IPage page, string text, int expected)
    {
        await page.GetByTestId("register-search").FillAsync(text);
        await Expect(page.GetByTestId("register-item")).ToHaveCountAsync(expected);
    }

    private static async Task OpenRegisterAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Tab, new() { Name = "项目库" }).ClickAsync();
        await Expect(page.GetByTestId("register-list")).ToBeVisibleAsync();
    }

    /// <summary>The register, searched for the one project named with <paramref name="tag"/>, that project opened.</summary>
    private static async Task OpenProjectAsync(IPage page, string tag)
    {
        await OpenRegisterAsync(page);
        await SearchAsync(page, tag, 1);
        await page.GetByTestId("register-item").ClickAsync();
        await Expect(page.GetByTestId("project-title")).ToContainTextAsync(tag);
    }

    /// <summary>The page's writes to projects (POST, PATCH), in order, as they are sent.</summary>
    private static List<IRequest> ProjectWrites(IPage page)
    {
        var writes = new List<IRequest>();
        page.Request += (_, r) => { if (r.Url.Contains("/api/projects") && r.Method != "GET") writes.Add(r); };
        return writes;
    }

    [Fact]
    public async Task The_register_is_searched_filtered_and_a_stage_changed_with_If_Match_shows_in_the_list()
    {
        var tag = Tag();
        await OwnZone.CreateAsync(fx, "WRG1", 118.3, 37.5);
        var display = await CreateProjectAsync($"{tag} 显示模组", "negotiating", "WRG1");
        await CreateProjectAsync($"{tag} 功率器件", "signed");
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await OpenRegisterAsync(page);
        var items = page.GetByTestId("register-item");

        await SearchAsync(page, tag, 2);
        await Expect(page.GetByTestId("register-count")).ToHaveTextAsync("共 2 个项目");
        await page.GetByTestId("register-stage").SelectOptionAsync("signed");
        await Expect(items).ToHaveCountAsync(1);
        await Expect(items).ToContainTextAsync("功率器件");
        await Expect(items).ToContainTextAsync("已签约");
        await page.GetByTestId("register-stage").SelectOptionAsync("");
        await page.GetByTestId("register-zone").SelectOptionAsync("WRG1");
        await Expect(items).ToHaveCountAsync(1);
        await Expect(items).ToContainTextAsync("显示模组");

        // Open it: the page keeps the ETag it read and sends it back as If-Match with the change.
        var (_, etag) = await GetProjectAsync(display);
        await items.Filter(new() { HasText = "显示模组" }).ClickAsync();
        await Expect(page.GetByTestId("project-title")).ToHaveTextAsync($"{tag} 显示模组");
        await page.GetByTestId("project-stage").SelectOptionAsync("started");
        await page.GetByTestId("project-note").FillAsync("已取得施工许可");
        var request = await page.RunAndWaitForRequestAsync(() => page.GetByTestId("project-save").ClickAsync(),
            r => r.Method == "PATCH" && r.Url.EndsWith($"/api/projects/{display}"));
        Assert.Equal(etag, await request.HeaderValueAsync("if-match"));
        Assert.Equal(200, (await request.ResponseAsync())!.Status);
        await Expect(page.GetByTestId("project-saved")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("project-stage-badge")).ToHaveTextAsync("已开工");
        Assert.Equal("started", (await GetProjectAsync(display)).Project.GetProperty("stage").GetString());

        // Back in the list (still filtered by the zone and the search) the project shows its new stage.
        await page.GetByTestId("register-back").ClickAsync();
        await Expect(items.Filter(new() { HasText = "显示模组" }).GetByTestId("register-item-stage")).ToHaveTextAsync("已开工");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Saving_a_project_someone_else_changed_meanwhile_is_refused_as_a_conflict_and_writes_nothing()
    {
        var tag = Tag();
        var id = await CreateProjectAsync($"{tag} 冲突", "negotiating");
        var (page, _) = await fx.OpenMapAsync(signInAs: "editor");
        await OpenProjectAsync(page, tag);

        // Another editor saves first (the page still holds the old version).
        var (_, etag) = await GetProjectAsync(id);
        await PatchProjectAsync(id, etag, new { investor = "另一位编辑改过" });

        await page.GetByTestId("project-stage").SelectOptionAsync("signed");
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("project-save").ClickAsync(),
            r => r.Request.Method == "PATCH" && r.Url.EndsWith($"/api/projects/{id}"));
        Assert.Equal(412, response.Status);
        await Expect(page.GetByTestId("project-conflict")).ToContainTextAsync("已被他人修改");
        await Expect(page.GetByTestId("project-stage")).ToHaveValueAsync("signed"); // the user's edit is still in the form
        var (stored, _) = await GetProjectAsync(id);
        Assert.Equal("negotiating", stored.GetProperty("stage").GetString());
        Assert.Equal("另一位编辑改过", stored.GetProperty("investor").GetString());

        // Loading the latest version shows the other editor's change; saving then works.
        await page.GetByTestId("project-reload").ClickAsync();
        await Expect(page.GetByTestId("project-investor")).ToHaveValueAsync("另一位编辑改过");
        await page.GetByTestId("project-stage").SelectOptionAsync("signed");
        await page.GetByTestId("project-save").ClickAsync();
        await Expect(page.GetByTestId("project-stage-badge")).ToHaveTextAsync("已签约");
    }

    [Fact]
    public async Task A_projects_reserved_parcel_opens_on_the_map_and_withdrawing_the_project_releases_it()
    {
        var tag = Tag();
        await OwnZone.CreateAsync(fx, "WREG", 118.3, 37.2, new OwnZone.Parcel("WREG-01", 200, 100));
        var id = await CreateProjectAsync($"{tag} 预留", "negotiating");
        using (var reserved = await fx.Client.PostAsJsonAsync("/api/reservations", new { projectId = id, kind = "parcel", code = "WREG-01" }))
            Assert.True(reserved.IsSuccessStatusCode, await reserved.Content.ReadAsStringAsync());
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        await OpenProjectAsync(page, tag);

        var resource = page.GetByTestId("project-resource");
        await Expect(resource).ToHaveCountAsync(1);
        await Expect(resource).ToContainTextAsync("WREG-01");
        await Expect(resource).ToContainTextAsync("已预留");
        await resource.ClickAsync();
        // The map zooms to the parcel and opens its card.
        await Expect(page.Locator(".leaflet-popup .popup[data-code='WREG-01']")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<double>("() => window.landmap.map.getZoom()") >= 14);

        // Withdrawing needs a reason; it releases the reservation in the same step.
        await page.GetByTestId("project-withdraw").ClickAsync();
        await Expect(page.GetByTestId("project-error")).ToContainTextAsync("撤回原因");
        await page.GetByTestId("withdraw-note").FillAsync("投资方放弃");
        await page.GetByTestId("project-withdraw").ClickAsync();
        await Expect(page.GetByTestId("project-stage-badge")).ToHaveTextAsync("已撤回");
        await Expect(resource).ToHaveCountAsync(0);
        var parcel = await fx.GetJsonAsync("/collections/parcels/items/WREG-01");
        Assert.Equal("idle", parcel.GetProperty("properties").GetProperty("status").GetString());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Save_and_match_twice_updates_the_one_project_it_created()
    {
        var tag = Tag();
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        var writes = ProjectWrites(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "项目匹配" }).ClickAsync();
        await page.FillAsync("#m-name", $"{tag} 保存并匹配");
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#m-submit"), r => r.Url.EndsWith("/api/match"));
        await Expect(page.Locator("#m-result")).ToBeVisibleAsync();
        await page.FillAsync("#m-investment", "65000");
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#m-submit"), r => r.Url.EndsWith("/api/match"));

        // The first click created the project, the second updated it with the version the first one returned.
        Assert.Equal(["POST", "PATCH"], writes.Select(r => r.Method));
        Assert.NotNull(await writes[1].HeaderValueAsync("if-match"));
        var list = await fx.GetJsonAsync($"/api/projects?q={Uri.EscapeDataString(tag)}");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(65000, list.GetProperty("items")[0].GetProperty("investmentWan").GetDouble());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_register_project_handed_to_matching_is_updated_by_save_and_match_not_copied()
    {
        var tag = Tag();
        var id = await CreateProjectAsync($"{tag} 去匹配", "negotiating");
        var (page, errors) = await fx.OpenMapAsync(signInAs: "editor");
        var writes = ProjectWrites(page);
        await OpenProjectAsync(page, tag);
        await page.GetByTestId("project-match").ClickAsync();

        // The match form shows the project's fields and says which project 保存并匹配 will update.
        await Expect(page.GetByTestId("m-name")).ToHaveValueAsync($"{tag} 去匹配");
        await Expect(page.GetByTestId("m-investment")).ToHaveValueAsync("20000");
        await Expect(page.GetByTestId("m-editing")).ToContainTextAsync($"{tag} 去匹配");
        await page.GetByTestId("m-investment").FillAsync("21000");
        await page.RunAndWaitForResponseAsync(() => page.GetByTestId("m-submit").ClickAsync(), r => r.Url.EndsWith("/api/match"));
        Assert.Equal([("PATCH", $"/api/projects/{id}")], writes.Select(r => (r.Method, new Uri(r.Url).AbsolutePath)));
        Assert.Equal(21000, (await GetProjectAsync(id)).Project.GetProperty("investmentWan").GetDouble());
        Assert.Equal(1, (await fx.GetJsonAsync($"/api/projects?q={Uri.EscapeDataString(tag)}")).GetProperty("total").GetInt32());

        // 新建项目 starts over: the next 保存并匹配 creates a new project.
        await page.GetByTestId("m-new").ClickAsync();
        await Expect(page.GetByTestId("m-editing")).ToBeHiddenAsync();
        Assert.Empty(errors);
    }
}
