using LandMap.Api.Tests;
using LandMap.Core.Units;
using LandMap.Seeds;
using Npgsql;

namespace LandMap.Web.Tests;

/// <summary>
/// A zone of a test's own with idle parcels of known area (rectangles in metres: 150 m × 100 m = 22.5 mu), so a test that
/// changes them neither touches TST or the demo zones nor depends on what other tests did. Written as the seed is
/// (no "created" history), so the only history of these parcels is what the test does to them.
/// </summary>
public static class OwnZone
{
    public sealed record Parcel(string Code, double WidthM, double DepthM)
    {
        public double AreaMu => Area.MuFromM2(WidthM * DepthM);
    }

    /// <summary>Writes zone <paramref name="code"/> at (<paramref name="lon"/>, <paramref name="lat"/>) with the parcels, all idle.</summary>
    public static async Task CreateAsync(LandMapFixture fx, string code, double lon, double lat, params Parcel[] parcels)
    {
        var layout = new Layout(lon, lat, rowLengthM: 1200, rotationDeg: 0);
        var seeds = parcels.Select(p =>
        {
            var (x, y) = layout.Place(p.WidthM, p.DepthM);
            return new ParcelSeed(p.Code, code, null, "测试路9号", layout.ToLonLat(Layout.Rectangle(x, y, p.WidthM, p.DepthM)),
                Math.Round(p.AreaMu, 6), layout.CentralMeridian, Math.Round(p.AreaMu, 2), "100101", "100101", 1.0, 2.0, 30, 15, 30, 200, 20,
                ["新型显示"], 1000, true, true, true, "七通一平", 30, "state", new DateOnly(2020, 1, 1), "政府收储待出让", "idle", "测试");
        }).ToList();
        var outline = layout.ToLonLat(Layout.Rectangle(-50, 50, 1300, 800));
        var zone = new ZoneSeed(code, null, $"{code} 测试区", $"{code} test zone", "provincial", "测试", outline, 1000);
        var builder = new NpgsqlDataSourceBuilder(fx.ConnectionString);
        builder.UseNetTopologySuite();
        await using var db = builder.Build();
        await using var conn = await db.OpenConnectionAsync();
        await SeedWriter.WriteAsync(conn, new SeedSet([zone], seeds, [], []));
    }
}
