namespace LandMap.Api.Ledgers.Readers;

/// <summary>The reasons a ledger file is refused, in one place: each names the format and what is wrong with the file.</summary>
internal static class ReaderErrors
{
    public const string Formats = ".geojson/.json, .zip (Shapefile), .gpkg, .csv/.txt or .xlsx";

    public static LedgerFormatException Unsupported(string fileName) =>
        new($"'{fileName}' is not a ledger format LandMap reads: use {Formats}.");

    public static LedgerFormatException BareShapefile(string fileName) =>
        new($"'{fileName}' is one part of a Shapefile: upload it as a .zip together with its .shx, .dbf and .prj (and .cpg when present).");

    public static LedgerFormatException OldExcel(string fileName) =>
        new($"XLSX: '{fileName}' is an Excel 97–2003 .xls workbook, not .xlsx: save it as .xlsx (Excel workbook) and upload it again.");

    public static LedgerFormatException NotOf(string format, string fileName, string expected) =>
        new($"{format}: '{fileName}' is not {expected}.");

    public static LedgerFormatException Unreadable(string format, string what, Exception e) =>
        new($"{format}: {what}: {e.Message}");

    public static LedgerFormatException UnknownEncoding(string name) =>
        new($"Unknown text encoding '{name}': use UTF-8, GBK, GB18030, Big5 or a code page number such as 936.");

    // Zip safety: a zip is opened only after these checks, and entries are counted again while they are read.
    public static LedgerFormatException NotAZip(string fileName, string reason) =>
        new($"Shapefile: '{fileName}' is not a readable zip file ({reason}).");

    public static LedgerFormatException TooManyEntries(int count, int max) =>
        new($"Zip: {count} entries, more than the {max} a zipped Shapefile may hold.");

    public static LedgerFormatException UnsafeEntryName(string name) =>
        new($"Zip: the entry name '{name}' points outside the archive (path traversal): the file is refused.");

    public static LedgerFormatException TooLarge(long limitBytes) =>
        new($"Zip: the entries unpack to more than {limitBytes / (1024 * 1024)} MiB (zip bomb?): the file is refused.");

    public static LedgerFormatException TooCompressed(string name, double maxRatio) =>
        new($"Zip: the entry '{name}' is compressed more than {maxRatio:0}:1 (zip bomb?): the file is refused.");

    public static LedgerFormatException LongerThanDeclared(string name) =>
        new($"Zip: the entry '{name}' unpacks to more bytes than its header says (zip bomb?): the file is refused.");

    public static LedgerFormatException PartTooLarge(string name, long maxBytes) =>
        new($"Shapefile: '{name}' is larger than the {maxBytes} bytes such a file may have.");

    public static LedgerFormatException NoShp(IEnumerable<string> names) =>
        new($"Shapefile: the zip holds no .shp file (it holds: {Listed(names)}).");

    public static LedgerFormatException SeveralShp(IEnumerable<string> shps) =>
        new($"Shapefile: the zip holds several .shp files ({Listed(shps)}): upload one layer per zip, or name the layer to read.");

    public static LedgerFormatException NoSuchLayer(string format, string layer, IEnumerable<string> layers) =>
        new($"{format}: there is no layer '{layer}' (there are: {Listed(layers)}).");

    public static LedgerFormatException MissingPart(string shp, string extension) =>
        new($"Shapefile: '{shp}' has no {extension} beside it in the zip.");

    public static LedgerFormatException Truncated(string part, long declared, long actual) =>
        new($"Shapefile: the {part} is truncated: its header says {declared} bytes, the file has {actual}.");

    public static LedgerFormatException NotAPart(string part, string why) =>
        new($"Shapefile: the {part} is not a valid {part} file ({why}).");

    public static LedgerFormatException BadRecord(int record, string what) =>
        new($"Shapefile: record {record} of the .shp {what}.");

    public static LedgerFormatException RecordCounts(int shp, int dbf) =>
        new($"Shapefile: the .shp has {shp} records and the .dbf {dbf}: they must match one to one.");

    public static LedgerFormatException NoHeaderRow(string format) =>
        new($"{format}: the file has no header row (the first rows are empty).");

    public static LedgerFormatException TooManyCells(string format, int number, int cells, int headers) =>
        new($"{format}: row {number} has {cells} cells, more than the {headers} headers.");

    private static string Listed(IEnumerable<string> names)
    {
        var list = names.Take(11).ToList();
        return list.Count == 0 ? "nothing" : string.Join(", ", list.Take(10)) + (list.Count > 10 ? ", …" : "");
    }
}
