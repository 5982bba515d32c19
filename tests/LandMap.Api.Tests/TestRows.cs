using LandMap.Core.Units;
using LandMap.Seeds;

namespace LandMap.Api.Tests;

/// <summary>
/// Rows with known answers in a test zone of their own (TST, near 118.0°E 37.0°N, Gauss–Krüger CM 117°E), so tests
/// never depend on demo counts. Rectangles are laid out in metres: 200 m × 100 m = 20 000 m² = 30 mu exactly.
/// </summary>
public static class TestRows
{
    public const string Zone = "TST";
    public const string Park = "TST-P1";

    public sealed record Row(string Code, double WidthM, double DepthM, string LandUse, string Status)
    {
        public double ExpectedMu => Area.MuFromM2(WidthM * DepthM);
    }

    public static readonly Row[] Parcels =
    [
        new("TST-01", 200, 100, "100101", "idle"),          // 30 mu
        new("TST-02", 150, 200.0 / 3, "100102", "negotiating"), // 15 mu
        new("TST-03", 400, 100, "100103", "idle"),          // 60 mu
        new("TST-04", 100, 100.0 / 3, "110101", "reserved"),  // 5 mu
        new("TST-05", 200, 200.0 / 3, "M1", "idle"),        // 20 mu, ledger code M1 → 100101
        new("TST-06", 300, 100, "M0", "idle"),              // 45 mu, ledger code M0
        new("TST-07", 500, 400.0 / 3, "100101", "in_use"),  // 100 mu
    ];

    public sealed record FactoryRow(string Code, double VacantM2, double FloorHeightM, double FloorLoadKnM2, double CraneT, double PowerKva, string Status);

    public static readonly FactoryRow[] Factories =
    [
        new("TST-F01", 3000, 9, 30, 10, 800, "idle"),
        new("TST-F02", 500, 6, 10, 0, 400, "negotiating"),
        new("TST-F03", 0, 12, 50, 32, 2000, "in_use"),
    ];

    public static SeedSet Build()
    {
        var layout = new Layout(118.0, 37.0, rowLengthM: 1200, rotationDeg: 0);
        var parcels = Parcels.Select(r =>
        {
            var (x, y) = layout.Place(r.WidthM, r.DepthM);
            var geom = layout.ToLonLat(Layout.Rectangle(x, y, r.WidthM, r.DepthM));
            var lu = LandMap.Core.LandUse.LandUseCodes.Normalize(r.LandUse)!;
            return new ParcelSeed(r.Code, Zone, Park, "测试路1号", geom, Math.Round(r.ExpectedMu, 4), layout.CentralMeridian,
                Math.Round(r.ExpectedMu, 2), lu.Canonical, lu.Original, 1.0, 2.0, 30, 15, 30, 200, 20, ["新型显示"], 1000,
                true, true, true, "七通一平", 30, "state", new DateOnly(2020, 1, 1), "政府收储待出让", r.Status, "测试");
        }).ToList();
        layout.NewRow();
        var factories = Factories.Select(f =>
        {
            var (x, y) = layout.Place(60, 50);
            var geom = layout.ToLonLat(Layout.Rectangle(x, y, 60, 50));
            return new FactorySeed(f.Code, Zone, null, "测试厂房", "测试路2号", geom, 3000, 6000, f.VacantM2, 2, f.FloorHeightM,
                f.FloorLoadKnM2, f.CraneT, f.PowerKva, 20, null, f.Status, "测试");
        }).ToList();
        var outline = layout.ToLonLat(Layout.Rectangle(-50, 50, 1300, 800));
        var zones = new List<ZoneSeed>
        {
            new(Zone, null, "测试开发区", "Test zone", "provincial", "测试", outline, 1000),
            new(Park, Zone, "测试园", "Test park", "park", "测试", outline, 1000),
        };
        return new SeedSet(zones, parcels, factories, []);
    }
}
