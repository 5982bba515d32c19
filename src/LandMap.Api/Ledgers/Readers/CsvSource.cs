using System.Text;
using nietras.SeparatedValues;

namespace LandMap.Api.Ledgers.Readers;

/// <summary>
/// A CSV ledger, read with Sep. Encoding: the one given with the upload, else a byte-order mark's (UTF-8, UTF-16), else
/// UTF-8 when every byte sequence is valid UTF-8, else GB18030 (the superset of GBK that Excel on a Chinese Windows
/// writes). Separator: comma, semicolon or tab, whichever the first lines hold most of (outside quotes). Header row as
/// <see cref="HeaderRow"/> finds it; rows are numbered from 1 after it, blank rows skipped but counted.
/// </summary>
public sealed class CsvSource : FileSource
{
    private static readonly char[] Separators = [',', ';', '\t'];

    private readonly Stream _content;
    private readonly Encoding _encoding;
    private readonly char _separator;
    private readonly HeaderRow _header;

    public override SourceInfo Info { get; }

    protected override string FormatName => "CSV";

    internal CsvSource(Stream content, string? encoding)
    {
        _content = content;
        var notes = new List<string>();
        _encoding = ChooseEncoding(encoding, notes);
        _separator = SniffSeparator();
        notes.Add($"Separator: {(_separator == '\t' ? "tab" : $"'{_separator}'")}.");
        var first = new List<string?[]>();
        using (var reader = OpenReader())
            while (first.Count < HeaderRow.Scan && Next(reader) is { } cells) first.Add(cells);
        _header = HeaderRow.Find(first, i => (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
            ?? throw ReaderErrors.NoHeaderRow(FormatName);
        notes.AddRange(_header.Notes);
        Info = new SourceInfo("csv", TextEncodings.NameOf(_encoding), null, _header.Names, notes);
    }

    private Encoding ChooseEncoding(string? given, List<string> notes)
    {
        _content.Position = 0;
        Span<byte> bom = stackalloc byte[3];
        var length = _content.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        bom = bom[..length];
        if (given is not null)
        {
            var encoding = TextEncodings.Parse(given) ?? throw ReaderErrors.UnknownEncoding(given);
            notes.Add($"Read as {TextEncodings.NameOf(encoding)}: the encoding given with the upload.");
            return encoding;
        }
        if (bom.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            notes.Add("Read as UTF-8: the file starts with a UTF-8 byte-order mark.");
            return TextEncodings.Utf8;
        }
        if (bom.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bom.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            var encoding = bom[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            notes.Add($"Read as {TextEncodings.NameOf(encoding)}: the file starts with its byte-order mark (Excel's \"Unicode text\").");
            return encoding;
        }
        _content.Position = 0;
        if (TextEncodings.IsValidUtf8(_content))
        {
            notes.Add("Read as UTF-8: detected (no byte-order mark; every byte sequence is valid UTF-8).");
            return TextEncodings.Utf8;
        }
        notes.Add("Read as GB18030: detected (the bytes are not UTF-8; GB18030 is the superset of GBK).");
        return TextEncodings.Gb18030;
    }

    private StreamReader OpenText()
    {
        _content.Position = 0;
        // A byte-order mark, when there is one, wins over the encoding chosen.
        return new StreamReader(_content, _encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
    }

    /// <summary>The separator the first lines (up to 64 KiB) hold most of outside quotes; comma when none.</summary>
    private char SniffSeparator()
    {
        using var text = OpenText();
        var buffer = new char[1 << 16];
        var length = text.ReadBlock(buffer, 0, buffer.Length);
        var counts = new int[Separators.Length];
        var quoted = false;
        var lines = 0;
        for (var i = 0; i < length && lines < HeaderRow.Scan; i++)
        {
            var c = buffer[i];
            if (c == '"') quoted = !quoted;
            else if (c == '\n' && !quoted) lines++;
            else if (!quoted && Array.IndexOf(Separators, c) is var s and >= 0) counts[s]++;
        }
        var best = 0;
        for (var s = 1; s < counts.Length; s++)
            if (counts[s] > counts[best]) best = s;
        return Separators[best];
    }

    private SepReader OpenReader() =>
        Sep.New(_separator).Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(OpenText());

    /// <summary>The next record's cells as text, or null at the end (a helper outside the iterator: Sep's rows are ref structs).</summary>
    private static string?[]? Next(SepReader reader)
    {
        if (!reader.MoveNext()) return null;
        var row = reader.Current;
        var cells = new string?[row.ColCount];
        for (var i = 0; i < cells.Length; i++) cells[i] = CellText.Of(row[i].ToString());
        return cells;
    }

    protected override IEnumerable<SourceRow> ReadRows()
    {
        using var reader = OpenReader();
        var index = -1;
        while (Next(reader) is { } cells)
        {
            index++;
            if (index <= _header.Index) continue;
            var number = index - _header.Index;
            if (Array.TrueForAll(cells, c => c is null)) continue;
            yield return new SourceRow(number, _header.CellsOf(cells, FormatName, number), null);
        }
    }
}
