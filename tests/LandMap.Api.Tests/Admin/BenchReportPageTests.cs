using LandMap.Api.Admin;

namespace LandMap.Api.Tests.Admin;

/// <summary>The bench report's page verdicts, judged from what tests/bench/page.mjs prints (a real output, 2026-11-28, 1M parcels).</summary>
public sealed class BenchReportPageTests
{
    private const string Printed = """
        machine: 2 cores (shared); parcels in the benchmark database: 1000000
        page (chromium-headless-shell 1366×768, mode 'view'; medians; each opening in a fresh browser context; the 250 ms filter debounce is included in the filter figure):
          parcels in view drawn after opening (from navigation): 706 ms (target ≤ 1500 ms); 85 requests, 0.62 MB
          pan redrawn (overview): 86 ms, zoom redrawn: 89 ms (target ≤ 200 ms)
          pan redrawn at zoom 14 (the view's shapes, 276 drawn): 48 ms (target ≤ 200 ms)
          filter change to totals and parcels redrawn: 371 ms (target ≤ 500 ms)
          browser memory: 455 MB resident for all Chromium processes, JS heap 42 MB (target ≤ 500 MB; proportional set size of the browser and its child processes: browser 46, zygote 27, gpu-process 63, renderer 287, utility 32); after 5 s idle 456 MB (renderer 287)
        """;

    private static Dictionary<string, string> Verdicts(string text) => BenchReport.PageVerdicts(text).ToDictionary(v => v.What, v => v.Verdict);

    [Fact]
    public void Every_page_figure_is_judged_against_its_target()
    {
        var v = Verdicts(Printed);
        Assert.Equal(6, v.Count);
        Assert.Equal("MET: 706 ms (target ≤ 1500 ms)", v["page: first parcels drawn"]);
        Assert.Equal("MET: 86 ms (target ≤ 200 ms)", v["page: pan redrawn"]);
        Assert.Equal("MET: 89 ms (target ≤ 200 ms)", v["page: zoom redrawn"]);
        Assert.Equal("MET: 48 ms (target ≤ 200 ms)", v["page: pan redrawn at zoom 14"]);
        Assert.Equal("MET: 371 ms (target ≤ 500 ms)", v["page: filter change"]);
        Assert.Equal("MET: 455 MB (target ≤ 500 MB)", v["page: browser memory"]);
    }

    [Fact]
    public void A_figure_over_its_target_is_not_met_and_the_others_stay_met()
    {
        var v = Verdicts(Printed.Replace("zoom redrawn: 89 ms", "zoom redrawn: 219 ms").Replace("455 MB resident", "557 MB resident"));
        Assert.Equal("NOT MET: 219 ms (target ≤ 200 ms)", v["page: zoom redrawn"]);
        Assert.Equal("NOT MET: 557 MB (target ≤ 500 MB)", v["page: browser memory"]);
        Assert.StartsWith("MET", v["page: pan redrawn"]);
        Assert.StartsWith("MET", v["page: filter change"]);
    }

    [Fact]
    public void Views_never_drawn_fail_the_redraws_whatever_their_medians()
    {
        var v = Verdicts(Printed + "\n  not drawn within 60 s (left out of the medians): zoom 3: not drawn within 60000 ms; pan 5: not drawn within 60000 ms\n");
        Assert.Equal("NOT MET: 89 ms (target ≤ 200 ms); 2 views not drawn within 60 s", v["page: zoom redrawn"]);
        Assert.StartsWith("NOT MET", v["page: pan redrawn"]);
        Assert.StartsWith("NOT MET", v["page: filter change"]);
        Assert.StartsWith("MET", v["page: first parcels drawn"]);
        Assert.StartsWith("MET", v["page: browser memory"]);
    }

    [Fact]
    public void A_figure_not_printed_or_not_a_number_is_not_measured()
    {
        var v = Verdicts(Printed.Replace("zoom redrawn: 89 ms", "zoom redrawn: NaN ms").Replace("  filter change to totals and parcels redrawn: 371 ms (target ≤ 500 ms)\n", ""));
        Assert.Equal("NOT MET: not measured (the page bench printed no figure)", v["page: zoom redrawn"]);
        Assert.Equal("NOT MET: not measured (the page bench printed no figure)", v["page: filter change"]);
        Assert.StartsWith("MET", v["page: pan redrawn"]);
    }
}
