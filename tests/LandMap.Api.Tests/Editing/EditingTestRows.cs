using System.Net.Http.Json;
using System.Text.Json;
using LandMap.Core.Crs;
using NetTopologySuite.Geometries;
using Npgsql;

namespace LandMap.Api.Tests.Editing;

/// <summary>
/// The editing tests' own zone (EDT, around 118.3°E 36.6°N, Gauss–Krüger CM 117°E) and parcels laid out in metres from
/// its origin, created through the API itself so every test owns its rows. A 200 m × 100 m rectangle is 30 mu.
/// </summary>
internal static class EditingTestRows
{
    public const string Zone = "EDT";
    private const int Cm = 117;
    private static readonly Point Origin = (Point)GaussKruger.Project(new Point(118.3, 36.6), Cm);

    /// <summary>Each test draws on its own sheet, 12 km north of the last one: two parcels may not hold the same ground.</summary>
    private static int _sheets;
    private static readonly AsyncLocal<double> SheetNorthM = new();
    public const double SheetSpacingM = 12_000;

    /// <summary>Starts a sheet for the test being built (call from the test class's constructor): its rectangles start there.</summary>
    public static int NewSheet()
    {
        var n = Interlocked.Increment(ref _sheets);
        SheetNorthM.Value = n * SheetSpacingM;
        return n;
    }

    public static async Task EnsureZoneAsync(LandMapFixture fx)
    {
        await using var conn = new NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO zones (code, parent_code, name_zh, name_en, level, city, geom, area_mu)
            VALUES ('EDT', NULL, '编辑测试区', 'Editing test zone', 'provincial', '测试',
                    ST_Multi(ST_GeomFromText('POLYGON((118.25 36.55, 118.35 36.55, 118.35 36.65, 118.25 36.65, 118.25 36.55))', 4490)), 1000)
            ON CONFLICT (code) DO NOTHING
            """, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public static string NewCode(string prefix = "EDT") => $"{prefix}-{Guid.NewGuid():N}"[..16];

    /// <summary>A GeoJSON Polygon of the rectangle x..x+w, y..y+h metres east and north of the zone's origin.</summary>
    public static object Rectangle(double x, double y, double w, double h) => new { type = "Polygon", coordinates = new[] { Ring(x, y, w, h) } };

    public static double[][] Ring(double x, double y, double w, double h) =>
        new (double X, double Y)[] { (x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y) }.Select(p => LonLat(p.X, p.Y)).ToArray();

    public static double[] LonLat(double x, double y)
    {
        var p = (Point)GaussKruger.Unproject(new Point(Origin.X + x, Origin.Y + SheetNorthM.Value + y), Cm);
        return [p.X, p.Y];
    }

    /// <summary>Creates an idle 一类工业用地 parcel through the API and returns its code and version.</summary>
    public static async Task<(string Code, int Version)> CreateParcelAsync(LandMapFixture fx, object geometry, string status = "idle", string? code = null)
    {
        code ??= NewCode();
        using var res = await fx.Client.PostAsJsonAsync("/collections/parcels/items", new
        {
            type = "Feature",
            geometry,
            properties = new { code, zone = Zone, landUse = "100101", status, plotRatioMin = 1.0, plotRatioMax = 2.0, address = "编辑路1号" },
            note = "测试建档",
        });
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == System.Net.HttpStatusCode.Created, $"create {code}: {(int)res.StatusCode} {body}");
        return (code, int.Parse(res.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture));
    }

    public static async Task<JsonElement> HistoryAsync(LandMapFixture fx, string code, string collection = "parcels") =>
        (await fx.GetJsonAsync($"/collections/{collection}/items/{code}/history")).GetProperty("changes");

    /// <summary>The stored row as the database holds it: version, status, area.</summary>
    public static async Task<(int Version, string Status, double AreaMu, string? Address)> RowAsync(LandMapFixture fx, string code)
    {
        await using var conn = new NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT version, status, area_mu, address FROM parcels WHERE code = $1", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = code });
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync(), $"parcel {code} is in the table");
        return (r.GetInt32(0), r.GetString(1), r.GetDouble(2), r.IsDBNull(3) ? null : r.GetString(3));
    }

    public static async Task<JsonElement> Json(HttpResponseMessage res) => JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.Clone();

    public static HttpRequestMessage Request(HttpMethod method, string url, object? body, int? ifMatch = null)
    {
        var req = new HttpRequestMessage(method, url);
        if (body is not null) req.Content = JsonContent.Create(body);
        if (ifMatch is { } v) req.Headers.TryAddWithoutValidation("If-Match", $"\"{v}\"");
        return req;
    }

    public static HttpRequestMessage RawRequest(HttpMethod method, string url, string json, int? ifMatch = null)
    {
        var req = new HttpRequestMessage(method, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        if (ifMatch is { } v) req.Headers.TryAddWithoutValidation("If-Match", $"\"{v}\"");
        return req;
    }
}
