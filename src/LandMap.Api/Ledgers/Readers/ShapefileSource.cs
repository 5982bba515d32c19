using System.IO.Compression;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace LandMap.Api.Ledgers.Readers;

/// <summary>
/// A zipped Shapefile: the zip is checked (<see cref="SafeZip"/>), its one .shp and the .dbf beside it are unpacked to
/// temporary files and read record by record. The .prj's WKT is the CRS. The DBF encoding is, in this order: the one given
/// with the upload, the .cpg's, the DBF language driver byte's (0x4D = GBK), else detected (valid UTF-8, else GB18030).
/// Geometries are as stored (polygons come as MultiPolygon; a null shape gives no geometry); rings are not reoriented or
/// repaired here, only assembled shell-then-holes as the records list them.
/// </summary>
public sealed class ShapefileSource : FileSource
{
    /// <summary>
    /// ESRI language driver ids (DBF header byte 29) of East Asian and Western code pages, from Esri's table (support.esri.com,
    /// technical article 000013192). 0x00, 0x03 and 0x57 mean "unknown" or "the writer's ANSI code page" (GBK on a Chinese
    /// Windows, Latin-1 elsewhere), so they say nothing: the bytes are detected instead.
    /// </summary>
    private static readonly Dictionary<byte, int> LanguageDrivers = new()
    {
        [0x4D] = 936, [0x7A] = 936, [0x4F] = 950, [0x78] = 950, [0x13] = 932, [0x7B] = 932, [0x4E] = 949, [0x79] = 949,
        [0x58] = 1252, [0x59] = 1252,
    };

    private readonly TempFile _shp;
    private readonly TempFile _dbf;
    private readonly Encoding _encoding;
    private readonly string[] _columns = [];

    public override SourceInfo Info { get; }

    protected override string FormatName => "Shapefile";

    /// <param name="layer">The .shp to read when the zip holds several (its name without .shp).</param>
    internal ShapefileSource(Stream zip, string fileName, string? encoding, string? layer)
    {
        try
        {
            TextEncodings.Register();
            var notes = new List<string>();
            using var archive = SafeZip.Open(zip, fileName);
            // Finder's __MACOSX/._name entries are resource forks, not layers.
            var files = archive.Entries.Where(e => e.Name.Length > 0 && !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal) && !e.Name.StartsWith("._", StringComparison.Ordinal)).ToList();
            var shps = files.Where(e => e.FullName.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)).ToList();
            if (layer is not null)
            {
                var chosen = shps.Where(e => string.Equals(Path.GetFileNameWithoutExtension(e.Name), layer, StringComparison.OrdinalIgnoreCase) || string.Equals(e.FullName, layer, StringComparison.OrdinalIgnoreCase)).ToList();
                if (chosen.Count == 0) throw ReaderErrors.NoSuchLayer(FormatName, layer, shps.Select(e => e.FullName));
                shps = chosen;
            }
            if (shps.Count == 0) throw ReaderErrors.NoShp(files.Select(e => e.FullName));
            if (shps.Count > 1) throw ReaderErrors.SeveralShp(shps.Select(e => e.FullName));
            var shp = shps[0];
            var stem = shp.FullName[..^".shp".Length];
            ZipArchiveEntry? Part(string extension) => files.FirstOrDefault(e => string.Equals(e.FullName, stem + extension, StringComparison.OrdinalIgnoreCase));
            var dbf = Part(".dbf") ?? throw ReaderErrors.MissingPart(shp.FullName, ".dbf");

            _shp = Own(new TempFile());
            using (var target = _shp.Create()) archive.CopyTo(shp, target);
            _dbf = Own(new TempFile());
            using (var target = _dbf.Create()) archive.CopyTo(dbf, target);
            var prj = Part(".prj") is { } prjEntry ? archive.ReadText(prjEntry) : null;
            var cpg = Part(".cpg") is { } cpgEntry ? archive.ReadText(cpgEntry, 256) : null;
            if (string.IsNullOrWhiteSpace(prj)) notes.Add($"'{shp.FullName}' has no .prj: the coordinate system must come from the coordinates.");
            if (Part(".shx") is null) notes.Add($"'{shp.FullName}' has no .shx: not needed, the records are read in order.");

            ShapefileChecks.Check(_shp, _dbf);
            _encoding = ChooseEncoding(encoding, cpg, notes);
            using (var reader = OpenReader(out var shpStream, out var dbfStream))
            using (shpStream)
            using (dbfStream)
            {
                _columns = HeaderRow.Unique(reader.Fields.Select(f => f.Name).ToList(), i => $"{i + 1}", notes);
                notes.Insert(0, $"Layer '{shp.FullName}': {reader.ShapeType}, {reader.RecordCount} record(s).");
            }
            Info = new SourceInfo("shapefile", TextEncodings.NameOf(_encoding), string.IsNullOrWhiteSpace(prj) ? null : prj, _columns, notes);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The DBF encoding: given, else the .cpg's, else the language driver's, else detected; the way is noted.</summary>
    private Encoding ChooseEncoding(string? given, string? cpg, List<string> notes)
    {
        if (given is not null)
        {
            var encoding = TextEncodings.Parse(given) ?? throw ReaderErrors.UnknownEncoding(given);
            notes.Add($"DBF read as {TextEncodings.NameOf(encoding)}: the encoding given with the upload.");
            return encoding;
        }
        if (!string.IsNullOrWhiteSpace(cpg))
        {
            if (TextEncodings.Parse(cpg) is { } encoding)
            {
                notes.Add($"DBF read as {TextEncodings.NameOf(encoding)}: from the .cpg ('{cpg}').");
                return encoding;
            }
            notes.Add($"The .cpg names '{cpg}', an encoding LandMap does not know: ignored.");
        }
        using var dbf = _dbf.OpenRead();
        // dBASE III header: bytes 8–9 the header length (little-endian), byte 29 the language driver id.
        var header = new byte[32];
        dbf.ReadExactly(header); // its length was checked
        var driver = header[29];
        if (LanguageDrivers.TryGetValue(driver, out var codePage))
        {
            var encoding = Encoding.GetEncoding(codePage);
            notes.Add($"DBF read as {TextEncodings.NameOf(encoding)}: from the DBF language driver byte 0x{driver:X2} (no .cpg).");
            return encoding;
        }
        dbf.Position = BitConverter.ToUInt16(header, 8);
        if (TextEncodings.IsValidUtf8(dbf))
        {
            notes.Add($"DBF read as UTF-8: detected (no .cpg, language driver byte 0x{driver:X2}; the attributes are valid UTF-8).");
            return TextEncodings.Utf8;
        }
        notes.Add($"DBF read as GB18030: detected (no .cpg, language driver byte 0x{driver:X2}; the attributes are not UTF-8, so GB18030, the superset of GBK).");
        return TextEncodings.Gb18030;
    }

    private ShapefileReader OpenReader(out Stream shp, out Stream dbf)
    {
        shp = _shp.OpenRead();
        dbf = _dbf.OpenRead();
        try
        {
            return Shapefile.OpenRead(shp, dbf, new ShapefileReaderOptions
            {
                Encoding = _encoding,
                Factory = new GeometryFactory(),
                // Rings as listed (shell, then its holes), whatever their orientation: invalid shapes are flagged later, not here.
                GeometryBuilderMode = GeometryBuilderMode.QuickFixInvalidShapes,
            });
        }
        catch
        {
            // The library rejected the header: the streams it never took are closed here.
            shp.Dispose();
            dbf.Dispose();
            throw;
        }
    }

    protected override IEnumerable<SourceRow> ReadRows()
    {
        using var reader = OpenReader(out var shp, out var dbf);
        using (shp)
        using (dbf)
        {
            var number = 0;
            while (reader.Read(out var deleted))
            {
                number++; // the record number: deleted records keep their place
                if (deleted) continue;
                var cells = new Dictionary<string, string?>(_columns.Length);
                for (var i = 0; i < _columns.Length; i++) cells[_columns[i]] = CellText.Of(reader.Fields[i].Value);
                var geometry = reader.Geometry;
                yield return new SourceRow(number, cells, geometry is null || geometry.IsEmpty ? null : geometry);
            }
        }
    }
}
