using System.Text;

namespace LandMap.Api.Ledgers.Readers;

/// <summary>
/// Text encodings of Chinese ledgers: names as .cpg files and users write them, the UTF-8-or-GB18030 detection, and the
/// name a report gives each. GBK (code page 936) is what Chinese Windows writes; GB18030 (54936) is its superset, so it is
/// what detection decodes with.
/// </summary>
internal static class TextEncodings
{
    static TextEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    public static Encoding Gbk => Encoding.GetEncoding(936);
    public static Encoding Gb18030 => Encoding.GetEncoding(54936);

    /// <summary>Makes sure the code-page encodings are registered (GBK, Big5…) before a library looks one up.</summary>
    public static void Register() => _ = Utf8;

    /// <summary>
    /// An encoding from its name as a .cpg file or a user gives it: "UTF-8", "utf8", "GBK", "CP936", "ANSI 936", "936",
    /// "65001", "GB2312", "GB18030", "Big5"; null when unknown.
    /// </summary>
    public static Encoding? Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var key = new string(name.Trim().ToUpperInvariant().Where(char.IsLetterOrDigit).ToArray());
        foreach (var prefix in new[] { "ANSI", "OEM", "CP", "WINDOWS" })
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length && key[prefix.Length..].All(char.IsDigit))
                key = key[prefix.Length..];
        try
        {
            return key switch
            {
                "UTF8" or "65001" => Utf8,
                "GBK" or "GB2312" or "936" or "EUCCN" => Gbk,
                "GB18030" or "54936" => Gb18030,
                _ when key.All(char.IsDigit) && int.TryParse(key, out var codePage) => Encoding.GetEncoding(codePage),
                _ => Encoding.GetEncoding(name.Trim()),
            };
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The name a report gives an encoding.</summary>
    public static string NameOf(Encoding encoding) => encoding.CodePage switch
    {
        65001 => "UTF-8",
        936 => "GBK",
        54936 => "GB18030",
        1200 => "UTF-16LE",
        1201 => "UTF-16BE",
        950 => "Big5",
        _ => encoding.WebName,
    };

    /// <summary>
    /// Whether the bytes from the stream's current position to its end are valid UTF-8 (streamed in blocks; a character
    /// split across two blocks is joined by the decoder).
    /// </summary>
    public static bool IsValidUtf8(Stream stream)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = new byte[1 << 16];
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                decoder.GetCharCount(buffer, 0, read, flush: false);
            decoder.GetCharCount([], 0, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
