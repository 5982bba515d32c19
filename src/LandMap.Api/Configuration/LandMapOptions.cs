using System.ComponentModel.DataAnnotations;

namespace LandMap.Api.Configuration;

/// <summary>Section "Demo": load the deterministic five-zone dataset into an empty database at start, and create the demo users.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";
    public bool Load { get; set; }

    /// <summary>demo-editor and demo-staff with passwords printed at start; refused outside Development and Demo.</summary>
    public bool Users { get; set; }
}

/// <summary>Section "Map": the optional basemap. With no URL the page draws on a plain background (no internet here).</summary>
public sealed class MapOptions
{
    public const string Section = "Map";

    /// <summary>Leaflet tile URL template, e.g. a Tianditu (天地图) WMTS-as-XYZ URL with its tk key.</summary>
    public string? BasemapUrl { get; set; }

    /// <summary>cgcs2000 (Tianditu: no shift) or gcj02 (Gaode/Tencent: the page shifts our data onto the offset tiles).</summary>
    [RegularExpression("^(cgcs2000|gcj02)$")]
    public string BasemapCrs { get; set; } = "cgcs2000";

    public string? BasemapAttribution { get; set; }
}
