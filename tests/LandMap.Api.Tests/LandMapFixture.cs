using System.Net.Http.Json;
using System.Text.Json;
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
    public HttpClient Client { get; private set; } = null!;

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
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = DatabaseName, Pooling = false }.ConnectionString;

        var cs = ConnectionString;
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("LANDMAP_DB", cs);
            b.UseSetting("Demo:Load", "true");
            b.UseEnvironment("Testing");
        });
        if (_kestrel)
        {
            Factory.UseKestrel(0);
            Factory.StartServer();
            var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            ServerAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        }
        Client = Factory.CreateClient();

        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        builder.UseNetTopologySuite();
        await using var db = builder.Build();
        await using var conn = await db.OpenConnectionAsync();
        await SeedWriter.WriteAsync(conn, TestRows.Build());
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Factory is not null) await Factory.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
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
