using LandMap.Api.Tests;
using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>The app on real Kestrel (a free loopback port) over its own throwaway PostGIS database, and Debian's Chromium.</summary>
public sealed class BrowserFixture : LandMapFixture, IAsyncLifetime
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

    /// <summary>A fresh page at the map, with console errors collected and animations off.</summary>
    public async Task<(IPage Page, List<string> ConsoleErrors)> OpenMapAsync(string lang = "zh")
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, ReducedMotion = ReducedMotion.Reduce, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, msg) => { if (msg.Type == "error") errors.Add(msg.Text); };
        page.PageError += (_, err) => errors.Add(err);
        await page.AddInitScriptAsync($"localStorage.setItem('landmap.lang', '{lang}')");
        await page.AddStyleTagAsync(new() { Content = "*{transition:none!important;animation:none!important}" }).ContinueWith(_ => { });
        await page.GotoAsync(ServerAddress!.ToString());
        await page.WaitForSelectorAsync("body[data-loaded]");
        await page.AddStyleTagAsync(new() { Content = "*,.leaflet-zoom-anim *{transition:none!important;animation:none!important}" });
        return (page, errors);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "LandMap page in Chromium";
}
