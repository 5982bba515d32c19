using Npgsql;
using NpgsqlTypes;

namespace LandMap.Seeds;

/// <summary>
/// Writes the demo's idle-land findings, plans (with milestones and progress) and dispatch meetings (with decisions) in
/// the seed's transaction, and moves their dates to the day the demo is loaded (<see cref="KeepCurrentAsync"/>).
/// A few hundred rows: one command per plan is fast enough and keeps the ids straight.
/// </summary>
public static class SeedRevitalisation
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private const string InsertFindings = """
        INSERT INTO idle_findings (parcel_code, found_on, cause, government_cause_type, finding_no, note, created_by, created_at)
        SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
        """;

    private const string InsertPlan = """
        INSERT INTO plans (resource_kind, resource_code, zone_code, disposal_method, responsible_unit, officer, status, notes,
            outcome_kind, investment_added_wan, expected_output_wan, revitalised_on, version, created_at, created_by, updated_at, updated_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $15)
        RETURNING id
        """;

    private const string InsertMilestones = """
        INSERT INTO plan_milestones (plan_id, title, due_on, done_on, done_by, created_at)
        SELECT $1, * FROM unnest($2::text[], $3::date[], $4::date[], $5::text[], $6::timestamptz[])
        """;

    private const string InsertMeeting = """
        INSERT INTO meetings (held_on, title, zone_code, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id
        """;

    private const string InsertDecision = """
        INSERT INTO meeting_decisions (meeting_id, plan_id, decision, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5)
        """;

    private const string InsertProgress = """
        INSERT INTO plan_progress (plan_id, on_date, written_at, written_by, body, meeting_id) VALUES ($1, $2, $3, $4, $5, $6)
        """;

    public static async Task WriteAsync(NpgsqlConnection conn, RevitalisationSeed seed, CancellationToken ct)
    {
        var f = seed.Findings;
        await ExecAsync(conn, InsertFindings, ct, f.Select(x => x.ParcelCode).ToArray(), f.Select(x => x.FoundOn).ToArray(),
            f.Select(x => x.Cause).ToArray(), f.Select(x => x.GovernmentCauseType).ToArray(), f.Select(x => x.FindingNo).ToArray(),
            f.Select(x => x.Note).ToArray(), f.Select(_ => "自然资源和规划分局").ToArray(), f.Select(x => At(x.FoundOn, 15)).ToArray());

        var meetingIds = new Dictionary<string, long>();
        foreach (var m in seed.Meetings)
            meetingIds[m.Key] = (long)(await ScalarAsync(conn, InsertMeeting, ct, m.HeldOn, m.Title, m.ZoneCode, "招商服务中心", At(m.HeldOn, 18)))!;

        var planIds = new Dictionary<(string, string), long>();
        foreach (var p in seed.Plans)
        {
            var o = p.Outcome;
            var last = o is not null ? At(o.RevitalisedOn, 17) : At(p.Progress.Select(x => x.On).Append(p.CreatedOn).Max(), 17);
            var id = (long)(await ScalarAsync(conn, InsertPlan, ct, p.ResourceKind, p.ResourceCode, p.ZoneCode, p.DisposalMethod, p.ResponsibleUnit,
                p.Officer, p.Status, p.Notes, o?.Kind, o?.InvestmentAddedWan, o?.ExpectedOutputWan, o?.RevitalisedOn, o is null ? 1 : 2,
                At(p.CreatedOn, 9), p.ResponsibleUnit, last))!;
            if (o is null) planIds[(p.ResourceKind, p.ResourceCode)] = id;
            var ms = p.Milestones;
            await ExecAsync(conn, InsertMilestones, ct, id, ms.Select(m => m.Title).ToArray(), ms.Select(m => m.DueOn).ToArray(),
                ms.Select(m => m.DoneOn).ToArray(), ms.Select(m => m.DoneOn is null ? null : p.Officer).ToArray(), ms.Select(_ => At(p.CreatedOn, 9)).ToArray());
            foreach (var pr in p.Progress)
                await ExecAsync(conn, InsertProgress, ct, id, pr.On, At(pr.On, 17), p.Officer, pr.Text,
                    pr.MeetingKey is null ? null : meetingIds[pr.MeetingKey]);
        }
        foreach (var m in seed.Meetings)
            foreach (var d in m.Decisions)
                await ExecAsync(conn, InsertDecision, ct, meetingIds[m.Key], planIds[(d.ResourceKind, d.ResourceCode)], d.Decision, "调度会", At(m.HeldOn, 12));
    }

    /// <summary>
    /// The demo's idle-land dates are set against its ledger date (<paramref name="ledgerDate"/>); loaded later, they move
    /// forward by the whole China days since: the supplied-land dates (so the warning list still shows parcels nearing one
    /// full year, and suspected and found parcels keep their place in the rules' clock), the findings, the open plans'
    /// milestones and progress (done ones stay done, overdue ones overdue) and the meetings. Done plans and their outcome
    /// days stay where the history has them (the revitalisation figures are those of the demo year). Call in the seed's
    /// transaction, after writing.
    /// </summary>
    public static async Task KeepCurrentAsync(NpgsqlConnection conn, DateOnly ledgerDate, CancellationToken ct)
    {
        const string Shift = """
            WITH d AS (SELECT greatest(0, (now() AT TIME ZONE 'Asia/Shanghai')::date - $1::date) AS n),
            parcels_moved AS (
                UPDATE parcels SET agreed_start_on = agreed_start_on + d.n, actual_start_on = actual_start_on + d.n, halted_on = halted_on + d.n
                FROM d WHERE supply_type IS NOT NULL AND d.n > 0 RETURNING 1),
            findings_moved AS (UPDATE idle_findings SET found_on = found_on + d.n, created_at = created_at + d.n * interval '1 day' FROM d WHERE d.n > 0 RETURNING 1),
            open_plans AS (SELECT id FROM plans WHERE status = 'open'),
            plans_moved AS (
                UPDATE plans SET created_at = created_at + d.n * interval '1 day', updated_at = updated_at + d.n * interval '1 day'
                FROM d WHERE id IN (SELECT id FROM open_plans) AND d.n > 0 RETURNING 1),
            milestones_moved AS (
                UPDATE plan_milestones SET due_on = due_on + d.n, done_on = done_on + d.n, created_at = created_at + d.n * interval '1 day'
                FROM d WHERE plan_id IN (SELECT id FROM open_plans) AND d.n > 0 RETURNING 1),
            progress_moved AS (
                UPDATE plan_progress SET on_date = on_date + d.n, written_at = written_at + d.n * interval '1 day'
                FROM d WHERE plan_id IN (SELECT id FROM open_plans) AND d.n > 0 RETURNING 1),
            meetings_moved AS (
                UPDATE meetings SET held_on = held_on + d.n, created_at = created_at + d.n * interval '1 day' FROM d WHERE d.n > 0 RETURNING 1),
            decisions_moved AS (
                UPDATE meeting_decisions SET decided_at = decided_at + d.n * interval '1 day' FROM d WHERE d.n > 0 RETURNING 1)
            SELECT (SELECT n FROM d)
            """;
        await ScalarAsync(conn, Shift, ct, ledgerDate);
    }

    private static DateTimeOffset At(DateOnly day, int hour) => new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), China).ToUniversalTime();

    private static async Task<object?> ScalarAsync(NpgsqlConnection conn, string sql, CancellationToken ct, params object?[] values)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var v in values) cmd.Parameters.Add(Param(v));
        return await cmd.ExecuteScalarAsync(ct);
    }

    private static Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct, params object?[] values) => ScalarAsync(conn, sql, ct, values);

    /// <summary>Nulls typed by position would be unknown to PostgreSQL: text unless the statement casts them.</summary>
    private static NpgsqlParameter Param(object? v) => v switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown },
        string?[] texts => new NpgsqlParameter { Value = texts.Select(t => (object?)t ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
        DateOnly?[] dates => new NpgsqlParameter { Value = dates.Select(d => (object?)d ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date },
        _ => new NpgsqlParameter { Value = v },
    };
}
