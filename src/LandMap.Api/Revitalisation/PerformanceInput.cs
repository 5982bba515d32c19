using System.Globalization;
using LandMap.Api.Ledgers;
using LandMap.Api.Problems;

namespace LandMap.Api.Revitalisation;

/// <summary>One row of yearly figures as sent in JSON (万元; jobs a head count).</summary>
public sealed record PerformanceRowInput(string? ParcelCode, int? Year, double? TaxWan, double? RevenueWan, double? OutputWan, int? Jobs, string? Enterprise);

/// <summary>The JSON body of POST /api/performance: the rows, and optionally the name of the register they come from.</summary>
public sealed record PerformanceImportRequest(List<PerformanceRowInput>? Rows, string? SourceName);

/// <summary>A row checked and ready to store; <see cref="Index"/> is its place in the input (from 0), for error paths.</summary>
public sealed record PerformanceRow(int Index, string ParcelCode, int Year, double TaxWan, double RevenueWan, double? OutputWan, int? Jobs, string? Enterprise);

/// <summary>
/// Reads and checks performance rows, from JSON or from a CSV/XLSX file read by the ledger readers. Every problem is
/// reported with its row and field (<c>rows[i].taxWan</c>, i counted from 0 in the order read; a file's own row number is
/// in the reason), so one 422 lists them all; nothing is stored unless every row is good.
/// </summary>
public static class PerformanceInput
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;
    public const int MaxRows = 50_000;
    public const double MaxWan = 1e9;
    public const int MaxJobs = 10_000_000;

    /// <summary>Field keys and the column headers a register or a spreadsheet may use for them (units in brackets are ignored).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Headers = new Dictionary<string, string[]>
    {
        ["parcelCode"] = ["parcelcode", "宗地编号", "地块编号", "宗地代码", "地块代码"],
        ["year"] = ["year", "年度", "年份"],
        ["taxWan"] = ["taxwan", "税收", "实缴税收", "税收总额", "纳税", "实缴税金"],
        ["revenueWan"] = ["revenuewan", "营业收入", "销售收入", "主营业务收入", "营收"],
        ["outputWan"] = ["outputwan", "产值", "工业总产值", "总产值"],
        ["jobs"] = ["jobs", "从业人员", "从业人数", "就业人数", "职工人数", "用工人数"],
        ["enterprise"] = ["enterprise", "企业名称", "企业", "使用权人", "单位名称"],
    };

    private static readonly string[] Required = ["parcelCode", "year", "taxWan", "revenueWan"];

    /// <summary>The rows of a JSON body, checked.</summary>
    public static (List<PerformanceRow> Rows, List<FieldError> Errors) FromJson(PerformanceImportRequest body)
    {
        var errors = new List<FieldError>();
        if (body.Rows is not { Count: > 0 } input)
            return ([], [new("rows", Problems.Problems.InvalidField, $"required: 1–{MaxRows} rows")]);
        if (input.Count > MaxRows) return ([], [new("rows", Problems.Problems.InvalidField, $"at most {MaxRows} rows in one import")]);
        if (body.SourceName is { } name && name.Trim().Length is 0 or > 255)
            errors.Add(new("sourceName", Problems.Problems.InvalidField, "1–255 characters"));
        var rows = new List<PerformanceRow>();
        for (var i = 0; i < input.Count; i++)
        {
            var r = input[i];
            if (r is null)
            {
                errors.Add(new($"rows[{i}]", Problems.Problems.InvalidField, "a row object is required"));
                continue;
            }
            if (Check(i, null, r.ParcelCode, r.Year, r.TaxWan, r.RevenueWan, r.OutputWan, r.Jobs, r.Enterprise, errors) is { } row) rows.Add(row);
        }
        return (rows, errors);
    }

    /// <summary>The rows of a CSV or XLSX file, checked; the columns ignored are returned for the answer.</summary>
    public static (List<PerformanceRow> Rows, List<FieldError> Errors, List<string> Ignored) FromFile(LedgerSource source)
    {
        var errors = new List<FieldError>();
        var columns = new Dictionary<string, string>();
        var ignored = new List<string>();
        foreach (var header in source.Info.Columns)
        {
            var key = KeyOf(header);
            if (key is null || columns.ContainsKey(key)) ignored.Add(header);
            else columns[key] = header;
        }
        var missing = Required.Where(k => !columns.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            return ([], [.. missing.Select(k => new FieldError("file", Problems.Problems.InvalidField,
                $"no column for {k} (headers such as {string.Join(", ", Headers[k].Skip(1).Take(2).Append(Headers[k][0]))}); the file's columns: {string.Join(", ", source.Info.Columns)}"))], ignored);

        var rows = new List<PerformanceRow>();
        var i = 0;
        foreach (var s in source.Rows())
        {
            if (i >= MaxRows)
            {
                errors.Add(new("file", Problems.Problems.InvalidField, $"at most {MaxRows} rows in one import"));
                break;
            }
            string? Cell(string key) => columns.TryGetValue(key, out var h) ? s.Cells.GetValueOrDefault(h) : null;
            var before = errors.Count;
            var year = Whole(i, s.Number, "year", Cell("year"), errors);
            var tax = Number(i, s.Number, "taxWan", Cell("taxWan"), errors);
            var revenue = Number(i, s.Number, "revenueWan", Cell("revenueWan"), errors);
            var output = Number(i, s.Number, "outputWan", Cell("outputWan"), errors);
            var jobs = Whole(i, s.Number, "jobs", Cell("jobs"), errors);
            // A value that could not be read is reported once; the row's other checks still run on what could.
            var row = Check(i, s.Number, Cell("parcelCode"), year.Value, tax.Value, revenue.Value, output.Value, jobs.Value, Cell("enterprise"), errors,
                skip: [.. new[] { ("year", year.Bad), ("taxWan", tax.Bad), ("revenueWan", revenue.Bad), ("outputWan", output.Bad), ("jobs", jobs.Bad) }
                    .Where(f => f.Bad).Select(f => f.Item1)]);
            if (row is not null && errors.Count == before) rows.Add(row);
            i++;
        }
        if (i == 0 && errors.Count == 0) errors.Add(new("file", Problems.Problems.InvalidField, "the file has no data rows"));
        return (rows, errors, ignored);
    }

    /// <summary>The field key of a column header: trimmed, without spaces and a bracketed unit (万元, 人), case-insensitive.</summary>
    public static string? KeyOf(string header)
    {
        var h = new string(header.Where(c => !char.IsWhiteSpace(c)).ToArray()).Replace('（', '(').Replace('）', ')');
        if (h.IndexOf('(') is var open and > 0) h = h[..open];
        h = h.ToLowerInvariant();
        return Headers.FirstOrDefault(kv => kv.Value.Contains(h)).Key;
    }

    private static string Where(int index, string field) => $"rows[{index}].{field}";

    private static string At(int? fileRow) => fileRow is { } n ? $"row {n} of the file: " : "";

    private static (double? Value, bool Bad) Number(int index, int fileRow, string field, string? text, List<FieldError> errors)
    {
        if (text is null) return (null, false);
        var t = text.Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal);
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return (v, false);
        errors.Add(new(Where(index, field), Problems.Problems.InvalidField, $"{At(fileRow)}'{Clip(text)}' is not a number"));
        return (null, true);
    }

    private static (int? Value, bool Bad) Whole(int index, int fileRow, string field, string? text, List<FieldError> errors)
    {
        if (text is null) return (null, false);
        var t = text.TrimEnd('年', '人');
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v == Math.Floor(v) && Math.Abs(v) < int.MaxValue)
            return ((int)v, false);
        errors.Add(new(Where(index, field), Problems.Problems.InvalidField, $"{At(fileRow)}'{Clip(text)}' is not a whole number"));
        return (null, true);
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static PerformanceRow? Check(int i, int? fileRow, string? code, int? year, double? tax, double? revenue, double? output, int? jobs,
        string? enterprise, List<FieldError> errors, string[]? skip = null)
    {
        var before = errors.Count;
        void Add(string field, string reason)
        {
            if (skip is null || !skip.Contains(field)) errors.Add(new(Where(i, field), Problems.Problems.InvalidField, At(fileRow) + reason));
        }
        code = code?.Trim();
        if (string.IsNullOrEmpty(code) || code.Length > 100) Add("parcelCode", "required: the parcel's code (宗地编号), at most 100 characters");
        else if (JsonBody.TextProblem(code) is { } p) Add("parcelCode", p);
        if (year is not { } y || y is < MinYear or > MaxYear) Add("year", $"required: a year {MinYear}–{MaxYear}");
        void Amount(string field, double? v, bool required)
        {
            if (v is null) { if (required) Add(field, "required: 万元 per year, 0 or more"); }
            else if (!double.IsFinite(v.Value)) Add(field, "must be a finite number");
            else if (v < 0) Add(field, "must not be negative");
            else if (v >= MaxWan) Add(field, $"must be under {MaxWan:0e0} 万元");
        }
        Amount("taxWan", tax, true);
        Amount("revenueWan", revenue, true);
        Amount("outputWan", output, false);
        if (jobs is < 0 or > MaxJobs) Add("jobs", $"0–{MaxJobs} people");
        enterprise = enterprise?.Trim();
        if (enterprise is { Length: 0 }) enterprise = null;
        if (enterprise is { Length: > 200 }) Add("enterprise", "at most 200 characters");
        else if (enterprise is not null && JsonBody.TextProblem(enterprise) is { } ep) Add("enterprise", ep);
        return errors.Count > before || skip is { Length: > 0 } ? null : new PerformanceRow(i, code!, year!.Value, tax!.Value, revenue!.Value, output, jobs, enterprise);
    }

    /// <summary>Rows naming the same parcel and year twice: each repeat is an error on its year.</summary>
    public static IEnumerable<FieldError> Duplicates(IEnumerable<PerformanceRow> rows)
    {
        var seen = new Dictionary<(string, int), int>();
        foreach (var r in rows)
        {
            if (seen.TryGetValue((r.ParcelCode, r.Year), out var first))
                yield return new($"rows[{r.Index}].year", Problems.Problems.InvalidField,
                    $"'{r.ParcelCode}' {r.Year} is also in rows[{first}]: one row per parcel and year");
            else seen[(r.ParcelCode, r.Year)] = r.Index;
        }
    }
}
