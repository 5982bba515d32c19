using System.ComponentModel.DataAnnotations;

namespace LandMap.Api.MapConfig;

/// <summary>
/// Section "Basemap": which basemaps the page offers besides the offline one (data/basemap, always there) and which it
/// opens with. Online basemaps need the internet and, for Tianditu, a key; none is offered unless configured.
/// </summary>
public sealed class BasemapOptions
{
    public const string Section = "Basemap";

    /// <summary>The basemap the page opens with: offline, tianditu-vector, tianditu-imagery, gaode-vector, gaode-imagery or custom.
    /// One that is not configured falls back to offline.</summary>
    [RegularExpression("^(offline|tianditu-vector|tianditu-imagery|gaode-vector|gaode-imagery|custom)$")]
    public string Default { get; set; } = "offline";

    /// <summary>A Tianditu (天地图) browser key (tk, from the Tianditu console): offers its vector and imagery maps (CGCS2000, no shift).</summary>
    [RegularExpression("^[0-9A-Za-z]*$")]
    public string? TiandituKey { get; set; }

    /// <summary>Offers Gaode (高德) vector and imagery tiles (GCJ-02: the page shifts our data onto them).</summary>
    public bool Gaode { get; set; }
}
