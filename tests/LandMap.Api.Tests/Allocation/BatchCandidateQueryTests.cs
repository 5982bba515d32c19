using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LandMap.Api.Matching;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LandMap.Api.Tests.Allocation;

/// <summary>
/// Issue 11: POST /api/allocate reads the candidates of the whole batch with one set-based query, whatever the number of
/// projects, and none when every chain sum it needs is kept in memory (the land then comes from the land snapshot). Counted honestly: every command the server sends to this test's database during the request is recorded from
/// Npgsql's own tracing (its ActivitySource), and those reading candidate parcels are counted.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class BatchCandidateQueryTests(LandMapFixture fx)
{
    private async Task<JsonElement> PostAsync(string url, object body)
    {
        using var res = await fx.Client.PostAsJsonAsync(url, body);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Allocating_a_batch_reads_its_candidates_in_one_query_and_scores_them_as_a_single_match_does()
    {
        object[] specs =
        [
            new { name = "批量一", pollutionClass = "3", investmentWan = 30000, landNeedMu = 58, powerKva = 900, maxLandPriceWanPerMu = 30.5, industryChain = "新型显示" },
            new { name = "批量二", pollutionClass = "3", investmentWan = 30000, landNeedMu = 58, powerKva = 900, maxLandPriceWanPerMu = 30.5, industryChain = "食品加工" },
            new { name = "批量三", pollutionClass = "3", investmentWan = 30000, landNeedMu = 58, powerKva = 900, maxLandPriceWanPerMu = 30.5 },
            new { name = "批量四", pollutionClass = "3", investmentWan = 26000, landNeedMu = 50, powerKva = 900, maxLandPriceWanPerMu = 30.5, industryChain = "新型显示" },
        ];
        var matches = new Dictionary<long, JsonElement>();
        foreach (var spec in specs)
        {
            var match = await PostAsync("/api/match", new { project = spec });
            Assert.InRange(match.GetProperty("candidateCount").GetInt32(), 1, 50); // every candidate listed, none left to the near-miss path
            matches[(await PostAsync("/api/projects", spec)).GetProperty("id").GetInt64()] = match;
        }

        // A batch with no sum kept (others of this collection may have kept some for these chains) sums the neighbours in
        // its one query, and keeps them.
        ChainSums.Forget(fx.Factory.Services.GetRequiredService<NpgsqlDataSource>());
        var (result, statements) = await AllocateTracedAsync(matches.Keys);
        var candidateQueries = CandidateQueries(statements);
        Assert.True(candidateQueries.Count == 1, $"{candidateQueries.Count} candidate queries:\n{string.Join("\n", candidateQueries)}");
        Assert.Contains("fits AS", candidateQueries[0]);

        // Each assignment has the score and reason the single match gives the same parcel for the same project.
        var assigned = result.GetProperty("land").GetProperty("assignments").EnumerateArray().ToList();
        Assert.NotEmpty(assigned); // the projects compete for a few parcels: some go without
        foreach (var a in assigned)
        {
            var single = matches[a.GetProperty("projectId").GetInt64()].GetProperty("candidates").EnumerateArray()
                .Single(c => c.GetProperty("code").GetString() == a.GetProperty("code").GetString());
            Assert.Equal(single.GetProperty("score").GetDouble(), a.GetProperty("score").GetDouble());
            Assert.Equal(single.GetProperty("reasonZh").GetString(), a.GetProperty("reasonZh").GetString());
        }

        // The same batch again, nothing written: every sum is kept, so the land comes from the snapshot in memory and no
        // candidate query runs; the answer is the same, assignment for assignment.
        var (again, againStatements) = await AllocateTracedAsync(matches.Keys);
        var againQueries = CandidateQueries(againStatements);
        Assert.True(againQueries.Count == 0, $"{againQueries.Count} candidate queries:\n{string.Join("\n", againQueries)}");
        Assert.Equal(result.GetProperty("land").GetRawText(), again.GetProperty("land").GetRawText());

        // An edit of an assigned parcel: the land snapshot follows it and carries the sums, reading the edited parcel's
        // again, so the next batch still sums nothing (no batch query) and answers as one that reads every sum afresh.
        var edited = assigned[0].GetProperty("code").GetString()!;
        await fx.ExecuteAsync("UPDATE parcels SET price_wan_per_mu = price_wan_per_mu - 0.5 WHERE code = $1", edited);
        var (afterEdit, afterEditStatements) = await AllocateTracedAsync(matches.Keys);
        Assert.Contains(afterEditStatements, q => q.Contains("pg_visible_in_snapshot", StringComparison.Ordinal)); // the snapshot followed the edit
        Assert.DoesNotContain(afterEditStatements, q => q.Contains("fits AS", StringComparison.Ordinal));
        ChainSums.Forget(fx.Factory.Services.GetRequiredService<NpgsqlDataSource>());
        var (fresh, freshStatements) = await AllocateTracedAsync(matches.Keys);
        Assert.Single(freshStatements, q => q.Contains("fits AS", StringComparison.Ordinal));
        Assert.Equal(fresh.GetProperty("land").GetRawText(), afterEdit.GetProperty("land").GetRawText());
        await fx.ExecuteAsync("UPDATE parcels SET price_wan_per_mu = price_wan_per_mu + 0.5 WHERE code = $1", edited);
    }

    /// <summary>The commands that read candidate parcels.</summary>
    private static List<string> CandidateQueries(IEnumerable<string> statements) => [.. statements.Where(s => s.Contains("parcels g", StringComparison.Ordinal))];

    /// <summary>POST /api/allocate for <paramref name="projectIds"/>, with every command it sent to this test's database.</summary>
    private async Task<(JsonElement Result, List<string> Statements)> AllocateTracedAsync(IEnumerable<long> projectIds)
    {
        var statements = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Npgsql", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var tags = activity.TagObjects.Select(t => t.Value?.ToString() ?? "").ToList();
                if (tags.Contains(fx.DatabaseName)) statements.Enqueue(string.Join(" | ", tags));
            },
        };
        ActivitySource.AddActivityListener(listener);
        var result = await PostAsync("/api/allocate", new { projectIds });
        Assert.NotEmpty(statements); // the tracing saw the request's commands at all
        return (result, [.. statements]);
    }
}
