using LandMap.Core.Crs;
using NetTopologySuite.Geometries;

namespace LandMap.Seeds;

/// <summary>
/// Lays rectangles out in rows ("shelves") separated by streets, in metres around a zone centre, then rotates the
/// whole block plan and converts it to CGCS2000 lon/lat through the zone's Gauss–Krüger projection. Shelf packing
/// never overlaps two footprints, so parcels are disjoint by construction.
/// </summary>
public sealed class Layout(double centreLon, double centreLat, double rowLengthM, double rotationDeg)
{
    public const double StreetAlongRowM = 24;
    public const double StreetBetweenRowsM = 36;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4490);
    private readonly int _cm = GaussKruger.CentralMeridianFor(centreLon);
    private readonly Point _centre = (Point)GaussKruger.Project(new Point(centreLon, centreLat), GaussKruger.CentralMeridianFor(centreLon));
    private double _x;
    private double _rowY;
    private double _rowDepth;

    public int CentralMeridian => _cm;
    public int Row { get; private set; }

    /// <summary>Reserves a w × d slot and returns its lower-left corner in the unrotated local frame.</summary>
    public (double X, double Y) Place(double widthM, double depthM)
    {
        if (_x > 0 && _x + widthM > rowLengthM) NewRow();
        var slot = (_x, _rowY);
        _x += widthM + StreetAlongRowM;
        _rowDepth = Math.Max(_rowDepth, depthM);
        return slot;
    }

    public void NewRow()
    {
        if (_x == 0) return;
        _rowY -= _rowDepth + StreetBetweenRowsM;
        _x = 0;
        _rowDepth = 0;
        Row++;
    }

    /// <summary>Converts a ring given in the local frame (metres, unrotated) to a lon/lat MultiPolygon.</summary>
    public MultiPolygon ToLonLat(IReadOnlyList<(double X, double Y)> ring)
    {
        var theta = rotationDeg * Math.PI / 180;
        var (cos, sin) = (Math.Cos(theta), Math.Sin(theta));
        // Centre the plan on the zone centre: rows grow southward from y = 0, x from 0 to rowLength.
        var coords = ring.Append(ring[0]).Select(p =>
        {
            var (lx, ly) = (p.X - rowLengthM / 2, p.Y + 600);
            return new Coordinate(_centre.X + lx * cos - ly * sin, _centre.Y + lx * sin + ly * cos);
        }).ToArray();
        var projected = Factory.CreateMultiPolygon([Factory.CreatePolygon(coords)]);
        var lonLat = (MultiPolygon)GaussKruger.Unproject(projected, _cm);
        lonLat.SRID = 4490;
        return lonLat;
    }

    public static IReadOnlyList<(double X, double Y)> Rectangle(double x, double y, double w, double d) =>
        [(x, y), (x + w, y), (x + w, y - d), (x, y - d)];
}
