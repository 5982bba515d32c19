using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace LandMap.Api.Tests.Revitalisation;

/// <summary>
/// /api/stats/revitalisation on real PostGIS: the year's figures equal sums computed here over the plans and the
/// back-dated history rows this test wrote (zone EFR and its neighbour EFX, around 128.5°E 46°N).
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class RevitalisationStatsApiTests(LandMapFixture fx)
{
    private const string Zone = "EFR";
    private const string Other = "EFX";

    private sealed record Written(string Kind, string Code, string Zone, string Outcome, string On, double Amount, double Investment, double Output);

    private async Task<string> ParcelAsync(string zone, int slot, double mu, string status, DateTimeOffset at)
    {
        var code = $"{zone}-{Guid.NewGuid().ToString("N")[..8]}";
        await HistoryRows.AtAsync(fx.ConnectionString, at, HistoryRows.InsertParcel, code, zone, 128.5 + 0.003 * slot, 46.0, mu, status);
        return code;
    }

    private async Task<string> FactoryAsync(string zone, int slot, double vacantM2, DateTimeOffset at)
    {
        var code = $"{zone}-F{Guid.NewGuid().ToString("N")[..8]}";
        await HistoryRows.AtAsync(fx.ConnectionString, at, HistoryRows.InsertFactory, code, zone, 128.5 + 0.003 * slot, 46.05, vacantM2, "idle");
        return code;
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string url, object body, string? ifMatch = null)
    {
        using var req = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) req.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var res = await fx.Client.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"{method} {url}: {(int)res.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A plan for the resource closed with an outcome on <paramref name="on"/>; its id.</summary>
    private async Task<long> DoneAsync(string kind, string code, string outcome, string on, double investment, double output)
    {
        var plan = await SendAsync(HttpMethod.Post, "/api/plans", new { resourceKind = kind, resourceCode = code, disposalMethod = "招商盘活", responsibleUnit = "招商中心" });
        var id = plan.GetProperty("id").GetInt64();
        await SendAsync(HttpMethod.Post, $"/api/plans/{id}/outcome",
            new { kind = outcome, investmentAddedWan = investment, expectedOutputWan = output, revitalisedOn = on }, "\"1\"");
        return id;
    }

    private static DateTimeOffset At(string local) => HistoryRows.At(local);

    [Fact]
    public async Task The_year_figures_equal_sums_over_the_plans_and_the_history_written_here()
    {
        await HistoryRows.EnsureZoneAsync(fx.ConnectionString, Zone, 128.5, 46.0);
        await HistoryRows.EnsureZoneAsync(fx.ConnectionString, Other, 128.5, 46.2);
        var created = At("2022-01-05T09:00");
        var written = new List<Written>();
        var plans = new List<long>();

        // 1. An idle parcel of 48.5 mu put in use on 2024-03-02 (the exit change), re-surveyed to 40 mu in 2025.
        var p1 = await ParcelAsync(Zone, 0, 48.5, "idle", created);
        await HistoryRows.AtAsync(fx.ConnectionString, At("2024-03-02T10:00"), "UPDATE parcels SET status = 'in_use' WHERE code = $1", p1);
        await HistoryRows.AtAsync(fx.ConnectionString, At("2025-02-01T10:00"), "UPDATE parcels SET area_mu = 40 WHERE code = $1", p1);
        plans.Add(await DoneAsync("parcel", p1, "new_project", "2024-03-05", 12000, 30000));
        written.Add(new("parcel", p1, Zone, "new_project", "2024-03-05", 48.5, 12000, 30000));

        // 2. An in-use low-efficiency parcel (腾笼换鸟) of 22.25 mu, no status change: its area as of the day.
        var p2 = await ParcelAsync(Zone, 1, 22.25, "in_use", created);
        plans.Add(await DoneAsync("parcel", p2, "expanded", "2024-07-01", 3000, 5200.5));
        written.Add(new("parcel", p2, Zone, "expanded", "2024-07-01", 22.25, 3000, 5200.5));

        // 3. A vacant factory of 3200 m² let on the day: vacant floor 3200 → 0 with the status change.
        var f1 = await FactoryAsync(Zone, 2, 3200, created);
        await HistoryRows.AtAsync(fx.ConnectionString, At("2024-09-10T15:00"), "UPDATE factories SET status = 'in_use', vacant_floor_m2 = 0 WHERE code = $1", f1);
        plans.Add(await DoneAsync("factory", f1, "expanded", "2024-09-10", 800, 1500));
        written.Add(new("factory", f1, Zone, "expanded", "2024-09-10", 3200, 800, 1500));

        // 4. A factory whose 1800 m² were taken up in part later (2025): counted as of its day.
        var f2 = await FactoryAsync(Zone, 3, 1800, created);
        await HistoryRows.AtAsync(fx.ConnectionString, At("2025-01-10T09:00"), "UPDATE factories SET vacant_floor_m2 = 600 WHERE code = $1", f2);
        plans.Add(await DoneAsync("factory", f2, "new_project", "2024-12-31", 450, 900));
        written.Add(new("factory", f2, Zone, "new_project", "2024-12-31", 1800, 450, 900));

        // Not counted: another year, another zone.
        var p3 = await ParcelAsync(Zone, 4, 30, "idle", created);
        plans.Add(await DoneAsync("parcel", p3, "new_project", "2023-12-31", 999, 999));
        var p4 = await ParcelAsync(Other, 5, 30, "idle", created);
        plans.Add(await DoneAsync("parcel", p4, "new_project", "2024-05-05", 999, 999));

        var doc = await fx.GetJsonAsync($"/api/stats/revitalisation?zone={Zone}&year=2024");
        var mine = written.Where(w => w.Zone == Zone && w.On.StartsWith("2024", StringComparison.Ordinal)).ToList();
        Assert.Equal((2024, mine.Count), (doc.GetProperty("year").GetInt32(), doc.GetProperty("plansDone").GetInt32()));
        Assert.Equal(mine.Where(w => w.Kind == "parcel").Sum(w => w.Amount), doc.GetProperty("landRevitalisedMu").GetDouble(), 6);
        Assert.Equal(mine.Where(w => w.Kind == "factory").Sum(w => w.Amount), doc.GetProperty("factoryRevitalisedM2").GetDouble(), 6);
        Assert.Equal(mine.Count(w => w.Outcome == "expanded"), doc.GetProperty("firmsExpanded").GetInt32());
        Assert.Equal(mine.Count(w => w.Outcome == "new_project"), doc.GetProperty("newProjects").GetInt32());
        Assert.Equal(mine.Sum(w => w.Investment), doc.GetProperty("investmentAddedWan").GetDouble(), 6);
        Assert.Equal(mine.Sum(w => w.Output), doc.GetProperty("expectedOutputWan").GetDouble(), 6);
        Assert.Equal((70.75, 5000.0, 2, 2, 16250.0, 37600.5), (doc.GetProperty("landRevitalisedMu").GetDouble(), doc.GetProperty("factoryRevitalisedM2").GetDouble(),
            doc.GetProperty("firmsExpanded").GetInt32(), doc.GetProperty("newProjects").GetInt32(), doc.GetProperty("investmentAddedWan").GetDouble(),
            doc.GetProperty("expectedOutputWan").GetDouble()));

        // The breakdown: each plan's amount and where it came from.
        var parts = doc.GetProperty("plans").EnumerateArray().ToDictionary(x => x.GetProperty("resourceCode").GetString()!);
        Assert.Equal(mine.Select(w => w.Code).Order(), parts.Keys.Order());
        Assert.Equal(("exit-change", 48.5, "mu"), (parts[p1].GetProperty("amountBasis").GetString(), parts[p1].GetProperty("amount").GetDouble(), parts[p1].GetProperty("amountUnit").GetString()));
        Assert.Equal(("current", 22.25), (parts[p2].GetProperty("amountBasis").GetString(), parts[p2].GetProperty("amount").GetDouble()));
        Assert.Equal(("exit-change", 3200.0, "m2"), (parts[f1].GetProperty("amountBasis").GetString(), parts[f1].GetProperty("amount").GetDouble(), parts[f1].GetProperty("amountUnit").GetString()));
        Assert.Equal(("as-of", 1800.0), (parts[f2].GetProperty("amountBasis").GetString(), parts[f2].GetProperty("amount").GetDouble()));
        Assert.Equal(await ChangeIdAsync("parcel", p1, "2024-03-02T10:00"), parts[p1].GetProperty("changeId").GetInt64());

        // Without a year: the latest with done plans, and the years listed.
        var latest = await fx.GetJsonAsync($"/api/stats/revitalisation?zone={Zone}");
        Assert.Equal(2024, latest.GetProperty("year").GetInt32());
        Assert.Equal([2024, 2023], latest.GetProperty("yearsWithPlans").EnumerateArray().Select(y => y.GetInt32()));

        // The zones together, and the other year alone.
        var both = await fx.GetJsonAsync($"/api/stats/revitalisation?zone={Zone},{Other}&year=2024");
        Assert.Equal(70.75 + 30, both.GetProperty("landRevitalisedMu").GetDouble(), 6);
        var y2023 = await fx.GetJsonAsync($"/api/stats/revitalisation?zone={Zone}&year=2023");
        Assert.Equal((30.0, 0, 1), (y2023.GetProperty("landRevitalisedMu").GetDouble(), y2023.GetProperty("firmsExpanded").GetInt32(),
            y2023.GetProperty("newProjects").GetInt32()));
    }

    private async Task<long> ChangeIdAsync(string kind, string code, string local)
    {
        await using var conn = new NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT id FROM changes WHERE kind = $1 AND code = $2 AND changed_at = $3", conn);
        cmd.Parameters.Add(new() { Value = kind });
        cmd.Parameters.Add(new() { Value = code });
        cmd.Parameters.Add(new() { Value = At(local).ToUniversalTime() });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
