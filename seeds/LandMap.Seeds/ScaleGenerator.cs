using LandMap.Core.Crs;
using LandMap.Core.Resources;
using LandMap.Core.Units;
using NetTopologySuite.Geometries;

namespace LandMap.Seeds;

/// <summary>
/// Benchmark data at province scale: N parcels in generated development zones of <see cref="ParcelsPerZone"/> parcels
/// each, laid out on a lattice across Shandong (about 45 km apart). Each zone has its own street grid, turned by up to
/// ±<see cref="MaxGridTurnDeg"/>°, of 360 m blocks (a 20 m road between them); its outline is the grid turned the same way
/// with a 500 m margin, so it holds all its parcels and no two outlines touch. One parcel per block, aligned to the grid:
/// a rectangle (aspect 1–2.5), one in five with a corner cut off (a chamfer, 5 vertices) and one in ten an L (a notch,
/// 6 vertices). Areas are log-normal, median <see cref="MedianMu"/> mu, 3–170 mu (a block holds at most 340 m × 340 m);
/// area_mu is measured on the final geometry in its Gauss–Krüger zone. Coordinates are snapped to 1e-7° (about 1 cm).
/// Zones borrow the level, city and industry chains of the demo zones in turn, so matching meets Qingdao's and Jinan's
/// rules. Streamed lazily, so a million rows never sit in memory; deterministic for a given seed.
/// </summary>
public static class ScaleGenerator
{
    public const int ParcelsPerZone = 10_000;
    public const double MedianMu = 30, MinMu = 3, MaxMu = 170, MaxGridTurnDeg = 10;
    private const double CellM = 360, RoadM = 20, MarginM = 500;
    private const double FirstLon = 115.8, FirstLat = 34.8, StepLon = 0.5, StepLat = 0.42;
    private const int Columns = 13;
    /// <summary>Spread (σ of ln area) of the log-normal parcel area: median 30 mu, p90 ≈ 95 mu before the cut at 170.</summary>
    private const double LogSigma = 0.9;
    private const double SnapDeg = 1e7;

    private static int ZoneCount(int parcels) => Math.Max(1, (parcels + ParcelsPerZone - 1) / ParcelsPerZone);

    private static int Side => (int)Math.Ceiling(Math.Sqrt(ParcelsPerZone));

    /// <summary>A zone's site: its grid centre in its GK zone and the grid's turn (cos, sin).</summary>
    private sealed record Site(int Index, string Code, DemoZone Like, int CentralMeridian, Point CentreGk, double Cos, double Sin)
    {
        /// <summary>Grid coordinates (metres from the centre, along and across the streets) to GK easting/northing.</summary>
        public Coordinate ToGk(double u, double v) => new(CentreGk.X + u * Cos - v * Sin, CentreGk.Y + u * Sin + v * Cos);
    }

    private static Site SiteOf(int k)
    {
        var like = DemoZones.All[k % DemoZones.All.Count];
        var (lon, lat) = (FirstLon + (k % Columns) * StepLon, FirstLat + (k / Columns) * StepLat);
        var cm = GaussKruger.CentralMeridianFor(lon);
        // The turn comes from the zone's index (not the parcel stream), so Zones and Parcels agree without sharing state.
        var turn = (new Random(k * 7919 + 17).NextDouble() * 2 - 1) * MaxGridTurnDeg * Math.PI / 180;
        return new(k, $"SZ{k + 1:D3}", like, cm, (Point)GaussKruger.Project(new Point(lon, lat), cm), Math.Cos(turn), Math.Sin(turn));
    }

    /// <summary>The zones the parcels of <see cref="Parcels"/> belong to, with outlines that hold them.</summary>
    public static IEnumerable<ZoneSeed> Zones(int parcels)
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4490);
        var half = Side * CellM / 2 + MarginM;
        for (var k = 0; k < ZoneCount(parcels); k++)
        {
            var site = SiteOf(k);
            var ring = new[] { site.ToGk(-half, -half), site.ToGk(half, -half), site.ToGk(half, half), site.ToGk(-half, half), site.ToGk(-half, -half) };
            var outline = ToLonLat(factory, ring, site.CentralMeridian);
            yield return new ZoneSeed(site.Code, null, $"基准开发区{k + 1}", $"Bench zone {k + 1}", site.Like.Level, site.Like.City, outline,
                Math.Round(Area.MuFromM2(GaussKruger.AreaM2(outline, site.CentralMeridian)), 2));
        }
    }

    public static IEnumerable<ParcelSeed> Parcels(int count, int seed = DemoGenerator.DefaultSeed)
    {
        var rng = new Random(seed);
        var factory = new GeometryFactory(new PrecisionModel(), 4490);
        var n = 0;
        for (var k = 0; n < count; k++)
        {
            var site = SiteOf(k);
            var zone = site.Like;
            for (var i = 0; i < ParcelsPerZone && n < count; i++, n++)
            {
                var (col, row) = (i % Side, i / Side);
                var local = Footprint(rng);
                // The block's lower-left corner in grid metres; the parcel sits at a random place inside the block.
                var u0 = (col - Side / 2.0) * CellM + RoadM / 2 + rng.NextDouble() * (CellM - RoadM - local.Width);
                var v0 = (row - Side / 2.0) * CellM + RoadM / 2 + rng.NextDouble() * (CellM - RoadM - local.Depth);
                var ring = local.Ring.Select(c => site.ToGk(u0 + c.X, v0 + c.Y)).ToArray();
                var geom = ToLonLat(factory, ring, site.CentralMeridian);
                var mu = Math.Round(Area.MuFromM2(GaussKruger.AreaM2(geom, site.CentralMeridian)), 4);
                var landUse = rng.Next(10) switch { < 4 => "100101", < 7 => "100102", < 8 => "100103", _ => "110101" };
                var status = ResourceStatus.All[rng.Next(10) switch { < 6 => 0, < 8 => 1, 8 => 2, _ => 3 }];
                yield return new ParcelSeed(
                    $"S{k}-{i + 1:D7}", site.Code, null, $"bench {k}/{i}", geom, mu, site.CentralMeridian, Math.Round(mu, 2),
                    landUse, landUse, 1.0, 2.5, 30, 15, 40, zone.Level == "national" ? 240 : 200, 10 + rng.Next(0, 4) * 5,
                    [zone.Chains[rng.Next(zone.Chains.Length)]], 400 + rng.Next(0, 20) * 500, true, rng.Next(2) == 0,
                    rng.Next(3) == 0, "七通一平", 25 + rng.Next(0, 30), "state",
                    new DateOnly(2015, 1, 1).AddDays(rng.Next(0, 4000)), "政府收储待出让", status, "bench");
            }
        }
    }

    /// <summary>A parcel's outline in grid metres from its lower-left corner (closed ring), and its bounding width and depth.</summary>
    private sealed record Shape(Coordinate[] Ring, double Width, double Depth);

    private static Shape Footprint(Random rng)
    {
        var areaM2 = Area.M2FromMu(LogNormalMu(rng));
        var aspect = 1 + rng.NextDouble() * 1.5;
        var maxSide = CellM - RoadM;
        var w = Math.Min(Math.Sqrt(areaM2 * aspect), maxSide);
        var d = Math.Min(areaM2 / w, maxSide);
        if (rng.Next(2) == 0) (w, d) = (d, w); // long side along either street
        var kind = rng.Next(10);
        Coordinate[] ring = kind switch
        {
            // a chamfered corner: up to a quarter of the shorter side cut off at 45°
            < 2 => Chamfer(w, d, (0.1 + rng.NextDouble() * 0.15) * Math.Min(w, d)),
            // an L: a notch of 20–40 % of each side out of the upper-right corner
            < 3 => Notch(w, d, (0.2 + rng.NextDouble() * 0.2) * w, (0.2 + rng.NextDouble() * 0.2) * d),
            _ => [new(0, 0), new(w, 0), new(w, d), new(0, d), new(0, 0)],
        };
        return new(ring, w, d);
    }

    private static Coordinate[] Chamfer(double w, double d, double cut) =>
        [new(0, 0), new(w, 0), new(w, d - cut), new(w - cut, d), new(0, d), new(0, 0)];

    private static Coordinate[] Notch(double w, double d, double nw, double nd) =>
        [new(0, 0), new(w, 0), new(w, d - nd), new(w - nw, d - nd), new(w - nw, d), new(0, d), new(0, 0)];

    /// <summary>Log-normal area in mu (median <see cref="MedianMu"/>), drawn again until it lies in [MinMu, MaxMu] (no pile-up at the bounds).</summary>
    private static double LogNormalMu(Random rng)
    {
        while (true)
        {
            // Box–Muller: a standard normal from two uniforms.
            var z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            var mu = MedianMu * Math.Exp(LogSigma * z);
            if (mu is >= MinMu and <= MaxMu) return mu;
        }
    }

    private static MultiPolygon ToLonLat(GeometryFactory factory, Coordinate[] gkRing, int centralMeridian)
    {
        var geom = (MultiPolygon)GaussKruger.Unproject(factory.CreateMultiPolygon([factory.CreatePolygon(gkRing)]), centralMeridian);
        geom.Apply(SnapFilter.Instance);
        geom.GeometryChanged();
        geom.SRID = 4490;
        return geom;
    }

    /// <summary>Rounds lon/lat to 1e-7° (about 1 cm), the precision a surveyed ledger carries.</summary>
    private sealed class SnapFilter : ICoordinateSequenceFilter
    {
        public static readonly SnapFilter Instance = new();
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            seq.SetX(i, Math.Round(seq.GetX(i) * SnapDeg) / SnapDeg);
            seq.SetY(i, Math.Round(seq.GetY(i) * SnapDeg) / SnapDeg);
        }
    }
}
