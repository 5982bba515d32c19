using LandMap.Api.Matching;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LandMap.Api.Tests.Matching;

/// <summary>
/// LandSnapshotWarmUp: a process over a register at least Matching:WarmUpFromParcels large holds the land snapshot without
/// anyone having matched; one under it (the default, 100 000, against the fixture's few parcels) leaves it to the first match.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class LandSnapshotWarmUpTests(LandMapFixture fx)
{
    private WebApplicationFactory<Program> Host(string? warmUpFrom) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("LANDMAP_DB", fx.ConnectionString);
        b.UseSetting("Demo:Load", "false");
        if (warmUpFrom is not null) b.UseSetting("Matching:WarmUpFromParcels", warmUpFrom);
        b.UseEnvironment("Testing");
    });

    /// <summary>Waits for the warm-up to end (it runs in the background from start-up).</summary>
    private static async Task WarmUpDoneAsync(WebApplicationFactory<Program> factory)
    {
        var warmUp = factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<LandSnapshotWarmUp>().Single();
        await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_process_over_a_register_from_the_threshold_up_holds_the_snapshot_before_any_match()
    {
        await using var factory = Host("1");
        factory.StartServer();
        var db = factory.Services.GetRequiredService<NpgsqlDataSource>();
        await WarmUpDoneAsync(factory);
        // The very snapshot a match reads: nothing has been written since, so it is the one held, not a new one.
        var held = LandSnapshot.Held(db)!;
        Assert.True(held.Count > 0);
        Assert.Same(held, await LandSnapshot.CurrentAsync(db, CancellationToken.None));
    }

    [Fact]
    public async Task A_process_under_the_threshold_leaves_the_snapshot_to_the_first_match()
    {
        await using var factory = Host(null);
        factory.StartServer();
        var db = factory.Services.GetRequiredService<NpgsqlDataSource>();
        await WarmUpDoneAsync(factory);
        Assert.Null(LandSnapshot.Held(db));
        var loaded = await LandSnapshot.CurrentAsync(db, CancellationToken.None);
        Assert.Same(loaded, LandSnapshot.Held(db));
    }
}
