using LandMap.Core.Crs;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Polygonize;

namespace LandMap.Core.Editing;

/// <summary>The direction of the cutting line: north–south (a meridian) or east–west (a parallel).</summary>
public enum CutDirection { NorthSouth, EastWest }

/// <summary>The two parts of a split, or why the parcel cannot be split so.</summary>
public sealed record SplitResult(MultiPolygon? First, MultiPolygon? Second, string? Problem)
{
    public static SplitResult Fail(string problem) => new(null, null, problem);
}

/// <summary>
/// Splitting a parcel (分割) in two in a plane (metres): along a drawn line, or into a part of a given area cut by a
/// north–south or east–west line. The parts share the cut edge's vertices exactly and keep every vertex of the parent,
/// so their areas add up to the parent's. A stored parcel (lon/lat) is split in its Gauss–Krüger zone by
/// <see cref="InZone"/>: a vertex added on a straight lon/lat edge would not lie on the straight edge of the plane, and
/// the parts' areas as stored would no longer add up.
/// </summary>
public static class ParcelSplit
{
    /// <summary>Bisection steps: each halves the interval, so 200 reach the resolution of a double long before the end.</summary>
    private const int MaxSteps = 200;

    /// <summary>
    /// The parts on either side of <paramref name="line"/>, which must cross the parcel from edge to edge once: the outline
    /// and the line are noded together and polygonised (the standard NTS split), and the faces inside the parcel kept.
    /// The first part is the one whose centroid lies further west (then south).
    /// </summary>
    public static SplitResult ByLine(Geometry parcel, LineString line)
    {
        if (parcel is not (Polygon or MultiPolygon) || parcel.IsEmpty || !parcel.IsValid) return SplitResult.Fail("the parcel is not a valid polygon");
        if (line.IsEmpty || line.NumPoints < 2) return SplitResult.Fail("the line needs at least two points");
        var polygonizer = new Polygonizer();
        polygonizer.Add(parcel.Boundary.Union(line));
        var pieces = polygonizer.GetPolygons().Cast<Polygon>()
            .Where(p => parcel.Contains(p.InteriorPoint))
            .OrderBy(p => p.Centroid.X).ThenBy(p => p.Centroid.Y).ToList();
        return pieces.Count switch
        {
            < 2 => SplitResult.Fail("the line does not cross the parcel from one edge to another"),
            > 2 => SplitResult.Fail($"the line cuts the parcel into {pieces.Count} pieces; draw one that cuts it in two"),
            _ => new SplitResult(Multi(parcel.Factory, [pieces[0]]), Multi(parcel.Factory, [pieces[1]]), null),
        };
    }

    /// <summary>
    /// A first part of <paramref name="targetArea"/> (the west part for a north–south cut, the south part for an east–west
    /// one) and the rest. The cut's position is found by bisection on the coordinate across the parcel: the area on the low
    /// side grows monotonically with it, so the search ends within <paramref name="tolerance"/> (or at the resolution of a
    /// double). A first part may have several pieces when the parcel is not convex.
    /// </summary>
    public static SplitResult ByArea(Geometry parcel, double targetArea, CutDirection direction, double tolerance)
    {
        if (parcel is not (Polygon or MultiPolygon) || parcel.IsEmpty || !parcel.IsValid) return SplitResult.Fail("the parcel is not a valid polygon");
        var total = parcel.Area;
        if (!double.IsFinite(targetArea) || targetArea <= tolerance || targetArea >= total - tolerance)
            return SplitResult.Fail("the area must be above 0 and below the parcel's own");
        var env = parcel.EnvelopeInternal;
        var northSouth = direction == CutDirection.NorthSouth;
        double lo = northSouth ? env.MinX : env.MinY, hi = northSouth ? env.MaxX : env.MaxY;
        var cut = (lo + hi) / 2;
        for (var step = 0; step < MaxSteps; step++)
        {
            cut = (lo + hi) / 2;
            var diff = Side(parcel, env, cut, northSouth, low: true).Area - targetArea;
            if (Math.Abs(diff) <= tolerance || cut <= lo || cut >= hi) break;
            if (diff < 0) lo = cut;
            else hi = cut;
        }
        var first = Side(parcel, env, cut, northSouth, low: true);
        var second = Side(parcel, env, cut, northSouth, low: false);
        return first.IsEmpty || second.IsEmpty
            ? SplitResult.Fail("no cut gives that area")
            : new SplitResult(first, second, null);
    }

    /// <summary>
    /// Splits a lon/lat parcel in its Gauss–Krüger zone (CM <paramref name="centralMeridian"/>) with
    /// <paramref name="splitInPlane"/> and brings the parts back to lon/lat. The parent's vertices come back as the
    /// exact stored coordinates (not through the inverse projection), so the parts still meet their neighbours exactly.
    /// </summary>
    public static SplitResult InZone(MultiPolygon lonLat, int centralMeridian, Func<Geometry, SplitResult> splitInPlane)
    {
        var plane = GaussKruger.Project(lonLat, centralMeridian);
        var stored = new Dictionary<Coordinate, Coordinate>();
        var (before, after) = (lonLat.Coordinates, plane.Coordinates);
        for (var i = 0; i < before.Length; i++) stored.TryAdd(after[i], before[i]);
        var result = splitInPlane(plane);
        if (result.Problem is not null) return result;
        return new SplitResult(Back(result.First!), Back(result.Second!), null);

        MultiPolygon Back(MultiPolygon part)
        {
            var back = (MultiPolygon)GaussKruger.Unproject(part, centralMeridian);
            back.Apply(new RestoreStored(part.Coordinates, stored));
            back.GeometryChanged();
            back.SRID = lonLat.SRID;
            return back;
        }
    }

    /// <summary>Puts the stored coordinate back wherever a part's vertex is one of the parent's (visited in the same order as Coordinates).</summary>
    private sealed class RestoreStored(Coordinate[] plane, Dictionary<Coordinate, Coordinate> stored) : ICoordinateSequenceFilter
    {
        private int _next;
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            if (stored.TryGetValue(plane[_next++], out var original))
            {
                seq.SetX(i, original.X);
                seq.SetY(i, original.Y);
            }
        }
    }

    /// <summary>The cut across the longer side of the parcel's bounding box, which gives the more compact parts.</summary>
    public static CutDirection DefaultDirection(Geometry parcel) =>
        parcel.EnvelopeInternal.Width >= parcel.EnvelopeInternal.Height ? CutDirection.NorthSouth : CutDirection.EastWest;

    /// <summary>The parcel on the low (west or south) or high side of the cutting line at <paramref name="cut"/>.</summary>
    private static MultiPolygon Side(Geometry parcel, Envelope env, double cut, bool northSouth, bool low)
    {
        // A box reaching past the parcel on every other side; the shared edge is the cutting line itself.
        var margin = Math.Max(env.Width, env.Height) + 1;
        var box = northSouth
            ? new Envelope(low ? env.MinX - margin : cut, low ? cut : env.MaxX + margin, env.MinY - margin, env.MaxY + margin)
            : new Envelope(env.MinX - margin, env.MaxX + margin, low ? env.MinY - margin : cut, low ? cut : env.MaxY + margin);
        return Polygonal(parcel.Intersection(parcel.Factory.ToGeometry(box)));
    }

    /// <summary>The polygons of an overlay result (a cut exactly along an edge can leave lines or points beside them).</summary>
    internal static MultiPolygon Polygonal(Geometry g)
    {
        var polygons = new List<Polygon>();
        for (var i = 0; i < g.NumGeometries; i++)
            switch (g.GetGeometryN(i))
            {
                case Polygon p when !p.IsEmpty: polygons.Add(p); break;
                case MultiPolygon mp: polygons.AddRange(mp.Geometries.Cast<Polygon>()); break;
            }
        return Multi(g.Factory, polygons);
    }

    internal static MultiPolygon Multi(GeometryFactory factory, IEnumerable<Polygon> polygons)
    {
        var multi = factory.CreateMultiPolygon(polygons.ToArray());
        multi.SRID = factory.SRID;
        return multi;
    }
}
