using LandMap.Api.Database;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LandMap.Api.Tests.Database;

/// <summary>
/// The app's pooled connections: each backend sets PROJ up before its first query (a tile's transform otherwise paid 60–75 ms
/// for it, 450–510 ms with eight at once), and the pool keeps the warmed-up ones through a quiet spell.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class ConnectionPoolTests(LandMapFixture fx)
{
    /// <summary>
    /// A host of its own, its backends named so that pg_stat_activity tells them apart, without the background loads that
    /// would take connections from the pool meanwhile (the item pages', the tiles' and the matching's copies).
    /// </summary>
    private (WebApplicationFactory<Program> App, string Name) Host(string settings = "")
    {
        var name = "pool-test-" + Guid.NewGuid().ToString("N")[..8];
        var app = fx.Factory.WithWebHostBuilder(b => b.UseSetting("LANDMAP_DB", $"{fx.ConnectionString};Application Name={name}{settings}")
            .UseSetting("Items:InMemory", "false").UseSetting("Tiles:InMemory", "false").UseSetting("Matching:WarmUpFromParcels", "-1"));
        return (app, name);
    }

    private async Task<List<(int Pid, string Query)>> BackendsAsync(string name)
    {
        var backends = new List<(int, string)>();
        await using var conn = new NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pid, coalesce(query, '') FROM pg_stat_activity WHERE application_name = $1", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = name });
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) backends.Add((r.GetInt32(0), r.GetString(1)));
        return backends;
    }

    private async Task<List<(int Pid, string Query)>> AtLeastAsync(string name, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var backends = await BackendsAsync(name);
            if (backends.Count >= count) return backends;
            Assert.True(DateTime.UtcNow < deadline, $"{backends.Count} backends of the app after 30 s, {count} expected");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_new_backend_sets_PROJ_up_before_anyone_uses_it()
    {
        var (app, name) = Host();
        await using var _ = app;
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        var before = (await AtLeastAsync(name, ConnectionWarmUp.Connections)).Select(b => b.Pid).ToHashSet();
        // More at once than the pool holds: the rest are new backends, opened now and not used yet.
        var held = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < before.Count + 3; i++) held.Add(await db.OpenConnectionAsync());
            var opened = held.Where(c => !before.Contains(c.ProcessID)).Select(c => c.ProcessID).ToHashSet();
            var backends = await BackendsAsync(name);
            Assert.True(opened.Count >= 3, $"{opened.Count} new backends opened");
            foreach (var (pid, query) in backends.Where(b => opened.Contains(b.Pid))) Assert.Equal(ConnectionWarmUp.ProjSetUp, query);
        }
        finally
        {
            foreach (var c in held) await c.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_pool_keeps_its_warmed_up_backends_through_a_quiet_spell()
    {
        // Idle connections are closed after 1 s (Npgsql's default is 300 s) down to the pool's minimum, checked every second.
        var (app, name) = Host(";Connection Idle Lifetime=1;Connection Pruning Interval=1");
        await using var _ = app;
        app.Services.GetRequiredService<NpgsqlDataSource>();
        var warmed = await AtLeastAsync(name, ConnectionWarmUp.Connections);
        await Task.Delay(TimeSpan.FromSeconds(4));
        var after = await BackendsAsync(name);
        var kept = after.Count(b => warmed.Any(w => w.Pid == b.Pid));
        Assert.True(after.Count >= ConnectionWarmUp.Connections,
            $"{after.Count} backends left after 4 quiet seconds ({kept} of the {warmed.Count} warmed up)");
    }

    [Fact]
    public async Task A_connection_string_with_a_smaller_pool_still_starts_and_answers()
    {
        // The pool's minimum follows a maximum set below it (Npgsql refuses a minimum above the maximum).
        var (app, name) = Host(";Maximum Pool Size=3");
        await using var _ = app;
        using var client = app.CreateClient();
        using var res = await client.GetAsync("/collections/parcels/items?limit=1");
        Assert.Equal(System.Net.HttpStatusCode.OK, res.StatusCode);
        Assert.InRange((await BackendsAsync(name)).Count, 1, 3);
    }
}
