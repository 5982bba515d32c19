using Npgsql;

namespace LandMap.Api.Database;

/// <summary>
/// Opens a few pooled connections when the application starts, in the background, and has each backend set up PROJ once
/// (a transform), then hands them back to the pool. A backend's first <c>ST_Transform</c> reads PROJ's database: 60–75 ms
/// on a quiet machine (measured with psql, the tile request's own transform), and at 8 clients on 2 cores the first requests
/// on new connections waited 150–360 ms for it, whatever they asked (a vector tile that built in 0.1 ms among them).
/// Connections the pool later closes after idling (Npgsql: 5 minutes) are opened and set up again on demand, as before.
/// </summary>
public sealed class ConnectionWarmUp(NpgsqlDataSource db, ILogger<ConnectionWarmUp> log) : IHostedService
{
    /// <summary>As many as the requests of a busy moment on this 2-core machine (the bench's 8 clients).</summary>
    private const int Connections = 8;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(WarmAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task WarmAsync()
    {
        var opened = new List<NpgsqlConnection>();
        try
        {
            // All open at once, so the pool holds that many distinct backends; returned only after every one is set up.
            for (var i = 0; i < Connections; i++) opened.Add(await db.OpenConnectionAsync());
            await Task.WhenAll(opened.Select(async c =>
            {
                await using var cmd = new NpgsqlCommand("SELECT ST_Transform(ST_TileEnvelope(0, 0, 0), 4490) IS NOT NULL", c);
                await cmd.ExecuteScalarAsync();
            }));
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // Only a head start: requests open and set up their connections themselves as before.
            log.LogInformation(e, "Connections were not warmed up at start");
        }
        finally
        {
            foreach (var c in opened) await c.DisposeAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
