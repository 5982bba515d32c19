using LandMap.Core.Crs;
using LandMap.Core.Resources;
using LandMap.Core.Units;
using NetTopologySuite.Geometries;

namespace LandMap.Seeds;

/// <summary>
/// Benchmark data at province scale: N parcels in generated development zones of <see cref="ParcelsPerZone"/> parcels
/// each, laid out on a lattice across Shandong (about 45 km apart), each zone's outline holding its parcels with a margin.
/// Inside a zone the parcels sit one per 400 m block (2.4–216 mu rectangles, so they never overlap). Zones borrow the
/// level, city and industry chains of the demo zones in turn, so matching meets Qingdao's and Jinan's rules. Streamed
/// lazily, so a million rows never sit in memory; deterministic for a given seed.
/// </summary>
public static class ScaleGenerator
{
    public const int ParcelsPerZone = 10_000;
    private const double CellM = 400, MarginM = 1_000;
    private const double FirstLon = 115.8, FirstLat = 34.8, StepLon = 0.5, StepLat = 0.42;
    private const int Columns = 13;

    private static int ZoneCount(int parcels) => Math.Max(1, (parcels + ParcelsPerZone - 1) / ParcelsPerZone);

    private static int Side => (int)Math.Ceiling(Math.Sqrt(ParcelsPerZone));

    private sealed record Site(int Index, string Code, DemoZone Like, int CentralMeridian, Point CentreGk);

    private static Site SiteOf(int k)
    {
        var like = DemoZones.All[k % DemoZones.All.Count];
        var (lon, lat) = (FirstLon + (k % Columns) * StepLon, FirstLat + (k / Columns) * StepLat);
        var cm = GaussKruger.CentralMeridianFor(lon);
        return new(k, $"SZ{k + 1:D3}", like, cm, (Point)GaussKruger.Project(new Point(lon, lat), cm));
    }

    /// <summary>The zones the parcels of <see cref="Parcels"/> belong to, with outlines that hold them.</summary>
    public static IEnumerable<ZoneSeed> Zones(int parcels)
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4490);
        var half = Side * CellM / 2 + MarginM;
        for (var k = 0; k < ZoneCount(parcels); k++)
        {
            var site = SiteOf(k);
            var (x, y) = (site.CentreGk.X, site.CentreGk.Y);
            var ring = new[] { new Coordinate(x - half, y - half), new(x + half, y - half), new(x + half, y + half), new(x - half, y + half), new(x - half, y - half) };
            var outline = (MultiPolygon)GaussKruger.Unproject(factory.CreateMultiPolygon([factory.CreatePolygon(ring)]), site.CentralMeridian);
            outline.SRID = 4490;
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
                var (w, d) = (40 + rng.NextDouble() * (CellM - 60), 40 + rng.NextDouble() * (CellM - 60)); // 2.4–216 mu
                var x0 = site.CentreGk.X + (col - Side / 2.0) * CellM + 10;
                var y0 = site.CentreGk.Y + (row - Side / 2.0) * CellM + 10;
                var ring = new[] { new Coordinate(x0, y0), new(x0 + w, y0), new(x0 + w, y0 + d), new(x0, y0 + d), new(x0, y0) };
                var geom = (MultiPolygon)GaussKruger.Unproject(factory.CreateMultiPolygon([factory.CreatePolygon(ring)]), site.CentralMeridian);
                geom.SRID = 4490;
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
}
