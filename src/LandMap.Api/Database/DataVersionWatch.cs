using Npgsql;

namespace LandMap.Api.Database;

/// <summary>
/// The data version (migration 011) and the parcels table's oid as the database last announced them (migration 019: every
/// bump is NOTIFYed on <see cref="Channel"/> at commit), heard on a connection of its own, so that a tile request need not
/// ask for them (one round trip to PostgreSQL per tile: measured at 1M parcels, 8 clients, the repeated tiles' p50 went
/// from 10.6–11.7 to 7.2–7.8 ms without it, and a revalidation's from 2.4–3.6 to 0.7 ms).
/// <para>
/// Unknown (the caller asks the database, as before) until the connection listens and has read the version, while it is
/// down or unconfirmed, and while any request of this service that may write (any method but GET, HEAD, OPTIONS, TRACE) is running: a write
/// through the service is seen by the very next request, without waiting for its notification. A write by another
/// process is seen once its notification arrives, milliseconds after its commit.
/// </para>
/// </summary>
public sealed class DataVersionWatch(IConfiguration config, ILogger<DataVersionWatch> log) : BackgroundService
{
    public const string Channel = "landmap_data_version";
    /// <summary>The data version and the parcels table's oid: what a copy of the parcels in memory is keyed on.</summary>
    public const string KeyQuery = "SELECT version, 'parcels'::regclass::oid FROM data_version";
    /// <summary>Ends the listening connection's application name (pg_stat_activity).</summary>
    public const string ApplicationNameSuffix = "(data version watch)";
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);
    /// <summary>With no announcement for this long, the watch reads the version itself (which also proves its connection).</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    /// <summary>
    /// A version not confirmed for this long (by an announcement or the watch's own read) is not trusted: a connection
    /// dropped without a word (an announcement it missed) is noticed by the next heartbeat, and a stalled watch by this.
    /// </summary>
    private static readonly TimeSpan Trusted = TimeSpan.FromSeconds(3);

    private readonly Lock _lock = new();
    private long _version; // 0: unknown
    private uint _table;
    private long _heard;   // the highest version announced (known or not)
    private long _generation;
    private int _writers;
    private bool _listening;
    private long _confirmed; // Stopwatch timestamp of the last announcement or read of the watch's own

    /// <summary>The version and the parcels table, when known.</summary>
    public bool TryGet(out long version, out uint table)
    {
        lock (_lock)
        {
            (version, table) = (_version, _table);
            return _listening && _writers == 0 && _version > 0 && System.Diagnostics.Stopwatch.GetElapsedTime(_confirmed) < Trusted;
        }
    }

    /// <summary>A mark to pass to <see cref="Offer"/>, taken before reading the version from the database.</summary>
    public long Generation
    {
        get { lock (_lock) return _generation; }
    }

    /// <summary>
    /// The version and table a request read from the database, kept when nothing may have changed it unheard since
    /// <paramref name="generation"/> was taken (no write of this service began or ended, the connection did not drop).
    /// </summary>
    public void Offer(long version, uint table, long generation) => Offer(version, table, generation, confirms: false);

    /// <param name="confirms">Read by the watch on its listening connection: the connection lives, nothing was missed.</param>
    internal void Offer(long version, uint table, long generation, bool confirms)
    {
        lock (_lock)
        {
            if (!_listening || _writers > 0 || generation != _generation) return;
            // Never below what is known of the same table (a slower read answering after a faster one).
            (_version, _table) = (Math.Max(table == _table ? Math.Max(_version, version) : version, _heard), table);
            if (confirms) _confirmed = System.Diagnostics.Stopwatch.GetTimestamp();
        }
    }

    /// <summary>A request that may write has begun: the version is unknown until it has ended and been read again.</summary>
    public void BeginWrite()
    {
        lock (_lock)
        {
            _writers++;
            _generation++;
            _version = 0;
        }
    }

    public void EndWrite()
    {
        lock (_lock)
        {
            _writers--;
            _generation++;
            _version = 0;
        }
    }

    /// <summary>A version announced (a notification's payload).</summary>
    internal void Heard(long version)
    {
        lock (_lock)
        {
            _heard = Math.Max(_heard, version);
            if (_version > 0) _version = Math.Max(_version, version);
            _confirmed = System.Diagnostics.Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Whether the connection listens (false: unknown, and what was known is forgotten).</summary>
    internal void Listening(bool listening)
    {
        lock (_lock)
        {
            _listening = listening;
            _generation++;
            _version = 0;
            _heard = 0; // a database restored meanwhile may be at a lower version: only what is heard from now on counts
        }
    }

    private async Task ReadAsync(NpgsqlConnection conn, CancellationToken stop)
    {
        var generation = Generation;
        await using var read = new NpgsqlCommand(KeyQuery, conn);
        await using var r = await read.ExecuteReaderAsync(stop);
        await r.ReadAsync(stop);
        Offer(r.GetInt64(0), r.GetFieldValue<uint>(1), generation, confirms: true);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        // A connection outside the pool (it listens for as long as the service runs); the heartbeat's read notices a
        // server gone away, and the version becomes unknown.
        var b = new NpgsqlConnectionStringBuilder(DatabaseSetup.ConnectionString(config)) { Pooling = false };
        b.ApplicationName = $"{b.ApplicationName ?? "LandMap"} {ApplicationNameSuffix}";
        var cs = b.ConnectionString;
        var quiet = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(cs);
                conn.Notification += (_, e) =>
                {
                    if (long.TryParse(e.Payload, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)) Heard(v);
                };
                await conn.OpenAsync(stop);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", conn)) await listen.ExecuteNonQueryAsync(stop);
                Listening(true);
                quiet = false;
                // Read after LISTEN: a bump before it is in what is read, one after it is heard.
                await ReadAsync(conn, stop);
                while (true)
                    if (!await conn.WaitAsync(Heartbeat, stop)) await ReadAsync(conn, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Once per outage (it retries every 2 s): a database down for an hour would otherwise fill the log.
                if (!quiet) log.LogWarning(e, "Not listening for data versions; tiles ask the database for it meanwhile");
                quiet = true;
            }
            finally
            {
                Listening(false);
            }
            try
            {
                await Task.Delay(Retry, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}

public static class DataVersionWatchSetup
{
    public static IServiceCollection AddDataVersionWatch(this IServiceCollection services) =>
        services.AddSingleton<DataVersionWatch>().AddHostedService(s => s.GetRequiredService<DataVersionWatch>());

    /// <summary>Marks every request that may write (any method but GET, HEAD, OPTIONS, TRACE) for <see cref="DataVersionWatch"/>.</summary>
    public static IApplicationBuilder UseDataVersionWatch(this IApplicationBuilder app)
    {
        var watch = app.ApplicationServices.GetRequiredService<DataVersionWatch>();
        return app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            {
                await next(context);
                return;
            }
            watch.BeginWrite();
            try
            {
                await next(context);
            }
            finally
            {
                watch.EndWrite();
            }
        });
    }
}
