using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Matching;

/// <summary>
/// Loads the land snapshot (<see cref="LandSnapshot"/>) in the background when the application starts, if the database
/// holds at least Matching:WarmUpFromParcels parcels: at a million the first match of a fresh process otherwise waited
/// 5.6–7.3 s for it (2026-11-26), the first user of the day paying for what every later match reuses. Smaller registers load
/// within the first match's own time, so they are left to it. Once loaded it follows writes as every match does.
/// </summary>
public sealed class LandSnapshotWarmUp(NpgsqlDataSource db, IOptions<MatchingOptions> options, ILogger<LandSnapshotWarmUp> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var from = options.Value.WarmUpFromParcels;
        if (from < 0) return;
        try
        {
            await Task.Yield(); // off the start-up path: the host starts without waiting for the count
            // Counts up to the threshold only: no scan of a whole province to learn that it is large.
            long parcels;
            await using (var count = db.CreateCommand("SELECT count(*) FROM (SELECT 1 FROM parcels LIMIT $1) p"))
            {
                count.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Math.Max(from, 1) });
                parcels = (long)(await count.ExecuteScalarAsync(stoppingToken))!;
            }
            if (parcels < from) return;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var snapshot = await LandSnapshot.CurrentAsync(db, stoppingToken);
            log.LogInformation("Land snapshot of {Count} available parcels loaded for matching in {Seconds:F1} s",
                snapshot.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !stoppingToken.IsCancellationRequested)
        {
            // The first match loads it instead.
            log.LogWarning(e, "The land snapshot could not be loaded at start-up; the first match loads it");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
