namespace LandMap.Seeds;

/// <summary>
/// The five zones of the source articles (shared/seeds), placed at their real locations (approximate centres of
/// their industrial areas). Level decides the provincial investment-intensity floor (data/shandong_investment_thresholds.csv).
/// </summary>
public sealed record DemoZone(
    string Code, string NameZh, string NameEn, string Level, string City, double Lon, double Lat,
    string[] Chains, string[] Parks, bool LegacyCodes, int ParcelCount, int FactoryCount)
{
    /// <summary>The parks' English names, in the order of <see cref="Parks"/> (the English page shows them).</summary>
    public string ParkNameEn(int index) => ParksEn.GetValueOrDefault(Parks[index]) ?? Parks[index];

    private static readonly Dictionary<string, string> ParksEn = new(StringComparer.Ordinal)
    {
        ["新型显示产业园"] = "New Display Industrial Park", ["智能家电产业园"] = "Smart Home Appliance Industrial Park",
        ["新能源汽车产业园"] = "New Energy Vehicle Industrial Park", ["食品产业园"] = "Food Industrial Park",
        ["陆港物流园"] = "Land Port Logistics Park", ["跨境电商产业园"] = "Cross-border E-commerce Industrial Park",
        ["智能制造园"] = "Smart Manufacturing Park", ["生物医药园"] = "Biomedicine Park",
        ["大学城科创园"] = "University City Science and Innovation Park", ["生物医药产业园"] = "Biomedicine Industrial Park",
    };
}

public static class DemoZones
{
    public static IReadOnlyList<DemoZone> All { get; } =
    [
        // 青岛经济技术开发区 (黄岛 / 西海岸新区): national-level; four industry chains; "1000-mu new display park".
        new("QDDZ", "青岛经济技术开发区", "Qingdao Economic & Technological Development Zone", "national", "青岛",
            120.105, 35.935, ["智能家电", "高端石化", "新一代信息技术", "新型显示"], ["新型显示产业园", "智能家电产业园"], false, 110, 36),
        // 莱西经济开发区: provincial; the "dynamic map of available investment resources" article.
        new("LXEDZ", "莱西经济开发区", "Laixi Economic Development Zone", "provincial", "青岛",
            120.545, 36.845, ["新能源汽车", "高端装备", "食品加工"], ["新能源汽车产业园", "食品产业园"], true, 95, 30),
        // 即墨区 蓝村 青岛国际陆港: provincial-level logistics-heavy zone.
        new("JMLP", "青岛国际陆港（即墨蓝村）", "Qingdao International Land Port (Jimo, Lancun)", "provincial", "青岛",
            120.215, 36.435, ["现代物流", "跨境电商", "高端装备"], ["陆港物流园", "跨境电商产业园"], false, 80, 24),
        // 李沧区 瑞金路以南工业园.
        new("LCRJ", "李沧瑞金路以南工业园", "Licang Industrial Park (south of Ruijin Road)", "provincial", "青岛",
            120.445, 36.175, ["新一代信息技术", "生物医药", "高端装备"], ["智能制造园", "生物医药园"], false, 70, 28),
        // 济南 长清经济开发区 / 大学城: CM 117°E zone (EPSG:4548).
        new("CQEDZ", "长清经济开发区（大学城）", "Changqing Economic Development Zone (University City)", "provincial", "济南",
            116.800, 36.555, ["生物医药", "新材料", "食品加工", "高端装备"], ["大学城科创园", "生物医药产业园"], true, 90, 32),
    ];
}
