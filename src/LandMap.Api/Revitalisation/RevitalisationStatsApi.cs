using LandMap.Api.Problems;
using LandMap.Core.History;
using LandMap.Core.Plans;
using LandMap.Core.Revitalisation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LandMap.Api.Revitalisation;

/// <summary>
/// GET /api/stats/revitalisation?zone=&amp;year= (staff): a zone's year in the articles' terms — idle and low-efficiency
/// land revitalised (mu), factory space revitalised (m²), firms guided to expand, new projects landed, fixed-asset
/// investment added and expected output (万元) — summed over the plans (一地一策) closed as done with a revitalisation day
/// in that calendar year, with each plan's part so the figures can be checked. A plan's amount is read from the history
/// (<see cref="RevitalisationFigures.AmountOf"/>): the amount before the status change that took its resource out of
/// idle, else as it stood on the revitalisation day, else as stored now; each part says which and the change's id.
/// Year: when not given, the latest year with such plans (listed in yearsWithPlans), else the current China year.
/// </summary>
public static class RevitalisationStatsApi
{
    public static async Task<Results<Ok<RevitalisationDocument>, ProblemHttpResult>> Get(
        HttpRequest request, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var (zones, year, errors) = await PerformanceApi.ParseZoneYearAsync(request, db, ct);
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
        var years = new List<int>();
        await using (var cmd = db.CreateCommand(RevitalisationQueries.DoneYears))
        {
            cmd.Parameters.Add(new() { Value = zones });
            cmd.Parameters.Add(new() { Value = PlanLists.Done });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) years.Add(r.GetInt32(0));
        }
        var y = year ?? (years.Count > 0 ? years[0] : ChinaDay.Today(time.GetUtcNow()).Year);
        var (from, to) = (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31));

        var plans = new List<(long Id, string Kind, string Code, string Zone, string Outcome, DateOnly On, double Investment, double Output, double? Current)>();
        await using (var cmd = db.CreateCommand(RevitalisationQueries.DonePlans))
        {
            foreach (var v in new object[] { zones, from, to, PlanLists.Done }) cmd.Parameters.Add(new() { Value = v });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                plans.Add((r.GetInt64(r.GetOrdinal("id")), Db.Text(r, "resource_kind")!, Db.Text(r, "resource_code")!, Db.Text(r, "zone_code")!,
                    Db.Text(r, "outcome_kind")!, r.GetFieldValue<DateOnly>(r.GetOrdinal("revitalised_on")), Db.Number(r, "investment_added_wan")!.Value,
                    Db.Number(r, "expected_output_wan")!.Value, Db.Number(r, "current_amount")));
        }

        var changes = new Dictionary<(string, string), List<ResourceChange>>();
        if (plans.Count > 0)
        {
            await using var cmd = db.CreateCommand(RevitalisationQueries.ChangesOf);
            cmd.Parameters.Add(new() { Value = plans.Select(p => p.Kind).ToArray() });
            cmd.Parameters.Add(new() { Value = plans.Select(p => p.Code).ToArray() });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var key = (Db.Text(r, "kind")!, Db.Text(r, "code")!);
                if (!changes.TryGetValue(key, out var list)) changes[key] = list = [];
                list.Add(new(r.GetInt64(r.GetOrdinal("id")), r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("changed_at")), Db.Text(r, "status_before"),
                    Db.Text(r, "status_after"), Db.Number(r, "amount_before")));
            }
        }

        var totals = RevitalisationFigures.Sum(plans.Select(p => new DonePlan(p.Id, p.Kind, p.Code, p.Zone, p.Outcome, p.On, p.Investment, p.Output,
            p.Current, changes.GetValueOrDefault((p.Kind, p.Code)) ?? [])));
        return TypedResults.Ok(new RevitalisationDocument(zones, y, years, from, to, PerformanceApi.Round(totals.LandRevitalisedMu),
            PerformanceApi.Round(totals.FactoryRevitalisedM2), totals.FirmsExpanded, totals.NewProjects, PerformanceApi.Round(totals.InvestmentAddedWan),
            PerformanceApi.Round(totals.ExpectedOutputWan), totals.Plans.Count,
            [.. totals.Plans.Select(p => p with { Amount = PerformanceApi.Round(p.Amount) })]));
    }
}

/// <summary>
/// The revitalisation figures of a zone's year (zones empty: all zones), rounded to 0.01, the years that have done plans, and the plans they sum
/// (each plan's amount unit: mu for a parcel, m² for a factory).
/// </summary>
public sealed record RevitalisationDocument(
    IReadOnlyList<string> Zones, int Year, IReadOnlyList<int> YearsWithPlans, DateOnly From, DateOnly To, double LandRevitalisedMu, double FactoryRevitalisedM2, int FirmsExpanded,
    int NewProjects, double InvestmentAddedWan, double ExpectedOutputWan, int PlansDone, IReadOnlyList<PlanContribution> Plans);
