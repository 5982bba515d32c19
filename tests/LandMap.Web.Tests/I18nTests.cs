using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LandMap.Web.Tests;

/// <summary>
/// Both languages complete (issue 12 §8): i18n/zh.js and i18n/en.js hold the same keys, nested, with functions of the same
/// arity; en.js says nothing in Chinese but the name of the other language; and the English page, over every panel each
/// role can open, shows no Chinese character that is not a value from the ledgers (an address, a company, a project's or
/// a chain's name: data is shown as written). The oracle for "data" is what the server sent the page, less the fields
/// that have an English form the page must use instead (the *Zh texts, zone names, land-use names, rule articles).
/// </summary>
[Collection(PanelsBrowserCollection.Name)]
public sealed partial class I18nTests(BrowserFixture fx) : BrowserTest(fx)
{
    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    /// <summary>Differences between the two string tables: a key one lacks, a type or an arity that differs.</summary>
    private const string CompareTables = """
        async () => {
          let zh = (await import('/i18n/zh.js')).default, en = (await import('/i18n/en.js')).default;
          const out = [];
          const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
          (function compare(a, b, path) {
            for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
              const p = path ? `${path}.${k}` : k;
              if (!(k in a)) { out.push(`${p}: missing in zh.js`); continue; }
              if (!(k in b)) { out.push(`${p}: missing in en.js`); continue; }
              const [ka, kb] = [kind(a[k]), kind(b[k])];
              if (ka !== kb) out.push(`${p}: ${ka} in zh.js, ${kb} in en.js`);
              else if (ka === 'object' || ka === 'array') compare(a[k], b[k], p);
              else if (ka === 'function' && a[k].length !== b[k].length) out.push(`${p}: ${a[k].length} arguments in zh.js, ${b[k].length} in en.js`);
            }
          })(zh, en, '');
          return out;
        }
        """;

    [Fact]
    public async Task Chinese_and_English_strings_have_the_same_keys_and_arities()
    {
        var page = await fx.ModulePageAsync();
        Assert.Empty(await page.EvaluateAsync<string[]>(CompareTables));
        // The comparison does see a difference: a key only one side has, and a function of another arity.
        Assert.Equal(["listSep: string in zh.js, function in en.js"], await page.EvaluateAsync<string[]>(
            CompareTables.Replace("const out = [];", "const out = []; en = { ...en, listSep: (x) => x };")));
        Assert.Equal(["lang.readiness.x: missing in en.js"], await page.EvaluateAsync<string[]>(
            CompareTables.Replace("const out = [];", "const out = []; zh.lang = { ...zh.lang, readiness: { ...zh.lang.readiness, x: 'x' } };")));
    }

    [Fact]
    public async Task English_strings_say_nothing_in_Chinese_but_the_name_of_Chinese()
    {
        var page = await fx.ModulePageAsync();
        var chinese = await page.EvaluateAsync<string[]>("""
            async () => {
              const en = (await import('/i18n/en.js')).default, out = [];
              (function walk(o, path) {
                for (const [k, v] of Object.entries(o)) {
                  const p = path ? `${path}.${k}` : k;
                  const text = typeof v === 'function' ? v.toString() : typeof v === 'string' ? v : null;
                  if (text !== null && /\p{Script=Han}/u.test(text)) out.push(p);
                  else if (v && typeof v === 'object') walk(v, p);
                }
              })(en, '');
              return out;
            }
            """);
        Assert.Equal(["switchTo"], chinese); // the language button names Chinese in Chinese: 中文
    }

    [Theory]
    [InlineData("zh", "查询参数有误：minMu：最小面积（80 亩）大于最大面积（10 亩）")]
    [InlineData("en", "Invalid query: minMu: minMu (80) is greater than maxMu (10)")]
    public async Task A_bad_filter_is_explained_in_the_pages_language(string lang, string expected)
    {
        var (page, _) = await fx.OpenMapAsync(lang);
        await page.GetByTestId("minMu").FillAsync("80");
        await MapPageTests.ApplyAndWaitAsync(page, () => page.GetByTestId("maxMu").FillAsync("10"), "minMu=80", "maxMu=10");
        await Expect(page.GetByTestId("error")).ToHaveTextAsync(expected);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("zh", "资源已不可用", "资源已不可用")]                             // the server had no more to say than the code
    [InlineData("zh", "地块 A-1 的状态为已供地", "资源已不可用：地块 A-1 的状态为已供地")]
    [InlineData("en", "parcel A-1 is allocated", "No longer available: parcel A-1 is allocated")]
    public async Task A_problem_is_said_once_when_its_detail_only_repeats_its_code(string lang, string detail, string expected)
    {
        var page = await fx.ModulePageAsync(lang);
        Assert.Equal(expected, await page.EvaluateAsync<string>("""
            async (detail) => {
              const { ApiError, errorText } = await import('/api.js');
              return errorText(new ApiError('invalid', detail, { status: 409, code: 'resource-unavailable' }));
            }
            """, detail));
    }

    [Theory]
    [InlineData("public", false)]
    [InlineData("public", true)]
    [InlineData("staff", false)]
    [InlineData("editor", false)]
    public async Task The_English_page_shows_no_Chinese_outside_the_ledgers_data_on_any_panel(string role, bool phone)
    {
        var data = new DataSeen();
        var (page, errors) = await fx.OpenMapAsync("en", role == "public" ? null : role, screen: phone ? BrowserFixture.Phone : BrowserFixture.Laptop,
            watch: data.Watch);
        var left = new List<string>();
        async Task CheckAsync(string where)
        {
            await data.SettledAsync(page);
            left.AddRange((await ChineseShownAsync(page, data)).Select(x => $"{where}: {x}"));
        }

        await CheckAsync("map, filters and legend");
        await page.RunAndWaitForResponseAsync(() => page.GetByTestId("search-input").FillAsync("TST"), r => r.Url.Contains("/api/search"));
        await Expect(page.GetByTestId("search-option").First).ToBeVisibleAsync();
        await CheckAsync("search suggestions");
        await page.GetByTestId("search-input").FillAsync("");
        var parcel = await OpenCardAsync(page, "parcel");
        await CheckAsync("parcel card");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), $"i18n-en-{role}{(phone ? "-phone" : "")}-card.png") });
        await page.Locator($".leaflet-popup [data-code='{parcel}'] [data-testid=card-shortlist]").ClickAsync();
        var factory = await OpenCardAsync(page, "factory");
        await CheckAsync("factory card");
        await page.Locator($".leaflet-popup [data-code='{factory}'] [data-testid=card-shortlist]").ClickAsync();
        await Expect(page.GetByTestId("shortlist-count")).ToHaveTextAsync("2");
        await CheckAsync("shortlist");
        await page.GetByTestId("shortlist-compare").ClickAsync();
        await Expect(page.GetByTestId("compare-table")).ToBeVisibleAsync();
        await CheckAsync("comparison");
        await page.GetByTestId("compare-close").ClickAsync();

        // The printable sheet of the shortlist (another page, the same language).
        var sheet = await page.Context.NewPageAsync();
        data.Watch(sheet);
        await sheet.GotoAsync(new Uri(fx.ServerAddress!, await page.GetByTestId("shortlist-print").GetAttributeAsync("href")).ToString());
        await Expect(sheet.Locator("[data-code]").First).ToBeVisibleAsync();
        await data.SettledAsync(sheet);
        left.AddRange((await ChineseShownAsync(sheet, data)).Select(x => $"print sheet: {x}"));
        await sheet.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), $"i18n-en-{role}{(phone ? "-phone" : "")}-sheet.png"), FullPage = true });
        await sheet.CloseAsync();

        foreach (var tab in await page.Locator("#tabs [role=tab]:visible").AllAsync())
        {
            var name = await tab.GetAttributeAsync("data-tab");
            await tab.ClickAsync();
            await CheckAsync($"tab {name}");
            switch (name)
            {
                case "match":
                    await page.RunAndWaitForResponseAsync(() => page.GetByTestId("m-submit").ClickAsync(), r => r.Url.EndsWith("/api/match"));
                    await page.GetByTestId("m-result").WaitForAsync();
                    await CheckAsync("match results");
                    break;
                case "register":
                    await page.Locator("#register-panel li button").First.ClickAsync();
                    await CheckAsync("a project");
                    break;
                case "revitalise":
                    foreach (var section in await page.Locator("[data-testid^=rv-section-]").AllAsync())
                    {
                        await section.ClickAsync();
                        await CheckAsync($"revitalise {await section.GetAttributeAsync("data-section")}");
                    }
                    break;
            }
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), $"i18n-en-{role}{(phone ? "-phone" : "")}-{name}.png") });
        }
        if (await page.GetByTestId("dashboard-toggle").IsVisibleAsync())
        {
            await page.GetByTestId("dashboard-toggle").ClickAsync();
            await CheckAsync("dashboard");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), $"i18n-en-{role}-dashboard.png") });
        }

        Assert.True(left.Count == 0, "Chinese in the English page:\n" + string.Join("\n", left.Distinct()));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    /// <summary>Zooms to the test zone's first parcel or factory and clicks it: its card opens. Its code.</summary>
    private async Task<string> OpenCardAsync(IPage page, string kind)
    {
        var collection = kind == "parcel" ? "parcels" : "factories";
        var items = await fx.GetPublicJsonAsync($"/collections/{collection}/items?zone=TST&limit=1");
        var ring = items.GetProperty("features")[0].GetProperty("geometry");
        var point = ring.GetProperty("type").GetString() == "MultiPolygon" ? ring.GetProperty("coordinates")[0][0] : ring.GetProperty("coordinates")[0];
        var code = items.GetProperty("features")[0].GetProperty("properties").GetProperty("code").GetString();
        var (lon, lat) = (point.EnumerateArray().Average(p => p[0].GetDouble()), point.EnumerateArray().Average(p => p[1].GetDouble()));
        await page.EvaluateAsync("([lat, lon]) => { window.landmap.map.setView([lat, lon], 17, { animate: false }); }", new[] { lat, lon });
        await page.Locator($"path.{kind}.code-{code}").ClickAsync();
        await Expect(page.Locator($".leaflet-popup [data-code='{code}']")).ToBeVisibleAsync();
        return code!;
    }

    /// <summary>
    /// The visible texts (and labels, placeholders, tooltips) with a Chinese character left once every value the server
    /// sent is taken out; an element marked as Chinese (lang="zh…", e.g. the language button's 中文) is left alone.
    /// </summary>
    private static async Task<List<string>> ChineseShownAsync(IPage page, DataSeen data)
    {
        var texts = await page.EvaluateAsync<string[]>("""
            () => {
              const han = /\p{Script=Han}/u, out = [];
              const marked = (el) => (el.closest('[lang]')?.getAttribute('lang') ?? '').startsWith('zh');
              const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n; (n = w.nextNode());) {
                const el = n.parentElement, text = n.textContent.trim();
                if (!text || !han.test(text) || !el || marked(el)) continue;
                const shown = el.tagName === 'OPTION' ? el.closest('select')?.checkVisibility() : el.checkVisibility();
                if (shown) out.push(text);
              }
              for (const el of document.querySelectorAll('[placeholder],[title],[aria-label]')) {
                if (!el.checkVisibility() || marked(el)) continue;
                for (const a of ['placeholder', 'title', 'aria-label']) { const v = el.getAttribute(a); if (v && han.test(v)) out.push(v); }
              }
              return [...new Set(out)];
            }
            """);
        return [.. texts.Select(data.Without).Where(t => Han().IsMatch(t))];
    }

    /// <summary>The strings of every JSON answer the page received, but those it must show in English in another form.</summary>
    private sealed class DataSeen
    {
        private static readonly HashSet<string> Translated = ["article", "nameZh", "readiness"];
        private readonly HashSet<string> _values = [];
        private readonly List<Task> _reading = [];
        private readonly Dictionary<IPage, int> _open = [];

        private void Count(IPage page, int change)
        {
            lock (_open) _open[page] = _open.GetValueOrDefault(page) + change;
        }

        public void Watch(IPage page)
        {
            page.Request += (_, _) => Count(page, 1);
            page.RequestFailed += (_, _) => Count(page, -1);
            page.RequestFinished += (_, _) => Count(page, -1);
            page.Response += (_, r) =>
            {
                if (!(r.Headers.TryGetValue("content-type", out var type) && type.Contains("json"))) return;
                lock (_reading) _reading.Add(ReadAsync(r));
            };
        }

        private async Task ReadAsync(IResponse r)
        {
            try { Collect(JsonDocument.Parse(await r.BodyAsync()).RootElement, null); }
            catch (PlaywrightException) { } // the page went on before the body was read (an aborted request)
        }

        private void Collect(JsonElement e, string? key)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject()) Collect(p.Value, p.Name);
                    break;
                case JsonValueKind.Array:
                    foreach (var x in e.EnumerateArray()) Collect(x, key);
                    break;
                case JsonValueKind.String when key is null || !(Translated.Contains(key) || key.EndsWith("Zh", StringComparison.Ordinal)):
                    lock (_values) _values.Add(e.GetString()!);
                    break;
            }
        }

        /// <summary>Waits until the page has no request open and every answer is read (what a panel shows has arrived).</summary>
        public async Task SettledAsync(IPage page)
        {
            for (var quiet = 0; quiet < 3;)
            {
                await page.EvaluateAsync("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");
                int open;
                lock (_open) open = _open.GetValueOrDefault(page);
                quiet = open == 0 ? quiet + 1 : 0;
            }
            Task[] reading;
            lock (_reading) reading = [.. _reading];
            await Task.WhenAll(reading);
        }

        /// <summary>The text with every value the server sent taken out, longest first.</summary>
        public string Without(string text)
        {
            string[] values;
            lock (_values) values = [.. _values.Where(v => v.Length > 0 && Han().IsMatch(v)).OrderByDescending(v => v.Length)];
            return values.Aggregate(text, (t, v) => t.Replace(v, " ", StringComparison.Ordinal));
        }
    }
}
