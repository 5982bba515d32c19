using LandMap.Api.Access;
using LandMap.Api.Configuration;
using LandMap.Seeds;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Database;

public static class DatabaseSetup
{
    /// <summary>
    /// Seconds to wait for a connection (Npgsql's Timeout: opening one, or waiting for a pooled one when all are in use). A
    /// stopped database refuses at once (a 503 within milliseconds, DatabaseStopTests); this bounds a host that does not
    /// answer at all, and a wait for the pool on a busy machine. It was 2 s, and 50 reservations at once on a loaded 2-core
    /// machine made some of their handshakes outlast it: 503 "database unavailable" for a database that was up.
    /// </summary>
    public const int ConnectTimeoutSeconds = 10;

    /// <summary>
    /// Connections the pool may hold (Npgsql's default is 100). PostgreSQL runs as many statements at once as the machine has
    /// cores; a burst beyond the pool waits for a connection coming back instead of opening a backend of its own (50
    /// reservations at once opened 42 new backends together, each with its SCRAM handshake and PROJ set-up). Room for slow
    /// holders besides (a PostGIS-built overview tile at a million parcels, an export streaming to a slow client).
    /// </summary>
    public static int MaxPoolSize => Math.Max(32, 8 * Environment.ProcessorCount);

    /// <summary>Prepared statements kept per pooled connection (Npgsql's Max Auto Prepare).</summary>
    public const int MaxAutoPrepare = 64;

    /// <summary>LANDMAP_DB (environment) wins over ConnectionStrings:LandMap, so an existing PostGIS can be used.</summary>
    public static string ConnectionString(IConfiguration config)
    {
        var cs = config["LANDMAP_DB"] is { Length: > 0 } env ? env
            : config.GetConnectionString("LandMap") is { Length: > 0 } configured ? configured
            : throw new InvalidOperationException("No database: set LANDMAP_DB or ConnectionStrings:LandMap (the landmap script sets it for you).");
        var builder = new NpgsqlConnectionStringBuilder(cs);
        if (!Given(builder).Contains("Timeout")) builder.Timeout = ConnectTimeoutSeconds;
        return builder.ConnectionString;
    }

    /// <summary>
    /// The settings a connection string gives itself, by Npgsql's canonical names ("Timeout", "Maximum Pool Size" …; each
    /// synonym and spelling resolved by Npgsql's own parser), so that only the ones it leaves out get this service's values.
    /// A test for a word in the string was fooled by "Command Timeout" (then no connect timeout was set) or by a password.
    /// </summary>
    internal static HashSet<string> Given(NpgsqlConnectionStringBuilder builder) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = builder.ConnectionString }.Keys.Cast<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The connection string with this service's pool settings where it does not give its own.</summary>
    internal static string Tuned(string cs)
    {
        var b = new NpgsqlConnectionStringBuilder(cs);
        var given = Given(b);
        // Statements run again and again (item pages, tiles) are prepared on each pooled connection after a few uses:
        // parsed and planned once (issue 11). An LRU of this size per connection.
        if (!given.Contains("Max Auto Prepare")) b.MaxAutoPrepare = MaxAutoPrepare;
        // A connection going back to the pool is not reset: the reset (RESET ALL, CLOSE ALL, UNLISTEN, DISCARD …, seven
        // statements) ran before every request's query and cost PostgreSQL about 0.3 ms, as much as an item page of a
        // map view. Nothing here leaves session state behind: settings are SET LOCAL or set_config(…, true), temp
        // tables are ON COMMIT DROP, advisory locks are transaction locks. The one session setting is jit = off, set
        // here for every connection: the matching's GiST probes and neighbour sums are costed far above PostgreSQL's
        // JIT thresholds, and compiling them took longer than running them (0.76 s at 100 000 parcels).
        if (!given.Contains("No Reset On Close")) b.NoResetOnClose = true;
        if (!given.Contains("Options")) b.Options = "-c jit=off";
        // The pool's bound (raised to a minimum set above it: Npgsql refuses a minimum over the maximum), and the
        // PROJ-ready backends it keeps through quiet spells (AddLandMapDatabase says why).
        if (!given.Contains("Maximum Pool Size")) b.MaxPoolSize = Math.Max(MaxPoolSize, b.MinPoolSize);
        if (!given.Contains("Minimum Pool Size")) b.MinPoolSize = Math.Min(ConnectionWarmUp.Connections, b.MaxPoolSize);
        return b.ConnectionString;
    }

    public static IServiceCollection AddLandMapDatabase(this IServiceCollection services, IConfiguration config)
    {
        var cs = ConnectionString(config);
        // Built lazily: the schema (and the postgis extension) must exist before its types are loaded.
        services.AddSingleton(_ =>
        {
            var builder = new NpgsqlDataSourceBuilder(Tuned(cs));
            // Every new backend sets PROJ up before its first query (ConnectionWarmUp says why), and the pool keeps that many
            // set-up backends through quiet spells: with Npgsql's default of none kept, a pool idle for 5 minutes (the
            // benchmark's peers' runs) was emptied, the item pages that came next opened new backends that never transform,
            // and the first tiles after them set PROJ up on all 8 at once: 450–510 ms each, the process all but idle (1M).
            builder.UsePhysicalConnectionInitializer(
                c => { using var cmd = new NpgsqlCommand(ConnectionWarmUp.ProjSetUp, c); cmd.ExecuteNonQuery(); },
                async c => { await using var cmd = new NpgsqlCommand(ConnectionWarmUp.ProjSetUp, c); await cmd.ExecuteNonQueryAsync(); });
            builder.UseNetTopologySuite();
            return builder.Build();
        });
        // Hosted services start after PrepareAsync (Program.cs): the schema and PostGIS exist by then.
        services.AddHostedService<ConnectionWarmUp>();
        return services;
    }

    /// <summary>Applies migrations with a throwaway data source, then loads the demo data into an empty database and creates the demo users if asked.</summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var config = services.GetRequiredService<IConfiguration>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("LandMap.Database");
        await using (var plain = NpgsqlDataSource.Create(ConnectionString(config)))
        {
            var applied = await Migrator.MigrateAsync(plain, ct);
            logger.LogInformation("Migrations applied: {Count} ({Versions})", applied.Count, string.Join(", ", applied));
        }

        var demo = services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var db = services.GetRequiredService<NpgsqlDataSource>();
        if (demo.Users) await DemoUsers.CreateAsync(db, services.GetRequiredService<IHostEnvironment>(), logger, ct);
        if (!demo.Load) return;

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Migrator.LockAsync(conn, tx, ct); // two starts at once load the demo data once
        await using (var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM zones)", conn, tx))
        {
            if ((bool)(await any.ExecuteScalarAsync(ct))!)
            {
                logger.LogInformation("Demo data: database already has zones, nothing loaded");
                return;
            }
        }
        var set = DemoGenerator.Generate();
        await SeedWriter.WriteInTransactionAsync(conn, set, ct);
        await DemoPerformance.WriteAsync(conn, DemoPerformance.Build(set), ct);
        await SeedWriter.KeepDemoCurrentAsync(conn, DemoGenerator.AsOf, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Demo data loaded: {Zones} zones, {Parcels} parcels, {Factories} factories, {History} history rows",
            set.Zones.Count, set.Parcels.Count, set.Factories.Count, set.History.Count);
    }
}
