using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace LandMap.Api.Problems;

/// <summary>
/// The Chinese texts of problems, as an <see cref="IStringLocalizer"/> keyed the ASP.NET Core way: the key is the English
/// text (so English needs no table and an untranslated text says itself, ResourceNotFound). Three kinds of key:
/// a title (<see cref="Problems.Title"/>), a stable problem code (what the problem means, for a detail we have no words
/// for), and a detail or reason, exact or as a template whose {0}, {1} … stand for the values the English text names
/// (codes, numbers, names); a value that is itself a known word (a status, a resource kind) is translated too.
/// A table in code rather than a .resx: the app runs with invariant globalization, where ResourceManager cannot fall
/// back from zh-CN to zh.
/// </summary>
public sealed partial class ProblemTexts : IStringLocalizer<ProblemTexts>
{
    /// <summary>The key of the sentence said when neither the text nor its code is known.</summary>
    public const string Unexplained = "the request could not be carried out";

    public static bool IsChinese(CultureInfo culture) =>
        culture.Name.Equals("zh", StringComparison.OrdinalIgnoreCase) || culture.Name.StartsWith("zh-", StringComparison.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string> Exact = new(StringComparer.Ordinal);
    private static readonly List<(Regex English, string Chinese)> Templates = [];

    static ProblemTexts()
    {
        // Built here, not in a field initializer: the tables are in other parts of the class, whose initializers run in no
        // promised order, while the static constructor runs after all of them.
        Table = Zh.Concat(ImportZh).ToDictionary(StringComparer.Ordinal);
        foreach (var (english, chinese) in Table)
        {
            if (!english.Contains("{0}", StringComparison.Ordinal)) { Exact[english] = chinese; continue; }
            var pattern = Regex.Escape(english);
            for (var i = 0; i < 9; i++) pattern = pattern.Replace($@"\{{{i}}}", "(.+?)", StringComparison.Ordinal);
            Templates.Add((new Regex("^" + pattern + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline), chinese));
        }
    }

    public LocalizedString this[string name] =>
        IsChinese(CultureInfo.CurrentUICulture) && Translate(name) is { } zh
            ? new LocalizedString(name, zh, resourceNotFound: false)
            : new LocalizedString(name, name, resourceNotFound: true);

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var s = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.InvariantCulture, s.Value, arguments), s.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        IsChinese(CultureInfo.CurrentUICulture) ? Table.Select(kv => new LocalizedString(kv.Key, kv.Value, false)) : [];

    /// <summary>The Chinese for an English text, or null.</summary>
    public static string? Translate(string english)
    {
        if (Exact.TryGetValue(english, out var zh)) return zh;
        foreach (var (regex, chinese) in Templates)
        {
            var m = regex.Match(english);
            if (!m.Success) continue;
            var values = m.Groups.Values.Skip(1).Select(g => (object)(Exact.GetValueOrDefault(g.Value) ?? g.Value)).ToArray();
            return string.Format(CultureInfo.InvariantCulture, chinese, values);
        }
        return null;
    }

    /// <summary>
    /// A text made of pieces joined by ", " and " — " (a coordinate system's description), each piece said in Chinese
    /// when the table has it, kept as it is (a code, a number) when not.
    /// </summary>
    public static string TranslatePieces(string english) =>
        string.Join(" — ", english.Split(" — ").Select(part => string.Join("，", part.Split(", ").Select(p => Translate(p) ?? p))));

    /// <summary>Every key and its Chinese (a key may appear once).</summary>
    public static IReadOnlyDictionary<string, string> Table { get; }
}
