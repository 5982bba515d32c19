using System.Data;
using System.Globalization;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace LandMap.Api.Plans;

/// <summary>
/// The dispatch meeting's printable report, written by MiniExcel as the ledger exports are: one row per open plan in the
/// meeting's order (zone, responsible unit), under the headings such meetings use.
/// </summary>
internal static class MeetingReport
{
    public const string Sheet = "调度会";
    public const string Number = "序号", Resource = "地块/厂房", Area = "面积", IdleReason = "闲置原因", Method = "处置方式",
        Unit = "责任单位", Progress = "进展", NextStep = "下步计划";

    public static readonly IReadOnlyList<string> Headers = [Number, Resource, Area, IdleReason, Method, Unit, Progress, NextStep];

    public static async Task<byte[]> WriteAsync(MeetingView view, CancellationToken ct)
    {
        var table = new DataTable(Sheet);
        table.Columns.Add(Number, typeof(int));
        foreach (var h in Headers.Skip(1)) table.Columns.Add(h, typeof(string));
        var n = 0;
        foreach (var item in view.Groups.SelectMany(g => g.Plans))
        {
            var p = item.Plan;
            table.Rows.Add(++n, ResourceText(p), AreaText(p), p.IdleReason ?? "", p.DisposalMethod,
                p.Officer is null ? p.ResponsibleUnit : $"{p.ResponsibleUnit}（{p.Officer}）",
                string.Join("\n", item.ProgressSinceLast.Select(e => $"{e.On:yyyy-MM-dd} {e.Text}")),
                NextStepText(item));
        }
        var configuration = new OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            DynamicColumns =
            [
                new DynamicExcelColumn(Number) { Width = 6 }, new DynamicExcelColumn(Resource) { Width = 20 }, new DynamicExcelColumn(Area) { Width = 14 },
                new DynamicExcelColumn(IdleReason) { Width = 24 }, new DynamicExcelColumn(Method) { Width = 14 }, new DynamicExcelColumn(Unit) { Width = 20 },
                new DynamicExcelColumn(Progress) { Width = 40 }, new DynamicExcelColumn(NextStep) { Width = 40 },
            ],
        };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(table, sheetName: Sheet, configuration: configuration, cancellationToken: ct);
        return stream.ToArray();
    }

    public static string ResourceText(PlanDocument p) => (p.ResourceKind == "parcel" ? "地块 " : "厂房 ") + p.ResourceCode;

    /// <summary>A parcel's area in 亩, a building's vacant floor in m² (empty when the record is gone).</summary>
    public static string AreaText(PlanDocument p) => p switch
    {
        { ResourceKind: "parcel", AreaMu: { } mu } => string.Create(CultureInfo.InvariantCulture, $"{mu:0.00} 亩"),
        { ResourceKind: "factory", VacantFloorM2: { } m2 } => string.Create(CultureInfo.InvariantCulture, $"{m2:0} 平方米（空置）"),
        _ => "",
    };

    /// <summary>This meeting's decisions on the plan, then its next milestone with its due day (flagged when overdue).</summary>
    public static string NextStepText(MeetingPlan item)
    {
        var lines = item.Decisions.Select(d => "会议决定：" + d.Decision).ToList();
        if (item.Plan.NextStep is { } m)
            lines.Add($"{m.Title}（{m.DueOn:yyyy-MM-dd}前{(m.Overdue ? "，已逾期" : "")}）");
        return string.Join("\n", lines);
    }
}
