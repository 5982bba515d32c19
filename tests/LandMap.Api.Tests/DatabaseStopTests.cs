using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace LandMap.Api.Tests;

/// <summary>
/// A PostgreSQL cluster of this test's own (initdb into a temporary folder, as the postgres user, on a free port), so it
/// can be stopped and started without touching the cluster every other test uses.
/// </summary>
public sealed class TemporaryCluster : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir;
    public int Port { get; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Password=temp-cluster-pw;Database=postgres";

    private TemporaryCluster(string dir, int port) => (_dir, Port) = (dir, port);

    public static async Task<TemporaryCluster> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "landmap-stop-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var cluster = new TemporaryCluster(dir, FreePort());
        await Run("chown", "postgres:postgres", dir);
        var pw = Path.Combine(dir, "pw");
        await File.WriteAllTextAsync(pw, "temp-cluster-pw");
        await Run("chown", "postgres:postgres", pw);
        // A throwaway cluster for one test: no fsync needed; password login like the real one.
        await AsPostgres($"{Bin}/initdb", "-D", Path.Combine(dir, "data"), "-U", "postgres", "--auth=scram-sha-256", "--pwfile", pw, "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
        await cluster.StartServerAsync();
        return cluster;
    }

    public Task StartServerAsync() => AsPostgres($"{Bin}/pg_ctl", "-D", Path.Combine(_dir, "data"), "-o",
        $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_dir} -c fsync=off", "-l", Path.Combine(_dir, "log"), "-w", "start");

    public Task StopServerAsync() => AsPostgres($"{Bin}/pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "fast", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try { await StopServerAsync(); } catch (InvalidOperationException) { /* already stopped */ }
        Directory.Delete(_dir, recursive: true);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static Task AsPostgres(params string[] args) => Run("runuser", ["-u", "postgres", "--", .. args]);

    private static async Task Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} → {p.ExitCode}: {await err}{await output}");
    }
}

public sealed class DatabaseStopTests
{
    [Fact]
    public async Task Stopped_database_gives_503_with_retry_after_within_2_s_under_load_and_the_api_recovers_when_it_is_back()
    {
        await using var cluster = await TemporaryCluster.StartAsync();
        await using (var conn = new NpgsqlConnection(cluster.ConnectionString))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE landmap", conn);
            await create.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "landmap" }.ConnectionString;
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("LANDMAP_DB", cs);
            b.UseSetting("Demo:Load", "true");
            b.UseSetting("Access:RateLimits:AnonymousPerIpPerMinute", "1000000");
            b.UseEnvironment("Testing");
        });
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/collections/parcels/items?limit=5")).StatusCode);

        // Load: four readers that keep asking while the database stops and starts again; none may ever see a 500.
        using var stopLoad = new CancellationTokenSource();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        var load = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                using var res = await client.GetAsync(i % 2 == 0 ? "/collections/parcels/items?limit=20" : "/api/stats");
                statuses.Add((int)res.StatusCode);
            }
        })).ToList();

        await cluster.StopServerAsync();
        var watch = Stopwatch.StartNew();
        using (var down = await client.GetAsync("/collections/factories/items?limit=5"))
        {
            watch.Stop();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"503 took {watch.Elapsed}");
            Assert.True(down.Headers.RetryAfter is not null, "Retry-After missing");
            var problem = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("database-unavailable", problem.GetProperty("code").GetString());
        }
        using (var ready = await client.GetAsync("/health/ready")) Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using (var live = await client.GetAsync("/health/live")) Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        await cluster.StartServerAsync();
        var recovered = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 20 && recovered != HttpStatusCode.OK; attempt++)
        {
            using var again = await client.GetAsync("/collections/parcels/items?limit=5");
            recovered = again.StatusCode;
            if (recovered != HttpStatusCode.OK) await Task.Delay(250);
        }
        Assert.Equal(HttpStatusCode.OK, recovered);
        stopLoad.Cancel();
        await Task.WhenAll(load);

        Assert.DoesNotContain(statuses, s => s >= 500 && s != 503);
        Assert.Contains(503, statuses);
        Assert.Contains(200, statuses);
    }
}
