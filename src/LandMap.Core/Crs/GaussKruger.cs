using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace LandMap.Core.Crs;

/// <summary>
/// CGCS2000 3-degree Gauss–Krüger zones (EPSG:4534–4554 without zone prefix, e.g. 4548 = CM 117°E, 4549 = CM 120°E).
/// Areas are computed in the zone whose central meridian is nearest the geometry, so the scale error stays
/// below ~1.0004 (≤ 1.5° from the CM) and the area error below ~0.1 %.
/// CGCS2000 ellipsoid: a = 6378137 m, 1/f = 298.257222101 (EPSG:1024).
/// </summary>
public sealed class GaussKruger
{
    /// <summary>Central meridian (°E) of the 3° zone containing a longitude: zones are centred on multiples of 3°.</summary>
    public static int CentralMeridianFor(double longitude) => (int)(3 * Math.Round(longitude / 3.0));

    /// <summary>EPSG code of the CGCS2000 3° GK CM projection without zone prefix (CM 75°E = 4534 … CM 135°E = 4554).</summary>
    public static int EpsgFor(int centralMeridian)
    {
        if (centralMeridian < 75 || centralMeridian > 135 || centralMeridian % 3 != 0)
            throw new ArgumentOutOfRangeException(nameof(centralMeridian), centralMeridian, "Not a CGCS2000 3-degree zone central meridian in China (75–135°E).");
        return 4534 + (centralMeridian - 75) / 3;
    }

    private static readonly CoordinateSystemFactory CsFactory = new();
    private static readonly CoordinateTransformationFactory CtFactory = new();
    private static readonly Lock CacheLock = new();
    private static readonly Dictionary<int, (MathTransform Forward, MathTransform Inverse)> Cache = new();

    public static GeographicCoordinateSystem Cgcs2000 { get; } = (GeographicCoordinateSystem)CsFactory.CreateFromWkt(
        """
        GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]]
        """);

    /// <summary>The projected CRS for a central meridian; falseEasting 500000 (no zone prefix) unless given.</summary>
    public static ProjectedCoordinateSystem Projection(int centralMeridian, double falseEasting = 500000)
    {
        var wkt = $$"""
            PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM {{centralMeridian}}E",{{Cgcs2000.WKT}},PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",{{centralMeridian}}],PARAMETER["scale_factor",1],PARAMETER["false_easting",{{falseEasting}}],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH]]
            """;
        return (ProjectedCoordinateSystem)CsFactory.CreateFromWkt(wkt);
    }

    private static (MathTransform Forward, MathTransform Inverse) TransformsFor(int centralMeridian)
    {
        lock (CacheLock)
        {
            if (!Cache.TryGetValue(centralMeridian, out var t))
            {
                var ct = CtFactory.CreateFromCoordinateSystems(Cgcs2000, Projection(centralMeridian));
                t = (ct.MathTransform, ct.MathTransform.Inverse());
                Cache[centralMeridian] = t;
            }
            return t;
        }
    }

    /// <summary>Projects a lon/lat geometry (x = lon, y = lat, CGCS2000) into the given zone (x = easting, y = northing, metres).</summary>
    public static Geometry Project(Geometry lonLat, int centralMeridian) => Apply(lonLat, TransformsFor(centralMeridian).Forward);

    /// <summary>Inverse of <see cref="Project"/>: easting/northing in the zone back to lon/lat.</summary>
    public static Geometry Unproject(Geometry projected, int centralMeridian) => Apply(projected, TransformsFor(centralMeridian).Inverse);

    /// <summary>Planar area in m² of a lon/lat geometry, measured in the GK zone of its centroid.</summary>
    public static double AreaM2(Geometry lonLat) => AreaM2(lonLat, CentralMeridianFor(lonLat.Centroid.X));

    /// <summary>Planar area in m² of a lon/lat geometry, measured in the given GK zone.</summary>
    public static double AreaM2(Geometry lonLat, int centralMeridian) => Project(lonLat, centralMeridian).Area;

    /// <summary>A copy of the geometry with every coordinate put through the transform (x, y only).</summary>
    public static Geometry Apply(Geometry source, MathTransform transform)
    {
        var copy = source.Copy();
        copy.Apply(new TransformFilter(transform));
        copy.GeometryChanged();
        return copy;
    }

    private sealed class TransformFilter(MathTransform transform) : ICoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = transform.Transform(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
