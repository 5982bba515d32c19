using LandMap.Core.Crs;
using LandMap.Core.Resources;
using LandMap.Core.Units;
using NetTopologySuite.Geometries;

namespace LandMap.Seeds;

/// <summary>
/// Benchmark data: N parcels spread over the five demo zones on a regular block grid (disjoint rectangles), streamed
/// lazily so a million rows never sit in memory. Deterministic for a given seed.
/// </summary>
public static class ScaleGenerator
{
    private const double CellM = 400;

    public static IEnumerable<ParcelSeed> Parcels(int count, int seed = DemoGenerator.DefaultSeed)
    {
        var rng = new Random(seed);
        var zones = DemoZones.All;
        var perZone = (count + zones.Count - 1) / zones.Count;
        var side = (int)Math.Ceiling(Math.Sqrt(perZone));
        var factory = new GeometryFactory(new PrecisionModel(), 4490);
        var n = 0;
        for (var z = 0; z < zones.Count && n < count; z++)
        {
            var zone = zones[z];
            var cm = GaussKruger.CentralMeridianFor(zone.Lon);
            var centre = (Point)GaussKruger.Project(new Point(zone.Lon, zone.Lat), cm);
            for (var i = 0; i < perZone && n < count; i++, n++)
            {
                var (col, row) = (i % side, i / side);
                var (w, d) = (40 + rng.NextDouble() * (CellM - 60), 40 + rng.NextDouble() * (CellM - 60)); // 2.4–216 mu
                var x0 = centre.X + (col - side / 2.0) * CellM;
                var y0 = centre.Y + (row - side / 2.0) * CellM;
                var ring = new[] { new Coordinate(x0, y0), new(x0 + w, y0), new(x0 + w, y0 + d), new(x0, y0 + d), new(x0, y0) };
                var geom = (MultiPolygon)GaussKruger.Unproject(factory.CreateMultiPolygon([factory.CreatePolygon(ring)]), cm);
                geom.SRID = 4490;
                var mu = Math.Round(Area.MuFromM2(GaussKruger.AreaM2(geom, cm)), 4);
                var landUse = rng.Next(10) switch { < 4 => "100101", < 7 => "100102", < 8 => "100103", _ => "110101" };
                var status = ResourceStatus.All[rng.Next(10) switch { < 6 => 0, < 8 => 1, 8 => 2, _ => 3 }];
                yield return new ParcelSeed(
                    $"S{z}-{i + 1:D7}", zone.Code, null, $"bench {z}/{i}", geom, mu, cm, Math.Round(mu, 2),
                    landUse, landUse, 1.0, 2.5, 30, 15, 40, zone.Level == "national" ? 240 : 200, 10 + rng.Next(0, 4) * 5,
                    [zone.Chains[rng.Next(zone.Chains.Length)]], 400 + rng.Next(0, 20) * 500, true, rng.Next(2) == 0,
                    rng.Next(3) == 0, "七通一平", 25 + rng.Next(0, 30), "state",
                    new DateOnly(2015, 1, 1).AddDays(rng.Next(0, 4000)), "政府收储待出让", status, "bench");
            }
        }
    }
}
