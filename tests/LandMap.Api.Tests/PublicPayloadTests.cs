using System.Net;
using System.Text.Json;
using LandMap.Api.Collections;
using LandMap.Core.Access;
using LandMap.Core.Resources;
using Npgsql;

namespace LandMap.Api.Tests;

/// <summary>
/// What the public (investors, no sign-in) receives: only the fields <see cref="Visibility"/> marks public, at any depth
/// of any public answer, and only resources in the public statuses. Staff get the internal fields, so these tests can fail.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class PublicPayloadTests(LandMapFixture fx)
{
    /// <summary>The internal fields as the code declares them (Public: false), for every collection.</summary>
    private static readonly HashSet<string> InternalFields =
        [.. Visibility.Parcel.Concat(Visibility.Factory).Concat(Visibility.Zone).Where(f => !f.Public).Select(f => f.Name)];

    private static readonly Dictionary<string, HashSet<string>> PublicFields = new()
    {
        ["parcels"] = [.. Visibility.Parcel.Where(f => f.Public).Select(f => f.Name)],
        ["factories"] = [.. Visibility.Factory.Where(f => f.Public).Select(f => f.Name)],
        ["zones"] = [.. Visibility.Zone.Where(f => f.Public).Select(f => f.Name)],
    };

    private static readonly string[] KnownInternal =
        ["ownership", "idleReason", "idleSince", "ledgerAreaMu", "areaMismatch", "version", "verifiedAt", "verifiedBy", "stale", "projectId", "projectName"];

    private async Task<(HttpStatusCode Status, string Text)> GetAsync(HttpClient client, string url)
    {
        using var res = await client.GetAsync(url);
        return (res.StatusCode, await res.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> PublicJsonAsync(string url)
    {
        var (status, text) = await GetAsync(fx.Anonymous, url);
        Assert.True(status == HttpStatusCode.OK, $"GET {url} as the public → {(int)status}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Every property name at every depth, with its JSON path.</summary>
    private static IEnumerable<(string Path, string Name)> PropertyNames(JsonElement e, string path = "$")
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    yield return (path, p.Name);
                    foreach (var inner in PropertyNames(p.Value, $"{path}.{p.Name}")) yield return inner;
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                    foreach (var inner in PropertyNames(item, $"{path}[{i++}]")) yield return inner;
                break;
        }
    }

    /// <summary>Every GeoJSON Feature at any depth.</summary>
    private static IEnumerable<JsonElement> Features(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "Feature") yield return e;
            foreach (var p in e.EnumerateObject())
                foreach (var f in Features(p.Value)) yield return f;
        }
        else if (e.ValueKind == JsonValueKind.Array)
            foreach (var item in e.EnumerateArray())
                foreach (var f in Features(item)) yield return f;
    }

    [Fact]
    public void The_whitelist_marks_the_known_internal_fields_internal()
    {
        Assert.Subset(InternalFields, KnownInternal.ToHashSet());
        Assert.All(PublicFields.Values, fields => Assert.Empty(fields.Intersect(InternalFields)));
    }

    public static TheoryData<string, string?> PublicAnswers() => new()
    {
        { "/collections", null },
        { "/collections/parcels", null },
        { "/collections/factories", null },
        { "/collections/zones", null },
        { "/collections/parcels/items?limit=10000", "parcels" },
        { "/collections/factories/items?limit=10000", "factories" },
        { "/collections/zones/items?limit=10000", "zones" },
        { "/collections/parcels/items?zone=TST&status=idle,negotiating", "parcels" },
        { "/collections/parcels/items/TST-01", "parcels" },
        { "/collections/factories/items/TST-F01", "factories" },
        { "/collections/zones/items/TST", "zones" },
        { "/api/stats", null },
        { "/api/stats?zone=TST", null },
        { "/api/search?q=TST&limit=20", null },
        { "/api/config", null },
        { "/api/auth/me", null },
    };

    [Theory]
    [MemberData(nameof(PublicAnswers))]
    public async Task A_public_answer_carries_no_internal_field_at_any_depth(string url, string? collection)
    {
        var json = await PublicJsonAsync(url);
        var leaks = PropertyNames(json).Where(p => InternalFields.Contains(p.Name)).Select(p => $"{p.Path}.{p.Name}").Take(5).ToList();
        Assert.True(leaks.Count == 0, $"GET {url}: internal fields sent to the public: {string.Join(", ", leaks)}");

        var features = Features(json).ToList();
        if (collection is null)
        {
            Assert.Empty(features);
            return;
        }
        Assert.NotEmpty(features);
        foreach (var f in features)
        {
            var keys = f.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
            Assert.True(keys.IsSubsetOf(PublicFields[collection]),
                $"GET {url}, feature {f.GetProperty("id")}: not on the public whitelist: {string.Join(", ", keys.Except(PublicFields[collection]))}");
            // Only public statuses, wherever the collection has a status.
            if (f.GetProperty("properties").TryGetProperty("status", out var status))
                Assert.Contains(status.GetString(), ResourceStatus.Available);
        }
    }

    [Theory]
    [InlineData("/collections/parcels/items?limit=10000")]
    [InlineData("/collections/parcels/items/TST-01")]
    [InlineData("/api/stats")]
    public async Task A_public_answer_carries_no_idle_reason_text(string url)
    {
        // The field names are checked above; this catches an internal value sent under another name.
        var reasons = new List<string>();
        await using (var db = NpgsqlDataSource.Create(fx.ConnectionString))
        await using (var cmd = db.CreateCommand("SELECT DISTINCT idle_reason FROM parcels WHERE idle_reason IS NOT NULL"))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) reasons.Add(r.GetString(0));
        Assert.NotEmpty(reasons);
        var (_, text) = await GetAsync(fx.Anonymous, url);
        var leaked = reasons.Where(r => text.Contains(r, StringComparison.Ordinal)).ToList();
        Assert.True(leaked.Count == 0, $"GET {url}: idle reasons sent to the public: {string.Join(", ", leaked)}");
    }

    [Fact]
    public async Task The_public_sees_only_idle_and_negotiating_resources()
    {
        Assert.Equal(new[] { "idle", "negotiating" }, ResourceStatus.Available);

        var parcels = await PublicJsonAsync("/collections/parcels/items?zone=TST&limit=1000");
        Assert.Equal(new[] { "TST-01", "TST-02", "TST-03", "TST-05", "TST-06" },
            parcels.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(5, parcels.GetProperty("numberMatched").GetInt32());
        var factories = await PublicJsonAsync("/collections/factories/items?zone=TST");
        Assert.Equal(new[] { "TST-F01", "TST-F02" },
            factories.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));

        foreach (var url in new[] { "/api/stats", "/api/stats?zone=TST" })
        {
            var stats = await PublicJsonAsync(url);
            foreach (var kind in new[] { "parcels", "factories" })
                Assert.All(stats.GetProperty(kind).GetProperty("byStatus").EnumerateArray(),
                    g => Assert.Contains(g.GetProperty("key").GetString(), ResourceStatus.Available));
        }
        var tst = (await PublicJsonAsync("/api/stats?zone=TST")).GetProperty("parcels");
        Assert.Equal(5, tst.GetProperty("count").GetInt32());
        Assert.Equal(30 + 15 + 60 + 20 + 45, tst.GetProperty("areaMu").GetDouble(), 2);

        // The collections' item counts and extents are of the public resources too.
        var collections = await PublicJsonAsync("/collections");
        var staffCollections = await fx.GetJsonAsync("/collections");
        long Count(JsonElement doc, string id) => doc.GetProperty("collections").EnumerateArray()
            .Single(c => c.GetProperty("id").GetString() == id).GetProperty("numberOfItems").GetInt64();
        Assert.True(Count(collections, "parcels") < Count(staffCollections, "parcels"));

        var config = await PublicJsonAsync("/api/config");
        Assert.Equal(ResourceStatus.Available, config.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()!));
    }

    [Theory]
    [InlineData("parcels", "TST-04")] // reserved
    [InlineData("parcels", "TST-07")] // in use
    [InlineData("factories", "TST-F03")] // in use
    public async Task A_resource_in_a_hidden_status_is_404_for_the_public_and_200_for_staff(string collection, string code)
    {
        var url = $"/collections/{collection}/items/{code}";
        using var res = await fx.Anonymous.GetAsync(url);
        var text = await res.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Equal("feature-not-found", AuthMatrixTests.ProblemCode(res, text));
        Assert.DoesNotContain("\"geometry\"", text);

        using var staff = await fx.ClientFor(Roles.Staff).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
    }

    [Theory]
    [InlineData("/collections/parcels/items?status=reserved", "reserved")]
    [InlineData("/collections/parcels/items?status=idle,in_use", "in_use")]
    [InlineData("/collections/factories/items?status=allocated", "allocated")]
    [InlineData("/api/stats?status=reserved", "reserved")]
    public async Task Asking_for_a_hidden_status_is_403_status_not_public(string url, string status)
    {
        using var res = await fx.Anonymous.GetAsync(url);
        var text = await res.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        Assert.Equal("status-not-public", AuthMatrixTests.ProblemCode(res, text));
        Assert.Contains(status, text);

        using var staff = await fx.ClientFor(Roles.Staff).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
    }

    [Fact]
    public async Task Staff_see_the_internal_fields_and_every_status()
    {
        var staff = fx.ClientFor(Roles.Staff);
        using var res = await staff.GetAsync("/collections/parcels/items/TST-01");
        var props = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("properties");
        Assert.All(KnownInternal, name => Assert.True(props.TryGetProperty(name, out _), $"staff should see {name}"));
        Assert.Equal("state", props.GetProperty("ownership").GetString());
        Assert.Equal("政府收储待出让", props.GetProperty("idleReason").GetString());

        using var items = await staff.GetAsync("/collections/parcels/items?zone=TST&limit=1000");
        var fc = JsonDocument.Parse(await items.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(TestRows.Parcels.Length, fc.GetProperty("numberMatched").GetInt32());
        Assert.All(fc.GetProperty("features").EnumerateArray(),
            f => Assert.True(f.GetProperty("properties").TryGetProperty("ownership", out _)));

        var stats = await fx.GetJsonAsync("/api/stats?zone=TST");
        Assert.Contains(stats.GetProperty("parcels").GetProperty("byStatus").EnumerateArray(), g => g.GetProperty("key").GetString() == "in_use");
    }
}
