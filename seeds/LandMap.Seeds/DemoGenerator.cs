using LandMap.Core.Crs;
using LandMap.Core.LandUse;
using LandMap.Core.Resources;
using LandMap.Core.Units;

namespace LandMap.Seeds;

/// <summary>
/// Deterministic demo dataset for the five zones: same seed, same rows, on every machine. Attribute ranges follow
/// shared/reference (factory attributes are estimates there and are used for demo data only). The history (2021–2026),
/// the demo projects and their reservations come from <see cref="DemoHistory"/>, consistent with these rows; supplied
/// land, idle-land findings, plans (一地一策) and dispatch meetings from <see cref="DemoRevitalisation"/>.
/// </summary>
public static class DemoGenerator
{
    public const int DefaultSeed = 20261124;

    /// <summary>Ledger snapshot date the history is written up to.</summary>
    public static readonly DateOnly AsOf = new(2026, 10, 31);

    private static readonly string[] IdleReasons =
        ["企业经营困难停产", "项目未按期开工", "规划调整", "征地拆迁未完成", "政府收储待出让", "配套设施不完善", "司法查封"];
    private static readonly string[] Roads =
        ["长江路", "黄河路", "淮河路", "珠江路", "嵩山路", "泰山路", "昆仑山路", "峨眉山路", "香江路", "漓江路", "兴业路", "创新路"];
    private static readonly string[] Surnames = ["张", "王", "李", "刘", "陈", "杨", "赵", "孙"];

    public static SeedSet Generate(int seed = DefaultSeed)
    {
        var zones = new List<ZoneSeed>();
        var parcels = new List<ParcelSeed>();
        var factories = new List<FactorySeed>();
        for (var z = 0; z < DemoZones.All.Count; z++)
        {
            var rng = new Random(seed + z * 7919);
            GenerateZone(DemoZones.All[z], rng, zones, parcels, factories);
        }
        // Laixi's revitalised resources are chosen first, so their history steps into allocated on the plan's day.
        var choice = DemoRevitalisation.Choose(parcels, factories, new Random(seed + 991));
        var story = new DemoHistory(new Random(seed + 4243), choice.Revitalised).Build(choice.Parcels, choice.Factories);
        var (supplied, revitalisation) = DemoRevitalisation.Build(story.Parcels, story.Factories, story.History, story.Reservations, choice,
            new Random(seed + 1013));
        return new SeedSet(zones, supplied, story.Factories, story.History, story.Projects, story.Reservations, revitalisation);
    }

    private static void GenerateZone(DemoZone zone, Random rng, List<ZoneSeed> zones, List<ParcelSeed> parcels, List<FactorySeed> factories)
    {
        var layout = new Layout(zone.Lon, zone.Lat, rowLengthM: 2400, rotationDeg: rng.Next(-20, 21));
        var parkBoxes = zone.Parks.Select(_ => new Box()).ToArray();
        var zoneBox = new Box();

        for (var i = 0; i < zone.ParcelCount; i++)
        {
            var areaM2 = Area.M2FromMu(TargetMu(rng));
            var aspect = 1 + rng.NextDouble() * 1.5;
            var (w, d) = (Math.Sqrt(areaM2 * aspect), Math.Sqrt(areaM2 / aspect));
            if (i == zone.ParcelCount / 2) layout.NewRow();
            var parkIndex = i < zone.ParcelCount / 2 ? 0 : 1;
            var (x, y) = layout.Place(w, d);
            var ring = Shape(rng, x, y, w, d, Area.MuFromM2(areaM2));
            parkBoxes[parkIndex].Add(x, y, w, d);
            zoneBox.Add(x, y, w, d);

            var geom = layout.ToLonLat(ring);
            var mu = Math.Round(Area.MuFromM2(GaussKruger.AreaM2(geom, layout.CentralMeridian)), 4);
            var code = $"{zone.Code}-{i + 1:D4}";
            var parcel = Parcel(zone, rng, code, $"{zone.Code}-P{parkIndex + 1}", geom, mu, layout.CentralMeridian);
            parcels.Add(parcel);
        }

        layout.NewRow();
        for (var i = 0; i < zone.FactoryCount; i++)
        {
            var (w, d) = (40 + rng.Next(0, 9) * 10.0, 30 + rng.Next(0, 7) * 10.0);
            var (x, y) = layout.Place(w, d);
            zoneBox.Add(x, y, w, d);
            var geom = layout.ToLonLat(Layout.Rectangle(x, y, w, d));
            var footprint = Math.Round(GaussKruger.AreaM2(geom, layout.CentralMeridian), 1);
            var code = $"{zone.Code}-F{i + 1:D3}";
            var factory = Factory(zone, rng, code, geom, footprint);
            factories.Add(factory);
        }

        var outline = layout.ToLonLat(zoneBox.Expanded(150).Ring());
        zones.Add(new ZoneSeed(zone.Code, null, zone.NameZh, zone.NameEn, zone.Level, zone.City, outline,
            Math.Round(Area.MuFromM2(GaussKruger.AreaM2(outline)), 2)));
        for (var p = 0; p < zone.Parks.Length; p++)
        {
            var parkGeom = layout.ToLonLat(parkBoxes[p].Expanded(12).Ring());
            zones.Add(new ZoneSeed($"{zone.Code}-P{p + 1}", zone.Code, zone.Parks[p], zone.ParkNameEn(p), "park",
                zone.City, parkGeom, Math.Round(Area.MuFromM2(GaussKruger.AreaM2(parkGeom)), 2)));
        }
    }

    /// <summary>Parcel sizes: half small (0.5–20 mu), a third medium (20–80), the rest large (80–280), log-uniform within.</summary>
    private static double TargetMu(Random rng)
    {
        var r = rng.NextDouble();
        var (lo, hi) = r < 0.5 ? (0.6, 20.0) : r < 0.85 ? (20.0, 80.0) : (80.0, 280.0);
        return Math.Exp(Math.Log(lo) + rng.NextDouble() * (Math.Log(hi) - Math.Log(lo)));
    }

    /// <summary>Street-block shapes: mostly rectangles, some with a chamfered corner or an L-shaped notch.</summary>
    private static IReadOnlyList<(double X, double Y)> Shape(Random rng, double x, double y, double w, double d, double mu)
    {
        var r = rng.NextDouble();
        if (mu < 5 || r < 0.6) return Layout.Rectangle(x, y, w, d);
        var (cw, cd) = (w * (0.2 + rng.NextDouble() * 0.15), d * (0.2 + rng.NextDouble() * 0.15));
        return r < 0.85
            ? [(x, y), (x + w - cw, y), (x + w, y - cd), (x + w, y - d), (x, y - d)]
            : [(x, y), (x + w - cw, y), (x + w - cw, y - cd), (x + w, y - cd), (x + w, y - d), (x, y - d)];
    }

    private static ParcelSeed Parcel(DemoZone zone, Random rng, string code, string park, NetTopologySuite.Geometries.MultiPolygon geom, double mu, int cm)
    {
        var original = LandUseFor(zone, rng);
        var landUse = LandUseCodes.Normalize(original)!;
        var status = Pick(rng, (ResourceStatus.Idle, 55), (ResourceStatus.Negotiating, 15), (ResourceStatus.Reserved, 10),
            (ResourceStatus.Allocated, 10), (ResourceStatus.InUse, 10));
        var ledgerRoll = rng.NextDouble();
        double? ledger = ledgerRoll < 0.85 ? Math.Round(mu * (1 + (rng.NextDouble() - 0.5) * 0.03), 2)
            : ledgerRoll < 0.95 ? Math.Round(mu * (1 + (rng.Next(2) == 0 ? -1 : 1) * (0.08 + rng.NextDouble() * 0.12)), 2)
            : null;
        var plotMin = Pick(rng, (0.6, 1), (0.7, 2), (0.8, 3), (1.0, 3), (1.2, 1));
        var floor = zone.Level == "national" ? 240.0 : zone.City == "青岛" ? 200.0 : 160.0;
        var stricter = rng.NextDouble() < 0.35 ? rng.Next(2, 17) * 10 : 0;
        var readiness = Pick(rng, ("七通一平", 50), ("五通一平", 30), ("三通一平", 15), ("生地", 5));
        var chains = zone.Chains.OrderBy(_ => rng.Next()).Take(rng.Next(1, 3)).ToArray();
        var power = new[] { 400, 630, 800, 1000, 1600, 2500, 4000, 6300, 10000 };
        var powerIndex = Math.Clamp((int)(Math.Log(mu + 1) * 1.6) + rng.Next(-1, 2), 0, power.Length - 1);
        return new ParcelSeed(
            code, zone.Code, park, $"{zone.City}{Roads[rng.Next(Roads.Length)]}{rng.Next(1, 400)}号", geom,
            mu, cm, ledger, landUse.Canonical, landUse.Original,
            plotMin, Math.Round(plotMin + 0.8 + rng.Next(0, 12) * 0.1, 1), Pick(rng, (30.0, 5), (35.0, 3), (40.0, 2)),
            Pick(rng, (10.0, 3), (15.0, 4), (20.0, 3)), Pick(rng, (24.0, 3), (30.0, 3), (40.0, 2), (50.0, 1), (60.0, 1)),
            floor + stricter, Pick(rng, (10.0, 2), (15.0, 3), (20.0, 3), (25.0, 2), (30.0, 1), (40.0, 1)), chains,
            power[powerIndex], readiness != "生地", readiness is "七通一平" or "五通一平", readiness == "七通一平", readiness,
            Math.Round((zone.City == "济南" ? 22 : 30) + rng.NextDouble() * 25, 1),
            rng.NextDouble() < 0.7 ? "state" : "enterprise",
            new DateOnly(2013, 1, 1).AddDays(rng.Next(0, 4500)), IdleReasons[rng.Next(IdleReasons.Length)], status,
            Contact(zone, rng));
    }

    private static string LandUseFor(DemoZone zone, Random rng)
    {
        var logistics = zone.Code == "JMLP" ? 25 : 8;
        var code = Pick(rng, ("100101", 35), ("100102", 30), ("100103", 10), ("110101", logistics), ("110102", logistics / 2),
            ("M0", zone.LegacyCodes ? 5 : 0), ("0802", zone.Code == "CQEDZ" ? 5 : 0));
        if (!zone.LegacyCodes) return code;
        // Older ledgers (Laixi, Changqing) still write GB 50137-2011 codes.
        return code switch
        {
            "100101" => "M1", "100102" => "M2", "100103" => "M3", "110101" => "W1", "110102" => "W2", "0802" => "A35",
            _ => code,
        };
    }

    private static FactorySeed Factory(DemoZone zone, Random rng, string code, NetTopologySuite.Geometries.MultiPolygon geom, double footprint)
    {
        var floors = rng.NextDouble() < 0.4 ? 1 : rng.Next(2, 6);
        var total = Math.Round(footprint * floors, 0);
        var status = Pick(rng, (ResourceStatus.Idle, 55), (ResourceStatus.Negotiating, 15), (ResourceStatus.Reserved, 10),
            (ResourceStatus.Allocated, 10), (ResourceStatus.InUse, 10));
        var vacantShare = status switch
        {
            ResourceStatus.InUse => 0,
            ResourceStatus.Allocated => rng.NextDouble() * 0.1,
            _ => 0.2 + rng.NextDouble() * 0.8,
        };
        var singleStorey = floors == 1;
        var forSale = rng.NextDouble() < 0.2;
        var power = new[] { 250, 315, 400, 630, 800, 1000, 1250, 1600, 2000 };
        return new FactorySeed(
            code, zone.Code, null, $"{zone.NameZh.Split('（')[0]}标准厂房{code[^3..]}号",
            $"{zone.City}{Roads[rng.Next(Roads.Length)]}{rng.Next(1, 400)}号", geom, footprint, total,
            Math.Round(total * vacantShare, 0), floors,
            singleStorey ? 8 + rng.Next(0, 9) * 0.5 : 6 + rng.Next(0, 5) * 0.5,
            singleStorey ? 20 + rng.Next(0, 7) * 5 : 8 + rng.Next(0, 5) * 2,
            singleStorey && rng.NextDouble() < 0.45 ? Pick(rng, (5.0, 2), (10.0, 3), (16.0, 2), (20.0, 1), (32.0, 1)) : 0,
            power[Math.Clamp((int)(total / 2500) + rng.Next(0, 2), 0, power.Length - 1)],
            forSale ? null : Math.Round(10 + rng.NextDouble() * 20, 1),
            forSale ? Math.Round(2500 + rng.NextDouble() * 2000, 0) : null,
            status, Contact(zone, rng));
    }

    private static string Contact(DemoZone zone, Random rng) =>
        $"{Surnames[rng.Next(Surnames.Length)]}工 {(zone.City == "济南" ? "0531" : "0532")}-8{rng.Next(1000000, 9999999)}";

    private static T Pick<T>(Random rng, params (T Value, int Weight)[] options)
    {
        var roll = rng.Next(options.Sum(o => o.Weight));
        foreach (var (value, weight) in options)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        throw new InvalidOperationException("unreachable: weights are positive");
    }

    private sealed class Box
    {
        private double _minX = double.MaxValue, _minY = double.MaxValue, _maxX = double.MinValue, _maxY = double.MinValue;

        public void Add(double x, double y, double w, double d)
        {
            (_minX, _maxX) = (Math.Min(_minX, x), Math.Max(_maxX, x + w));
            (_minY, _maxY) = (Math.Min(_minY, y - d), Math.Max(_maxY, y));
        }

        public Box Expanded(double m) => new() { _minX = _minX - m, _minY = _minY - m, _maxX = _maxX + m, _maxY = _maxY + m };

        public IReadOnlyList<(double X, double Y)> Ring() => Layout.Rectangle(_minX, _maxY, _maxX - _minX, _maxY - _minY);
    }
}
