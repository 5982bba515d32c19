using System.Text.Json;
using NetTopologySuite.Geometries;

namespace LandMap.Api.Tests.Collections;

/// <summary>
/// Outlines go out with RFC 7946's ring order (§3.1.6: exterior rings counter-clockwise, holes clockwise) however they
/// came in: stored outlines are turned by the write itself (migration 017), and an outline rebuilt from the history for
/// asOf is turned by that read, even one recorded before the migration.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class RingOrderTests(LandMapFixture fx)
{
    private readonly string _code = "RING-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>A 1 km square at <paramref name="lon"/> with a hole, both rings the wrong way round (exterior clockwise).</summary>
    private static string WrongWay(double lon) => FormattableString.Invariant($"""
        MULTIPOLYGON((({lon} 30.5, {lon} 30.51, {lon + 0.01} 30.51, {lon + 0.01} 30.5, {lon} 30.5),
                      ({lon + 0.002} 30.502, {lon + 0.004} 30.502, {lon + 0.004} 30.504, {lon + 0.002} 30.504, {lon + 0.002} 30.502)))
        """);

    private static void AssertRfc7946(JsonElement feature, double lon)
    {
        var geom = (MultiPolygon)new GeoJsonReaderLite().Read(feature.GetProperty("geometry"));
        Assert.Equal(lon, geom.EnvelopeInternal.MinX, 6);
        var polygon = (Polygon)geom.GetGeometryN(0);
        Assert.True(polygon.Shell.IsCCW, "the exterior ring is counter-clockwise");
        Assert.Single(polygon.Holes);
        Assert.False(polygon.Holes[0].IsCCW, "the hole is clockwise");
    }

    private Task WriteAtAsync(string at, string sql, string wkt) =>
        fx.ExecuteAsync($"WITH at AS (SELECT set_config('landmap.at', $3, true)) {sql}", _code, wkt, at);

    [Fact]
    public async Task Outlines_go_out_counter_clockwise_stored_and_rebuilt_from_history()
    {
        try
        {
            await WriteAtAsync("2024-01-10T12:00:00+08:00", """
                INSERT INTO parcels (code, zone_code, geom, area_mu, gk_central_meridian, land_use, land_use_original, ownership, status)
                SELECT $1, 'TST', ST_GeomFromText($2, 4490), 1400, 102, '100101', '100101', 'state', 'idle' FROM at
                """, WrongWay(101.5));
            AssertRfc7946(await fx.GetJsonAsync($"/collections/parcels/items/{_code}"), 101.5);

            // An outline recorded the wrong way round, as one stored before migration 017 was: its trigger held off.
            await fx.ExecuteAsync("ALTER TABLE parcels DISABLE TRIGGER parcels_ccw");
            try
            {
                await WriteAtAsync("2024-02-10T12:00:00+08:00",
                    "UPDATE parcels SET geom = ST_GeomFromText($2, 4490) FROM at WHERE code = $1", WrongWay(101.6));
            }
            finally
            {
                await fx.ExecuteAsync("ALTER TABLE parcels ENABLE TRIGGER parcels_ccw");
            }
            await WriteAtAsync("2024-03-10T12:00:00+08:00",
                "UPDATE parcels SET geom = ST_GeomFromText($2, 4490) FROM at WHERE code = $1", WrongWay(101.7));

            AssertRfc7946(await fx.GetJsonAsync($"/collections/parcels/items/{_code}"), 101.7);
            AssertRfc7946(await fx.GetJsonAsync($"/collections/parcels/items/{_code}?asOf=2024-02-20"), 101.6);
            AssertRfc7946(await fx.GetJsonAsync($"/collections/parcels/items/{_code}?asOf=2024-01-20"), 101.5);
            var page = await fx.GetJsonAsync("/collections/parcels/items?bbox=101.55,30.4,101.65,30.6&asOf=2024-02-20");
            AssertRfc7946(page.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == _code), 101.6);
            var live = await fx.GetJsonAsync("/collections/parcels/items?bbox=101.65,30.4,101.75,30.6");
            AssertRfc7946(live.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == _code), 101.7);
        }
        finally
        {
            await fx.ExecuteAsync("DELETE FROM changes WHERE code = $1", _code);
            await fx.ExecuteAsync("DELETE FROM parcels WHERE code = $1", _code);
        }
    }
}
