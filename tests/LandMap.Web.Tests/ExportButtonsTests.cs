using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace LandMap.Web.Tests;

/// <summary>panels/export.js: the export buttons on the filter panel download what the filters show, as the caller may see it.</summary>
[Collection(PanelsBrowserCollection.Name)]
public sealed partial class ExportButtonsTests(BrowserFixture fx) : BrowserTest(fx)
{
    [GeneratedRegex(@"\bTST-0\d\b")]
    private static partial Regex TestParcelCode();

    private static async Task<(IDownload Download, IRequest Request)> ExportAsync(IPage page, string format)
    {
        IRequest? request = null;
        void OnRequest(object? _, IRequest r) { if (r.Url.Contains("/export?")) request = r; }
        page.Request += OnRequest;
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-buttons").Locator($"button[data-format='{format}']").ClickAsync());
        page.Request -= OnRequest;
        return (download, request!);
    }

    private static async Task<byte[]> ContentAsync(IDownload download) => await File.ReadAllBytesAsync((await download.PathAsync())!);

    [Fact]
    public async Task The_public_csv_export_of_zone_TST_holds_its_public_parcels_with_chinese_headers()
    {
        var (page, errors) = await fx.OpenMapAsync();
        Assert.True(await page.GetByTestId("export-buttons").IsVisibleAsync());
        await page.GetByTestId("zone").SelectOptionAsync("TST");
        var (download, request) = await ExportAsync(page, "csv");

        Assert.EndsWith(".csv", download.SuggestedFilename);
        Assert.Contains("/collections/parcels/export?", request.Url);
        Assert.Contains("zone=TST", request.Url);
        Assert.Contains("format=csv", request.Url);
        var csv = Encoding.UTF8.GetString(await ContentAsync(download));
        Assert.Contains("宗地编号", csv.Split('\n')[0]);
        var codes = TestParcelCode().Matches(csv).Select(m => m.Value).ToHashSet();
        // What the public may see in TST (idle and negotiating): TST-01, 02, 03, 05 and 06 as seeded. The items API is the
        // oracle, so a test that reserves one of them and has not yet undone it cannot make this one fail.
        var items = await fx.GetPublicJsonAsync("/collections/parcels/items?zone=TST&limit=100");
        var expected = items.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("code").GetString()!).ToHashSet();
        Assert.Equal(expected, codes);
        Assert.Subset(new HashSet<string> { "TST-01", "TST-02", "TST-03", "TST-05", "TST-06" }, codes);
        Assert.DoesNotContain("TST-04", codes); // reserved
        Assert.DoesNotContain("TST-07", codes); // in use
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_excel_button_downloads_an_xlsx_and_gauss_kruger_adds_crs_gk()
    {
        var (page, errors) = await fx.OpenMapAsync();
        await page.GetByTestId("zone").SelectOptionAsync("TST");
        var (xlsx, _) = await ExportAsync(page, "xlsx");
        Assert.EndsWith(".xlsx", xlsx.SuggestedFilename);
        Assert.Equal("PK"u8.ToArray(), (await ContentAsync(xlsx))[..2]); // an XLSX is a zip

        // Gauss–Krüger coordinates (TST lies in the zone of CM 117°E): metres, not degrees. GeoJSON is lon/lat only.
        await page.GetByTestId("export-gk").CheckAsync();
        Assert.True(await page.GetByTestId("export-buttons").Locator("button[data-format='geojson']").IsDisabledAsync());
        await page.GetByTestId("export-kind").SelectOptionAsync("factories");
        var (gk, request) = await ExportAsync(page, "csv");
        Assert.Contains("/collections/factories/export?", request.Url);
        Assert.Contains("crs=gk", request.Url);
        Assert.Contains("zone=TST", request.Url);
        var csv = Encoding.UTF8.GetString(await ContentAsync(gk));
        var f01 = csv.Split('\n').Single(l => l.StartsWith("TST-F01,"));
        var easting = double.Parse(Regex.Match(f01, @"POLYGON \(\(\(?([0-9.]+) ").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(easting, 500_000, 700_000); // 118°E is about 89 km east of CM 117°E: 589 km with the false easting
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_refused_export_is_a_message_not_a_file()
    {
        var (page, _) = await fx.OpenMapAsync("en");
        // All zones in Gauss–Krüger: the rows lie in more than one zone, which the server refuses to guess between.
        await page.GetByTestId("export-gk").CheckAsync();
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("export-buttons").Locator("button[data-format='csv']").ClickAsync(),
            r => r.Url.Contains("/export?"));
        Assert.Equal(422, response.Status);
        await page.GetByTestId("export-error").WaitForAsync();
        Assert.Contains("No single Gauss–Krüger zone", await page.GetByTestId("export-error").InnerTextAsync());
    }
}
