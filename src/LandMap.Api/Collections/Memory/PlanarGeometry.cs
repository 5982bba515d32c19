namespace LandMap.Api.Collections.Memory;

/// <summary>
/// The two tests an items page of a map view makes on an outline, on the coordinates PostGIS stores (lon/lat degrees as
/// planar x/y, as PostGIS treats a geometry): does it meet the box (<c>ST_Intersects(geom, ST_MakeEnvelope(…))</c>), and
/// how far is it from the box's centre (<c>geom &lt;-&gt; point</c>, which is <c>ST_Distance</c> since PostGIS 2.2). The
/// distance is computed by PostGIS's own formulas, operation for operation (liblwgeom measures.c: lw_dist2d_point_poly,
/// lw_dist2d_pt_ptarray, lw_dist2d_pt_seg, lw_dist2d_pt_pt; ptarray.c: ptarray_contains_point, winding number), in
/// IEEE doubles without fused operations as PostGIS is built for x86-64, so the page's order is PostGIS's to the last bit.
/// </summary>
internal static class PlanarGeometry
{
    /// <summary>Where a point lies against a ring (liblwgeom's LW_INSIDE, LW_BOUNDARY, LW_OUTSIDE).</summary>
    public enum Place { Inside, Boundary, Outside }

    /// <summary>
    /// ptarray_contains_point: the winding number of the closed ring <paramref name="first"/> … <paramref name="end"/> − 1
    /// around (px, py); on a segment is the boundary; zero-length segments are skipped.
    /// </summary>
    public static Place Locate(double[] x, double[] y, int first, int end, double px, double py)
    {
        var wn = 0;
        var (x1, y1) = (x[first], y[first]);
        for (var i = first + 1; i < end; i++)
        {
            var (x2, y2) = (x[i], y[i]);
            if (x1 == x2 && y1 == y2) continue;
            var ymin = Math.Min(y1, y2);
            var ymax = Math.Max(y1, y2);
            if (py > ymax || py < ymin)
            {
                (x1, y1) = (x2, y2);
                continue;
            }
            // lw_segment_side: negative when the point is left of the segment.
            var side = (px - x1) * (y2 - y1) - (x2 - x1) * (py - y1);
            if (side == 0 && InSegmentBox(px, py, x1, y1, x2, y2)) return Place.Boundary;
            if (side < 0 && y1 <= py && py < y2) wn++;
            else if (side > 0 && y2 <= py && py < y1) wn--;
            (x1, y1) = (x2, y2);
        }
        return wn == 0 ? Place.Outside : Place.Inside;
    }

    /// <summary>lw_pt_in_seg: the point is within the segment's box (it is already known to be on its line).</summary>
    private static bool InSegmentBox(double px, double py, double x1, double y1, double x2, double y2) =>
        ((x1 <= px && px < x2) || (x1 >= px && px > x2)) || ((y1 <= py && py < y2) || (y1 >= py && py > y2));

    /// <summary>lw_dist2d_pt_pt.</summary>
    private static double PointToPoint(double px, double py, double qx, double qy)
    {
        var hside = qx - px;
        var vside = qy - py;
        return Math.Sqrt(hside * hside + vside * vside);
    }

    /// <summary>lw_dist2d_pt_seg (minimum distance).</summary>
    private static double PointToSegment(double px, double py, double ax, double ay, double bx, double by)
    {
        if (ax == bx && ay == by) return PointToPoint(px, py, ax, ay);
        var r = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
        if (r < 0) return PointToPoint(px, py, ax, ay);
        if (r >= 1) return PointToPoint(px, py, bx, by);
        if ((ay - py) * (bx - ax) == (ax - px) * (by - ay)) return 0.0;
        var cx = ax + r * (bx - ax);
        var cy = ay + r * (by - ay);
        return PointToPoint(px, py, cx, cy);
    }

    /// <summary>lw_dist2d_pt_ptarray: the first vertex, then every segment, stopping at zero.</summary>
    private static double PointToRing(double[] x, double[] y, int first, int end, double px, double py)
    {
        var best = PointToPoint(px, py, x[first], y[first]);
        for (var i = first + 1; i < end; i++)
        {
            var d = PointToSegment(px, py, x[i - 1], y[i - 1], x[i], y[i]);
            if (d < best) best = d;
            if (best <= 0) return best;
        }
        return best;
    }

    /// <summary>
    /// ST_Distance from (px, py) to a (multi)polygon: polygons <paramref name="polygonFirst"/> … <paramref name="polygonEnd"/>
    /// − 1, polygon k's rings ringFirst[k] … ringFirst[k + 1] − 1 (the outer first), ring r's vertices pointFirst[r] …
    /// pointFirst[r + 1] − 1. lw_dist2d_point_poly per polygon: outside the outer ring, the distance to it; inside a hole, the
    /// distance to the hole; otherwise zero. The smallest over the polygons.
    /// </summary>
    public static double Distance(double[] x, double[] y, int[] ringFirst, int[] pointFirst, int polygonFirst, int polygonEnd, double px, double py)
    {
        var best = double.MaxValue;
        for (var k = polygonFirst; k < polygonEnd; k++)
        {
            var outer = ringFirst[k];
            double d;
            if (Locate(x, y, pointFirst[outer], pointFirst[outer + 1], px, py) == Place.Outside)
                d = PointToRing(x, y, pointFirst[outer], pointFirst[outer + 1], px, py);
            else
            {
                d = 0.0;
                for (var hole = outer + 1; hole < ringFirst[k + 1]; hole++)
                {
                    if (Locate(x, y, pointFirst[hole], pointFirst[hole + 1], px, py) == Place.Outside) continue;
                    d = PointToRing(x, y, pointFirst[hole], pointFirst[hole + 1], px, py);
                    break;
                }
            }
            if (d < best) best = d;
            if (best <= 0) return best;
        }
        return best;
    }

    /// <summary>
    /// ST_Intersects of a (multi)polygon (laid out as in <see cref="Distance"/>) and the closed box: they meet when an edge of
    /// any ring meets the box, or, none doing so, when the box lies inside a polygon (its corner inside the outer ring and
    /// in no hole). An edge meets the box when their boxes overlap and the box's corners are not all strictly on one side of
    /// the edge's line (the separating axes of a segment and a box).
    /// </summary>
    public static bool Intersects(double[] x, double[] y, int[] ringFirst, int[] pointFirst, int polygonFirst, int polygonEnd,
        double minX, double minY, double maxX, double maxY)
    {
        for (var k = polygonFirst; k < polygonEnd; k++)
            for (var ring = ringFirst[k]; ring < ringFirst[k + 1]; ring++)
                for (var i = pointFirst[ring] + 1; i < pointFirst[ring + 1]; i++)
                    if (SegmentMeetsBox(x[i - 1], y[i - 1], x[i], y[i], minX, minY, maxX, maxY)) return true;
        for (var k = polygonFirst; k < polygonEnd; k++)
        {
            var outer = ringFirst[k];
            if (Locate(x, y, pointFirst[outer], pointFirst[outer + 1], minX, minY) == Place.Outside) continue;
            var inHole = false;
            for (var hole = outer + 1; hole < ringFirst[k + 1] && !inHole; hole++)
                inHole = Locate(x, y, pointFirst[hole], pointFirst[hole + 1], minX, minY) == Place.Inside;
            if (!inHole) return true;
        }
        return false;
    }

    private static bool SegmentMeetsBox(double ax, double ay, double bx, double by, double minX, double minY, double maxX, double maxY)
    {
        if (Math.Max(ax, bx) < minX || Math.Min(ax, bx) > maxX || Math.Max(ay, by) < minY || Math.Min(ay, by) > maxY) return false;
        var (dx, dy) = (bx - ax, by - ay);
        var s1 = Math.Sign(dx * (minY - ay) - dy * (minX - ax));
        var s2 = Math.Sign(dx * (minY - ay) - dy * (maxX - ax));
        var s3 = Math.Sign(dx * (maxY - ay) - dy * (minX - ax));
        var s4 = Math.Sign(dx * (maxY - ay) - dy * (maxX - ax));
        return !((s1 > 0 && s2 > 0 && s3 > 0 && s4 > 0) || (s1 < 0 && s2 < 0 && s3 < 0 && s4 < 0));
    }
}
