using System.Text.Json;

namespace LandMap.Api.Tests.Collections;

/// <summary>
/// A collection's description (number of items, extent) is kept per data version: the very next description after a
/// write shows it, for staff and for the public alike, and the public's never counts a record in a hidden status.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class CollectionExtentTests(LandMapFixture fx)
{
    private readonly string _code = "EXT-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private static async Task<(long Count, double MinLon)> DescribeAsync(HttpClient client, string url)
    {
        using var res = await client.GetAsync(url);
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"GET {url} → {(int)res.StatusCode}: {body}");
        var doc = JsonDocument.Parse(body).RootElement;
        var parcels = doc.TryGetProperty("collections", out var list)
            ? list.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "parcels")
            : doc;
        var bbox = parcels.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0];
        return (parcels.GetProperty("numberOfItems").GetInt64(), bbox[0].GetDouble());
    }

    [Theory]
    [InlineData("/collections/parcels")]
    [InlineData("/collections")]
    public async Task The_description_follows_the_very_next_write(string url)
    {
        var staff0 = await DescribeAsync(fx.Client, url);
        var public0 = await DescribeAsync(fx.Anonymous, url);
        Assert.True(staff0.MinLon > 80, "no test parcel lies west of 80°E before this test");

        try
        {
            // An idle parcel far west of everything else: both counts grow and both extents reach it.
            await fx.ExecuteAsync("""
                INSERT INTO parcels (code, zone_code, geom, area_mu, gk_central_meridian, land_use, land_use_original, ownership, status)
                VALUES ($1, 'TST', ST_Multi(ST_MakeEnvelope(75.0, 40.0, 75.001, 40.001, 4490)), 12.5, 75, '100101', '100101', 'state', 'idle')
                """, _code);
            var staff1 = await DescribeAsync(fx.Client, url);
            var public1 = await DescribeAsync(fx.Anonymous, url);
            Assert.Equal(staff0.Count + 1, staff1.Count);
            Assert.Equal(public0.Count + 1, public1.Count);
            Assert.Equal(75.0, staff1.MinLon, 6);
            Assert.Equal(75.0, public1.MinLon, 6);

            // In use is not public: the public's description drops it at once, staff's keeps it.
            await fx.ExecuteAsync("UPDATE parcels SET status = 'in_use' WHERE code = $1", _code);
            var staff2 = await DescribeAsync(fx.Client, url);
            var public2 = await DescribeAsync(fx.Anonymous, url);
            Assert.Equal(staff1.Count, staff2.Count);
            Assert.Equal(75.0, staff2.MinLon, 6);
            Assert.Equal(public0, public2);
        }
        finally
        {
            await fx.ExecuteAsync("DELETE FROM changes WHERE code = $1", _code);
            await fx.ExecuteAsync("DELETE FROM parcels WHERE code = $1", _code);
        }
        Assert.Equal(staff0, await DescribeAsync(fx.Client, url));
    }
}
