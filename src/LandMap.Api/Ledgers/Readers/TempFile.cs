namespace LandMap.Api.Ledgers.Readers;

/// <summary>
/// A file in the temporary folder, deleted on dispose: where a zip's .shp/.dbf are unpacked and where a GeoPackage or a
/// non-seekable upload is copied, so that rows stream from disk instead of memory.
/// </summary>
internal sealed class TempFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"landmap-ledger-{Guid.NewGuid():N}");

    public static TempFile CopyOf(Stream content)
    {
        var file = new TempFile();
        try
        {
            using var target = file.Create();
            content.CopyTo(target);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public FileStream Create() => new(Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);

    public FileStream OpenRead() => new(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);

    public void Dispose()
    {
        try { File.Delete(Path); }
        catch (IOException) { /* still open elsewhere: the temporary folder is cleaned by the system */ }
    }
}
