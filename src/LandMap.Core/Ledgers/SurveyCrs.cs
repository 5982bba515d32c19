using System.Globalization;
using System.Text.RegularExpressions;
using LandMap.Core.Crs;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace LandMap.Core.Ledgers;

/// <summary>
/// The coordinate system a ledger's coordinates are in, as detected: lon/lat (EPSG:4490 or 4326), or a CGCS2000
/// Gauss–Krüger zone (3° or 6°, with or without the zone number prefixed to the easting), and whether the file's X/Y are
/// swapped (a Chinese survey's X is the northing; ledgers often put it first).
/// </summary>
public sealed record SurveyCrs(bool Projected, int CentralMeridian, int? Zone, bool SixDegree, bool Prefixed, bool Swapped, string Source)
{
    /// <summary>Set for Xian 1980 or Beijing 1954 coordinates, which are moved to CGCS2000 with the zone's own parameters.</summary>
    public DatumShift? Shift { get; init; }
    public static SurveyCrs LonLat(bool swapped, string source) => new(false, 0, null, false, false, swapped, source);

    /// <summary>The EPSG code of the stated or detected system (4490 for lon/lat).</summary>
    public int Epsg => Shift is { } old ? old.Epsg(CentralMeridian, Prefixed, SixDegree) : !Projected ? 4490
        : SixDegree ? (Prefixed ? 4491 : 4502) + (CentralMeridian - 75) / 6
        : (Prefixed ? 4513 : 4534) + (CentralMeridian - 75) / 3;

    /// <summary>Half the zone's width in degrees: a coordinate further than this (plus a margin) from the CM is outside it.</summary>
    public double HalfWidthDeg => SixDegree ? 3 : 1.5;

    public string Describe() => Shift is { } old
        ? $"{old.Name} {(SixDegree ? 6 : 3)}° Gauss–Krüger, CM {CentralMeridian}°E{(Prefixed ? $", zone {Zone} prefixed" : "")}" +
          $"{(Swapped ? ", X/Y swapped in the file (northing first)" : "")}, moved to CGCS2000 with the given 7 parameters — {Source}"
        : !Projected
        ? $"EPSG:4490 CGCS2000 lon/lat{(Swapped ? ", X/Y swapped in the file (lat first)" : "")} — {Source}"
        : $"EPSG:{Epsg} CGCS2000 {(SixDegree ? 6 : 3)}° Gauss–Krüger, CM {CentralMeridian}°E{(Prefixed ? $", zone {Zone} prefixed to the easting" : "")}" +
          $"{(Swapped ? ", X/Y swapped in the file (northing first)" : "")} — {Source}";

    /// <summary>The file's coordinates of one geometry to CGCS2000 lon/lat (x = lon, y = lat).</summary>
    public Geometry ToLonLat(Geometry g)
    {
        var copy = g.Copy();
        if (Swapped || (Projected && Prefixed))
        {
            var offset = Projected && Prefixed ? Zone!.Value * 1_000_000.0 : 0;
            copy.Apply(new SwapAndOffset(Swapped, offset));
            copy.GeometryChanged();
        }
        if (Shift is { } old) return GaussKruger.Apply(copy, old.ToCgcs2000(CentralMeridian));
        return Projected ? GaussKruger.Unproject(copy, CentralMeridian) : copy;
    }

    private sealed class SwapAndOffset(bool swap, double eastingOffset) : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            double x = seq.GetX(i), y = seq.GetY(i);
            if (swap) (x, y) = (y, x);
            seq.SetX(i, x - eastingOffset);
            seq.SetY(i, y);
        }
    }
}

/// <summary>
/// The 7 parameters (Bursa–Wolf, position vector: dx, dy, dz in metres, rx, ry, rz in arc-seconds, scale in ppm) that take
/// a zone's Xian 1980 or Beijing 1954 coordinates to CGCS2000, as the zone's surveying authority publishes them. The
/// old ellipsoids: Xian 1980 on IAG 1975 (a = 6 378 140 m, 1/f = 298.257), Beijing 1954 on Krassovsky 1940 (a = 6 378 245 m,
/// 1/f = 298.3). CGCS2000 is taken as WGS 84 for the shift (they differ by centimetres).
/// </summary>
public sealed record DatumShift(string Name, double A, double InverseFlattening, double[] ToWgs84)
{
    public static DatumShift Xian1980(double[] p) => new("Xian 1980", 6_378_140, 298.257, p);
    public static DatumShift Beijing1954(double[] p) => new("Beijing 1954", 6_378_245, 298.3, p);

    private readonly Dictionary<int, MathTransform> _cache = new();

    /// <summary>EPSG codes of the 3° zones: Xian 1980 2349–2369 (prefixed) / 2370–2390; Beijing 1954 2401–2421 / 2422–2442.</summary>
    public int Epsg(int cm, bool prefixed, bool sixDegree) => sixDegree ? 0
        : (Name.StartsWith("Xian", StringComparison.Ordinal) ? (prefixed ? 2349 : 2370) : (prefixed ? 2401 : 2422)) + (cm - 75) / 3;

    /// <summary>Easting/northing (no prefix) in the old zone to CGCS2000 lon/lat.</summary>
    public MathTransform ToCgcs2000(int cm)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue(cm, out var t)) return t;
            var p = string.Join(",", ToWgs84.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            var f = new CoordinateSystemFactory();
            var source = (ProjectedCoordinateSystem)f.CreateFromWkt(string.Create(CultureInfo.InvariantCulture,
                $"""PROJCS["{Name} GK CM {cm}E",GEOGCS["{Name}",DATUM["{Name.Replace(' ', '_')}",SPHEROID["{Name}",{A},{InverseFlattening}],TOWGS84[{p}]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",{cm}],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]"""));
            var target = (GeographicCoordinateSystem)f.CreateFromWkt(
                """GEOGCS["CGCS2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101],TOWGS84[0,0,0,0,0,0,0]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]""");
            t = new CoordinateTransformationFactory().CreateFromCoordinateSystems(source, target).MathTransform;
            _cache[cm] = t;
            return t;
        }
    }
}

/// <summary>Why a file's coordinates cannot be used, for the import report.</summary>
public sealed class SurveyCrsException(string message) : Exception(message);

/// <summary>
/// Detects a ledger's coordinate system from what the file states (a .prj WKT, "EPSG:n") and, where it says nothing, from
/// the magnitudes of its coordinates. Xian 1980 and Beijing 1954 are refused: turning them into CGCS2000 needs the zone's
/// own transformation parameters, and a silent shift of tens of metres is worse than a clear refusal.
/// Zone numbering (GB/T 17798; EPSG): 3° zone n has CM 3n (25–45 in China), 6° zone n has CM 6n − 3 (13–23).
/// </summary>
public static partial class SurveyCrsDetector
{
    // China's extent with a margin (lon 73–136°E, lat 3–54°N) and its Gauss–Krüger northings.
    private const double MinLon = 73, MaxLon = 136, MinLat = 3, MaxLat = 54;
    private const double MinNorthing = 300_000, MaxNorthing = 6_000_000;

    /// <param name="shift">The old datum's 7 parameters when the file is in Xian 1980 or Beijing 1954 (stated by its .prj, or
    /// by the caller for a file that states nothing).</param>
    public static SurveyCrs Detect(string? stated, IReadOnlyList<Coordinate> sample, int? centralMeridian = null, DatumShift? shift = null)
    {
        if (!string.IsNullOrWhiteSpace(stated))
        {
            if (OldDatum().IsMatch(stated) && shift is not null)
            {
                var datum = Regex.IsMatch(stated, "Beijing|北京|BJ54|EPSG:?(24[0-4]\\d)", RegexOptions.IgnoreCase)
                    ? DatumShift.Beijing1954(shift.ToWgs84) : DatumShift.Xian1980(shift.ToWgs84);
                var projected = CentralMeridianParam().IsMatch(stated) ? FromGaussKrugerWkt(stated, sample, "stated by the .prj") : FromMagnitudes(sample, centralMeridian);
                return projected with { Shift = datum };
            }
            return FromStated(stated, sample);
        }
        var detected = FromMagnitudes(sample, centralMeridian);
        if (shift is null) return detected;
        if (!detected.Projected) throw new SurveyCrsException("datum parameters were given, but the coordinates are lon/lat: give them for Gauss–Krüger metres only");
        return detected with { Shift = shift };
    }

    [GeneratedRegex(@"(Xian|Xi'an|西安).?1980|Beijing.?1954|北京.?54|BJ54|XA80|EPSG:?(2[34]\d\d|21[45]\d\d|4610|4214)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OldDatum();

    [GeneratedRegex(@"PARAMETER\[""central_meridian"",\s*([^\]]+)\]", RegexOptions.IgnoreCase)]
    private static partial Regex CentralMeridianParam();

    [GeneratedRegex(@"PARAMETER\[""false_easting"",\s*([^\]]+)\]", RegexOptions.IgnoreCase)]
    private static partial Regex FalseEastingParam();

    [GeneratedRegex(@"^(?:urn:ogc:def:crs:)?EPSG:{1,2}(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex EpsgCode();

    private static SurveyCrs FromStated(string stated, IReadOnlyList<Coordinate> sample)
    {
        var text = stated.Trim();
        if (OldDatum().IsMatch(text))
            throw new SurveyCrsException($"the file is in Xian 1980 or Beijing 1954 ({Short(text)}): LandMap stores CGCS2000 and will not shift it " +
                                         "without the zone's transformation parameters; give them (datumShift=dx,dy,dz,rx,ry,rz,ppm) or convert the file first");
        if (EpsgCode().Match(text) is { Success: true } m)
            return int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                ? FromEpsg(code, sample) : throw new SurveyCrsException($"'{Short(text)}' is not an EPSG code");
        if (text.StartsWith("GEOGCS", StringComparison.OrdinalIgnoreCase))
            return SurveyCrs.LonLat(SwappedLonLat(sample), "geographic .prj");
        if (text.StartsWith("PROJCS", StringComparison.OrdinalIgnoreCase) && CentralMeridianParam().IsMatch(text))
            return FromGaussKrugerWkt(text, sample, "stated by the .prj");
        throw new SurveyCrsException($"the coordinate system '{Short(text)}' is not CGCS2000 lon/lat or Gauss–Krüger");
    }

    /// <summary>
    /// A .prj's Transverse Mercator / Gauss–Krüger: scale factor 1 (0.9996 is UTM, not a Chinese survey grid), a central
    /// meridian on a 3° (or 6°) zone, a false easting of 500 000 m or zone × 10⁶ + 500 000 m. Anything else is refused rather
    /// than read as the nearest zone.
    /// </summary>
    private static SurveyCrs FromGaussKrugerWkt(string text, IReadOnlyList<Coordinate> sample, string source)
    {
        double Param(Regex re, double fallback) => re.Match(text) is { Success: true } m
            ? double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
                : throw new SurveyCrsException($"the .prj parameter '{m.Value}' is not a number")
            : fallback;
        var cm = Param(CentralMeridianParam(), double.NaN);
        var scale = Param(ScaleFactorParam(), 1);
        var fe = Param(FalseEastingParam(), 500_000);
        if (Math.Abs(scale - 1) > 1e-9)
            throw new SurveyCrsException($"the .prj has scale factor {scale} (UTM uses 0.9996): not a CGCS2000 Gauss–Krüger zone");
        if (cm % 3 != 0 || cm is < 75 or > 135)
            throw new SurveyCrsException($"the .prj's central meridian {cm} is not that of a Gauss–Krüger zone in China (75, 78 … 135)");
        var prefixed = fe > 1_000_000;
        int? zone = prefixed ? (int)Math.Round((fe - 500_000) / 1_000_000) : null;
        if (fe != 500_000 && (!prefixed || fe != zone * 1_000_000 + 500_000))
            throw new SurveyCrsException($"the .prj's false easting {fe} is neither 500 000 m nor a zone number × 10⁶ + 500 000 m");
        var six = zone is { } z ? z < 24 : text.Contains("6-degree", StringComparison.OrdinalIgnoreCase) || text.Contains("6度", StringComparison.Ordinal);
        return Projected((int)cm, zone, six, prefixed, sample, source);
    }

    [GeneratedRegex(@"PARAMETER\[""scale_factor"",\s*([^\]]+)\]", RegexOptions.IgnoreCase)]
    private static partial Regex ScaleFactorParam();

    private static SurveyCrs FromEpsg(int code, IReadOnlyList<Coordinate> sample) => code switch
    {
        4490 or 4326 => SurveyCrs.LonLat(SwappedLonLat(sample), $"EPSG:{code}"),
        >= 4513 and <= 4533 => Projected(75 + (code - 4513) * 3, 25 + code - 4513, false, true, sample, $"EPSG:{code}"),
        >= 4534 and <= 4554 => Projected(75 + (code - 4534) * 3, null, false, false, sample, $"EPSG:{code}"),
        >= 4491 and <= 4501 => Projected(75 + (code - 4491) * 6, 13 + code - 4491, true, true, sample, $"EPSG:{code}"),
        >= 4502 and <= 4512 => Projected(75 + (code - 4502) * 6, null, true, false, sample, $"EPSG:{code}"),
        _ => throw new SurveyCrsException($"EPSG:{code} is not CGCS2000 lon/lat (4490) or a CGCS2000 Gauss–Krüger zone (4491–4554)"),
    };

    private static SurveyCrs Projected(int meridian, int? zone, bool six, bool prefixed, IReadOnlyList<Coordinate> sample, string source)
    {
        // The stated system decides the zone; the magnitudes still tell whether the file put the northing first.
        return new SurveyCrs(true, meridian, zone, six, prefixed, NorthingFirst(sample), source);
    }

    private static bool LooksLikeNorthing(double v) => v is >= MinNorthing and <= MaxNorthing;

    /// <summary>An easting: 0–1 million m without the zone prefix, or 13–46 million with it.</summary>
    private static bool LooksLikeEasting(double v) => v is (> 0 and < 1_000_000) or (>= 13_000_000 and < 46_000_000);

    /// <summary>
    /// X is the northing (surveyors' order) when every X is 1–6 million m and every Y an easting. Northings in China's
    /// development zones are over 2 million m (18°N and north), so an easting without prefix cannot be taken for one.
    /// </summary>
    private static bool NorthingFirst(IReadOnlyList<Coordinate> sample) =>
        sample.Count > 0 && sample.All(c => c.X is >= 1_000_000 and <= MaxNorthing && LooksLikeEasting(c.Y));

    private static bool IsLonLat(Coordinate c) => c.X is >= MinLon and <= MaxLon && c.Y is >= MinLat and <= MaxLat;

    private static bool SwappedLonLat(IReadOnlyList<Coordinate> sample) =>
        sample.Count > 0 && !sample.Any(IsLonLat) && sample.All(c => IsLonLat(new Coordinate(c.Y, c.X)));

    /// <summary>No stated system: lon/lat by its range; Gauss–Krüger by a northing of 0.3–6 million metres and an easting of
    /// 0–1 million (CM from the parameter) or of n million + 0–1 million (zone n prefixed).</summary>
    private static SurveyCrs FromMagnitudes(IReadOnlyList<Coordinate> sample, int? centralMeridian)
    {
        if (sample.Count == 0) throw new SurveyCrsException("the file has no coordinates to detect its system from");
        if (sample.All(IsLonLat)) return SurveyCrs.LonLat(false, "detected: lon/lat by range");
        if (SwappedLonLat(sample)) return SurveyCrs.LonLat(true, "detected: lat/lon by range (X/Y swapped)");

        var swapped = NorthingFirst(sample);
        var eastings = sample.Select(c => swapped ? c.Y : c.X).ToList();
        var northings = sample.Select(c => swapped ? c.X : c.Y).ToList();
        if (!northings.All(LooksLikeNorthing))
            throw new SurveyCrsException("the coordinates are neither lon/lat in China nor Gauss–Krüger metres (northing 0.3–6 million m)");

        var zones = eastings.Select(e => (int)Math.Floor(e / 1_000_000)).Distinct().ToList();
        if (zones is [var zone] && zone >= 13)
        {
            var six = zone <= 23;
            if (!six && zone is < 25 or > 45) throw new SurveyCrsException($"easting prefix {zone} is not a Gauss–Krüger zone in China (13–23 for 6°, 25–45 for 3°)");
            var meridian = six ? zone * 6 - 3 : zone * 3;
            return new SurveyCrs(true, meridian, zone, six, true, swapped, $"detected: zone {zone} from the easting prefix{(swapped ? ", X/Y swapped" : "")}");
        }
        if (zones is [0])
        {
            if (centralMeridian is not { } cm)
                throw new SurveyCrsException("Gauss–Krüger coordinates without a zone prefix and without a .prj: give the central meridian (centralMeridian, e.g. 120)");
            if (cm is < 75 or > 135 || cm % 3 != 0) throw new SurveyCrsException($"central meridian {cm} is not a CGCS2000 Gauss–Krüger zone in China");
            return new SurveyCrs(true, cm, null, false, false, swapped, $"detected: Gauss–Krüger without prefix, CM {cm} as given{(swapped ? ", X/Y swapped" : "")}");
        }
        throw new SurveyCrsException($"the eastings span several zones or none ({string.Join(", ", zones.Take(5))}): one file must hold one zone");
    }

    private static string Short(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
