namespace LandMap.Api.Ledgers.Readers;

/// <summary>
/// What the format readers share: rows are guarded so that a file broken half-way through ends in a
/// <see cref="LedgerFormatException"/> naming the format and the last good row, never in a library's own exception type;
/// temporary files and readers the source opened are disposed with it (the caller's stream is not: the caller owns it).
/// </summary>
public abstract class FileSource : LedgerSource
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>The format's name as messages give it (GeoJSON, Shapefile, GeoPackage, CSV, XLSX).</summary>
    protected abstract string FormatName { get; }

    /// <summary>The rows as the format reads them; exceptions thrown here are turned into <see cref="LedgerFormatException"/>.</summary>
    protected abstract IEnumerable<SourceRow> ReadRows();

    public sealed override IEnumerable<SourceRow> Rows()
    {
        IEnumerator<SourceRow> rows;
        try { rows = ReadRows().GetEnumerator(); }
        catch (Exception e) when (IsFileProblem(e)) { throw ReaderErrors.Unreadable(FormatName, "cannot be read", e); }
        using (rows)
        {
            var last = 0;
            while (true)
            {
                SourceRow row;
                try
                {
                    if (!rows.MoveNext()) break;
                    row = rows.Current;
                }
                catch (Exception e) when (IsFileProblem(e))
                {
                    throw ReaderErrors.Unreadable(FormatName, last == 0 ? "the first row cannot be read" : $"the row after row {last} cannot be read", e);
                }
                last = row.Number;
                yield return row;
            }
        }
    }

    /// <summary>Keeps <paramref name="resource"/> until this source is disposed.</summary>
    internal T Own<T>(T resource) where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>
    /// Any failure while reading a file is the file's (a library's parse error, an end of stream, an allocation a crafted
    /// count asked for), except a cancellation and a problem already worded for the report.
    /// </summary>
    internal static bool IsFileProblem(Exception e) => e is not (LedgerFormatException or OperationCanceledException);

    public override void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
        base.Dispose();
    }
}
