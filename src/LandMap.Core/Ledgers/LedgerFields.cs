namespace LandMap.Core.Ledgers;

/// <summary>How a ledger cell is read: the parser each kind uses is in <see cref="Cells"/>.</summary>
public enum CellKind { Text, Number, Integer, Date, LandUse, Status, Ownership, Boolean, TextList }

/// <summary>
/// One column of a parcel or factory ledger: the key the API uses (camelCase, as in GeoJSON properties), the Chinese
/// header an export writes (with its unit) and an import recognises, the ≤ 10-character ASCII name a Shapefile's DBF
/// holds, and the other headers zones' ledgers use for it (matched after removing spaces and bracket styles).
/// </summary>
public sealed record LedgerField(string Key, string HeaderZh, string ShpName, CellKind Kind, string? Unit = null, string[]? Aliases = null, bool Required = false,
    IReadOnlyList<string>? Choices = null)
{
    public IEnumerable<string> Names => [Key, HeaderZh, ShpName, .. Aliases ?? []];
}

/// <summary>
/// The ledger columns of parcels (闲置土地台账) and factories (闲置厂房台账): one definition used by import (default
/// mapping) and export (headers), so an exported file imports again with the same meaning.
/// </summary>
public static class LedgerFields
{
    /// <summary>A share of a whole, stored as a fraction 0–1; a ledger may write it in per cent ("30%").</summary>
    public const string ShareUnit = "0–1";

    /// <summary>
    /// The facts of supplied land (供地) the idle-land rules read (issue 13, 《闲置土地处置办法》art. 2; Core/Revitalisation):
    /// how it was supplied, the agreed and actual start, the developed and invested shares, the halt, the land price (the
    /// transfer or allocation price, 万元). Staff only (Visibility): the public's ledgers never carry them. Declared before
    /// <see cref="Parcel"/>, which includes them (static fields initialise in order).
    /// </summary>
    public static readonly LedgerField[] SuppliedLand =
    [
        new("supplyType", "供地方式", "SUPPLY", CellKind.Text, Aliases: ["供应方式", "土地供应方式"], Choices: Revitalisation.SupplyType.All),
        new("agreedStartOn", "约定动工日期", "AGREED_ON", CellKind.Date, Aliases: ["约定开工日期", "合同约定开工日期", "约定开工时间", "约定动工时间"]),
        new("actualStartOn", "实际动工日期", "STARTED_ON", CellKind.Date, Aliases: ["实际开工日期", "实际开工时间", "实际动工时间", "开工日期"]),
        new("developedShare", "已开发面积占比", "DEV_SHARE", CellKind.Number, ShareUnit, ["已开发面积比例", "开发面积比例", "已开发比例"]),
        new("investedShare", "已投资占比", "INV_SHARE", CellKind.Number, ShareUnit, ["已投资比例", "投资比例", "已投资额占比"]),
        new("haltedOn", "停工日期", "HALTED_ON", CellKind.Date, Aliases: ["停工时间"]),
        new("landPriceWan", "土地价款(万元)", "PRICE_WAN", CellKind.Number, "万元", ["土地出让价款", "土地出让价款(万元)", "出让价款", "划拨价款", "土地价款"]),
    ];

    public static readonly LedgerField[] Parcel =
    [
        new("code", "宗地编号", "CODE", CellKind.Text, Aliases: ["地块编号", "宗地代码", "编号"], Required: true),
        new("zone", "开发区", "ZONE", CellKind.Text, Aliases: ["开发区代码", "所属开发区"]),
        new("park", "园区", "PARK", CellKind.Text, Aliases: ["园区代码", "所属园区"]),
        new("address", "坐落", "ADDRESS", CellKind.Text, Aliases: ["地址", "土地坐落", "位置"]),
        new("ledgerAreaMu", "面积(亩)", "AREA_MU", CellKind.Number, "亩", ["台账面积(亩)", "用地面积(亩)", "土地面积(亩)", "面积亩"]),
        new("ledgerAreaM2", "面积(平方米)", "AREA_M2", CellKind.Number, "m²", ["面积(m²)", "面积(㎡)", "用地面积(平方米)", "土地面积(平方米)"]),
        new("landUse", "用地性质", "LAND_USE", CellKind.LandUse, Aliases: ["土地用途", "规划用途", "用途", "landUseOriginal"], Required: true),
        new("plotRatioMin", "容积率下限", "FAR_MIN", CellKind.Number, Aliases: ["最小容积率"]),
        new("plotRatioMax", "容积率", "FAR_MAX", CellKind.Number, Aliases: ["容积率上限", "最大容积率"]),
        new("buildingCoverageMin", "建筑密度(%)", "COVER_MIN", CellKind.Number, "%", ["建筑密度", "建筑系数", "建筑系数(%)"]),
        new("greenRatioMax", "绿地率(%)", "GREEN_MAX", CellKind.Number, "%", ["绿地率"]),
        new("heightLimitM", "限高(米)", "HEIGHT_M", CellKind.Number, "m", ["限高", "建筑限高"]),
        new("minInvestmentWanPerMu", "投资强度(万元/亩)", "INVEST_MU", CellKind.Number, "万元/亩", ["投资强度"]),
        new("minTaxWanPerMu", "亩均税收(万元/亩)", "TAX_MU", CellKind.Number, "万元/亩", ["亩均税收"]),
        new("industryChains", "产业链", "CHAINS", CellKind.TextList, Aliases: ["主导产业", "产业方向"]),
        new("powerKva", "供电容量(kVA)", "POWER_KVA", CellKind.Number, "kVA", ["供电容量", "用电容量", "变压器容量"]),
        new("readiness", "基础设施", "READINESS", CellKind.Text, Aliases: ["配套", "通平情况"]),
        new("priceWanPerMu", "地价(万元/亩)", "PRICE_MU", CellKind.Number, "万元/亩", ["地价", "出让价格"]),
        new("ownership", "权属", "OWNERSHIP", CellKind.Ownership, Aliases: ["权属类型", "权属性质"]),
        new("owner", "权属人", "OWNER", CellKind.Text, Aliases: ["土地使用权人", "使用权人"]),
        new("idleSince", "闲置起始日期", "IDLE_SINCE", CellKind.Date, Aliases: ["闲置时间", "闲置日期"]),
        new("idleReason", "闲置原因", "IDLE_WHY", CellKind.Text),
        new("suppliedOn", "供地时间", "SUPPLIED", CellKind.Date, Aliases: ["供地日期", "出让时间"]),
        new("status", "状态", "STATUS", CellKind.Status, Aliases: ["土地状态", "当前状态"]),
        new("contact", "联系人", "CONTACT", CellKind.Text, Aliases: ["联系电话", "联系方式"]),
        .. SuppliedLand,
    ];

    public static readonly LedgerField[] Factory =
    [
        new("code", "厂房编号", "CODE", CellKind.Text, Aliases: ["编号", "楼栋编号"], Required: true),
        new("zone", "开发区", "ZONE", CellKind.Text, Aliases: ["开发区代码", "所属开发区"]),
        new("park", "园区", "PARK", CellKind.Text, Aliases: ["园区代码", "所属园区"]),
        new("name", "厂房名称", "NAME", CellKind.Text, Aliases: ["名称", "楼栋名称"]),
        new("address", "坐落", "ADDRESS", CellKind.Text, Aliases: ["地址", "位置"]),
        new("totalFloorM2", "建筑面积(平方米)", "FLOOR_M2", CellKind.Number, "m²", ["建筑面积", "总建筑面积"], Required: true),
        new("vacantFloorM2", "空置面积(平方米)", "VACANT_M2", CellKind.Number, "m²", ["空置面积", "闲置面积"], Required: true),
        new("floors", "层数", "FLOORS", CellKind.Integer, Aliases: ["楼层数"]),
        new("floorHeightM", "层高(米)", "HEIGHT_M", CellKind.Number, "m", ["层高"]),
        new("floorLoadKnM2", "楼面荷载(kN/平方米)", "LOAD_KN", CellKind.Number, "kN/m²", ["楼层荷载", "承重", "楼面荷载"]),
        new("craneT", "行车吨位(吨)", "CRANE_T", CellKind.Number, "t", ["行车", "吊车吨位", "行车/吊车吨位"]),
        new("powerKva", "用电容量(kVA)", "POWER_KVA", CellKind.Number, "kVA", ["用电容量", "变压器容量", "供电容量"]),
        new("rentYuanM2Month", "租金(元/平方米/月)", "RENT", CellKind.Number, "元/m²/月", ["租金"]),
        new("salePriceYuanM2", "售价(元/平方米)", "SALE", CellKind.Number, "元/m²", ["售价", "出售价格"]),
        new("status", "状态", "STATUS", CellKind.Status, Aliases: ["当前状态"]),
        new("contact", "联系人", "CONTACT", CellKind.Text, Aliases: ["联系电话", "联系方式"]),
    ];

    /// <summary>A header as compared: no spaces, full-width brackets as ASCII, lower case.</summary>
    public static string NormalizeHeader(string header) =>
        new string(header.Trim().Replace('（', '(').Replace('）', ')').Replace("㎡", "平方米").Replace("m2", "平方米").Replace("m²", "平方米")
            .Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();

    /// <summary>
    /// The default mapping of a file's headers onto fields: the first header that matches any of a field's names.
    /// Returns field key → the file's header.
    /// </summary>
    public static Dictionary<string, string> DefaultMapping(IEnumerable<LedgerField> fields, IEnumerable<string> headers)
    {
        var byNormal = new Dictionary<string, string>();
        foreach (var h in headers) byNormal.TryAdd(NormalizeHeader(h), h);
        var mapping = new Dictionary<string, string>();
        foreach (var f in fields)
            if (f.Names.Select(NormalizeHeader).FirstOrDefault(byNormal.ContainsKey) is { } hit) mapping[f.Key] = byNormal[hit];
        return mapping;
    }
}
