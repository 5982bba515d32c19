using Microsoft.Extensions.FileProviders;

namespace LandMap.Api.Hosting;

/// <summary>
/// Serves the map page from the repository's web/ folder and its npm packages (Leaflet, Leaflet-Geoman, ECharts, protomaps-leaflet) from
/// web/node_modules at /vendor/… (installed by npm from web/package-lock.json; no copied vendor code).
/// </summary>
public static class WebAssets
{
    /// <summary>npm packages (web/package-lock.json) the page loads, by URL prefix: the folder of each package's built files.</summary>
    private static readonly (string Path, string Dist)[] Vendor =
    [
        ("/vendor/leaflet", Path.Combine("leaflet", "dist")),
        ("/vendor/geoman", Path.Combine("@geoman-io", "leaflet-geoman-free", "dist")), // drawing and editing (Leaflet-Geoman, MIT)
        ("/vendor/echarts", Path.Combine("echarts", "dist")),                          // dashboard charts (Apache ECharts, Apache-2.0)
        ("/vendor/protomaps", Path.Combine("protomaps-leaflet", "dist")),              // vector tiles on canvas (protomaps-leaflet, BSD-3-Clause)
        ("/vendor/minimap", Path.Combine("leaflet-minimap", "dist")),                  // the north-up mini map (leaflet-minimap, BSD-2-Clause)
    ];

    public static WebApplication UseLandMapWeb(this WebApplication app)
    {
        var root = app.Configuration["Web:Root"] is { Length: > 0 } configured ? Path.GetFullPath(configured) : FindWebRoot(app.Environment.ContentRootPath);
        if (root is null)
        {
            app.Logger.LogWarning("web/ folder not found; the map page is not served");
            return app;
        }
        var files = new PhysicalFileProvider(root);
        // "/" is the map for browsers and the OGC landing document (an endpoint) for clients that ask for JSON.
        app.UseWhen(http => !(http.Request.Path == "/" && Ogc.Negotiation.WantsJson(http.Request)),
            branch => branch.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files }));
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        foreach (var (path, dist) in Vendor)
        {
            var folder = Path.Combine(root, "node_modules", dist);
            if (Directory.Exists(folder))
                app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder), RequestPath = path });
            else
                app.Logger.LogWarning("{Package} not installed at {Path}: run `npm ci` in web/ (the landmap script does)", path, folder);
        }
        return app;
    }

    private static string? FindWebRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "web");
            if (File.Exists(Path.Combine(candidate, "index.html"))) return candidate;
        }
        return null;
    }
}
