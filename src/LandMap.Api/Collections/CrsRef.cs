using System.Globalization;
using LandMap.Api.Exports;
using LandMap.Core.Crs;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace LandMap.Api.Collections;

/// <summary>
/// A coordinate reference system a client may name (OGC API – Features Part 2: crs, bbox-crs, filter-crs): OGC CRS84
/// (lon, lat), EPSG:4490 CGCS2000 and EPSG:4326 WGS 84 (lat, lon, as EPSG defines their axes; CGCS2000 and WGS 84 differ by
/// centimetres, below what a parcel map resolves), and the CGCS2000 3° Gauss–Krüger zones EPSG:4534–4554 (no zone prefix)
/// and EPSG:4513–4533 (easting prefixed with the zone number), whose EPSG axis order is northing (X), easting (Y).
/// </summary>
internal sealed record CrsRef(string Uri, ExportCrs System, bool NorthingFirst)
{
    public const string Crs84Uri = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    private const string EpsgPrefix = "http://www.opengis.net/def/crs/EPSG/0/";

    public static readonly CrsRef Crs84 = new(Crs84Uri, ExportCrs.LonLat, false);

    /// <summary>Every CRS this server reads and writes, as URIs (for the collection metadata).</summary>
    public static IReadOnlyList<string> Supported { get; } =
    [
        Crs84Uri, EpsgPrefix + "4490", EpsgPrefix + "4326",
        .. Enumerable.Range(4513, 42).Select(code => EpsgPrefix + code),
    ];

    public bool IsLonLat => System.IsLonLat;

    /// <summary>A URI (http://www.opengis.net/def/crs/EPSG/0/4527), a safe CURIE ([EPSG:4527]) or EPSG:4527; null when not supported.</summary>
    public static CrsRef? Parse(string? value)
    {
        var v = (value ?? "").Trim();
        if (v.StartsWith('[') && v.EndsWith(']')) v = v[1..^1];
        if (v is Crs84Uri or "OGC:CRS84" || v == "http://www.opengis.net/def/crs/OGC/0/CRS84") return Crs84;
        var code = v.StartsWith(EpsgPrefix, StringComparison.Ordinal) ? v[EpsgPrefix.Length..]
            : v.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase) ? v[5..] : null;
        if (code is null || !int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var epsg)) return null;
        if (epsg == 4326) return new(EpsgPrefix + "4326", ExportCrs.LonLat, true);
        return ExportCrs.FromEpsg(epsg) is { } system ? new(EpsgPrefix + epsg, system, true) : null;
    }

    /// <summary>A geometry written in this CRS, as stored: CGCS2000 lon/lat (EPSG:4490, x = lon).</summary>
    public Geometry ToStorage(Geometry g)
    {
        var xy = NorthingFirst ? Swap(g) : g.Copy();
        if (System.CentralMeridian is not { } cm) return xy;
        var plain = System.ZonePrefix ? AffineTransformation.TranslationInstance(-System.Zone * 1_000_000.0, 0).Transform(xy) : xy;
        return GaussKruger.Unproject(plain, cm);
    }

    /// <summary>A stored lon/lat geometry written in this CRS, in its axis order.</summary>
    public Geometry FromStorage(Geometry lonLat)
    {
        var projected = System.Transform(lonLat);
        return NorthingFirst ? Swap(projected) : projected;
    }

    private static Geometry Swap(Geometry g)
    {
        var copy = g.Copy();
        copy.Apply(new SwapFilter());
        copy.GeometryChanged();
        return copy;
    }

    private sealed class SwapFilter : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var x = seq.GetX(i);
            seq.SetX(i, seq.GetY(i));
            seq.SetY(i, x);
        }
    }
}
