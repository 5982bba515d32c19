using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LandMap.Api.Tests.Allocation;

/// <summary>
/// Issue 11: POST /api/allocate reads the candidates of the whole batch with one set-based query, whatever the number of
/// projects. Counted honestly: every command the server sends to this test's database during the request is recorded from
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

        var statements = new ConcurrentQueue<string>();
        using (var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Npgsql", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var tags = activity.TagObjects.Select(t => t.Value?.ToString() ?? "").ToList();
                if (tags.Contains(fx.DatabaseName)) statements.Enqueue(string.Join(" | ", tags));
            },
        })
        {
            ActivitySource.AddActivityListener(listener);
            var result = await PostAsync("/api/allocate", new { projectIds = matches.Keys });

            Assert.NotEmpty(statements); // the tracing saw the request's commands at all
            var candidateQueries = statements.Where(s => s.Contains("parcels g", StringComparison.Ordinal)).ToList();
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
        }
    }
}
