using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LandMap.Core.LandUse;
using LandMap.Core.Resources;
using LandMap.Core.Units;

namespace LandMap.Core.Ledgers;

/// <summary>A cell read: the value, or why it could not be read.</summary>
public readonly record struct CellValue(object? Value, string? Problem)
{
    public static CellValue Empty => new(null, null);
    public static CellValue Of(object value) => new(value, null);
    public static CellValue Bad(string problem) => new(null, problem);
}

/// <summary>
/// Reads ledger cells as people type them: full-width digits (１２３), thousands separators (1,234 / 1，234), units in the
/// cell ("35亩", "1.2万平方米", "2.5公顷"), dates as 2021/3/5, 2021-03-05, 2021年3月5日 or Excel serial numbers, land-use
/// codes in the 2023 or GB 50137 forms or by Chinese name, statuses and ownership in Chinese or English.
/// </summary>
public static partial class Cells
{
    public static CellValue Read(CellKind kind, string? raw, string? unit = null) =>
        string.IsNullOrWhiteSpace(raw) ? CellValue.Empty : kind switch
        {
            CellKind.Text => CellValue.Of(raw.Trim()),
            CellKind.Number => Number(raw, unit),
            CellKind.Integer => Number(raw, unit) is { Value: double d } v ? (d == Math.Floor(d) && Math.Abs(d) < int.MaxValue ? CellValue.Of((int)d) : CellValue.Bad($"'{raw}' is not a whole number")) : Number(raw, unit),
            CellKind.Date => Date(raw),
            CellKind.LandUse => LandUse(raw),
            CellKind.Status => Status(raw),
            CellKind.Ownership => Ownership(raw),
            CellKind.Boolean => Boolean(raw),
            CellKind.TextList => CellValue.Of(raw.Split(['、', ',', '，', ';', '；', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            _ => CellValue.Bad("unknown kind"),
        };

    /// <summary>Full-width ASCII (digits, letters, ．，－) to half-width; the ideographic space to a space.</summary>
    public static string HalfWidth(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            sb.Append(c switch { >= '！' and <= '～' => (char)(c - 0xFEE0), '　' => ' ', '。' => '.', _ => c });
        return sb.ToString();
    }

    [GeneratedRegex(@"^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(万)?\s*(.*)$")]
    private static partial Regex NumberWithUnit();

    /// <summary>Units a cell may carry, and the factor to the field's unit (亩 or m² fields convert between each other).</summary>
    private static double? Factor(string cellUnit, string? fieldUnit)
    {
        var u = cellUnit.Trim().Replace("㎡", "平方米").Replace("m²", "平方米").Replace("m2", "平方米").ToLowerInvariant();
        if (u.Length == 0) return 1;
        return (u, fieldUnit) switch
        {
            ("亩", "亩") or ("平方米", "m²") or ("米", "m") or ("m", "m") or ("kva", "kVA") or ("千伏安", "kVA") or ("吨", "t") or ("t", "t") or ("%", "%") => 1,
            ("平方米", "亩") => 1 / Area.SquareMetresPerMu,
            ("亩", "m²") => Area.SquareMetresPerMu,
            ("公顷", "亩") => 15,
            ("公顷", "m²") => 10_000,
            ("万元/亩", "万元/亩") or ("元/平方米/月", "元/m²/月") or ("元/平方米", "元/m²") or ("kn/平方米", "kN/m²") => 1,
            ("元/亩", "万元/亩") or ("元", "万元") => 1e-4,
            ("%", LedgerFields.ShareUnit) => 0.01,
            _ => null,
        };
    }

    public static CellValue Number(string raw, string? unit = null)
    {
        var s = HalfWidth(raw).Trim().Replace(",", "").Replace("，", "").Replace(" ", "");
        var m = NumberWithUnit().Match(s);
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            return CellValue.Bad($"'{raw}' is not a number");
        if (m.Groups[2].Success) value *= 10_000; // 万
        var cellUnit = m.Groups[3].Value;
        // "1200万" in a 万元 field is 1200 万元: the 万 is the field's own (1200 × 10 000 元 = 1200 万元).
        if (m.Groups[2].Success && cellUnit.Length == 0 && unit is ['万', _, ..]) cellUnit = unit[1..];
        if (Factor(cellUnit, unit) is not { } factor)
            return CellValue.Bad($"'{raw}': unit '{m.Groups[3].Value}' does not fit {unit ?? "a plain number"}");
        return CellValue.Of(value * factor);
    }

    [GeneratedRegex(@"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")]
    private static partial Regex YearMonthDay();

    [GeneratedRegex(@"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")]
    private static partial Regex YearMonth();

    public static CellValue Date(string raw)
    {
        var s = HalfWidth(raw).Trim();
        if (s.Length > 10 && (s[10] == 'T' || s[10] == ' ')) s = s[..10]; // 2021-03-05T00:00:00 from a spreadsheet reader
        if (YearMonthDay().Match(s) is { Success: true } d) return Make(d.Groups[1].Value, d.Groups[2].Value, d.Groups[3].Value, raw);
        if (YearMonth().Match(s) is { Success: true } ym) return Make(ym.Groups[1].Value, ym.Groups[2].Value, "1", raw);
        // An Excel serial day number (1900 date system; 1 = 1900-01-01, with Excel's phantom 1900-02-29).
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2_958_466)
            return CellValue.Of(DateOnly.FromDateTime(new DateTime(1899, 12, 30).AddDays(Math.Floor(serial))));
        return CellValue.Bad($"'{raw}' is not a date (2021-03-05, 2021/3/5, 2021年3月5日)");
    }

    private static CellValue Make(string y, string m, string d, string raw) =>
        DateOnly.TryParseExact($"{y}-{int.Parse(m, CultureInfo.InvariantCulture):00}-{int.Parse(d, CultureInfo.InvariantCulture):00}", "yyyy-MM-dd",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? CellValue.Of(date) : CellValue.Bad($"'{raw}' is not a real date");

    public static CellValue LandUse(string raw)
    {
        var s = HalfWidth(raw).Trim();
        if (LandUseCodes.Normalize(s) is { } code) return CellValue.Of(code);
        var byName = LandUseCodes.Canonical.FirstOrDefault(kv => kv.Value == s || s.StartsWith(kv.Key + " ", StringComparison.Ordinal));
        if (byName.Key is not null) return CellValue.Of(LandUseCodes.Normalize(byName.Key)!);
        return CellValue.Bad($"unknown land-use code or name '{raw}'");
    }

    /// <summary>
    /// The words ledgers use for each status and ownership class, first the one an export writes; reading accepts all of
    /// them and the codes. One table for both directions, so an exported ledger always reads back.
    /// </summary>
    private static readonly (string Code, string[] Words)[] StatusWords =
    [
        (ResourceStatus.Idle, ["闲置", "空置", "待出让"]), (ResourceStatus.Negotiating, ["洽谈中", "洽谈"]),
        (ResourceStatus.Reserved, ["已预留", "预留"]), (ResourceStatus.Allocated, ["已供地", "已出租", "已出让"]),
        (ResourceStatus.InUse, ["已使用", "在用", "已投产"]),
    ];

    private static readonly (string Code, string[] Words)[] OwnershipWords =
    [
        ("state", ["政府收储", "国有", "收储", "政府"]), ("enterprise", ["企业闲置", "企业", "企业自有"]),
    ];

    /// <summary>The Chinese word an export writes for a status or ownership code (a building let out is 已出租, land supplied 已供地).</summary>
    public static string? LabelZh(CellKind kind, string? code, bool factory = false) => (kind, code) switch
    {
        (_, null) => null,
        (CellKind.Status, ResourceStatus.Allocated) when factory => "已出租",
        (CellKind.Status, _) => StatusWords.FirstOrDefault(w => w.Code == code).Words?[0] ?? code,
        (CellKind.Ownership, _) => OwnershipWords.FirstOrDefault(w => w.Code == code).Words?[0] ?? code,
        _ => code,
    };

    private static CellValue FromWords((string Code, string[] Words)[] table, string raw, string what)
    {
        var s = raw.Trim();
        foreach (var (code, words) in table)
            if (s == code || words.Contains(s)) return CellValue.Of(code);
        return CellValue.Bad($"unknown {what} '{raw}'; one of " + string.Join(", ", table.Select(w => $"{w.Code} ({w.Words[0]})")));
    }

    public static CellValue Status(string raw) => FromWords(StatusWords, raw, "status");

    public static CellValue Ownership(string raw) => FromWords(OwnershipWords, raw, "ownership");

    public static CellValue Boolean(string raw) => raw.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "是" or "有" or "yes" or "y" => CellValue.Of(true),
        "false" or "0" or "否" or "无" or "no" or "n" => CellValue.Of(false),
        _ => CellValue.Bad($"'{raw}' is not yes/no (是/否)"),
    };
}
