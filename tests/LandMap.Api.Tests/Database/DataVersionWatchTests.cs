using System.Net;
using LandMap.Api.Database;
using LandMap.Api.Tests.Tiles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static LandMap.Api.Tests.Editing.EditingTestRows;

namespace LandMap.Api.Tests.Database;

/// <summary>
/// The data version as the database announces it (Database/DataVersionWatch.cs, migration 019): known only while it
/// cannot be stale, and tiles that need no round trip for it yet see every write: through the API at once, by another
/// process once announced, and while the listening connection is down by asking.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class DataVersionWatchTests
{
    private readonly LandMapFixture fx;

    public DataVersionWatchTests(LandMapFixture fx)
    {
        this.fx = fx;
        NewSheet();
    }

    private static DataVersionWatch NewWatch() => new(new ConfigurationBuilder().Build(), NullLogger<DataVersionWatch>.Instance);

    private static long? Known(DataVersionWatch watch) => watch.TryGet(out var version, out _) ? version : null;

    [Fact]
    public void A_version_is_known_only_while_listening_with_no_write_of_the_service_under_way()
    {
        var watch = NewWatch();
        watch.Offer(5, 7, watch.Generation, confirms: true);
        Assert.Null(Known(watch)); // not listening: nothing is heard, so nothing read can be kept

        watch.Listening(true);
        watch.Offer(5, 7, watch.Generation);
        Assert.Null(Known(watch)); // a request's read, but the watch has not confirmed its connection yet
        watch.Offer(5, 7, watch.Generation, confirms: true);
        Assert.True(watch.TryGet(out var version, out var table));
        Assert.Equal((5L, 7u), (version, table));
        watch.Heard(6);
        Assert.Equal(6, Known(watch));

        // A write of the service: unknown while it runs, and a version read during it is not kept.
        watch.BeginWrite();
        Assert.Null(Known(watch));
        watch.Offer(6, 7, watch.Generation);
        Assert.Null(Known(watch));
        var during = watch.Generation;
        watch.EndWrite();
        Assert.Null(Known(watch));
        watch.Offer(6, 7, during); // read before the write ended: maybe before its commit
        Assert.Null(Known(watch));
        watch.Offer(7, 7, watch.Generation);
        Assert.Equal(7, Known(watch));

        watch.Listening(false);
        Assert.Null(Known(watch));
    }

    [Fact]
    public void A_version_announced_while_one_is_read_is_not_lost()
    {
        var watch = NewWatch();
        watch.Listening(true);
        watch.Offer(7, 1, watch.Generation, confirms: true);
        watch.BeginWrite();
        watch.EndWrite();
        var before = watch.Generation;
        watch.Heard(9); // announced after the read's snapshot, before its answer is offered
        watch.Offer(8, 1, before);
        Assert.Equal(9, Known(watch));
        watch.Heard(8); // a late, older announcement changes nothing
        Assert.Equal(9, Known(watch));
    }

    private static string Url(int z, int x, int y) => $"/collections/parcels/tiles/WebMercatorQuad/{z}/{y}/{x}?zone={Zone}";

    private static string Key(HttpResponseMessage response) =>
        response.Headers.GetValues("Server-Timing").Single(t => t.StartsWith("key;", StringComparison.Ordinal));

    /// <summary>Asks the tile until its key says <paramref name="key"/> and its ETag is not <paramref name="not"/> (10 s at most).</summary>
    private async Task<HttpResponseMessage> UntilAsync(string url, string key, string? not = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await fx.Client.GetAsync(url);
            if (Key(response) == key && response.Headers.ETag?.Tag != not) return response;
            response.Dispose();
            Assert.True(DateTime.UtcNow < deadline, $"no tile with {key} and an ETag other than {not} within 10 s");
            await Task.Delay(50);
        }
    }

    private async Task WriteElsewhereAsync(string code, string status)
    {
        await using var conn = new NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("UPDATE parcels SET status = $1 WHERE code = $2", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = status });
        cmd.Parameters.Add(new NpgsqlParameter { Value = code });
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    /// <summary>A parcel in a sheet of its own, and the z15 tile holding its middle.</summary>
    private async Task<(string Code, int Version, int X, int Y)> NewParcelAsync()
    {
        await EnsureZoneAsync(fx);
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 200, 150));
        var middle = LonLat(100, 75);
        var (x, y) = TilesApiTests.TileOf(middle[0], middle[1], 15);
        return (code, version, x, y);
    }

    [Fact]
    public async Task Tiles_see_a_write_through_the_api_at_once_and_one_by_another_process_once_announced()
    {
        var (code, version, x, y) = await NewParcelAsync();
        using var steady = await UntilAsync(Url(15, x, y), "key;desc=watch");

        using (var patch = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}",
                   new { properties = new { status = "negotiating" }, note = "洽谈" }, version)))
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        using (var next = await fx.Client.GetAsync(Url(15, x, y)))
        {
            Assert.Equal("key;desc=read", Key(next)); // the service wrote: the version is asked for
            Assert.NotEqual(steady.Headers.ETag, next.Headers.ETag);
        }
        using var known = await UntilAsync(Url(15, x, y), "key;desc=watch");

        // Another process writes: no request of the service knows, the announcement does.
        await WriteElsewhereAsync(code, "reserved");
        using var announced = await UntilAsync(Url(15, x, y), "key;desc=watch", not: known.Headers.ETag!.Tag);
        using (var read = await fx.Client.GetAsync(Url(15, x, y) + "&filter=" + Uri.EscapeDataString("areaMu >= 0")))
            Assert.Equal(announced.Headers.ETag, read.Headers.ETag); // the version PostGIS reads with its tile: the same
    }

    [Fact]
    public async Task While_the_listening_connection_is_down_tiles_ask_for_the_version_and_see_every_write()
    {
        var (code, _, x, y) = await NewParcelAsync();
        using var steady = await UntilAsync(Url(15, x, y), "key;desc=watch");

        await using (var conn = new NpgsqlConnection(fx.ConnectionString))
        {
            await conn.OpenAsync();
            // Every watch of the tests' services (each listens on a connection of its own), and the write in one go: the
            // write's announcement reaches no one.
            await using var tx = await conn.BeginTransactionAsync();
            await using (var kill = new NpgsqlCommand(
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name LIKE '%{DataVersionWatch.ApplicationNameSuffix}'", conn, tx))
                Assert.True((long)(await kill.ExecuteScalarAsync())! >= 1);
            await using (var write = new NpgsqlCommand($"UPDATE parcels SET status = 'reserved' WHERE code = '{code}'", conn, tx))
                await write.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        // The announcement went to no one: the drop is noticed (at once here; a silent one by the next heartbeat, a second),
        // and meanwhile the version is asked for.
        using var after = await UntilAsync(Url(15, x, y), "key;desc=read", not: steady.Headers.ETag!.Tag);
        // Listening again (it retries every 2 s): known without asking, and current.
        using var again = await UntilAsync(Url(15, x, y), "key;desc=watch");
        Assert.Equal(after.Headers.ETag, again.Headers.ETag);
        using (var read = await fx.Client.GetAsync(Url(15, x, y) + "&filter=" + Uri.EscapeDataString("areaMu >= 0")))
            Assert.Equal(again.Headers.ETag, read.Headers.ETag);
    }
}
