using System.Buffers.Binary;

namespace LandMap.Api.Ledgers.Readers;

/// <summary>
/// What NetTopologySuite.IO.Esri.Shapefile 1.2.0 trusts and a damaged or crafted file can break, checked before it reads:
/// it reads on past the end of a cut .shp or .dbf (records come out of whatever is left), skips a record of another shape
/// type without a word (every later geometry then gets the previous record's attributes), and allocates what a record's
/// part and point counts say (a 1 KB file can ask for gigabytes). So the stated lengths are compared with the files, and
/// each .shp record's header, counts and part starts with the bytes the record has.
/// Layout from the ESRI Shapefile Technical Description (July 1998): a 100-byte header with the file code 9994 (bytes
/// 0–3) and the length in 16-bit words (24–27), big-endian, and the shape type (32–35, little-endian); each record an 8-byte
/// header (number, content length in words; big-endian), then the shape type, and for polylines and polygons the box (32
/// bytes), NumParts, NumPoints, the part starts and the points (16 bytes each); multipoints have no parts. A dBASE III
/// header holds the record count (bytes 4–7), header length (8–9) and record length (10–11), little-endian.
/// </summary>
internal static class ShapefileChecks
{
    /// <summary>Checks the .shp and .dbf; returns the number of records (the .shp and the .dbf agree on it).</summary>
    public static int Check(TempFile shpFile, TempFile dbfFile)
    {
        var dbfRecords = CheckDbf(dbfFile);
        using var shp = shpFile.OpenRead();
        var header = new byte[100];
        var read = shp.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read < header.Length) throw ReaderErrors.Truncated(".shp", header.Length, read);
        if (BinaryPrimitives.ReadInt32BigEndian(header) != 9994) throw ReaderErrors.NotAPart(".shp", "its file code is not 9994");
        var length = 2L * BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(24));
        if (shp.Length < length) throw ReaderErrors.Truncated(".shp", length, shp.Length);
        var fileType = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(32));

        var records = 0;
        var buffer = new byte[52]; // record header (8), shape type (4), then up to NumPoints of a polygon
        for (var position = 100L; position < length;)
        {
            records++;
            if (position + 12 > length) throw ReaderErrors.BadRecord(records, "is cut off by the end of the file");
            shp.Position = position;
            shp.ReadExactly(buffer, 0, 12);
            var content = 2L * BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(4));
            if (content < 4 || position + 8 + content > length) throw ReaderErrors.BadRecord(records, "runs past the end of the file");
            var type = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(8));
            if (type != 0 && type != fileType) throw ReaderErrors.BadRecord(records, $"has shape type {type} in a file of shape type {fileType}");
            switch (type)
            {
                case 3 or 5 or 13 or 15 or 23 or 25: // polyline, polygon (Z, M)
                    if (content < 44) throw ReaderErrors.BadRecord(records, "is too short for a polyline or polygon");
                    shp.ReadExactly(buffer, 12, 40);
                    CheckParts(shp, records, content, parts: BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(44)), points: BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(48)));
                    break;
                case 8 or 18 or 28: // multipoint (Z, M)
                    if (content < 40) throw ReaderErrors.BadRecord(records, "is too short for a multipoint");
                    shp.ReadExactly(buffer, 12, 36);
                    var points = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(44));
                    if (points < 0 || 40 + 16L * points > content) throw ReaderErrors.BadRecord(records, $"says {points} points, more than its {content} bytes hold");
                    break;
                case 1 or 11 or 21: // point (Z, M)
                    if (content < 20) throw ReaderErrors.BadRecord(records, "is too short for a point");
                    break;
            }
            position += 8 + content;
        }
        if (records != dbfRecords) throw ReaderErrors.RecordCounts(records, dbfRecords);
        return records;
    }

    /// <summary>A polyline's or polygon's counts fit its bytes, and its parts start at 0, in order, within its points.</summary>
    private static void CheckParts(Stream shp, int record, long content, int parts, int points)
    {
        if (parts < 0 || points < 0 || 44 + 4L * parts + 16L * points > content)
            throw ReaderErrors.BadRecord(record, $"says {parts} parts and {points} points, more than its {content} bytes hold");
        var starts = new byte[4 * parts];
        shp.ReadExactly(starts);
        var previous = 0;
        for (var i = 0; i < parts; i++)
        {
            var start = BinaryPrimitives.ReadInt32LittleEndian(starts.AsSpan(4 * i));
            if ((i == 0 && start != 0) || start < previous || start > points)
                throw ReaderErrors.BadRecord(record, $"has part {i + 1} starting at point {start}, outside its {points} points");
            previous = start;
        }
    }

    private static int CheckDbf(TempFile dbfFile)
    {
        using var dbf = dbfFile.OpenRead();
        var header = new byte[32];
        var read = dbf.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read < header.Length) throw ReaderErrors.Truncated(".dbf", header.Length, read);
        var records = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        var length = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8)) + (long)records * BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(10));
        if (dbf.Length < length) throw ReaderErrors.Truncated(".dbf", length, dbf.Length);
        if (records > int.MaxValue) throw ReaderErrors.NotAPart(".dbf", $"it says {records} records");
        return (int)records;
    }
}
