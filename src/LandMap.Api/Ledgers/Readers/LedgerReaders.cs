namespace LandMap.Api.Ledgers.Readers;

/// <summary>
/// Opens a ledger file by its extension, checked against its first bytes: GeoJSON (.geojson, .json), a zipped Shapefile
/// (.zip), a GeoPackage (.gpkg), CSV (.csv, .txt, .tsv) or XLSX (.xlsx). A file with another extension is recognised by
/// its first bytes when it can be. Whatever is wrong with the file comes out as a <see cref="LedgerFormatException"/>.
/// </summary>
public static class LedgerReaders
{
    static LedgerReaders() => TextEncodings.Register();

    private static ReadOnlySpan<byte> ZipMagic => "PK\x03\x04"u8;
    private static ReadOnlySpan<byte> EmptyZipMagic => "PK\x05\x06"u8;
    private static ReadOnlySpan<byte> SqliteMagic => "SQLite format 3\0"u8;
    private static ReadOnlySpan<byte> OleMagic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]; // Excel 97–2003 (.xls)

    /// <param name="fileName">The uploaded file's name: its extension chooses the format.</param>
    /// <param name="content">
    /// The file. Read from its start; rows are read from it lazily, so it must stay open until the source is disposed (the
    /// source does not dispose it). A stream that cannot seek is first copied to a temporary file.
    /// </param>
    /// <param name="encoding">The text encoding of a CSV or of a Shapefile's DBF, when the user knows better than detection.</param>
    /// <param name="layer">The .shp in a zip holding several, a GeoPackage table or an XLSX sheet; the first (or only) one when null.</param>
    public static LedgerSource Open(string fileName, Stream content, string? encoding = null, string? layer = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var format = "Ledger";
        TempFile? copy = null;
        Stream? copyStream = null;
        try
        {
            var stream = content;
            if (!content.CanSeek)
            {
                copy = TempFile.CopyOf(content);
                stream = copyStream = copy.OpenRead();
            }
            stream.Position = 0;
            Span<byte> head = stackalloc byte[16];
            head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
            stream.Position = 0;
            format = FormatOf(fileName, head, stream);
            FileSource source = format switch
            {
                "GeoJSON" => new GeoJsonSource(stream),
                "Shapefile" => new ShapefileSource(stream, fileName, encoding, layer),
                "GeoPackage" => new GeoPackageSource(stream, layer),
                "CSV" => new CsvSource(stream, encoding),
                _ => new XlsxSource(stream, layer),
            };
            if (copy is not null)
            {
                source.Own(copy);
                source.Own(copyStream!);
            }
            return source;
        }
        catch (Exception e)
        {
            copyStream?.Dispose();
            copy?.Dispose();
            if (FileSource.IsFileProblem(e)) throw ReaderErrors.Unreadable(format, $"'{fileName}' cannot be read", e);
            throw;
        }
    }

    /// <summary>The format by extension, checked against the first bytes; by the first bytes alone for other extensions.</summary>
    private static string FormatOf(string fileName, ReadOnlySpan<byte> head, Stream stream)
    {
        var zip = head.StartsWith(ZipMagic) || head.StartsWith(EmptyZipMagic);
        var sqlite = head.StartsWith(SqliteMagic);
        var ole = head.StartsWith(OleMagic);
        switch (Path.GetExtension(fileName).ToLowerInvariant())
        {
            case ".geojson" or ".json":
                return "GeoJSON";
            case ".zip":
                return "Shapefile";
            case ".gpkg":
                return sqlite ? "GeoPackage" : throw ReaderErrors.NotOf("GeoPackage", fileName, "a GeoPackage (an SQLite database)");
            case ".xlsx" or ".xlsm" or ".xls":
                if (ole) throw ReaderErrors.OldExcel(fileName);
                return zip ? "XLSX" : throw ReaderErrors.NotOf("XLSX", fileName, "an .xlsx workbook");
            case ".csv" or ".txt" or ".tsv":
                return "CSV";
            case ".shp" or ".shx" or ".dbf" or ".prj" or ".cpg":
                throw ReaderErrors.BareShapefile(fileName);
        }
        if (sqlite) return "GeoPackage";
        if (ole) throw ReaderErrors.OldExcel(fileName);
        if (zip)
        {
            using var archive = SafeZip.Open(stream, fileName);
            var isWorkbook = archive.Entries.Any(e => e.FullName.Equals("xl/workbook.xml", StringComparison.OrdinalIgnoreCase));
            stream.Position = 0;
            return isWorkbook ? "XLSX" : "Shapefile";
        }
        var text = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
        var first = text.TrimStart(" \t\r\n"u8);
        if (first.Length > 0 && first[0] == (byte)'{') return "GeoJSON";
        throw ReaderErrors.Unsupported(fileName);
    }
}
