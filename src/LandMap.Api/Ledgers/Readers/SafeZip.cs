using System.IO.Compression;
using System.Text;

namespace LandMap.Api.Ledgers.Readers;

/// <summary>
/// A zip opened with the checks an upload needs: at most <see cref="MaxEntries"/> entries, no entry name leaving the
/// archive ("..", a leading slash or a drive letter), at most <see cref="MaxTotalBytes"/> unpacked, no entry compressed
/// more than <see cref="MaxRatio"/>:1. Sizes are checked on the headers first and again on the bytes actually unpacked,
/// since a crafted header can lie. Ratios are judged only past <see cref="RatioFloorBytes"/>: a small file of blanks
/// (a .dbf of empty fields) compresses that well harmlessly.
/// </summary>
internal sealed class SafeZip : IDisposable
{
    public const int MaxEntries = 50;
    public const long MaxTotalBytes = 1L << 30;
    public const double MaxRatio = 200;
    public const long RatioFloorBytes = 1L << 20;

    private readonly ZipArchive _archive;
    private long _unpacked;

    public IReadOnlyList<ZipArchiveEntry> Entries { get; }

    private SafeZip(ZipArchive archive)
    {
        _archive = archive;
        Entries = archive.Entries;
    }

    /// <summary>Opens and checks the zip; the stream must be seekable and stays the caller's.</summary>
    public static SafeZip Open(Stream content, string fileName)
    {
        ZipArchive archive;
        // Names without the zip's UTF-8 flag are read as GB18030: what Chinese Windows writes.
        try { archive = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true, TextEncodings.Gb18030); }
        catch (InvalidDataException e) { throw ReaderErrors.NotAZip(fileName, e.Message); }
        try
        {
            var entries = archive.Entries;
            if (entries.Count > MaxEntries) throw ReaderErrors.TooManyEntries(entries.Count, MaxEntries);
            long declared = 0;
            foreach (var entry in entries)
            {
                if (IsUnsafeName(entry.FullName)) throw ReaderErrors.UnsafeEntryName(entry.FullName);
                declared += entry.Length;
                if (declared > MaxTotalBytes) throw ReaderErrors.TooLarge(MaxTotalBytes);
                if (TooCompressed(entry.Length, entry.CompressedLength)) throw ReaderErrors.TooCompressed(entry.FullName, MaxRatio);
            }
            return new SafeZip(archive);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>A name that would leave the folder it is unpacked into: a ".." segment, a leading slash, a drive letter.</summary>
    public static bool IsUnsafeName(string name)
    {
        var n = name.Replace('\\', '/');
        return n.StartsWith('/') || (n.Length >= 2 && char.IsAsciiLetter(n[0]) && n[1] == ':') || n.Split('/').Any(s => s == "..");
    }

    private static bool TooCompressed(long unpacked, long packed) => unpacked > RatioFloorBytes && unpacked > MaxRatio * Math.Max(packed, 1);

    /// <summary>Unpacks an entry into <paramref name="target"/>, counting the bytes against the limits as they come.</summary>
    public void CopyTo(ZipArchiveEntry entry, Stream target, long maxBytes = long.MaxValue)
    {
        using var source = entry.Open();
        var buffer = new byte[1 << 16];
        long copied = 0;
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            copied += read;
            _unpacked += read;
            if (_unpacked > MaxTotalBytes) throw ReaderErrors.TooLarge(MaxTotalBytes);
            if (TooCompressed(copied, entry.CompressedLength)) throw ReaderErrors.TooCompressed(entry.FullName, MaxRatio);
            if (copied > entry.Length) throw ReaderErrors.LongerThanDeclared(entry.FullName);
            if (copied > maxBytes) throw ReaderErrors.PartTooLarge(entry.FullName, maxBytes);
            target.Write(buffer, 0, read);
        }
    }

    /// <summary>A small text entry (.prj, .cpg), at most <paramref name="maxBytes"/>, as UTF-8.</summary>
    public string ReadText(ZipArchiveEntry entry, int maxBytes = 1 << 16)
    {
        using var bytes = new MemoryStream();
        CopyTo(entry, bytes, maxBytes);
        return Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length).Trim('\uFEFF', ' ', '\r', '\n', '\t', '\0');
    }

    public void Dispose() => _archive.Dispose();
}
