using System.Data;
using System.Runtime.CompilerServices;
using LandMap.Core.Ledgers;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using NetTopologySuite.IO;

namespace LandMap.Api.Exports;

/// <summary>
/// A printable ledger written by MiniExcel: sheet 台账 (the rows under the catalogue's Chinese headers with units, status
/// and ownership in Chinese, areas shown to 2 decimals, the geometry as WKT so the sheet imports again), sheet 合计
/// (count and area in total, by zone and by status) and sheet 说明 (when, which filter, which coordinate system).
/// </summary>
internal static class XlsxExport
{
    public const string LedgerSheet = "台账";
    public const string TotalsSheet = "合计";
    public const string NotesSheet = "说明";

    /// <summary>Excel's limit on the text of one cell; a longer WKT would be cut when the sheet is opened.</summary>
    public const int MaxCellChars = 32_767;

    public static async Task WriteAsync(
        ExportPlan plan, IAsyncEnumerable<ExportRow> rows, IReadOnlyDictionary<string, string> zoneNames, string path, CancellationToken ct)
    {
        var totals = new Totals(plan);
        // MiniExcel writes the sheets in this order, so the totals and notes are enumerated after every ledger row has been counted.
        var sheets = new Dictionary<string, object>
        {
            [LedgerSheet] = plan.Count == 0 ? EmptyLedger(plan) : LedgerRows(plan, rows, totals, ct),
            [TotalsSheet] = totals.Rows(zoneNames),
            [NotesSheet] = Notes(plan, totals),
        };
        var configuration = new OpenXmlConfiguration { DynamicColumns = Columns(plan), FreezeRowCount = 1, AutoFilter = true };
        await MiniExcel.SaveAsAsync(path, sheets, configuration: configuration, cancellationToken: ct);
    }

    private static async IAsyncEnumerable<IDictionary<string, object?>> LedgerRows(
        ExportPlan plan, IAsyncEnumerable<ExportRow> rows, Totals totals, [EnumeratorCancellation] CancellationToken ct)
    {
        var wkt = plan.Crs.WktWriter();
        await foreach (var row in rows.WithCancellation(ct))
        {
            var cells = new Dictionary<string, object?>(plan.Columns.Count + 1);
            for (var i = 0; i < plan.Columns.Count; i++)
                cells[plan.Columns[i].HeaderZh] = row.Values[i] switch
                {
                    DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                    string s => ExportColumns.LabelZh(plan.Collection.Id, plan.Columns[i].Kind, s),
                    var v => v,
                };
            var text = wkt.Write(row.Geometry);
            cells[CsvExport.GeometryHeader] = text;
            totals.Add(row, text.Length > MaxCellChars);
            yield return cells;
        }
    }

    /// <summary>No rows: the headers alone, so the empty ledger still shows (and imports as) its columns.</summary>
    private static DataTable EmptyLedger(ExportPlan plan)
    {
        var table = new DataTable(LedgerSheet);
        foreach (var c in plan.Columns) table.Columns.Add(c.HeaderZh, typeof(string));
        table.Columns.Add(CsvExport.GeometryHeader, typeof(string));
        return table;
    }

    private static IEnumerable<IDictionary<string, object?>> Notes(ExportPlan plan, Totals totals)
    {
        var n = plan.Notes;
        var items = new List<(string, string)>
        {
            ("数据集", $"{n.TitleZh}（{plan.Collection.Id}）"),
            ("导出时间", $"{n.ExportedAt:yyyy-MM-dd HH:mm:ss}（UTC+8）"),
            ("筛选条件", n.Filter),
            ("记录数", n.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("可见范围", n.PublicView ? "公开：仅公开的状态与字段" : "内部：全部状态与字段"),
            ("坐标系", plan.Crs.DescriptionZh),
            ("几何", $"边界多边形在末列“{CsvExport.GeometryHeader}”（WKT，打印时隐藏），坐标系同上"),
        };
        if (plan.Collection.Id == "parcels")
        {
            items.Add(("计算面积", "由边界在其 CGCS2000 3度带高斯-克吕格投影中计算；1 亩 = 10000/15 平方米"));
            if (plan.Columns.Any(c => c.Key == "ledgerAreaMu")) items.Add(("面积(亩)", "台账填报的面积"));
        }
        items.Add(("重新导入", $"“{LedgerSheet}”表可直接导入：列名即导入模板的列名"));
        if (totals.LongGeometries > 0)
            items.Add(("注意", $"{totals.LongGeometries} 条记录的边界超过 Excel 单元格上限（{MaxCellChars} 字符），在 Excel 中会被截断：请改用 Shapefile 或 GeoPackage 导出"));
        foreach (var (item, text) in items)
            yield return new Dictionary<string, object?> { ["项目"] = item, ["内容"] = text };
    }

    /// <summary>Formats and widths by column name, for all three sheets (a name on two sheets is listed once).</summary>
    private static DynamicExcelColumn[] Columns(ExportPlan plan)
    {
        DynamicExcelColumn[] all =
        [
            .. plan.Columns.Select(c => new DynamicExcelColumn(c.HeaderZh)
            {
                Format = c.IsArea ? "0.00" : c.Key == "vacancyRate" ? "0.0%" : c.Kind == CellKind.Date ? "yyyy-MM-dd" : null,
                Width = c.Key is "address" or "name" or "idleReason" or "industryChains" ? 24 : c.Key == "code" ? 14 : 11,
            }),
            // Hidden: a page of coordinates helps no reader of the printed ledger, and a re-import reads hidden columns too.
            new DynamicExcelColumn(CsvExport.GeometryHeader) { Width = 60, Hidden = true },
            new DynamicExcelColumn(Totals.Category) { Width = 10 },
            new DynamicExcelColumn(Totals.Group) { Width = 24 },
            new DynamicExcelColumn(Totals.AreaMu) { Format = "0.00", Width = 16 },
            new DynamicExcelColumn(Totals.FloorM2) { Format = "0.00", Width = 18 },
            new DynamicExcelColumn(Totals.VacantM2) { Format = "0.00", Width = 18 },
            new DynamicExcelColumn("项目") { Width = 10 },
            new DynamicExcelColumn("内容") { Width = 70 },
        ];
        return [.. all.DistinctBy(c => c.Key)];
    }

    /// <summary>Count and area in total, by zone and by status, added up row by row as the ledger is written.</summary>
    private sealed class Totals(ExportPlan plan)
    {
        public const string Category = "分类", Group = "名称", AreaMu = "计算面积(亩)", FloorM2 = "建筑面积(平方米)", VacantM2 = "空置面积(平方米)";

        private readonly bool _parcels = plan.Collection.Id == "parcels";
        private readonly int _zone = Index(plan, "zone"), _status = Index(plan, "status");
        private readonly int[] _measures = plan.Collection.Id == "parcels"
            ? [Index(plan, ExportColumns.ComputedAreaMu.Key)]
            : [Index(plan, "totalFloorM2"), Index(plan, "vacantFloorM2")];
        private readonly Sum _all = new();
        private readonly SortedDictionary<string, Sum> _byZone = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Sum> _byStatus = [];

        private sealed class Sum
        {
            public long Count;
            public double[] Values = new double[2];
        }

        private static int Index(ExportPlan plan, string key) => plan.Columns.ToList().FindIndex(c => c.Key == key);

        /// <summary>Rows whose WKT is longer than a cell holds.</summary>
        public long LongGeometries { get; private set; }

        public void Add(ExportRow row, bool longGeometry)
        {
            if (longGeometry) LongGeometries++;
            foreach (var sum in new[] { _all, Bucket(_byZone, row, _zone), Bucket(_byStatus, row, _status) })
            {
                sum.Count++;
                for (var m = 0; m < _measures.Length; m++)
                    if (_measures[m] >= 0 && row.Values[_measures[m]] is double v) sum.Values[m] += v;
            }
        }

        private static Sum Bucket<TDictionary>(TDictionary buckets, ExportRow row, int index) where TDictionary : IDictionary<string, Sum>
        {
            var key = index >= 0 ? row.Values[index] as string ?? "" : "";
            if (!buckets.TryGetValue(key, out var sum)) buckets[key] = sum = new Sum();
            return sum;
        }

        public IEnumerable<IDictionary<string, object?>> Rows(IReadOnlyDictionary<string, string> zoneNames)
        {
            yield return Line("合计", "全部", _all);
            foreach (var (zone, sum) in _byZone)
                yield return Line("开发区", zoneNames.TryGetValue(zone, out var name) ? $"{name}（{zone}）" : zone, sum);
            foreach (var status in Core.Resources.ResourceStatus.All.Where(_byStatus.ContainsKey))
                yield return Line("状态", ExportColumns.LabelZh(plan.Collection.Id, CellKind.Status, status)!, _byStatus[status]);
        }

        private Dictionary<string, object?> Line(string category, string group, Sum sum)
        {
            var line = new Dictionary<string, object?> { [Category] = category, [Group] = group, [_parcels ? "宗数" : "栋数"] = sum.Count };
            if (_parcels) line[AreaMu] = Math.Round(sum.Values[0], 2);
            else
            {
                line[FloorM2] = Math.Round(sum.Values[0], 2);
                line[VacantM2] = Math.Round(sum.Values[1], 2);
            }
            return line;
        }
    }
}
