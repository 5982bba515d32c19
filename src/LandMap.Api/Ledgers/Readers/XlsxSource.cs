using MiniExcelLibs;

namespace LandMap.Api.Ledgers.Readers;

/// <summary>
/// An XLSX ledger, read row by row with MiniExcel: the first sheet (or the one named), the header row as
/// <see cref="HeaderRow"/> finds it, rows numbered from 1 after it (blank rows skipped but counted). Cells as text:
/// numbers invariant to 15 significant digits (as Excel shows them), date-formatted cells as yyyy-MM-dd, booleans
/// true/false; a date typed as a plain number stays its serial number. Merged cells give their value to the first cell only.
/// </summary>
public sealed class XlsxSource : FileSource
{
    private readonly Stream _content;
    private readonly string _sheet;
    private readonly HeaderRow _header;

    public override SourceInfo Info { get; }

    protected override string FormatName => "XLSX";

    internal XlsxSource(Stream content, string? layer)
    {
        _content = content;
        var notes = new List<string>();
        _content.Position = 0;
        var sheets = MiniExcel.GetSheetNames(_content);
        if (sheets.Count == 0) throw new LedgerFormatException("XLSX: the workbook has no sheet.");
        if (layer is not null && !sheets.Contains(layer)) throw ReaderErrors.NoSuchLayer(FormatName, layer, sheets);
        _sheet = layer ?? sheets[0];
        notes.Add(sheets.Count > 1 ? $"Sheet '{_sheet}' read ({sheets.Count} sheets: {string.Join(", ", sheets)})." : $"Sheet '{_sheet}'.");
        var first = Query().Take(HeaderRow.Scan).ToList();
        _header = HeaderRow.Find(first, ColumnLetters) ?? throw ReaderErrors.NoHeaderRow(FormatName);
        notes.AddRange(_header.Notes);
        if (_header.Index > 0) notes.Add($"Headers on row {_header.Index + 1}: row numbers count from the row below it.");
        Info = new SourceInfo("xlsx", null, null, _header.Names, notes);
    }

    /// <summary>The sheet's rows from the first, as cells by column (MiniExcel keys them A, B…; a row is read only when reached).</summary>
    private IEnumerable<string?[]> Query()
    {
        _content.Position = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(_content, useHeaderRow: false, sheetName: _sheet, excelType: ExcelType.XLSX))
        {
            var cells = new string?[row.Count];
            foreach (var (letters, value) in row)
                if (ColumnIndex(letters) is var i and >= 0 && i < cells.Length) cells[i] = CellText.Of(value, asDisplayed: true);
            yield return cells;
        }
    }

    protected override IEnumerable<SourceRow> ReadRows()
    {
        var index = -1;
        foreach (var cells in Query())
        {
            index++;
            if (index <= _header.Index) continue;
            var number = index - _header.Index;
            if (Array.TrueForAll(cells, c => c is null)) continue;
            yield return new SourceRow(number, _header.CellsOf(cells, FormatName, number), null);
        }
    }

    /// <summary>A column's letters: 0 → A, 25 → Z, 26 → AA.</summary>
    internal static string ColumnLetters(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }

    /// <summary>A column's index from its letters (A → 0); -1 when they are not letters.</summary>
    internal static int ColumnIndex(string letters)
    {
        var index = 0;
        foreach (var c in letters)
        {
            if (c is < 'A' or > 'Z') return -1;
            index = index * 26 + (c - 'A' + 1);
        }
        return index - 1;
    }
}
