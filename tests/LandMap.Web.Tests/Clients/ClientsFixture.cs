using System.Collections.Concurrent;
using System.Diagnostics;
using LandMap.Api.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LandMap.Web.Tests.Clients;

/// <summary>
/// The app on real Kestrel for GIS clients that nobody here wrote (GDAL, OWSLib, QGIS from Debian), with a log of every
/// request path and query it served, so a test can see what a client asked the server (e.g. a filter sent as CQL2).
/// </summary>
public sealed class ClientsFixture() : LandMapFixture(kestrel: true)
{
    public ConcurrentQueue<string> Requests { get; } = new();

    protected override void ConfigureHost(IWebHostBuilder builder) =>
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new RecordRequests(Requests)));

    public string Url => ServerAddress!.ToString().TrimEnd('/');

    /// <summary>The repository's root (where LandMap.sln is).</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "LandMap.sln"))) return dir.FullName;
            throw new InvalidOperationException("LandMap.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Runs a program to its end (at most <paramref name="timeoutSeconds"/>), returning exit code, stdout and stderr.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(string file, IEnumerable<string> args, int timeoutSeconds = 300,
        IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} ran longer than {timeoutSeconds} s");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private sealed class RecordRequests(ConcurrentQueue<string> log) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (ctx, go) =>
            {
                log.Enqueue(ctx.Request.Path + ctx.Request.QueryString);
                await go(ctx);
            });
            next(app);
        };
    }
}

[CollectionDefinition(Name)]
public sealed class ClientsCollection : ICollectionFixture<ClientsFixture>
{
    public const string Name = "GIS clients against LandMap on Kestrel";
}
