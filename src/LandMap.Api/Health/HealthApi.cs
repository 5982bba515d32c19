using LandMap.Api.Database;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace LandMap.Api.Health;

/// <summary>
/// /health/live: the process answers (no checks). /health/ready: the database answers (AspNetCore.HealthChecks.NpgSql) and
/// every migration this build carries is applied. Public, not rate-limited, no detail beyond the check names.
/// </summary>
public static class HealthApi
{
    private const string Ready = "ready";

    public static IServiceCollection AddLandMapHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddNpgSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), name: "database", tags: [Ready], timeout: TimeSpan.FromSeconds(2))
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Ready),
            ResponseWriter = WriteAsync,
        }).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        if (report.Status != HealthStatus.Healthy) http.Response.Headers.RetryAfter = Problems.Problems.DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}

public sealed class MigrationsHealthCheck(NpgsqlDataSource db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var pending = await Migrator.PendingAsync(db, ct);
            return pending.Count == 0 ? HealthCheckResult.Healthy("all migrations applied")
                : HealthCheckResult.Unhealthy($"migrations not applied: {string.Join(", ", pending)}");
        }
        catch (Exception e) when (Problems.ExceptionProblems.IsDatabaseUnavailable(e))
        {
            return HealthCheckResult.Unhealthy("database unavailable");
        }
    }
}
