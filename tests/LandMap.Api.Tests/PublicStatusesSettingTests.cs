using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LandMap.Api.Tests;

/// <summary>
/// The setting that decides what the public sees (Access:PublicStatuses), each case on an app of its own over the
/// fixture's database: what is configured is exactly what the public gets, no default added to it.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class PublicStatusesSettingTests(LandMapFixture fx)
{
    private WebApplicationFactory<Program> With(params (string Key, string Value)[] settings) =>
        fx.Factory.WithWebHostBuilder(b => { foreach (var (k, v) in settings) b.UseSetting(k, v); });

    private static async Task<string[]> ConfigStatusesAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/config")).GetProperty("statuses").EnumerateArray().Select(s => s.GetString()!)];

    private static async Task<string[]> ItemStatusesAsync(HttpClient client, string collection)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/collections/{collection}/items?limit=1000");
        return [.. page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("status").GetString()!).Distinct().Order()];
    }

    [Fact]
    public async Task Only_the_configured_statuses_reach_the_public_and_the_default_is_the_available_ones()
    {
        // Configured: idle only. Before the fix the binder appended it to the default (idle, negotiating), so the public
        // still saw negotiating parcels and factories.
        await using (var app = With(("Access:PublicStatuses:0", "idle")))
        {
            using var anonymous = app.CreateClient();
            Assert.Equal(["idle"], await ConfigStatusesAsync(anonymous));
            Assert.Equal(["idle"], await ItemStatusesAsync(anonymous, "parcels"));
            Assert.Equal(["idle"], await ItemStatusesAsync(anonymous, "factories"));
            using var refused = await anonymous.GetAsync("/collections/parcels/items?status=negotiating");
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        }

        // Not configured: the available statuses, each once (the test data has parcels in both).
        using var plain = fx.Factory.CreateClient();
        Assert.Equal(["idle", "negotiating"], await ConfigStatusesAsync(plain));
        Assert.Equal(["idle", "negotiating"], await ItemStatusesAsync(plain, "parcels"));

        // A status named twice is shown once; one that does not exist stops the start with the setting's name.
        await using (var twice = With(("Access:PublicStatuses:0", "reserved"), ("Access:PublicStatuses:1", "idle"), ("Access:PublicStatuses:2", "reserved")))
        {
            using var anonymous = twice.CreateClient();
            Assert.Equal(["idle", "reserved"], (await ConfigStatusesAsync(anonymous)).Order());
        }
        await using var typo = With(("Access:PublicStatuses:0", "Idle"));
        var error = Assert.ThrowsAny<Exception>(() => typo.CreateClient());
        Assert.Contains("Access:PublicStatuses", error.ToString());
    }
}
