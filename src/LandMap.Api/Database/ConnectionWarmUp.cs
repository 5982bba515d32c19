using Npgsql;

namespace LandMap.Api.Database;

/// <summary>
/// Opens a few pooled connections when the application starts, in the background, then hands them back to the pool, which
/// keeps them (Minimum Pool Size, <see cref="DatabaseSetup"/>). Each new backend sets up PROJ first (<see cref="ProjSetUp"/>,
/// run by the data source on every physical connection it opens): a backend's first <c>ST_Transform</c> reads PROJ's
/// database, 60–75 ms on a quiet machine (measured with psql, the tile request's own transform), and at 8 clients on 2
/// cores the first requests on new connections waited 150–510 ms for it, whatever they asked (a vector tile that built in
/// 0.1 ms among them).
/// </summary>
public sealed class ConnectionWarmUp(NpgsqlDataSource db, ILogger<ConnectionWarmUp> log) : IHostedService
{
    /// <summary>As many as the requests of a busy moment on this 2-core machine (the bench's 8 clients).</summary>
    public const int Connections = 8;

    /// <summary>
    /// A backend's PROJ set-up: the tile key's own transform (Tiles/TilesQueries.TileKey) and the SQL tile's, the other way
    /// (CGCS2000 to Web Mercator: each pair of systems is set up on its first use, another 88 ms with psql; the first SQL
    /// tiles on each backend took 75–124 ms, then 8–17 ms); skipped in a database without PostGIS yet (a restore recreating
    /// it while the API runs).
    /// </summary>
    public const string ProjSetUp = """
        DO $$ BEGIN
          IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') THEN
            PERFORM ST_Transform(ST_TileEnvelope(0, 0, 0), 4490);
            PERFORM ST_Transform(ST_SetSRID(ST_MakePoint(120, 30), 4490), 3857);
          END IF;
        END $$
        """;

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
            // All open at once, so the pool holds that many distinct backends (each set up as it opens).
            for (var i = 0; i < Connections; i++) opened.Add(await db.OpenConnectionAsync());
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
