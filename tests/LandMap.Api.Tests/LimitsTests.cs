using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LandMap.Api.Tests;

/// <summary>Rate limits, the configured public base URL and Kestrel's own limits, each on an app of its own over the fixture's database.</summary>
[Collection(LandMapCollection.Name)]
public sealed class LimitsTests(LandMapFixture fx)
{
    private WebApplicationFactory<Program> With(params (string Key, string Value)[] settings) =>
        fx.Factory.WithWebHostBuilder(b => { foreach (var (k, v) in settings) b.UseSetting(k, v); });

    private static async Task AssertRateLimitedAsync(HttpResponseMessage res)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, res.StatusCode);
        Assert.True(res.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After: {res.Headers.RetryAfter}");
        var problem = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("rate-limited", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Anonymous_reads_beyond_the_limit_get_429_with_retry_after_and_signed_in_callers_do_not()
    {
        await using var app = With(("Access:RateLimits:AnonymousPerIpPerMinute", "5"));
        using var anonymous = app.CreateClient();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/config")).StatusCode);
        using (var limited = await anonymous.GetAsync("/api/config")) await AssertRateLimitedAsync(limited);

        using var staff = app.CreateClient();
        staff.DefaultRequestHeaders.Add("X-API-Key", fx.KeyFor("staff"));
        for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/config")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_user_and_per_ip()
    {
        await using var app = With(("Access:RateLimits:SignInPerUserPerMinute", "3"), ("Access:RateLimits:SignInPerIpPerMinute", "6"));
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/login", new { name = "test-staff", password = "wrong password!" });
            Assert.True(wrong.StatusCode == HttpStatusCode.Unauthorized, await wrong.Content.ReadAsStringAsync());
        }
        // The fourth guess at the same user is refused even with the right password: the limit stops guessing, not typos.
        using (var limited = await client.PostAsJsonAsync("/api/auth/login", new { name = "test-staff", password = fx.Passwords["test-staff"] }))
            await AssertRateLimitedAsync(limited);
        // Other users from the same address still get their attempts, until the per-IP limit.
        // (A new client each time: a signed-in cookie would make the next POST need the CSRF token.)
        using var second = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsJsonAsync("/api/auth/login", new { name = "test-editor", password = fx.Passwords["test-editor"] })).StatusCode);
        using var third = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await third.PostAsJsonAsync("/api/auth/login", new { name = "nobody", password = "whatever123" })).StatusCode);
        using (var ipLimited = await third.PostAsJsonAsync("/api/auth/login", new { name = "test-admin", password = fx.Passwords["test-admin"] }))
            await AssertRateLimitedAsync(ipLimited);
    }

    [Fact]
    public async Task Links_follow_the_configured_public_base_url_not_the_host_header()
    {
        await using var app = With(("Access:PublicBaseUrl", "https://landmap.example.cn/"), ("AllowedHosts", "*"));
        using var client = app.CreateClient();
        using var req = new HttpRequestMessage(HttpMethod.Get, "/collections/parcels/items?limit=1");
        req.Headers.Host = "evil.example";
        using var res = await client.SendAsync(req);
        var links = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("links").EnumerateArray()
            .Select(l => l.GetProperty("href").GetString()!).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.StartsWith("https://landmap.example.cn/", l));
    }

    [Fact]
    public async Task A_stalled_body_on_real_kestrel_gets_408_problem_not_500()
    {
        await using var app = With(("urls", "http://127.0.0.1:0"));
        app.UseKestrel();
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", address.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n" +
                   $"X-API-Key: {fx.KeyFor("editor")}\r\n\r\n{{\"name\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        // Then nothing: Kestrel's minimum body rate (240 B/s after a 5 s grace) ends the wait.
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var read = await stream.ReadAsync(buffer, timeout.Token);
        var response = Encoding.UTF8.GetString(buffer, 0, read);
        Assert.StartsWith("HTTP/1.1 408", response);
        Assert.Contains("application/problem+json", response);
    }
}
