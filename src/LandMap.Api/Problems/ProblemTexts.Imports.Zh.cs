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

        // A file refused as a whole (Api/Ledgers/Readers/ReaderErrors.cs and the readers).
        ["'{0}' is not a ledger format LandMap reads: use {1}."] = "“{0}”不是系统能读取的台账格式：请使用 {1}。",
        ["'{0}' is one part of a Shapefile: upload it as a .zip together with its .shx, .dbf and .prj (and .cpg when present)."] =
            "“{0}”只是 Shapefile 的一部分：请与 .shx、.dbf、.prj（以及 .cpg，如有）一起打包成 .zip 上传。",
        ["XLSX: '{0}' is an Excel 97–2003 .xls workbook, not .xlsx: save it as .xlsx (Excel workbook) and upload it again."] =
            "XLSX：“{0}”是 Excel 97–2003 的 .xls 工作簿，不是 .xlsx：请另存为 .xlsx（Excel 工作簿）后重新上传。",
        ["{0}: '{1}' is not {2}."] = "{0}：“{1}”不是 {2}。",
        ["Unknown text encoding '{0}': use UTF-8, GBK, GB18030, Big5 or a code page number such as 936."] =
            "未知的文字编码“{0}”：请用 UTF-8、GBK、GB18030、Big5 或代码页编号（如 936）。",
        ["Shapefile: '{0}' is not a readable zip file ({1})."] = "Shapefile：“{0}”不是可读取的 zip 文件（{1}）。",
        ["Shapefile: the zip holds no .shp file (it holds: {0})."] = "Shapefile：zip 中没有 .shp 文件（其中有：{0}）。",
        ["Shapefile: the zip holds several .shp files ({0}): upload one layer per zip, or name the layer to read."] =
            "Shapefile：zip 中有多个 .shp 文件（{0}）：请每个 zip 只放一个图层，或指定要读取的图层。",
        ["Shapefile: '{0}' has no {1} beside it in the zip."] = "Shapefile：zip 中“{0}”旁边缺少 {1} 文件。",
        ["Shapefile: the .shp has {0} records and the .dbf {1}: they must match one to one."] = "Shapefile：.shp 有 {0} 条记录，.dbf 有 {1} 条：两者须一一对应。",
        ["{0}: the file has no header row (the first rows are empty)."] = "{0}：文件没有表头行（开头几行为空）。",
        ["{0}: row {1} has {2} cells, more than the {3} headers."] = "{0}：第 {1} 行有 {2} 个单元格，多于 {3} 个表头。",
        ["XLSX: the workbook has no sheet."] = "XLSX：工作簿中没有工作表。",
        ["GeoJSON: not valid JSON (line {0}, byte {1}): {2}"] = "GeoJSON：不是有效的 JSON（第 {0} 行第 {1} 字节）：{2}",
        ["GeoJSON: expected a FeatureCollection, found a {0}."] = "GeoJSON：应为 FeatureCollection，实际为 {0}。",
        ["GeoJSON: the FeatureCollection has no \"features\" array."] = "GeoJSON：FeatureCollection 中没有 \"features\" 数组。",
        ["GeoJSON: the document is not a GeoJSON object (no \"type\")."] = "GeoJSON：文档不是 GeoJSON 对象（没有 \"type\"）。",
        ["GeoJSON: feature {0} is not an object."] = "GeoJSON：第 {0} 个要素不是对象。",
        ["GeoPackage: the file holds no feature table."] = "GeoPackage：文件中没有要素表。",
        ["Zip: the entry name '{0}' points outside the archive (path traversal): the file is refused."] = "Zip：条目名“{0}”指向压缩包之外（路径穿越）：文件被拒绝。",
        ["Zip: the entries unpack to more than {0} MiB (zip bomb?): the file is refused."] = "Zip：解压后超过 {0} MiB（疑似压缩炸弹）：文件被拒绝。",

        // Coordinates that cannot be used (Core/Ledgers/SurveyCrs.cs).
        ["datum parameters were given, but the coordinates are lon/lat: give them for Gauss–Krüger metres only"] =
            "给出了转换参数，但坐标是经纬度：参数只用于高斯-克吕格米制坐标",
        ["the file is in Xian 1980 or Beijing 1954 ({0}): LandMap stores CGCS2000 and will not shift it without the zone's transformation parameters; give them (datumShift=dx,dy,dz,rx,ry,rz,ppm) or convert the file first"] =
            "文件坐标为西安 1980 或北京 1954（{0}）：系统存储 CGCS2000，没有本地转换参数不会转换；请给出参数（datumShift=dx,dy,dz,rx,ry,rz,ppm）或先转换文件",
        ["'{0}' is not an EPSG code"] = "“{0}”不是 EPSG 代码",
        ["the coordinate system '{0}' is not CGCS2000 lon/lat or Gauss–Krüger"] = "坐标系“{0}”不是 CGCS2000 经纬度或高斯-克吕格投影",
        ["the .prj has scale factor {0} (UTM uses 0.9996): not a CGCS2000 Gauss–Krüger zone"] = ".prj 的比例因子为 {0}（UTM 为 0.9996）：不是 CGCS2000 高斯-克吕格投影带",
        ["the .prj's central meridian {0} is not that of a Gauss–Krüger zone in China (75, 78 … 135)"] = ".prj 的中央经线 {0} 不是中国境内高斯-克吕格投影带的中央经线（75、78 … 135）",
        ["EPSG:{0} is not CGCS2000 lon/lat (4490) or a CGCS2000 Gauss–Krüger zone (4491–4554)"] = "EPSG:{0} 不是 CGCS2000 经纬度（4490）或 CGCS2000 高斯-克吕格投影带（4491–4554）",
        ["the file has no coordinates to detect its system from"] = "文件中没有可用于判断坐标系的坐标",
        ["the coordinates are neither lon/lat in China nor Gauss–Krüger metres (northing 0.3–6 million m)"] = "坐标既不是中国境内的经纬度，也不是高斯-克吕格米制坐标（北坐标 30 万–600 万米）",
        ["easting prefix {0} is not a Gauss–Krüger zone in China (13–23 for 6°, 25–45 for 3°)"] = "东坐标带号 {0} 不是中国境内的高斯-克吕格投影带（6° 带 13–23，3° 带 25–45）",
        ["Gauss–Krüger coordinates without a zone prefix and without a .prj: give the central meridian (centralMeridian, e.g. 120)"] =
            "高斯-克吕格坐标既无带号也无 .prj：请给出中央经线（centralMeridian，如 120）",
        ["central meridian {0} is not a CGCS2000 Gauss–Krüger zone in China"] = "中央经线 {0} 不是中国境内的 CGCS2000 高斯-克吕格投影带",
        ["the eastings span several zones or none ({0}): one file must hold one zone"] = "东坐标跨越多个投影带或不属于任何投影带（{0}）：一个文件只能有一个投影带",
        ["a Gauss–Krüger central meridian in China: 75, 78 … 135"] = "应为中国境内的高斯-克吕格中央经线：75、78 … 135",
        ["a share from 0 to 1 (0.05 = 5 %)"] = "应为 0 到 1 之间的比例（0.05 即 5%）",
        ["an encoding name such as GBK or UTF-8"] = "应为编码名称，如 GBK 或 UTF-8",
        ["give datumShift with it"] = "请同时给出 datumShift",
        ["required: the file's name with its extension (.zip, .geojson, .gpkg, .csv, .xlsx)"] = "必填：带扩展名的文件名（.zip、.geojson、.gpkg、.csv、.xlsx）",
        ["the file has no column {0}; its columns: {1}"] = "文件中没有列 {0}；现有列：{1}",
        ["no saved {0} mapping '{1}'"] = "没有已保存的{0}字段对应“{1}”",

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
