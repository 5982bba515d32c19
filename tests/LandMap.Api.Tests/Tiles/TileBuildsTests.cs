using LandMap.Api.Tiles;
using Microsoft.Extensions.Options;

namespace LandMap.Api.Tests.Tiles;

/// <summary>The queue of tile builds (Tiles/TileBuilds.cs): heavy builds take turns, light ones go at once.</summary>
public sealed class TileBuildsTests
{
    [Fact]
    public async Task Heavy_builds_wait_their_turn_and_a_light_one_does_not()
    {
        using var builds = new TileBuilds(Options.Create(new TilesOptions { BuildConcurrency = 1 }));
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() => builds.RunAsync(TileBuilds.Light, () =>
        {
            started.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return 1;
        }, CancellationToken.None));
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));

        var ran = false;
        var second = builds.RunAsync(TileBuilds.Light, () => ran = true, CancellationToken.None);
        Assert.False(second.IsCompleted); // the first holds the only turn
        Assert.Equal(3, await builds.RunAsync(TileBuilds.Light - 1, () => 3, CancellationToken.None)); // light: at once
        Assert.False(ran);

        release.Set();
        Assert.Equal(1, await first);
        Assert.True(await second);
    }

    [Fact]
    public async Task A_build_waiting_for_its_turn_is_cancelled_with_its_request()
    {
        using var builds = new TileBuilds(Options.Create(new TilesOptions { BuildConcurrency = 1 }));
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var first = Task.Run(() => builds.RunAsync(TileBuilds.Light, () => { started.Set(); release.Wait(TimeSpan.FromSeconds(30)); return 1; }, CancellationToken.None));
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource();
        var waiting = builds.RunAsync(TileBuilds.Light, () => 2, cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        release.Set();
        Assert.Equal(1, await first);
        Assert.Equal(4, await builds.RunAsync(TileBuilds.Light, () => 4, CancellationToken.None)); // the turn was given back
    }
}
