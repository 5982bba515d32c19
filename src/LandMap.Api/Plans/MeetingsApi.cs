using LandMap.Api.Ogc;
using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Collections;
using LandMap.Api.Exports;
using LandMap.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LandMap.Api.Plans;

/// <summary>A dispatch meeting (政企闲置资源调度会): the day, a title, and the zone it covers (null: every zone).</summary>
public sealed record MeetingDocument(long Id, DateOnly HeldOn, string Title, string? ZoneCode, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>GET /api/meetings: newest first.</summary>
public sealed record MeetingList(IReadOnlyList<MeetingDocument> Items);

/// <summary>A decision taken in a meeting about one plan.</summary>
public sealed record DecisionDocument(long Id, long MeetingId, long PlanId, string Decision, string By, DateTimeOffset At);

/// <summary>An open plan as the meeting sees it: the progress since the previous meeting and the decisions taken in this one.</summary>
public sealed record MeetingPlan(PlanDocument Plan, IReadOnlyList<ProgressDocument> ProgressSinceLast, IReadOnlyList<DecisionDocument> Decisions);

public sealed record MeetingGroup(string ZoneCode, string ResponsibleUnit, IReadOnlyList<MeetingPlan> Plans);

/// <summary>
/// GET /api/meetings/{id}: every open plan in the meeting's scope, grouped by zone and responsible unit. "Since the
/// previous meeting" means progress dated after the previous meeting's day (same scope) up to this meeting's day,
/// plus anything reported to this meeting.
/// </summary>
public sealed record MeetingView(MeetingDocument Meeting, MeetingDocument? Previous, IReadOnlyList<MeetingGroup> Groups, IReadOnlyList<DecisionDocument> Decisions);

/// <summary>Dispatch meetings: create one, the meeting view, decisions against plans, and the printable report.</summary>
public static class MeetingsApi
{
    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/meetings").WithTags("Plans").RequireAuthorization(Policies.Staff);
        group.MapGet("/", List).WithName("ListMeetings").WithQueryParameters(["zone"]).RequireAuthorization(Policies.Staff);
        group.MapPost("/", Create).WithName("CreateMeeting").WithJsonBody<MeetingInput>().RequireAuthorization(Policies.Editor);
        group.MapGet("/{id:long}", Get).WithName("GetMeeting").RequireAuthorization(Policies.Staff);
        group.MapPost("/{id:long}/decisions", AddDecision).WithName("AddMeetingDecision").WithJsonBody<DecisionInput>().RequireAuthorization(Policies.Editor);
        group.MapGet("/{id:long}/report", Report).WithName("MeetingReport").WithQueryParameters(["format"]).RequireAuthorization(Policies.Staff);
        return app;
    }

    /// <summary>GET /api/meetings?zone=: the meetings, newest first (by day, then id); zone keeps those on that zone.</summary>
    public static async Task<Results<Ok<MeetingList>, ProblemHttpResult>> List(HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        var errors = request.Query.Keys.Where(k => k != "zone")
            .Select(k => new FieldError(k, Problems.Problems.UnknownParameter, "unknown parameter; allowed: zone")).ToList();
        string[] zones = [.. request.Query["zone"].SelectMany(z => (z ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
        errors.AddRange(await CollectionsApi.UnknownZonesAsync(db, zones, ct));
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
        await using var cmd = db.CreateCommand(PlansQueries.Meetings);
        cmd.Parameters.Add(new NpgsqlParameter { Value = zones.Length == 0 ? DBNull.Value : zones, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        return TypedResults.Ok(new MeetingList(await ReadMeetingsAsync(cmd, ct)));
    }

    public static async Task<Results<Created<MeetingDocument>, ProblemHttpResult>> Create(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var (input, problem) = await JsonBody.ReadAsync<MeetingInput>(request, ct);
        if (problem is not null) return problem;
        var errors = input!.Validate();
        var zone = string.IsNullOrWhiteSpace(input.ZoneCode) ? null : input.ZoneCode.Trim();
        if (errors.Count == 0 && zone is not null && await PlanStore.ScalarAsync(db, PlansQueries.ZoneExists, ct, zone) is null)
            errors.Add(new("zoneCode", Problems.Problems.InvalidField, $"unknown zone '{zone}'"));
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);

        await using var cmd = db.CreateCommand(PlansQueries.InsertMeeting);
        cmd.Parameters.Add(PlanStore.Param(input.HeldOn!.Value));
        cmd.Parameters.Add(PlanStore.Text(input.Title!.Trim()));
        cmd.Parameters.Add(PlanStore.Text(zone));
        cmd.Parameters.Add(PlanStore.Text(Caller.Actor(user)));
        var meeting = (await ReadMeetingsAsync(cmd, ct)).Single();
        return TypedResults.Created($"/api/meetings/{meeting.Id}", meeting);
    }

    public static async Task<Results<Ok<MeetingView>, ProblemHttpResult>> Get(long id, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
        await ViewAsync(db, id, PlansApi.Today(time), ct) is { } view ? TypedResults.Ok(view) : NotFound(id);

    public static async Task<Results<Created<DecisionDocument>, ProblemHttpResult>> AddDecision(long id, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var (input, problem) = await JsonBody.ReadAsync<DecisionInput>(request, ct);
        if (problem is not null) return problem;
        var errors = input!.Validate();
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);
        if (await PlanStore.ScalarAsync(db, PlansQueries.MeetingById, ct, id) is null) return NotFound(id);
        if (await PlanStore.ScalarAsync(db, PlansQueries.PlanExists, ct, input.PlanId!.Value) is null)
            return Problems.Problems.Unprocessable([new("planId", Problems.Problems.InvalidField, $"no plan with id {input.PlanId}")]);

        await using var cmd = db.CreateCommand(PlansQueries.InsertDecision);
        cmd.Parameters.Add(PlanStore.Param(id));
        cmd.Parameters.Add(PlanStore.Param(input.PlanId.Value));
        cmd.Parameters.Add(PlanStore.Text(input.Decision!.Trim()));
        cmd.Parameters.Add(PlanStore.Text(Caller.Actor(user)));
        var decision = (await ReadDecisionsAsync(cmd, ct)).Single();
        return TypedResults.Created($"/api/meetings/{id}", decision);
    }

    /// <summary>GET /api/meetings/{id}/report?format=xlsx: the printable report (xlsx only; PDF is printed from it).</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Report(long id, HttpRequest request, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        foreach (var key in request.Query.Keys.Where(k => k != "format"))
            errors.Add(new(key, Problems.Problems.UnknownParameter, "unknown parameter; allowed: format"));
        var format = request.Query["format"].ToString();
        if (format is not ("" or "xlsx")) errors.Add(new("format", Problems.Problems.InvalidParameter, $"'{format}' is not one of xlsx"));
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
        if (await ViewAsync(db, id, PlansApi.Today(time), ct) is not { } view) return NotFound(id);
        var bytes = await MeetingReport.WriteAsync(view, ct);
        return TypedResults.File(bytes, ExportFormat.Xlsx.ContentType, $"meeting-{id}-{view.Meeting.HeldOn:yyyyMMdd}.xlsx");
    }

    internal static async Task<MeetingView?> ViewAsync(NpgsqlDataSource db, long id, DateOnly today, CancellationToken ct)
    {
        MeetingDocument meeting;
        await using (var cmd = db.CreateCommand(PlansQueries.MeetingById))
        {
            cmd.Parameters.Add(PlanStore.Param(id));
            if ((await ReadMeetingsAsync(cmd, ct)).SingleOrDefault() is not { } found) return null;
            meeting = found;
        }
        MeetingDocument? previous;
        await using (var cmd = db.CreateCommand(PlansQueries.PreviousMeeting))
        {
            cmd.Parameters.Add(PlanStore.Param(id));
            previous = (await ReadMeetingsAsync(cmd, ct)).SingleOrDefault();
        }
        List<DecisionDocument> decisions;
        await using (var cmd = db.CreateCommand(PlansQueries.DecisionsOf))
        {
            cmd.Parameters.Add(PlanStore.Param(id));
            decisions = await ReadDecisionsAsync(cmd, ct);
        }
        List<PlanDocument> plans;
        await using (var cmd = db.CreateCommand(PlansQueries.OpenPlans))
        {
            cmd.Parameters.Add(PlanStore.Text(meeting.ZoneCode));
            plans = await PlanStore.CompleteAsync(db, await PlanStore.ReadPlansAsync(cmd, ct), today, withProgress: true, ct);
        }

        bool Since(ProgressDocument p) => p.MeetingId == id
            || ((previous is null || p.On > previous.HeldOn) && p.On <= meeting.HeldOn);
        var groups = plans
            .GroupBy(p => (p.ZoneCode, p.ResponsibleUnit))
            .Select(g => new MeetingGroup(g.Key.ZoneCode, g.Key.ResponsibleUnit, g.Select(p => new MeetingPlan(
                p with { Progress = null }, p.Progress!.Where(Since).ToList(), decisions.Where(d => d.PlanId == p.Id).ToList())).ToList()))
            .ToList();
        return new MeetingView(meeting, previous, groups, decisions);
    }

    private static async Task<List<MeetingDocument>> ReadMeetingsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var list = new List<MeetingDocument>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new MeetingDocument(r.GetInt64(0), r.GetFieldValue<DateOnly>(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.GetString(4), r.GetFieldValue<DateTimeOffset>(5)));
        return list;
    }

    private static async Task<List<DecisionDocument>> ReadDecisionsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var list = new List<DecisionDocument>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new DecisionDocument(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5)));
        return list;
    }

    private static ProblemHttpResult NotFound(long id) => Problems.Problems.NotFound(Problems.Problems.MeetingNotFound, $"No meeting with id {id}");
}
