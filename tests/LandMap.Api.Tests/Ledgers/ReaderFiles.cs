using System.IO.Compression;
using System.Text;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;

namespace LandMap.Api.Tests.Ledgers;

/// <summary>Ledger files for the reader tests, made with the formats' own writers.</summary>
internal static class ReaderFiles
{
    static ReaderFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gbk => Encoding.GetEncoding(936);

    /// <summary>EPSG:4528, CGCS2000 / 3-degree Gauss-Kruger zone 40 (CM 120°E, zone number in the easting), as ArcGIS writes its .prj.</summary>
    public const string Gk40Prj =
        """PROJCS["CGCS2000_3_Degree_GK_Zone_40",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",40500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";

    public const string Address1 = "青岛市黄岛区前湾港路1号";
    public const string Address2 = "青岛市黄岛区长江中路288号（原海尔工业园）";

    /// <summary>
    /// A parcel near Qingdao's Huangdao district in GK zone 40 with the zone prefix (easting 40 5xx xxx m), as a clockwise
    /// ring: the orientation a Shapefile stores shells in, so the writer keeps the coordinates in this order.
    /// </summary>
    public static Coordinate[] Ring(double dx = 0) =>
    [
        new(40509012.345 + dx, 3980123.456), new(40509012.345 + dx, 3980223.456), new(40509112.345 + dx, 3980223.456),
        new(40509112.345 + dx, 3980123.456), new(40509012.345 + dx, 3980123.456),
    ];

    public static readonly GeometryFactory Factory = new();

    /// <summary>Two GK zone 40 parcels with Chinese field names and values, written in <paramref name="encoding"/>.</summary>
    public static Dictionary<string, byte[]> ParcelShapefile(Encoding encoding, string? cpg, string? prj = Gk40Prj, bool chineseFieldNames = true, int copies = 1)
    {
        string Name(string zh, string ascii) => chineseFieldNames ? zh : ascii;
        var options = new ShapefileWriterOptions(ShapeType.Polygon) { Encoding = encoding, Projection = prj };
        options.AddCharacterField(Name("宗地编号", "CODE"), 20);
        options.AddCharacterField(Name("坐落", "ADDRESS"), 120);
        options.AddNumericDoubleField(Name("面积(亩)", "AREA_MU"));
        options.AddCharacterField(Name("用地性质", "LAND_USE"), 20);
        options.AddDateField(Name("供地时间", "SUPPLIED"));
        using var shp = new MemoryStream();
        using var shx = new MemoryStream();
        using var dbf = new MemoryStream();
        using var prjStream = new MemoryStream();
        using (var writer = Shapefile.OpenWrite(shp, shx, dbf, prjStream, options))
            for (var i = 0; i < copies; i++)
            {
                writer.Write(new Feature(Factory.CreatePolygon(Ring(i * 1000)), new AttributesTable
                {
                    { Name("宗地编号", "CODE"), $"HD-{2 * i + 1:000}" }, { Name("坐落", "ADDRESS"), Address1 }, { Name("面积(亩)", "AREA_MU"), 35.5 },
                    { Name("用地性质", "LAND_USE"), "工业用地" }, { Name("供地时间", "SUPPLIED"), new DateTime(2021, 3, 5) },
                }));
                writer.Write(new Feature(Factory.CreatePolygon(Ring(i * 1000 + 500)), new AttributesTable
                {
                    { Name("宗地编号", "CODE"), $"HD-{2 * i + 2:000}" }, { Name("坐落", "ADDRESS"), Address2 }, { Name("面积(亩)", "AREA_MU"), 12.25 },
                    { Name("用地性质", "LAND_USE"), "" }, { Name("供地时间", "SUPPLIED"), null },
                }));
            }
        var parts = new Dictionary<string, byte[]> { ["parcels.shp"] = shp.ToArray(), ["parcels.shx"] = shx.ToArray(), ["parcels.dbf"] = dbf.ToArray() };
        if (prj is not null) parts["parcels.prj"] = prjStream.ToArray();
        if (cpg is not null) parts["parcels.cpg"] = Encoding.ASCII.GetBytes(cpg);
        return parts;
    }

    /// <summary>A zip of the given entries, in memory (for small files).</summary>
    public static MemoryStream Zip(IEnumerable<KeyValuePair<string, byte[]>> entries)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        stream.Position = 0;
        return stream;
    }

    public static MemoryStream Zip(params (string Name, byte[] Bytes)[] entries) =>
        Zip(entries.Select(e => KeyValuePair.Create(e.Name, e.Bytes)));

    private static readonly Lazy<byte[]> BombBytes = new(() =>
    {
        // 300 MB of zeros compress to ~300 KB: only the compressed zip is held, the zeros are written 1 MiB at a time.
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in ParcelShapefile(Gbk, "GBK").Where(p => p.Key != "parcels.dbf"))
            {
                using var part = zip.CreateEntry(name).Open();
                part.Write(bytes);
            }
            using var entry = zip.CreateEntry("parcels.dbf", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 300; i++) entry.Write(zeros);
        }
        return stream.ToArray();
    });

    /// <summary>A zipped Shapefile whose .dbf is 300 MB of zeros (a zip bomb), with honest headers.</summary>
    public static MemoryStream Bomb() => new(BombBytes.Value);

    /// <summary>
    /// The same bomb with its .dbf's headers lying: they say the entry unpacks to 100 times its compressed size (below the
    /// 200:1 limit), not 300 MB. The uncompressed size is at offset 22 of the local header and 24 of the central
    /// directory record (APPNOTE.TXT 4.3.7, 4.3.12).
    /// </summary>
    public static MemoryStream LyingBomb()
    {
        var bytes = (byte[])BombBytes.Value.Clone();
        var endOfCentralDirectory = bytes.Length - 22;
        var record = (int)BitConverter.ToUInt32(bytes, endOfCentralDirectory + 16);
        var count = BitConverter.ToUInt16(bytes, endOfCentralDirectory + 10);
        for (var i = 0; i < count; i++)
        {
            var nameLength = BitConverter.ToUInt16(bytes, record + 28);
            var extraLength = BitConverter.ToUInt16(bytes, record + 30);
            var commentLength = BitConverter.ToUInt16(bytes, record + 32);
            var name = Encoding.UTF8.GetString(bytes, record + 46, nameLength);
            if (name == "parcels.dbf")
            {
                var compressed = BitConverter.ToUInt32(bytes, record + 20);
                var lie = BitConverter.GetBytes(compressed * 100);
                lie.CopyTo(bytes, record + 24);
                lie.CopyTo(bytes, (int)BitConverter.ToUInt32(bytes, record + 42) + 22);
            }
            record += 46 + nameLength + extraLength + commentLength;
        }
        return new MemoryStream(bytes);
    }

    /// <summary>
    /// A GeoPackage with two feature tables: 宗地 (two GK zone 40 parcels, srs 4528 registered as EPSG's) and then 厂房 (one
    /// point, srs 4490). Only the tables and columns the standard requires (OGC 12-128r18 §1.1.2, §1.1.3, §2.1.5).
    /// </summary>
    public static MemoryStream ParcelGeoPackage()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reader-test-{Guid.NewGuid():N}.gpkg");
        try
        {
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                void Run(string sql, params (string Name, object? Value)[] parameters)
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = sql;
                    foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
                    command.ExecuteNonQuery();
                }
                Run("""
                    PRAGMA application_id = 1196444487;
                    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
                        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
                    CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
                        description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
                    CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
                        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, PRIMARY KEY (table_name, column_name));
                    INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL);
                    INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL);
                    CREATE TABLE "宗地" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POLYGON, "宗地编号" TEXT, "坐落" TEXT, "面积(亩)" REAL,
                        "供地时间" DATE, "闲置" BOOLEAN, "地块数" INTEGER);
                    INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('宗地', 'features', '宗地', 4528);
                    INSERT INTO gpkg_geometry_columns VALUES ('宗地', 'geom', 'POLYGON', 4528, 0, 0);
                    CREATE TABLE "厂房" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, "厂房编号" TEXT);
                    INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('厂房', 'features', '厂房', 4490);
                    INSERT INTO gpkg_geometry_columns VALUES ('厂房', 'geom', 'POINT', 4490, 0, 0);
                    """);
                Run("INSERT INTO gpkg_spatial_ref_sys VALUES ('CGCS2000 / 3-degree Gauss-Kruger zone 40', 4528, 'EPSG', 4528, $wkt, NULL)", ("$wkt", Gk40Prj));
                Run("INSERT INTO gpkg_spatial_ref_sys VALUES ('China Geodetic Coordinate System 2000', 4490, 'EPSG', 4490, 'GEOGCS[\"China Geodetic Coordinate System 2000\"]', NULL)");
                var writer = new NetTopologySuite.IO.GeoPackageGeoWriter();
                byte[] Blob(Geometry g, int srid)
                {
                    g.SRID = srid;
                    return writer.Write(g);
                }
                const string insert = """INSERT INTO "宗地" (geom, "宗地编号", "坐落", "面积(亩)", "供地时间", "闲置", "地块数") VALUES ($g, $code, $address, $area, $supplied, $idle, $count)""";
                Run(insert, ("$g", Blob(Factory.CreatePolygon(Ring()), 4528)), ("$code", "HD-001"), ("$address", Address1), ("$area", 35.5), ("$supplied", "2021-03-05"), ("$idle", 1), ("$count", 2));
                Run(insert, ("$g", Blob(Factory.CreatePolygon(Ring(500)), 4528)), ("$code", "HD-002"), ("$address", Address2), ("$area", null), ("$supplied", null), ("$idle", 0), ("$count", null));
                Run("""INSERT INTO "厂房" (geom, "厂房编号") VALUES ($g, 'CF-001')""", ("$g", Blob(Factory.CreatePoint(new Coordinate(120.18, 35.96)), 4490)));
            }
            return new MemoryStream(File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A stream that counts the bytes read from it and cannot seek when asked so.</summary>
    public sealed class CountingStream(Stream inner, bool canSeek = true) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => canSeek;
        public override bool CanWrite => false;
        public override long Length => canSeek ? inner.Length : throw new NotSupportedException();
        public override long Position { get => canSeek ? inner.Position : throw new NotSupportedException(); set => inner.Position = canSeek ? value : throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }
        public override long Seek(long offset, SeekOrigin origin) => canSeek ? inner.Seek(offset, origin) : throw new NotSupportedException();
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
