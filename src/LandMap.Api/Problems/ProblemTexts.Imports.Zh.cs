using LandMap.Core.Ledgers;
using LandMap.Core.Resources;

namespace LandMap.Api.Problems;

public sealed partial class ProblemTexts
{
    /// <summary>
    /// English → Chinese for what an import report says about a file (Ledgers): the row problems' reasons, the reader's
    /// notes, the coordinate system's description (said piece by piece, see <see cref="TranslatePieces"/>) and the refusal.
    /// </summary>
    private static readonly Dictionary<string, string> ImportZh = new(StringComparer.Ordinal)
    {
        // Cells (Core/Ledgers/Cells.cs).
        ["'{0}' is not a whole number"] = "“{0}”不是整数",
        ["'{0}': unit '{1}' does not fit {2}"] = "“{0}”：单位“{1}”与{2}不符",
        ["a plain number"] = "纯数字",
        ["'{0}' is not a date (2021-03-05, 2021/3/5, 2021年3月5日)"] = "“{0}”不是日期（如 2021-03-05、2021/3/5、2021年3月5日）",
        ["'{0}' is not a real date"] = "“{0}”不是真实存在的日期",
        ["unknown land-use code or name '{0}'"] = "未知的用地性质代码或名称“{0}”",
        // The choices in the words a ledger writes (the English lists the codes with them).
        ["unknown status '{0}'; one of {1}"] = "未知的状态“{0}”；可选："
            + string.Join("、", ResourceStatus.All.Select(s => Cells.LabelZh(CellKind.Status, s))),
        ["unknown ownership '{0}'; one of {1}"] = "未知的权属“{0}”；可选："
            + string.Join("、", new[] { "state", "enterprise" }.Select(o => Cells.LabelZh(CellKind.Ownership, o))),
        ["'{0}' is not yes/no (是/否)"] = "“{0}”不是“是/否”",

        // Rows (Core/Ledgers/LedgerRows.cs), the importer and the database's checks.
        ["停工日期 {0} needs a 实际动工日期 on or before it"] = "停工日期 {0} 当天或之前须有实际动工日期",
        ["no geometry (a shape, a WKT column, lon/lat or 界址点)"] = "没有图形（需要图形、WKT 列、经纬度或界址点）",
        ["ledger {0} 亩 against {1} 亩 computed from the geometry ({2})"] = "台账面积 {0} 亩，按图形计算为 {1} 亩（{2}）",
        ["{0} is required"] = "{0}为必填项",
        ["{0} is outside 0 – {1}"] = "{0} 超出 0 – {1} 的范围",
        ["{0} must be greater than 0"] = "{0}应大于 0",
        ["an item of {0} characters; at most {1}"] = "有一项 {0} 个字符，最多 {1} 个",
        ["the coordinates cannot be transformed: {0}"] = "坐标无法转换：{0}",
        ["a Point is not a parcel or building outline"] = "点不是地块或厂房的轮廓",
        ["a MultiPoint is not a parcel or building outline"] = "多点不是地块或厂房的轮廓",
        ["a LineString is not a parcel or building outline"] = "线不是地块或厂房的轮廓",
        ["a MultiLineString is not a parcel or building outline"] = "多线不是地块或厂房的轮廓",
        ["a GeometryCollection is not a parcel or building outline"] = "几何集合不是地块或厂房的轮廓",
        ["at {0}°E {1}°N, outside China"] = "位于东经 {0}°、北纬 {1}°，在中国境外",
        ["at {0}°E, outside the detected zone (CM {1}°E ± {2}°)"] = "位于东经 {0}°，超出识别出的投影带（中央经线 {1}°E ± {2}°）",
        ["{0}; import with repair to fix it"] = "{0}；勾选“修复无效图形”即可修复后导入",
        ["{0}: repaired"] = "{0}：已修复",
        ["nothing polygonal is left after repair"] = "修复后没有剩下面状图形",
        ["the WKT cannot be read: {0}"] = "无法读取 WKT：{0}",
        ["lon/lat give a point; a parcel needs its outline (WKT or 界址点)"] = "经纬度只给出一个点；地块需要轮廓（WKT 或界址点）",
        ["'{0}' is not a point (J1,X,Y)"] = "“{0}”不是界址点（J1,X,Y）",
        ["{0} points cannot enclose an area"] = "{0} 个点围不成面",
        ["3 distinct points are needed"] = "至少需要 3 个不同的点",
        ["code {0} appears earlier in the file"] = "编号 {0} 在文件前面已出现",
        ["lies in no development zone on the map: give a zone column"] = "不在地图上任何开发区内：请提供开发区列",
        ["park '{0}' is not a park of zone {1}"] = "“{0}”不是开发区 {1} 的园区",
        ["vacant floor area exceeds the total floor area"] = "空置面积超过总建筑面积",
        ["nothing was written: fix the rejected rows, or leave them out"] = "未写入任何数据：请改正被拒绝的行，或将其删去",
        // NetTopologySuite's validity errors (IsValidOp), said inside the geometry reasons above.
        ["invalid; import with repair to fix it"] = "图形无效；勾选“修复无效图形”即可修复后导入",
        ["invalid: repaired"] = "图形无效：已修复",
        ["Repeated Point"] = "重复点", ["Hole lies outside shell"] = "内环在外环之外", ["Holes are nested"] = "内环相互嵌套",
        ["Interior is disconnected"] = "内部不连通", ["Self-intersection"] = "自相交", ["Ring Self-intersection"] = "环自相交",
        ["Nested shells"] = "外环相互嵌套", ["Duplicate Rings"] = "环重复", ["Invalid Coordinate"] = "坐标无效",
        ["Too few distinct points in geometry component"] = "图形的不同点太少", ["Ring is not closed"] = "环未闭合",

        // Readers' notes (Api/Ledgers/Readers).
        ["No \"crs\" member: RFC 7946 GeoJSON is lon/lat on WGS 84."] = "没有 \"crs\" 成员：按 RFC 7946 读作 WGS 84 经纬度。",
        ["{0} feature tables ({1}): '{2}' read."] = "共 {0} 个要素表（{1}）：读取了“{2}”。",
        ["The geometry column's srs_id {0} names no coordinate system: it must come from the coordinates."] =
            "几何列的 srs_id {0} 没有对应的坐标系：将根据坐标判断。",
        ["Sheet '{0}' read ({1} sheets: {2})."] = "读取了工作表“{0}”（共 {1} 个：{2}）。",
        ["Sheet '{0}'."] = "工作表“{0}”。",
        ["Headers on row {0}: row numbers count from the row below it."] = "表头在第 {0} 行：行号从其下一行算起。",
        ["'{0}' has no .prj: the coordinate system must come from the coordinates."] = "“{0}”没有 .prj 文件：将根据坐标判断坐标系。",
        ["'{0}' has no .shx: not needed, the records are read in order."] = "“{0}”没有 .shx 文件：不影响，按顺序读取记录。",
        ["DBF read as {0}: the encoding given with the upload."] = "DBF 按 {0} 读取：上传时指定的编码。",
        ["DBF read as {0}: from the .cpg ('{1}')."] = "DBF 按 {0} 读取：来自 .cpg（“{1}”）。",
        ["The .cpg names '{0}', an encoding LandMap does not know: ignored."] = ".cpg 指定的编码“{0}”无法识别：已忽略。",
        ["DBF read as {0}: from the DBF language driver byte 0x{1} (no .cpg)."] = "DBF 按 {0} 读取：来自 DBF 语言驱动字节 0x{1}（没有 .cpg）。",
        ["DBF read as UTF-8: detected (no .cpg, language driver byte 0x{0}; the attributes are valid UTF-8)."] =
            "DBF 按 UTF-8 读取：自动识别（没有 .cpg，语言驱动字节 0x{0}；属性均为有效的 UTF-8）。",
        ["DBF read as GB18030: detected (no .cpg, language driver byte 0x{0}; the attributes are not UTF-8, so GB18030, the superset of GBK)."] =
            "DBF 按 GB18030 读取：自动识别（没有 .cpg，语言驱动字节 0x{0}；属性不是 UTF-8，故按 GBK 的超集 GB18030 读取）。",
        ["{0} row(s) above the headers skipped as a title: '{1}'."] = "表头上方 {0} 行作为标题跳过：“{1}”。",
        ["Column {0} has no header: named '{1}'."] = "第 {0} 列没有表头：命名为“{1}”。",
        ["Header '{0}' appears again in column {1}: named '{2}'."] = "表头“{0}”在第 {1} 列重复出现：命名为“{2}”。",
        ["Separator: tab."] = "分隔符：制表符。",
        ["Separator: {0}."] = "分隔符：{0}。",
        ["Read as {0}: the encoding given with the upload."] = "按 {0} 读取：上传时指定的编码。",
        ["Read as UTF-8: the file starts with a UTF-8 byte-order mark."] = "按 UTF-8 读取：文件以 UTF-8 字节顺序标记开头。",
        ["Read as {0}: the file starts with its byte-order mark (Excel's \"Unicode text\")."] =
            "按 {0} 读取：文件以字节顺序标记开头（Excel 的“Unicode 文本”）。",
        ["Read as UTF-8: detected (no byte-order mark; every byte sequence is valid UTF-8)."] = "按 UTF-8 读取：自动识别（无字节顺序标记，且全部为有效的 UTF-8）。",
        ["Read as GB18030: detected (the bytes are not UTF-8; GB18030 is the superset of GBK)."] = "按 GB18030 读取：自动识别（不是 UTF-8；GB18030 是 GBK 的超集）。",

        // Pieces of a coordinate system's description (Core/Ledgers/SurveyCrs.Describe), between ", " and " — ".
        ["{0} {1}° Gauss–Krüger"] = "{0} {1}° 高斯-克吕格投影",
        ["EPSG:4490 CGCS2000 lon/lat"] = "EPSG:4490 CGCS2000 经纬度",
        ["CM {0}°E"] = "中央经线 {0}°E",
        ["zone {0} prefixed"] = "东坐标带号前缀 {0}",
        ["zone {0} prefixed to the easting"] = "东坐标带号前缀 {0}",
        ["X/Y swapped in the file (northing first)"] = "文件中 X/Y 对调（北坐标在前）",
        ["X/Y swapped in the file (lat first)"] = "文件中 X/Y 对调（纬度在前）",
        ["moved to CGCS2000 with the given 7 parameters"] = "已按给定的七参数转换到 CGCS2000",
        ["Xian 1980"] = "西安 1980", ["Beijing 1954"] = "北京 1954",
        ["detected: lon/lat by range"] = "自动识别：按数值范围为经纬度",
        ["detected: lat/lon by range (X/Y swapped)"] = "自动识别：按数值范围为纬度/经度（X/Y 对调）",
        ["detected: zone {0} from the easting prefix"] = "自动识别：由东坐标前缀得出第 {0} 带",
        ["detected: Gauss–Krüger without prefix"] = "自动识别：不带带号的高斯-克吕格坐标",
        ["CM {0} as given"] = "中央经线 {0}°E（按所给）",
        ["X/Y swapped"] = "X/Y 对调",
        ["geographic .prj"] = ".prj 为地理坐标系",
        ["stated by the .prj"] = "由 .prj 指定",
    };
}
