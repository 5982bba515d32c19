using Microsoft.Extensions.FileProviders;

namespace LandMap.Api.Hosting;

/// <summary>
/// Serves the map page from the repository's web/ folder and Leaflet from web/node_modules/leaflet/dist at
/// /vendor/leaflet (installed by npm from web/package-lock.json; no copied vendor code).
/// </summary>
public static class WebAssets
{
    public static WebApplication UseLandMapWeb(this WebApplication app)
    {
        var root = app.Configuration["Web:Root"] is { Length: > 0 } configured ? Path.GetFullPath(configured) : FindWebRoot(app.Environment.ContentRootPath);
        if (root is null)
        {
            app.Logger.LogWarning("web/ folder not found; the map page is not served");
            return app;
        }
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        var leaflet = Path.Combine(root, "node_modules", "leaflet", "dist");
        if (Directory.Exists(leaflet))
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(leaflet), RequestPath = "/vendor/leaflet" });
        else
            app.Logger.LogWarning("Leaflet not installed at {Path}: run `npm ci` in web/ (the landmap script does)", leaflet);
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
