namespace LandMap.Web.Tests;

/// <summary>
/// The base of every browser test class: when a test ends, the browser contexts it opened through its fixture are closed,
/// so the suite keeps a handful of Chromium renderers alive rather than one per page ever opened.
/// </summary>
public abstract class BrowserTest(BrowserFixture browser) : IAsyncLifetime
{
    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => browser.CloseContextsAsync();
}
