using LandMap.Core.Projects;

namespace LandMap.Seeds;

/// <summary>
/// The demo register (项目信息库): projects in the industries the source articles name (shared/seeds: 新型显示, 智能家电 and
/// 高端石化 in the Qingdao development zone; the 6-inch wafer power-device line in Jimo; new-energy vehicles and food in
/// Laixi; cross-border e-commerce logistics at the Lancun land port; biomedicine in Licang; equipment in Changqing).
/// Investors are fictitious. <see cref="Holds"/>: the kind of resource the project holds through a reservation (its
/// status follows the stage: reserved while negotiating or signed, allocated once started), or null.
/// </summary>
public static class DemoProjects
{
    public sealed record Spec(Project Project, string? Holds);

    private static Spec P(string name, string investor, string chain, string category, string pollution, double investmentWan,
        double? landMu, double? floorM2, double outputWan, double taxWan, int jobs, double powerKva, string zone, string stage, string? holds) =>
        new(new Project
        {
            Name = name, Investor = investor, IndustryChain = chain, IndustryCategory = category, PollutionClass = pollution,
            InvestmentWan = investmentWan, LandNeedMu = landMu, FloorNeedM2 = floorM2, AnnualOutputWan = outputWan, AnnualTaxWan = taxWan,
            Jobs = jobs, PowerKva = powerKva, PreferredZones = [zone], Stage = stage,
        }, holds);

    public static IReadOnlyList<Spec> All { get; } =
    [
        P("新型显示模组整机项目", "青岛某显示科技有限公司", "新型显示", "C3974 显示器件制造", "2", 350000, 60, null, 800000, 30000, 1800, 8000, "QDDZ", ProjectStages.Producing, "parcel"),
        P("超高清显示面板配套材料项目", "山东某光电材料有限公司", "新型显示", "C3985 电子专用材料制造", "2", 60000, 30, null, 90000, 4500, 320, 2500, "QDDZ", ProjectStages.Signed, "parcel"),
        P("智能家电互联工厂项目", "青岛某智能家电有限公司", "智能家电", "C3851 家用制冷电器具制造", "1", 180000, 50, null, 450000, 18000, 1500, 6300, "QDDZ", ProjectStages.Started, "parcel"),
        P("智能家电核心零部件项目", "青岛某精密部件有限公司", "智能家电", "C3857 家用电器零配件制造", "1", 12000, null, 3000, 30000, 1200, 260, 800, "QDDZ", ProjectStages.Negotiating, "factory"),
        P("高端石化配套新材料项目", "某化工新材料股份有限公司", "高端石化", "C2651 初级形态塑料及合成树脂制造", "3", 85000, 60, null, 150000, 8000, 420, 10000, "QDDZ", ProjectStages.Negotiating, null),
        P("石化装备检测维修基地", "青岛某石化装备有限公司", "高端石化", "C3512 石油钻采专用设备制造", "2", 15000, 30, null, 25000, 1000, 150, 1600, "QDDZ", ProjectStages.Withdrawn, null),
        P("6英寸晶圆半导体功率器件项目", "某半导体（青岛）有限公司", "半导体功率器件", "C3972 半导体分立器件制造", "2", 300000, 60, null, 500000, 20000, 1200, 10000, "JMLP", ProjectStages.Producing, "parcel"),
        P("功率器件封装测试项目", "青岛某微电子有限公司", "半导体功率器件", "C3973 集成电路制造", "1", 20000, null, 4000, 40000, 1600, 300, 1250, "JMLP", ProjectStages.Signed, "factory"),
        P("跨境电商智慧物流园项目", "某供应链管理有限公司", "跨境电商物流", "G5941 通用仓储", "logistics", 45000, 30, null, 60000, 2500, 280, 1000, "JMLP", ProjectStages.Signed, "parcel"),
        P("跨境电商海外仓分拨中心", "青岛某国际物流有限公司", "跨境电商物流", "G5941 通用仓储", "logistics", 8000, null, 5000, 12000, 500, 90, 400, "JMLP", ProjectStages.Negotiating, null),
        P("新能源汽车电驱系统项目", "某新能源动力科技有限公司", "新能源汽车零部件", "C3670 汽车零部件及配件制造", "2", 120000, 40, null, 260000, 9000, 900, 6300, "LXEDZ", ProjectStages.Started, "parcel"),
        P("动力电池结构件项目", "青岛某汽车部件有限公司", "新能源汽车零部件", "C3670 汽车零部件及配件制造", "2", 25000, null, 3500, 45000, 1800, 350, 1600, "LXEDZ", ProjectStages.Negotiating, "factory"),
        P("汽车线束及连接器项目", "莱西某电器有限公司", "新能源汽车零部件", "C3670 汽车零部件及配件制造", "1", 6000, null, 2500, 9000, 300, 120, 400, "LXEDZ", ProjectStages.Withdrawn, null),
        P("生物医药创新中心项目", "青岛某生物科技有限公司", "生物医药", "C2761 生物药品制造", "1", 30000, null, 2500, 35000, 2200, 260, 1250, "LCRJ", ProjectStages.Started, "factory"),
        P("食品精深加工项目", "济南某食品有限公司", "食品加工", "C1392 畜禽制品加工", "2", 40000, 30, null, 80000, 2000, 500, 2000, "CQEDZ", ProjectStages.Producing, "parcel"),
        P("高端装备智能制造产业园", "某智能装备集团有限公司", "高端装备", "C3491 工业机器人制造", "2", 90000, 80, null, 180000, 6000, 700, 4000, "CQEDZ", ProjectStages.Negotiating, null),
    ];
}
