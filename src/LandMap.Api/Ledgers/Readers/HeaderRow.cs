namespace LandMap.Api.Ledgers.Readers;

/// <summary>
/// The header row of a CSV or XLSX ledger and the column names it gives. Ledgers often start with a title row
/// ("XX开发区闲置土地台账", one cell or merged across the sheet) and maybe a blank row: rows whose filled cells all say the
/// same thing are skipped while they come before the first row with two different filled cells (looked for in the first
/// <see cref="Scan"/> rows). Empty headers inside the row are named 列N (N the 1-based column), duplicates get "(2)", "(3)";
/// a data row with filled cells right of the last header is refused (its values would have no name).
/// </summary>
internal sealed record HeaderRow(int Index, string[] Names, IReadOnlyList<string> Notes)
{
    public const int Scan = 10;

    /// <param name="firstRows">The first rows of the file (at least <see cref="Scan"/> when there are that many).</param>
    /// <param name="columnName">The name of a column for notes and empty headers (A, B… in a sheet; 1, 2… in a CSV).</param>
    public static HeaderRow? Find(IReadOnlyList<string?[]> firstRows, Func<int, string> columnName)
    {
        var index = -1;
        for (var i = 0; i < firstRows.Count && i < Scan; i++)
            if (firstRows[i].Where(c => c is not null).Distinct().Count() >= 2) { index = i; break; }
        if (index < 0) index = firstRows.Take(Scan).ToList().FindIndex(r => r.Any(c => c is not null));
        if (index < 0) return null;

        var notes = new List<string>();
        if (index > 0)
            notes.Add($"{index} row(s) above the headers skipped as a title: '{firstRows.Take(index).SelectMany(r => r).FirstOrDefault(c => c is not null)}'.");
        var cells = firstRows[index];
        var width = Array.FindLastIndex(cells, c => c is not null) + 1;
        var named = new string[width];
        for (var i = 0; i < width; i++)
        {
            named[i] = cells[i] ?? $"列{i + 1}";
            if (cells[i] is null) notes.Add($"Column {columnName(i)} has no header: named '{named[i]}'.");
        }
        return new HeaderRow(index, Unique(named, columnName, notes), notes);
    }

    /// <summary>Column names made unique: a name seen before gets "(2)", "(3)"…, with a note naming the column.</summary>
    public static string[] Unique(IReadOnlyList<string> names, Func<int, string> columnName, List<string> notes)
    {
        var unique = new string[names.Count];
        var taken = new HashSet<string>(names);
        var seen = new HashSet<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (!seen.Add(name))
            {
                var n = 2;
                while (taken.Contains($"{name}({n})")) n++;
                var renamed = $"{name}({n})";
                taken.Add(renamed);
                notes.Add($"Header '{name}' appears again in column {columnName(i)}: named '{renamed}'.");
                name = renamed;
            }
            unique[i] = name;
        }
        return unique;
    }

    /// <summary>A data row's cells by header; extra cells beyond the headers must be empty.</summary>
    public Dictionary<string, string?> CellsOf(string?[] cells, string format, int number)
    {
        if (cells.Length > Names.Length && cells.Skip(Names.Length).Any(c => c is not null))
            throw ReaderErrors.TooManyCells(format, number, Array.FindLastIndex(cells, c => c is not null) + 1, Names.Length);
        var row = new Dictionary<string, string?>(Names.Length);
        for (var i = 0; i < Names.Length; i++) row[Names[i]] = i < cells.Length ? cells[i] : null;
        return row;
    }
}
