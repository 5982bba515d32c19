using System.Text.Json;
using LandMap.Api.Tests;
using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>
/// The app on real Kestrel (a free loopback port) over its own throwaway PostGIS database, and Debian's Chromium.
/// In page scripts, call a Leaflet method as a statement (<c>() => { map.setView(…); }</c>): Leaflet's methods return the
/// map, and Playwright serialises whatever a script returns, which for the map took 3.5 s a call.
/// </summary>
public class BrowserFixture : LandMapFixture, IAsyncLifetime
{
    public BrowserFixture() : base(kestrel: true) { }

    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            // The system browser: no browser download here (`playwright install` is never run).
            ExecutablePath = Environment.GetEnvironmentVariable("LANDMAP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        await DisposeAsync();
    }

    private readonly List<IBrowserContext> _contexts = [];

    /// <summary>
    /// A new browser context (its own cookies and storage), closed by <see cref="CloseContextsAsync"/> when the test that
    /// opened it ends (<see cref="BrowserTest"/>). Left open, each keeps a Chromium renderer alive for the rest of the run.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        lock (_contexts) _contexts.Add(context);
        return context;
    }

    /// <summary>Closes every context opened since the last call; the tests of one fixture run one at a time.</summary>
    public async Task CloseContextsAsync()
    {
        IBrowserContext[] open;
        lock (_contexts) { open = [.. _contexts]; _contexts.Clear(); }
        foreach (var context in open) await context.CloseAsync();
    }

    private readonly Dictionary<string, Task<IPage>> _modulePages = [];

    /// <summary>
    /// One public page at the map per language, opened once and kept for the whole run: for tests that only call the page's
    /// own modules (a string table, a formula) and leave the page as they found it, so each does not load the map again.
    /// </summary>
    public Task<IPage> ModulePageAsync(string lang = "zh")
    {
        lock (_modulePages)
        {
            if (!_modulePages.TryGetValue(lang, out var page)) _modulePages[lang] = page = OpenModulePageAsync(lang);
            return page;
        }
    }

    private async Task<IPage> OpenModulePageAsync(string lang)
    {
        var context = await Browser.NewContextAsync(new() { Locale = "zh-CN" }); // not closed when a test ends: the fixture's
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync($"localStorage.setItem('landmap.lang', '{lang}')");
        await page.GotoAsync(ServerAddress!.ToString());
        await page.WaitForSelectorAsync("body[data-loaded][data-role]", new() { State = WaitForSelectorState.Attached });
        return page;
    }

    /// <summary>Screen sizes the issue asks for: a common laptop, two phones and a portrait tablet (CSS pixels).</summary>
    public static readonly ViewportSize Laptop = new() { Width = 1366, Height = 768 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    public static readonly ViewportSize SmallPhone = new() { Width = 360, Height = 800 };
    public static readonly ViewportSize Tablet = new() { Width = 768, Height = 1024 };

    /// <summary>
    /// A fresh page (its own cookies) at the map, with console errors collected and animations off; signed in as
    /// test-<paramref name="signInAs"/> when given: by the sign-in cookie before the page opens (the page then loads once,
    /// for that role), or through the page's dialog after it opened when <paramref name="byDialog"/> (the dialog's own
    /// tests). <paramref name="phone"/>: a 390 × 844 screen.
    /// <paramref name="screen"/>: any other size (e.g. <see cref="Laptop"/>); up to 1024 px wide it is a touch screen.
    /// Neither: 1400 × 900. <paramref name="watch"/> sees the page before it opens the map (e.g. to count its requests
    /// from the first).
    /// </summary>
    public async Task<(IPage Page, List<string> ConsoleErrors)> OpenMapAsync(string lang = "zh", string? signInAs = null, bool phone = false,
        Action<IPage>? watch = null, ViewportSize? screen = null, bool byDialog = false)
    {
        var size = screen ?? (phone ? Phone : new() { Width = 1400, Height = 900 });
        var touch = size.Width <= 1024;
        var context = await NewContextAsync(new()
        {
            ViewportSize = size,
            DeviceScaleFactor = touch ? 2 : 1, IsMobile = touch, HasTouch = touch,
            ReducedMotion = ReducedMotion.Reduce, Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        // A failed load names its address (the console's text does not), so a failure says which request it was.
        page.Console += (_, msg) => { if (msg.Type == "error") errors.Add(msg.Location is { Length: > 0 } at ? $"{msg.Text} ({at})" : msg.Text); };
        page.PageError += (_, err) => errors.Add(err);
        watch?.Invoke(page);
        await page.AddInitScriptAsync($"localStorage.setItem('landmap.lang', '{lang}')");
        if (signInAs is not null && !byDialog) await SignInByCookieAsync(context, signInAs);
        await page.GotoAsync(ServerAddress!.ToString()); // served with the API's Content-Security-Policy
        await page.WaitForSelectorAsync($"body[data-loaded][data-role{(signInAs is null || byDialog ? "" : $"='{signInAs}'")}]",
            new() { State = WaitForSelectorState.Attached });
        await page.AddStyleTagAsync(new() { Content = "*,.leaflet-zoom-anim *{transition:none!important;animation:none!important}" });
        if (signInAs is not null && byDialog) await SignInAsync(page, signInAs);
        return (page, errors);
    }

    /// <summary>
    /// Signs the context in as test-ROLE with the API's own sign-in request (its cookie jar is the context's), so a page
    /// opened next reads the role from /api/auth/me at its first load, as after a reload.
    /// </summary>
    public async Task SignInByCookieAsync(IBrowserContext context, string role)
    {
        var response = await context.APIRequest.PostAsync(new Uri(ServerAddress!, "/api/auth/login").ToString(),
            new() { DataObject = new { name = $"test-{role}", password = Passwords[$"test-{role}"] } });
        Assert.True(response.Status == 200, $"sign-in as test-{role}: {response.Status} {await response.TextAsync()}");
    }

    /// <summary>Signs in as test-ROLE like a user: the header button, the dialog, and the redraw for the new role.</summary>
    public async Task SignInAsync(IPage page, string role)
    {
        await page.GetByTestId("sign-in").ClickAsync();
        await page.GetByTestId("si-name").FillAsync($"test-{role}");
        await page.GetByTestId("si-password").FillAsync(Passwords[$"test-{role}"]);
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("si-submit").ClickAsync(), r => r.Url.EndsWith("/api/auth/login"));
        Assert.Equal(200, response.Status);
        await page.WaitForSelectorAsync($"body[data-role='{role}']", new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>
    /// axe-core (npm, web/node_modules) run in the page on <paramref name="include"/> (a CSS selector; the whole page when
    /// null): the serious and critical violations, one line each (rule, impact, help, the first offending elements), so
    /// a test can assert the list is empty and show what is wrong when it is not. axe is injected through the DevTools
    /// protocol, which the page's Content-Security-Policy does not apply to; the page itself never serves it.
    /// </summary>
    public static async Task<List<string>> AxeSeriousAsync(IPage page, string? include = null)
    {
        if (!await page.EvaluateAsync<bool>("typeof window.axe === 'object'"))
            await page.EvaluateAsync<bool>(await File.ReadAllTextAsync(AxeScript.Value) + "\n;true");
        return [.. await page.EvaluateAsync<string[]>("""
            async (include) => {
              const result = await axe.run(include ? { include: [include] } : document,
                { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
              return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
            }
            """, include)];
    }

    private static readonly Lazy<string> AxeScript = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "web", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("axe-core is not installed: run `npm ci` in web/ (./landmap test does)");
    });

    /// <summary>GET as the public (no sign-in): what the anonymous page is given.</summary>
    public async Task<JsonElement> GetPublicJsonAsync(string url)
    {
        using var res = await Anonymous.GetAsync(url);
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"GET {url} → {(int)res.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// A test zone of its own (code, 0.05° × 0.05° from (west, south)), so what a test creates there changes nothing other
    /// tests count; kept if it exists.
    /// </summary>
    public async Task EnsureZoneAsync(string code, double west, double south = 37.0)
    {
        await using var conn = new Npgsql.NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("""
            INSERT INTO zones (code, name_zh, name_en, level, city, geom, area_mu)
            VALUES ($1, $1 || ' 测试区', $1 || ' test zone', 'provincial', '测试', ST_Multi(ST_MakeEnvelope($2, $3, $2 + 0.05, $3 + 0.05, 4490)), 1000)
            ON CONFLICT (code) DO NOTHING
            """, conn);
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = code });
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = west });
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = south });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Where screenshots go (the test output's screenshots folder, kept as an artifact).</summary>
    public static string ArtifactDir() => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
}

/// <summary>
/// The browser tests in two halves that run side by side, each with a fixture of its own (its app on Kestrel, its
/// throwaway database and its Chromium): xunit makes a collection fixture per collection, so the halves share nothing.
/// Within a half the tests run one at a time. A class goes in either; this one holds the rest.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "LandMap page in Chromium";
}

/// <summary>The other half of the browser tests (see <see cref="BrowserCollection"/>): panels, roles and languages.</summary>
[CollectionDefinition(Name)]
public sealed class PanelsBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "LandMap page in Chromium: panels";
}
