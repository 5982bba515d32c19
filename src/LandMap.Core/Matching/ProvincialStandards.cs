namespace LandMap.Core.Matching;

/// <summary>A minimum with where it comes from, so staff see which rule bound the check.</summary>
public sealed record Threshold(double Value, string Source);

/// <summary>
/// Shandong's 2005 investment-intensity floors (data/shandong_investment_thresholds.csv, status V2, source S9):
/// national-level zones 240 万元/亩; provincial zones in Qingdao/Yantai/Weihai 200; in Jinan (and 7 other cities) 160.
/// </summary>
public static class ProvincialStandards
{
    private static readonly IReadOnlyList<IReadOnlyDictionary<string, string>> Rows = ReferenceCsv.Read("shandong_investment_thresholds.csv");

    private static Threshold Row(Func<IReadOnlyDictionary<string, string>, bool> pick)
    {
        var r = Rows.First(pick);
        return new Threshold(double.Parse(r["min_investment_intensity"], System.Globalization.CultureInfo.InvariantCulture),
            $"山东省2005年标准（{r["scope"]}，{r["applies_to"]}，status {r["status"]}, {r["source"]}）");
    }

    // Read once: matching asks for every parcel it ranks.
    private static readonly Threshold National = Row(r => r["scope"] == "national-level development zones");
    private static readonly Threshold Qingdao = Row(r => r["scope"] == "provincial zones" && r["applies_to"].Contains("Qingdao"));
    private static readonly Threshold Jinan = Row(r => r["scope"] == "provincial zones" && r["applies_to"].Contains("Jinan"));

    public static Threshold? InvestmentIntensityFloor(string zoneLevel, string city) => (zoneLevel, city) switch
    {
        ("national", _) => National,
        (_, "青岛") => Qingdao,
        (_, "济南") => Jinan,
        _ => null,
    };
}
