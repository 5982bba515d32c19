using LandMap.Core.Crs;
using Area = LandMap.Core.Units.Area;
using LandMap.Seeds;
using MinimumDiameter = NetTopologySuite.Algorithm.MinimumDiameter;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace LandMap.Core.Tests.Seeds;

/// <summary>
/// The benchmark data: every parcel inside its zone's outline, zones apart, parcels of realistic size and shape, never
/// overlapping, with areas that agree with their geometry.
/// </summary>
public class ScaleGeneratorTests
{
    private const int Count = 25_000; // three zones, the last one part-filled
    private static readonly Lazy<List<ParcelSeed>> Sample = new(() => ScaleGenerator.Parcels(Count).ToList());

    [Fact]
    public void Parcels_lie_inside_their_zones_and_never_overlap()
    {
        var zones = ScaleGenerator.Zones(Count).ToDictionary(z => z.Code);
        Assert.Equal(3, zones.Count);
        var parcels = Sample.Value;
        Assert.Equal(Count, parcels.Count);
        Assert.Equal(Count, parcels.Select(p => p.Code).Distinct().Count());
        Assert.All(parcels, p => Assert.True(zones[p.ZoneCode].Geom.Covers(p.Geom), $"{p.Code} outside {p.ZoneCode}"));
        // No two parcels overlap: an index over the outlines finds only each parcel itself.
        var index = new STRtree<int>();
        for (var i = 0; i < parcels.Count; i++) index.Insert(parcels[i].Geom.EnvelopeInternal, i);
        foreach (var i in Enumerable.Range(0, parcels.Count).Where(i => i % 25 == 0))
            Assert.All(index.Query(parcels[i].Geom.EnvelopeInternal).Where(j => j != i),
                j => Assert.False(parcels[i].Geom.Intersects(parcels[j].Geom), $"{parcels[i].Code} overlaps {parcels[j].Code}"));
    }

    [Fact]
    public void The_hundred_zones_of_a_million_parcels_never_touch()
    {
        var outlines = ScaleGenerator.Zones(1_000_000).Select(z => z.Geom).ToList();
        Assert.Equal(100, outlines.Count);
        for (var i = 0; i < outlines.Count; i++)
            for (var j = i + 1; j < outlines.Count; j++)
                Assert.False(outlines[i].Intersects(outlines[j]), $"zones {i + 1} and {j + 1} touch");
    }

    [Fact]
    public void Areas_follow_a_realistic_distribution()
    {
        var mu = Sample.Value.Select(p => p.AreaMu).Order().ToList();
        double At(double q) => mu[(int)(q * (mu.Count - 1))];
        // The generator draws log-normal areas, median 30 mu, cut to 3–170 mu; a notch takes at most 16 % off.
        Assert.InRange(mu[0], 2.5, 3.5);
        Assert.InRange(mu[^1], 150, 170);
        Assert.InRange(At(0.5), 27, 33);
        Assert.InRange(At(0.1), 8, 14);
        Assert.InRange(At(0.9), 80, 105);
    }

    [Fact]
    public void Shapes_are_rectangles_chamfers_and_ls_of_modest_aspect()
    {
        var corners = new Dictionary<int, int>();
        foreach (var p in Sample.Value)
        {
            Assert.Single(p.Geom.Geometries);
            Assert.True(p.Geom.IsValid, $"{p.Code} invalid");
            var n = p.Geom.NumPoints - 1;
            corners[n] = corners.GetValueOrDefault(n) + 1;
            // Aspect of the smallest enclosing rectangle in metres (the generator draws 1–2.5; a chamfer or notch keeps the box).
            var box = (Polygon)new MinimumDiameter(GaussKruger.Project(p.Geom, p.GkCentralMeridian)).GetMinimumRectangle();
            var c = box.ExteriorRing.Coordinates;
            var (a, b) = (c[0].Distance(c[1]), c[1].Distance(c[2]));
            Assert.InRange(Math.Max(a, b) / Math.Min(a, b), 1, 2.6);
        }
        Assert.Equal([4, 5, 6], corners.Keys.Order());
        Assert.InRange(corners[4] / (double)Count, 0.67, 0.73);
        Assert.InRange(corners[5] / (double)Count, 0.17, 0.23);
        Assert.InRange(corners[6] / (double)Count, 0.08, 0.12);
    }

    [Fact]
    public void Area_is_the_geometry_measured_in_its_gauss_krueger_zone_and_agrees_with_the_ellipsoid()
    {
        foreach (var p in Sample.Value.Where((_, i) => i % 50 == 0))
        {
            Assert.Equal(GaussKruger.CentralMeridianFor(p.Geom.Centroid.X), p.GkCentralMeridian);
            var gk = Area.MuFromM2(GaussKruger.AreaM2(p.Geom, p.GkCentralMeridian));
            Assert.Equal(gk, p.AreaMu, 4);
            // Independent check: the ellipsoid's local plane (meridian radius M, prime-vertical radius N at the centroid,
            // CGCS2000 a = 6378137 m, f = 1/298.257222101), exact to ~1e-6 for a parcel. GK's scale grows with the distance
            // from the central meridian (≤ 1.5°: area ≤ +0.05 %), so the two agree within 0.1 %.
            var ellipsoid = Area.MuFromM2(LocalPlaneAreaM2(p.Geom));
            Assert.InRange(p.AreaMu / ellipsoid, 1, 1.001);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_parcels()
    {
        Assert.Equal(ScaleGenerator.Parcels(500).Select(p => p.Geom.ToText()), ScaleGenerator.Parcels(500).Select(p => p.Geom.ToText()));
        Assert.Equal(ScaleGenerator.Zones(500).Select(z => z.Geom.ToText()), ScaleGenerator.Zones(500).Select(z => z.Geom.ToText()));
    }

    private static double LocalPlaneAreaM2(Geometry lonLat)
    {
        const double a = 6378137, f = 1 / 298.257222101, e2 = f * (2 - f);
        var c = lonLat.Centroid;
        var phi = c.Y * Math.PI / 180;
        var w = 1 - e2 * Math.Sin(phi) * Math.Sin(phi);
        var m = a * (1 - e2) / Math.Pow(w, 1.5);
        var n = a / Math.Sqrt(w);
        var ring = ((Polygon)lonLat.GetGeometryN(0)).ExteriorRing.Coordinates;
        var xy = ring.Select(p => new Coordinate(n * Math.Cos(phi) * (p.X - c.X) * Math.PI / 180, m * (p.Y - c.Y) * Math.PI / 180)).ToArray();
        return Math.Abs(NetTopologySuite.Algorithm.Area.OfRingSigned(xy));
    }
}
