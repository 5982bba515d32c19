using System.Text.RegularExpressions;

namespace LandMap.Web.Tests;

/// <summary>
/// index.html asks for the page's whole module graph at once (`link rel=modulepreload`), so the browser does not discover
/// it level by level as each module's imports are read. The list must follow the code: a module imported but not listed
/// loads late again, one listed but no longer imported is fetched for nothing.
/// </summary>
public sealed partial class ModulePreloadTests
{
    [GeneratedRegex("""^\s*import\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]""", RegexOptions.Multiline)]
    private static partial Regex StaticImport();

    [GeneratedRegex("""<link rel="modulepreload" href="([^"]+)">""")]
    private static partial Regex Preload();

    private static string WebRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "web");
            if (File.Exists(Path.Combine(candidate, "index.html"))) return candidate;
        }
        throw new DirectoryNotFoundException("web/ not found above the test binaries");
    }

    /// <summary>Every module app.js reaches through static imports (as URL paths), itself included.</summary>
    private static HashSet<string> ModuleGraph(string root)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/app.js"]);
        while (queue.TryDequeue(out var url))
        {
            if (!found.Add(url) || url.StartsWith("/vendor/", StringComparison.Ordinal)) continue;
            var source = File.ReadAllText(Path.Combine(root, url.TrimStart('/')));
            foreach (Match m in StaticImport().Matches(source))
            {
                var spec = m.Groups[1].Value;
                var target = spec.StartsWith('/') ? spec : new Uri(new Uri("http://page" + url), spec).AbsolutePath;
                queue.Enqueue(target);
            }
        }
        return found;
    }

    [Fact]
    public void Index_preloads_exactly_the_modules_app_js_imports()
    {
        var root = WebRoot();
        var graph = ModuleGraph(root);
        var preloaded = Preload().Matches(File.ReadAllText(Path.Combine(root, "index.html"))).Select(m => m.Groups[1].Value).ToList();

        Assert.True(graph.Count > 40, $"{graph.Count} modules: the import pattern no longer reads app.js");
        Assert.Equal(preloaded.Count, preloaded.Distinct().Count());
        Assert.Empty(graph.Except(preloaded).Order());
        Assert.Empty(preloaded.Except(graph).Order());
    }
}
