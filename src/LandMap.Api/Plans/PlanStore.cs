using LandMap.Core.Plans;
using Npgsql;
using NpgsqlTypes;

namespace LandMap.Api.Plans;

/// <summary>A milestone as the API shows it, with its overdue flag for the day the answer was made.</summary>
public sealed record MilestoneDocument(long Id, string Title, DateOnly DueOn, DateOnly? DoneOn, string? DoneBy, bool Overdue);

/// <summary>One progress entry: the day it happened, who wrote it and when, and the meeting it was reported to.</summary>
public sealed record ProgressDocument(long Id, DateOnly On, string Text, string By, DateTimeOffset At, long? MeetingId);

/// <summary>How the resource was revitalised (null while the plan is not done).</summary>
public sealed record OutcomeDocument(string Kind, long? ProjectId, double InvestmentAddedWan, double ExpectedOutputWan, DateOnly RevitalisedOn);

/// <summary>
/// A plan (一地一策) as the API returns it; <see cref="Version"/> (its ETag) counts changes to the plan's own fields and
/// outcome, not milestones or progress, which are added without If-Match. <see cref="Progress"/> is in the single plan only.
/// </summary>
public sealed record PlanDocument(
    long Id, string ResourceKind, string ResourceCode, string ZoneCode, double? AreaMu, double? VacantFloorM2, string? IdleReason,
    string DisposalMethod, string ResponsibleUnit, string? Officer, string Status, string? Notes, OutcomeDocument? Outcome,
    int Version, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public IReadOnlyList<MilestoneDocument> Milestones { get; init; } = [];

    /// <summary>Any milestone overdue.</summary>
    public bool Overdue => Milestones.Any(m => m.Overdue);

    /// <summary>The earliest open milestone.</summary>
    public MilestoneDocument? NextStep { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ProgressDocument>? Progress { get; init; }
}

public sealed record PlanList(IReadOnlyList<PlanDocument> Items, long Total);

/// <summary>Reads plans with their milestones (and progress) in one query per table for any number of plans.</summary>
internal static class PlanStore
{
    public static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    public static NpgsqlParameter Param(object? value) => new() { Value = value ?? DBNull.Value };

    public static async Task<List<PlanDocument>> ReadPlansAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var list = new List<PlanDocument>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            T? N<T>(string c) => r.IsDBNull(r.GetOrdinal(c)) ? default : r.GetFieldValue<T>(r.GetOrdinal(c));
            T V<T>(string c) => r.GetFieldValue<T>(r.GetOrdinal(c));
            var outcome = r.IsDBNull(r.GetOrdinal("outcome_kind")) ? null : new OutcomeDocument(V<string>("outcome_kind"),
                N<long?>("outcome_project_id"), V<double>("investment_added_wan"), V<double>("expected_output_wan"), V<DateOnly>("revitalised_on"));
            list.Add(new PlanDocument(V<long>("id"), V<string>("resource_kind"), V<string>("resource_code"), V<string>("zone_code"),
                N<double?>("area_mu"), N<double?>("vacant_floor_m2"), N<string>("idle_reason"), V<string>("disposal_method"),
                V<string>("responsible_unit"), N<string>("officer"), V<string>("status"), N<string>("notes"), outcome,
                V<int>("version"), V<DateTimeOffset>("created_at"), V<string>("created_by"), V<DateTimeOffset>("updated_at"), V<string>("updated_by")));
        }
        return list;
    }

    /// <summary>The plans with their milestones, overdue flags and next step on <paramref name="today"/>, and their progress when asked.</summary>
    public static async Task<List<PlanDocument>> CompleteAsync(NpgsqlDataSource db, List<PlanDocument> plans, DateOnly today, bool withProgress, CancellationToken ct)
    {
        if (plans.Count == 0) return plans;
        var ids = plans.Select(p => p.Id).ToArray();
        var milestones = new Dictionary<long, List<MilestoneDocument>>();
        await using (var cmd = db.CreateCommand(PlansQueries.MilestonesOf))
        {
            cmd.Parameters.Add(Param(ids));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var m = ReadMilestone(r, today);
                var planId = r.GetInt64(r.GetOrdinal("plan_id"));
                if (!milestones.TryGetValue(planId, out var list)) milestones[planId] = list = [];
                list.Add(m);
            }
        }
        Dictionary<long, List<ProgressDocument>>? progress = null;
        if (withProgress)
        {
            progress = [];
            await using var cmd = db.CreateCommand(PlansQueries.ProgressOf);
            cmd.Parameters.Add(Param(ids));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var planId = r.GetInt64(r.GetOrdinal("plan_id"));
                if (!progress.TryGetValue(planId, out var list)) progress[planId] = list = [];
                list.Add(ReadProgress(r));
            }
        }
        return plans.Select(p =>
        {
            var own = milestones.GetValueOrDefault(p.Id) ?? [];
            var next = Core.Plans.Milestones.NextStep(own.Select(ToCore));
            return p with
            {
                Milestones = own,
                NextStep = next is null ? null : own.First(m => m.Id == next.Id),
                Progress = progress is null ? null : progress.GetValueOrDefault(p.Id) ?? [],
            };
        }).ToList();
    }

    private static Milestone ToCore(MilestoneDocument m) => new(m.Id, m.Title, m.DueOn, m.DoneOn);

    public static MilestoneDocument ReadMilestone(NpgsqlDataReader r, DateOnly today)
    {
        var doneOn = r.IsDBNull(r.GetOrdinal("done_on")) ? (DateOnly?)null : r.GetFieldValue<DateOnly>(r.GetOrdinal("done_on"));
        var core = new Milestone(r.GetInt64(r.GetOrdinal("id")), r.GetString(r.GetOrdinal("title")), r.GetFieldValue<DateOnly>(r.GetOrdinal("due_on")), doneOn);
        return new MilestoneDocument(core.Id, core.Title, core.DueOn, core.DoneOn,
            r.IsDBNull(r.GetOrdinal("done_by")) ? null : r.GetString(r.GetOrdinal("done_by")), Core.Plans.Milestones.IsOverdue(core, today));
    }

    public static ProgressDocument ReadProgress(NpgsqlDataReader r) => new(
        r.GetInt64(r.GetOrdinal("id")), r.GetFieldValue<DateOnly>(r.GetOrdinal("on_date")), r.GetString(r.GetOrdinal("body")),
        r.GetString(r.GetOrdinal("written_by")), r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("written_at")),
        r.IsDBNull(r.GetOrdinal("meeting_id")) ? null : r.GetInt64(r.GetOrdinal("meeting_id")));

    public static async Task<PlanDocument?> FindAsync(NpgsqlDataSource db, long id, DateOnly today, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(PlansQueries.ById);
        cmd.Parameters.Add(Param(id));
        var found = await ReadPlansAsync(cmd, ct);
        return found.Count == 0 ? null : (await CompleteAsync(db, found, today, withProgress: true, ct))[0];
    }

    /// <summary>The first column of the first row, or null when there is none.</summary>
    public static async Task<object?> ScalarAsync(NpgsqlDataSource db, string sql, CancellationToken ct, params object?[] values)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(v is string or null ? Text((string?)v) : Param(v));
        return await cmd.ExecuteScalarAsync(ct);
    }
}
