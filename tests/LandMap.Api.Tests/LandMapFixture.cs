using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LandMap.Api.Access;
using LandMap.Core.Access;
using LandMap.Seeds;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LandMap.Api.Tests;

/// <summary>
/// One throwaway PostGIS database per test run (never the demo one): created from LANDMAP_TEST_ADMIN_DB, migrated and
/// filled with the demo data by the app's own start-up, plus the known rows of <see cref="TestRows"/>; dropped at the end.
/// It may trade durability for speed (synchronous_commit off for this database only). <see cref="Client"/> calls as an
/// editor (API key), <see cref="Anonymous"/> as the public; <see cref="ClientFor"/> and <see cref="Passwords"/> give the others.
/// </summary>
public class LandMapFixture : IAsyncLifetime
{
    private readonly bool _kestrel;
    private string _adminConnectionString = "";

    public LandMapFixture() : this(kestrel: false) { }

    protected LandMapFixture(bool kestrel) => _kestrel = kestrel;

    public string DatabaseName { get; } = $"landmap_test_{Guid.NewGuid():N}"[..28];
    public string ConnectionString { get; private set; } = "";
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;
    /// <summary>An editor's client (API key): reads everything, writes projects, reservations and allocations.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>No sign-in: the public (investors') view.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    private readonly Dictionary<string, string> _keys = [];

    /// <summary>Users test-staff, test-editor and test-admin with their passwords, for cookie sign-in.</summary>
    public Dictionary<string, string> Passwords { get; } = [];

    /// <summary>Extra settings for this fixture's app (e.g. low rate limits), applied over the defaults.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    /// <summary>More host setup for this fixture's app (e.g. a request recorder), after the settings.</summary>
    protected virtual void ConfigureHost(IWebHostBuilder builder) { }

    /// <summary>Base URL of the real Kestrel server (only when started with kestrel: true).</summary>
    public Uri? ServerAddress { get; private set; }

    public async Task InitializeAsync()
    {
        _adminConnectionString = Environment.GetEnvironmentVariable("LANDMAP_TEST_ADMIN_DB")
            ?? throw new InvalidOperationException("LANDMAP_TEST_ADMIN_DB is not set: run the tests with `./landmap test`, which starts PostGIS and sets it.");
        await using (var admin = new NpgsqlConnection(_adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", admin);
            await create.ExecuteNonQueryAsync();
            // A throwaway database: losing its last commits in a crash costs nothing, and tests run faster.
            await using var fast = new NpgsqlCommand($"ALTER DATABASE \"{DatabaseName}\" SET synchronous_commit = off", admin);
            await fast.ExecuteNonQueryAsync();
        }
        // Pooled, as the app runs in production: without a pool every query of the app and of the tests opened a new
        // backend with a SCRAM sign-in (FuzzTests' 11 945 requests took 108 s so, 9.6 s pooled). The pools are cleared
        // before the drop.
        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = DatabaseName }.ConnectionString;

        var cs = ConnectionString;
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("LANDMAP_DB", cs);
            b.UseSetting("Demo:Load", "true");
            // Many tests share one client address: the anonymous and sign-in limits are tested with their own low settings.
            b.UseSetting("Access:RateLimits:AnonymousPerIpPerMinute", "1000000");
            b.UseSetting("Access:RateLimits:SignInPerIpPerMinute", "1000000");
            b.UseSetting("Access:RateLimits:SignInPerUserPerMinute", "1000000");
            foreach (var (key, value) in Settings) b.UseSetting(key, value);
            b.UseEnvironment("Testing");
            ConfigureHost(b);
            // A free loopback port, chosen by the OS: test runs side by side (or a service on 5000) must not collide.
            if (_kestrel) b.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        });
        if (_kestrel)
        {
            Factory.UseKestrel();
            Factory.StartServer();
            var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            ServerAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        }
        Anonymous = Factory.CreateClient();

        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        builder.UseNetTopologySuite();
        await using var db = builder.Build();
        await using (var conn = await db.OpenConnectionAsync())
            await SeedWriter.WriteAsync(conn, TestRows.Build());
        foreach (var role in Roles.Assignable)
        {
            _keys[role] = (await UserStore.AddKeyAsync(db, $"test-{role}-key", role, "test")).Key;
            Passwords[$"test-{role}"] = UserStore.NewPassword();
            await UserStore.AddUserAsync(db, $"test-{role}", role, Passwords[$"test-{role}"], "test");
        }
        Client = ClientFor(Roles.Editor);
    }

    /// <summary>The API key of test-ROLE-key.</summary>
    public string KeyFor(string role) => _keys[role];

    /// <summary>A client calling with the API key of <paramref name="role"/> (public: no key).</summary>
    public HttpClient ClientFor(string role)
    {
        var client = Factory.CreateClient();
        if (role != Roles.Public) client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, _keys[role]);
        return client;
    }

    /// <summary>A client signed in by cookie as test-ROLE, with the CSRF token from /api/auth/me set on every request.</summary>
    public async Task<HttpClient> SignInAsync(string role)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        using var res = await client.PostAsJsonAsync("/api/auth/login", new { name = $"test-{role}", password = Passwords[$"test-{role}"] });
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"sign-in as test-{role}: {(int)res.StatusCode} {body}");
        client.DefaultRequestHeaders.Add(AccessSetup.CsrfHeader, JsonDocument.Parse(body).RootElement.GetProperty("csrfToken").GetString());
        return client;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        Anonymous?.Dispose();
        if (Factory is not null) await Factory.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Runs one statement on this run's database as the app does (a test writing rows the API has no route for).</summary>
    public async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>POSTs <paramref name="body"/> as JSON and returns the answer, asserting 200 or 201.</summary>
    public async Task<JsonElement> PostJsonAsync(string url, object body)
    {
        using var res = await Client.PostAsJsonAsync(url, body);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"POST {url} → {(int)res.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetJsonAsync(string url)
    {
        using var res = await Client.GetAsync(url);
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"GET {url} → {(int)res.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

[CollectionDefinition(Name)]
public sealed class LandMapCollection : ICollectionFixture<LandMapFixture>
{
    public const string Name = "LandMap API on PostGIS";
}
