using LandMap.Api.Ogc;
using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Collections;
using LandMap.Api.Editing;
using LandMap.Api.IdleLand;
using LandMap.Api.Problems;
using LandMap.Core.History;
using LandMap.Core.Plans;
using LandMap.Core.Revitalisation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LandMap.Api.Plans;

/// <summary>
/// 一地一策: a plan per idle parcel or vacant building — disposal method, responsible unit and officer, dated milestones
/// (overdue ones flagged), progress with day and author, and the outcome that closes it. Staff read, editors write;
/// plan field changes and the outcome need If-Match with the plan's version. Dispatch meetings are in <see cref="MeetingsApi"/>.
/// </summary>
public static class PlansApi
{
    public static IEndpointRouteBuilder MapPlans(this IEndpointRouteBuilder app)
    {
        // The idle-land rules in force decide which methods a government-caused delay allows (art. 12).
        var (_, rules) = IdleLandOptions.Load(app.ServiceProvider.GetRequiredService<IConfiguration>());
        var group = app.MapGroup("/api/plans").WithTags("Plans").RequireAuthorization(Policies.Staff);
        group.MapGet("/", List).WithName("ListPlans").WithQueryParameters([.. ListParameters, "status"]).RequireAuthorization(Policies.Staff);
        group.MapPost("/", (HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
            Create(request, user, db, time, rules, ct)).WithName("CreatePlan").WithJsonBody<PlanCreateInput>().RequireAuthorization(Policies.Editor);
        group.MapGet("/lists", () => Lists(rules)).WithName("PlanLists").RequireAuthorization(Policies.Staff);
        group.MapGet("/{id:long}", Get).WithName("GetPlan").RequireAuthorization(Policies.Staff);
        group.MapPatch("/{id:long}", (long id, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
            Patch(id, request, user, db, time, rules, ct)).WithName("PatchPlan").WithJsonBody<PlanPatchInput>().RequireAuthorization(Policies.Editor);
        group.MapPost("/{id:long}/milestones", AddMilestone).WithName("AddPlanMilestone").WithJsonBody<MilestoneInput>().RequireAuthorization(Policies.Editor);
        group.MapPost("/{id:long}/milestones/{milestoneId:long}/complete", CompleteMilestone).WithName("CompletePlanMilestone").WithJsonBody<CompleteInput>().RequireAuthorization(Policies.Editor);
        group.MapPost("/{id:long}/progress", AddProgress).WithName("AddPlanProgress").WithJsonBody<ProgressInput>().RequireAuthorization(Policies.Editor);
        group.MapPost("/{id:long}/outcome", RecordOutcome).WithName("RecordPlanOutcome").WithJsonBody<OutcomeInput>().RequireAuthorization(Policies.Editor);
        app.MapMeetings();
        return app;
    }

    /// <summary>The lists a plan form offers: each disposal method (marked when art. 12 allows it for a government cause), statuses, outcome kinds.</summary>
    public static Ok<PlanListsDocument> Lists(IdleLandRuleSet rules) => TypedResults.Ok(new PlanListsDocument(
        PlanLists.DisposalMethods.Select(m => new DisposalMethodDocument(m, rules.GovernmentCauseMethods.Contains(m))).ToList(),
        PlanLists.Statuses, PlanLists.OutcomeKinds, PlanLists.ResourceKinds));

    internal static DateOnly Today(TimeProvider time) => ChinaDay.Today(time.GetUtcNow());

    private static readonly string[] ListParameters = [.. ItemQueryParser.Paging, "zone", "unit", "overdue"];

    public static async Task<Results<Ok<PlanList>, ProblemHttpResult>> List(HttpRequest request, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        // The shared parser knows resource statuses, not plan statuses: it reads the rest, status is read here.
        var rest = new QueryCollection(request.Query.Where(p => p.Key != "status").ToDictionary(p => p.Key, p => p.Value));
        var (query, errors) = ItemQueryParser.Parse(rest, ListParameters);
        var statuses = ItemQueryParser.List(request.Query, "status");
        errors.AddRange(statuses.Where(s => !PlanLists.Statuses.Contains(s))
            .Select(s => new FieldError("status", Problems.Problems.InvalidParameter, $"unknown status '{s}'; allowed: {string.Join(", ", PlanLists.Statuses)}")));
        var unit = request.Query["unit"].ToString().Trim();
        if (unit.Length > PlanLists.MaxUnit) errors.Add(new("unit", Problems.Problems.InvalidParameter, $"at most {PlanLists.MaxUnit} characters"));
        else if (JsonBody.TextProblem(unit) is { } bad) errors.Add(new("unit", Problems.Problems.InvalidParameter, bad));
        var overdueText = request.Query["overdue"].ToString();
        if (overdueText is not ("" or "true" or "false")) errors.Add(new("overdue", Problems.Problems.InvalidParameter, "expected true or false"));
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);

        var today = Today(time);
        object?[] filter =
        [
            query.Zones.Count == 0 ? null : query.Zones.ToArray(), statuses.Count == 0 ? null : statuses.ToArray(),
            unit.Length == 0 ? null : unit, overdueText == "true", today,
        ];
        await using var count = db.CreateCommand(PlansQueries.Count);
        await using var page = db.CreateCommand(PlansQueries.List);
        foreach (var cmd in new[] { count, page })
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)filter[0] ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)filter[1] ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            cmd.Parameters.Add(PlanStore.Text((string?)filter[2]));
            cmd.Parameters.Add(PlanStore.Param(filter[3]));
            cmd.Parameters.Add(PlanStore.Param(filter[4]));
        }
        page.Parameters.Add(PlanStore.Param(query.Limit));
        page.Parameters.Add(PlanStore.Param(query.Offset));
        var items = await PlanStore.CompleteAsync(db, await PlanStore.ReadPlansAsync(page, ct), today, withProgress: false, ct);
        return TypedResults.Ok(new PlanList(items, (long)(await count.ExecuteScalarAsync(ct))!));
    }

    /// <summary>
    /// A new plan. For a parcel whose latest finding (闲置土地认定书) puts the delay on the government, only the methods
    /// the rules allow for that (art. 12, <see cref="IdleLandRuleSet.GovernmentCauseMethods"/>) are accepted.
    /// </summary>
    public static async Task<Results<Created<PlanDocument>, ProblemHttpResult>> Create(
        HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider time, IdleLandRuleSet rules, CancellationToken ct)
    {
        var (input, problem) = await JsonBody.ReadAsync<PlanCreateInput>(request, ct);
        if (problem is not null) return problem;
        var errors = input!.Validate();
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);
        var code = input.ResourceCode!.Trim();
        if (await PlanStore.ScalarAsync(db, PlansQueries.ResourceZone, ct, input.ResourceKind, code) is not string zone)
            return Problems.Problems.Unprocessable([new("resourceCode", Problems.Problems.InvalidField, $"no {input.ResourceKind} with code '{code}'")]);
        if (input.ResourceKind == "parcel" && !rules.GovernmentCauseMethods.Contains(input.DisposalMethod!)
            && await PlanStore.ScalarAsync(db, PlansQueries.LatestFindingCause, ct, code) is IdleCause.Government)
            return GovernmentCauseOnly(rules);

        long id;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await using (var open = new NpgsqlCommand(PlansQueries.OpenPlanOf, conn, tx))
            {
                open.Parameters.Add(PlanStore.Text(input.ResourceKind));
                open.Parameters.Add(PlanStore.Text(code));
                if (await open.ExecuteScalarAsync(ct) is long existing)
                    return Problems.Problems.Conflict(Problems.Problems.PlanExists, $"{input.ResourceKind} {code} already has open plan {existing}: change that one");
            }
            var actor = Caller.Actor(user);
            try
            {
                await using (var insert = new NpgsqlCommand(PlansQueries.Insert, conn, tx))
                {
                    foreach (var v in new[] { input.ResourceKind, code, zone, input.DisposalMethod, input.ResponsibleUnit!.Trim(), input.Officer?.Trim(), Blank(input.Notes), actor })
                        insert.Parameters.Add(PlanStore.Text(v));
                    id = (long)(await insert.ExecuteScalarAsync(ct))!;
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                return Problems.Problems.Conflict(Problems.Problems.PlanExists, $"{input.ResourceKind} {code} already has an open plan");
            }
            foreach (var m in input.Milestones ?? [])
            {
                await using var add = new NpgsqlCommand(PlansQueries.InsertMilestone, conn, tx);
                add.Parameters.Add(PlanStore.Param(id));
                add.Parameters.Add(PlanStore.Text(m.Title!.Trim()));
                add.Parameters.Add(PlanStore.Param(m.DueOn!.Value));
                await add.ExecuteScalarAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        var doc = (await PlanStore.FindAsync(db, id, Today(time), ct))!;
        request.HttpContext.Response.Headers.ETag = CollectionsApi.ETag(doc.Version);
        return TypedResults.Created($"/api/plans/{id}", doc);
    }

    public static async Task<Results<Ok<PlanDocument>, ProblemHttpResult>> Get(long id, HttpResponse response, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        if (await PlanStore.FindAsync(db, id, Today(time), ct) is not { } plan) return NotFound(id);
        response.Headers.ETag = CollectionsApi.ETag(plan.Version);
        return TypedResults.Ok(plan);
    }

    /// <summary>A method the rules do not allow for land idle through the government's fault (art. 12).</summary>
    private static ProblemHttpResult GovernmentCauseOnly(IdleLandRuleSet rules) =>
        Problems.Problems.Unprocessable([new("disposalMethod", Problems.Problems.InvalidField,
            $"the parcel's latest finding puts the delay on the government: the rules allow {string.Join(", ", rules.GovernmentCauseMethods)}")]);

    /// <summary>
    /// PATCH with If-Match: the fields given change (officer or notes "" clears them); status open ↔ abandoned. A plan that
    /// is done stays done. Saving the same values changes nothing (same version). A new method for a parcel found idle
    /// through the government's fault must be one the rules allow, as on create.
    /// </summary>
    public static async Task<Results<Ok<PlanDocument>, ProblemHttpResult>> Patch(
        long id, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider time, IdleLandRuleSet rules, CancellationToken ct)
    {
        var (version, precondition) = EditInput.IfMatch(request);
        if (precondition is not null) return precondition;
        var (input, problem) = await JsonBody.ReadAsync<PlanPatchInput>(request, ct);
        if (problem is not null) return problem;
        var errors = input!.Validate();
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);
        if (input.DisposalMethod is { } method && !rules.GovernmentCauseMethods.Contains(method)
            && await PlanStore.ScalarAsync(db, PlansQueries.PlanFindingCause, ct, id) is IdleCause.Government)
            return GovernmentCauseOnly(rules);

        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (await LockAsync(conn, tx, id, version!.Value, ct) is { } refused) return refused;
            await using var update = new NpgsqlCommand(PlansQueries.Patch, conn, tx);
            update.Parameters.Add(PlanStore.Param(id));
            foreach (var v in new[] { input.DisposalMethod, input.ResponsibleUnit?.Trim(), Blank(input.Officer), Blank(input.Notes), input.Status })
                update.Parameters.Add(PlanStore.Text(v));
            update.Parameters.Add(PlanStore.Param(input.Officer is not null && Blank(input.Officer) is null));
            update.Parameters.Add(PlanStore.Param(input.Notes is not null && Blank(input.Notes) is null));
            update.Parameters.Add(PlanStore.Text(Caller.Actor(user)));
            try
            {
                await update.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                return Problems.Problems.Conflict(Problems.Problems.PlanExists, "the resource already has another open plan: it cannot be reopened");
            }
            await tx.CommitAsync(ct);
        }
        return await Answer(id, request.HttpContext.Response, db, time, ct);
    }

    /// <summary>Records how the resource was revitalised and closes the plan as done (If-Match; an open plan only).</summary>
    public static async Task<Results<Ok<PlanDocument>, ProblemHttpResult>> RecordOutcome(long id, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var (version, precondition) = EditInput.IfMatch(request);
        if (precondition is not null) return precondition;
        var (input, problem) = await JsonBody.ReadAsync<OutcomeInput>(request, ct);
        if (problem is not null) return problem;
        var errors = input!.Validate(Today(time));
        if (errors.Count == 0 && input.ProjectId is { } project && await PlanStore.ScalarAsync(db, PlansQueries.ProjectExists, ct, project) is null)
            errors.Add(new("projectId", Problems.Problems.InvalidField, $"no project with id {project}"));
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);

        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (await LockAsync(conn, tx, id, version!.Value, ct, openOnly: true) is { } refused) return refused;
            await using var update = new NpgsqlCommand(PlansQueries.RecordOutcome, conn, tx);
            update.Parameters.Add(PlanStore.Param(id));
            update.Parameters.Add(PlanStore.Text(input.Kind));
            update.Parameters.Add(new NpgsqlParameter { Value = (object?)input.ProjectId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            update.Parameters.Add(PlanStore.Param(input.InvestmentAddedWan));
            update.Parameters.Add(PlanStore.Param(input.ExpectedOutputWan));
            update.Parameters.Add(PlanStore.Param(input.RevitalisedOn));
            update.Parameters.Add(PlanStore.Text(Caller.Actor(user)));
            update.Parameters.Add(PlanStore.Text(Blank(input.Note)));
            await update.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
        return await Answer(id, request.HttpContext.Response, db, time, ct);
    }

    public static async Task<Results<Created<MilestoneDocument>, ProblemHttpResult>> AddMilestone(long id, HttpRequest request, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var (input, problem) = await JsonBody.ReadAsync<MilestoneInput>(request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        input!.Validate("", errors);
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);
        if (await OpenPlanProblem(db, id, ct) is { } refused) return refused;
        var milestoneId = (long)(await PlanStore.ScalarAsync(db, PlansQueries.InsertMilestone, ct, id, input.Title!.Trim(), input.DueOn!.Value))!;
        var doc = new MilestoneDocument(milestoneId, input.Title.Trim(), input.DueOn.Value, null, null,
            Milestones.IsOverdue(new Milestone(milestoneId, input.Title, input.DueOn.Value, null), Today(time)));
        return TypedResults.Created($"/api/plans/{id}", doc);
    }

    /// <summary>Marks an open milestone done on the day given (default today, never later than today).</summary>
    public static async Task<Results<Ok<MilestoneDocument>, ProblemHttpResult>> CompleteMilestone(long id, long milestoneId, HttpRequest request, ClaimsPrincipal user,
        NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var today = Today(time);
        var input = new CompleteInput(null);
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (read, problem) = await JsonBody.ReadAsync<CompleteInput>(request, ct);
            if (problem is not null) return problem;
            input = read!;
        }
        var errors = new List<FieldError>();
        var doneOn = Check.Day(input.DoneOn ?? today, "doneOn", true, errors, today);
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);
        if (await OpenPlanProblem(db, id, ct) is { } refused) return refused;

        await using var cmd = db.CreateCommand(PlansQueries.CompleteMilestone);
        foreach (var v in new object[] { id, milestoneId, doneOn!.Value }) cmd.Parameters.Add(PlanStore.Param(v));
        cmd.Parameters.Add(PlanStore.Text(Caller.Actor(user)));
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            if (await r.ReadAsync(ct)) return TypedResults.Ok(PlanStore.ReadMilestone(r, today));
        return await PlanStore.ScalarAsync(db, PlansQueries.MilestoneExists, ct, id, milestoneId) is null
            ? Problems.Problems.NotFound(Problems.Problems.MilestoneNotFound, $"plan {id} has no milestone {milestoneId}")
            : Problems.Problems.Conflict(Problems.Problems.MilestoneDone, $"milestone {milestoneId} is done already");
    }

    /// <summary>A progress entry on an open plan: the text, the day it happened (default today, not in the future), by the caller.</summary>
    public static async Task<Results<Created<ProgressDocument>, ProblemHttpResult>> AddProgress(long id, HttpRequest request, ClaimsPrincipal user,
        NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var (input, problem) = await JsonBody.ReadAsync<ProgressInput>(request, ct);
        if (problem is not null) return problem;
        var today = Today(time);
        var errors = new List<FieldError>();
        var text = Check.Text(input!.Text, "text", PlanLists.MaxText, true, errors);
        var on = Check.Day(input.On ?? today, "on", true, errors, today);
        if (input.MeetingId is { } meeting && await PlanStore.ScalarAsync(db, PlansQueries.MeetingById, ct, meeting) is null)
            errors.Add(new("meetingId", Problems.Problems.InvalidField, $"no meeting with id {meeting}"));
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);
        if (await OpenPlanProblem(db, id, ct) is { } refused) return refused;

        await using var cmd = db.CreateCommand(PlansQueries.InsertProgress);
        cmd.Parameters.Add(PlanStore.Param(id));
        cmd.Parameters.Add(PlanStore.Param(on!.Value));
        cmd.Parameters.Add(PlanStore.Text(Caller.Actor(user)));
        cmd.Parameters.Add(PlanStore.Text(text));
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)input.MeetingId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return TypedResults.Created($"/api/plans/{id}", PlanStore.ReadProgress(r));
    }

    private static async Task<Results<Ok<PlanDocument>, ProblemHttpResult>> Answer(long id, HttpResponse response, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var plan = (await PlanStore.FindAsync(db, id, Today(time), ct))!;
        response.Headers.ETag = CollectionsApi.ETag(plan.Version);
        return TypedResults.Ok(plan);
    }

    /// <summary>Locks the plan; 404 when missing, 412 when If-Match names another version, 409 when it must be open and is not.</summary>
    private static async Task<ProblemHttpResult?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, int ifMatch, CancellationToken ct, bool openOnly = false)
    {
        await using var cmd = new NpgsqlCommand(PlansQueries.LockVersion, conn, tx);
        cmd.Parameters.Add(PlanStore.Param(id));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return NotFound(id);
        var (current, status) = (r.GetInt32(0), r.GetString(1));
        if (current != ifMatch) return Problems.Problems.PreconditionFailed($"plan {id} is at version {current}, not {ifMatch}: reload it and apply the change again");
        if (status == PlanLists.Done && !openOnly) return Problems.Problems.Conflict(Problems.Problems.PlanClosed, $"plan {id} is done: its outcome is recorded");
        if (openOnly && status != PlanLists.Open) return Problems.Problems.Conflict(Problems.Problems.PlanClosed, $"plan {id} is {status}, not open");
        return null;
    }

    /// <summary>404 for a missing plan, 409 for one that is done or abandoned (no more milestones or progress).</summary>
    internal static async Task<ProblemHttpResult?> OpenPlanProblem(NpgsqlDataSource db, long id, CancellationToken ct) =>
        await PlanStore.ScalarAsync(db, PlansQueries.PlanExists, ct, id) switch
        {
            null => NotFound(id),
            string status when status != PlanLists.Open => Problems.Problems.Conflict(Problems.Problems.PlanClosed, $"plan {id} is {status}, not open"),
            _ => null,
        };

    internal static ProblemHttpResult NotFound(long id) => Problems.Problems.NotFound(Problems.Problems.PlanNotFound, $"No plan with id {id}");

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public sealed record DisposalMethodDocument(string Name, bool GovernmentCause);

/// <summary>GET /api/plans/lists.</summary>
public sealed record PlanListsDocument(IReadOnlyList<DisposalMethodDocument> DisposalMethods, IReadOnlyList<string> Statuses,
    IReadOnlyList<string> OutcomeKinds, IReadOnlyList<string> ResourceKinds);
