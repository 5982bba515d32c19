using Microsoft.Playwright;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Annotations;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace LandMap.Web.Tests;

/// <summary>
/// The print sheet (sheet.html): printed to PDF by headless Chromium (Playwright's PdfAsync, the print stylesheet
/// applies) and read back with PdfPig: the text holds the resource's figures with their units, its indicators, price and
/// contact; the contact's number stays a tel: link in the PDF; the shortlist prints one page per resource.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PrintSheetTests(BrowserFixture fx) : BrowserTest(fx)
{
    /// <summary>The sheet page printed as PDF: one text per page (spaces removed: PDF text runs split words at will) and the links.</summary>
    private static async Task<(string[] Pages, string[] Links, byte[] Pdf)> PrintAsync(IPage page, string name)
    {
        await page.WaitForSelectorAsync("body[data-ready]", new() { State = WaitForSelectorState.Attached });
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true, PreferCSSPageSize = true });
        await File.WriteAllBytesAsync(Path.Combine(BrowserFixture.ArtifactDir(), name), pdf);
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(p => string.Concat(ContentOrderTextExtractor.GetText(p).Where(c => !char.IsWhiteSpace(c)))).ToArray();
        var links = document.GetPages().SelectMany(p => p.GetAnnotations())
            .Where(a => a.Type == AnnotationType.Link && a.Action is UglyToad.PdfPig.Actions.UriAction)
            .Select(a => ((UglyToad.PdfPig.Actions.UriAction)a.Action!).Uri).ToArray();
        return (pages, links, pdf);
    }

    [Fact]
    public async Task A_parcels_sheet_printed_to_pdf_holds_its_figures_with_units_indicators_price_and_a_tel_link()
    {
        await ShortlistTests.CreateZoneAsync(fx, "WPS1", 122.4, 37.9);
        var (page, errors) = await fx.OpenMapAsync(screen: BrowserFixture.Laptop);
        await ShortlistTests.ShowZoneAsync(page, "WPS1");
        var card = await ShortlistTests.OpenCardAsync(page, "parcel", "WPS1-01");
        // The card's 打印资料 opens the sheet in a new tab.
        var sheet = await page.Context.RunAndWaitForPageAsync(() => card.GetByTestId("card-print").ClickAsync());
        Assert.EndsWith("/sheet.html?items=parcel%3AWPS1-01&lang=zh", sheet.Url);
        await sheet.WaitForSelectorAsync("body[data-ready]", new() { State = WaitForSelectorState.Attached });
        Assert.True(await sheet.Locator("[data-testid=sheet-map] path").CountAsync() >= 2, "the snapshot draws the zone and the parcel");
        await sheet.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "sheet-parcel-1366.png"), FullPage = true });
        var violations = await BrowserFixture.AxeSeriousAsync(sheet);
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        var (pages, links, _) = await PrintAsync(sheet, "sheet-parcel.pdf");
        Assert.Single(pages);
        var text = pages[0];
        var api = (await fx.GetPublicJsonAsync("/collections/parcels/items/WPS1-01")).GetProperty("properties");
        Assert.Equal(22.5, api.GetProperty("areaMu").GetDouble(), 2);
        foreach (var expected in new[]
                 {
                     "WPS1-01", "招商资源资料", "WPS1测试区", "测试路9号",
                     "面积（计算）22.5亩", "100101一类工业用地", "闲置",                 // key figures with units
                     "用地控制指标", "容积率1–2", "建筑系数≥30%", "绿地率≤15%", "限高30m", // land-use indicators
                     "投资强度≥200万元/亩", "亩均税收≥20万元/亩/年",
                     "基础设施", "供电容量2,500kVA", "水/气/热有/有/有", "七通一平",      // infrastructure
                     "地价36.5万元/亩",                                                  // price
                     "联系方式", "李工0532-81234567", "zhaoshang@example.cn",          // contact
                 })
        {
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"the PDF has “{expected}”: {text}");
        }
        Assert.DoesNotContain("政府收储", text); // the public's sheet has no internal field (ownership, idle reason)
        Assert.Contains("tel:053281234567", links);
        Assert.Contains("mailto:zhaoshang@example.cn", links);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_shortlists_sheet_prints_one_page_per_resource_in_english_and_on_a_phone()
    {
        await ShortlistTests.CreateZoneAsync(fx, "WPS2", 122.6, 37.9);
        var (page, errors) = await fx.OpenMapAsync(lang: "en", phone: true);
        await page.EvaluateAsync("""
            async () => {
              const { addToShortlist } = await import('/panels/shortlist.js');
              const get = async (c, code) => (await fetch(`/collections/${c}/items/${code}`)).json();
              addToShortlist('parcel', await get('parcels', 'WPS2-02'));
              addToShortlist('factory', await get('factories', 'WPS2-F1'));
            }
            """);
        var print = page.GetByTestId("shortlist-print");
        Assert.Equal("/sheet.html?items=parcel%3AWPS2-02%2Cfactory%3AWPS2-F1&lang=en", await print.GetAttributeAsync("href"));
        // The reader's browser remembers Chinese (say, a shared English page opened on it): the sheet follows the page.
        await page.EvaluateAsync("() => localStorage.setItem('landmap.lang', 'zh')");
        var sheet = await page.Context.NewPageAsync();
        await sheet.GotoAsync(new Uri(fx.ServerAddress!, (await print.GetAttributeAsync("href"))!).ToString());
        await sheet.WaitForSelectorAsync("body[data-ready]", new() { State = WaitForSelectorState.Attached });
        Assert.Equal(["WPS2-02", "WPS2-F1"], await sheet.GetByTestId("sheet").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.code)"));
        await sheet.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactDir(), "sheet-shortlist-390.png") });

        var (pages, links, _) = await PrintAsync(sheet, "sheet-shortlist-en.pdf");
        Assert.Equal(2, pages.Length);
        Assert.Contains("WPS2-02", pages[0]);
        Assert.Contains("Area(computed)30mu", pages[0]);
        Assert.Contains("Keyfigures", pages[0]);
        Assert.Contains("LandpriceCNY300,000/mu", pages[0]); // 30 万元/亩, said in yuan
        Assert.Contains("WPS2-F1", pages[1]);
        Assert.Contains("Vacantfloorarea4,500m²", pages[1]);
        Assert.Contains("Rent18.5", pages[1]);
        Assert.Contains("Floorheight8.5m", pages[1]);
        Assert.Contains("tel:13912345678", links);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_sheet_for_a_resource_the_reader_may_not_see_says_so_instead_of_failing()
    {
        var (page, _) = await fx.OpenMapAsync();
        await page.GotoAsync(new Uri(fx.ServerAddress!, "/sheet.html?items=parcel:NO-SUCH,bogus:X").ToString());
        await page.WaitForSelectorAsync("body[data-ready]", new() { State = WaitForSelectorState.Attached });
        var sheets = page.GetByTestId("sheet");
        Assert.Equal(1, await sheets.CountAsync());
        Assert.Contains("已不可用", await sheets.InnerTextAsync());
    }
}
