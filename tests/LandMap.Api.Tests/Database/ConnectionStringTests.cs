using LandMap.Api.Database;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace LandMap.Api.Tests.Database;

/// <summary>
/// The service's connection settings (DatabaseSetup) go where the connection string gives none of its own, however it
/// spells them, and a word inside another setting or a password does not count as giving one.
/// </summary>
public sealed class ConnectionStringTests
{
    private static NpgsqlConnectionStringBuilder Final(string cs) =>
        new(DatabaseSetup.Tuned(DatabaseSetup.ConnectionString(new ConfigurationBuilder().AddInMemoryCollection([new("LANDMAP_DB", cs)]).Build())));

    [Fact]
    public void A_string_without_settings_gets_the_services_own()
    {
        var b = Final("Host=db.example;Username=u;Password=p;Database=d");
        Assert.Equal((DatabaseSetup.ConnectTimeoutSeconds, DatabaseSetup.MaxPoolSize, DatabaseSetup.MaxAutoPrepare, true, "-c jit=off"),
            (b.Timeout, b.MaxPoolSize, b.MaxAutoPrepare, b.NoResetOnClose, b.Options));
        Assert.Equal(ConnectionWarmUp.Connections, b.MinPoolSize);
    }

    [Theory]
    [InlineData("Timeout=3;Maximum Pool Size=5;Minimum Pool Size=2;Max Auto Prepare=7;No Reset On Close=false;Options=-c work_mem=8MB")]
    [InlineData("timeout=3;maximum pool size=5;minimum pool size=2;maxautoprepare=7;noresetonclose=false;OPTIONS=-c work_mem=8MB")]
    [InlineData("Timeout=3;MaxPoolSize=5;MinPoolSize=2;Max Auto Prepare=7;No Reset On Close=false;Options=-c work_mem=8MB")]
    public void A_string_that_sets_them_keeps_its_own_however_spelt(string settings)
    {
        var b = Final("Host=db.example;Username=u;Database=d;" + settings);
        Assert.Equal((3, 5, 2, 7, false, "-c work_mem=8MB"), (b.Timeout, b.MaxPoolSize, b.MinPoolSize, b.MaxAutoPrepare, b.NoResetOnClose, b.Options));
    }

    [Fact]
    public void A_word_inside_another_setting_or_a_password_sets_nothing()
    {
        // "Command Timeout" is not the connect timeout; a password may hold any word.
        var b = Final("Host=db.example;Username=u;Password=TimeoutOptionsMaxPoolSize;Command Timeout=60;Database=d");
        Assert.Equal((DatabaseSetup.ConnectTimeoutSeconds, 60, "-c jit=off", DatabaseSetup.MaxPoolSize), (b.Timeout, b.CommandTimeout, b.Options, b.MaxPoolSize));
        Assert.Equal("TimeoutOptionsMaxPoolSize", b.Password);
    }

    [Fact]
    public void A_minimum_above_the_services_maximum_raises_the_maximum()
    {
        var b = Final($"Host=db.example;Minimum Pool Size={DatabaseSetup.MaxPoolSize + 10}");
        Assert.Equal((DatabaseSetup.MaxPoolSize + 10, DatabaseSetup.MaxPoolSize + 10), (b.MinPoolSize, b.MaxPoolSize));
    }
}
