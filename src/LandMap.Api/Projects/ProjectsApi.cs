using LandMap.Api.Ogc;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using LandMap.Api.Access;
using LandMap.Api.Collections;
using LandMap.Api.Editing;
using LandMap.Api.History;
using LandMap.Api.Problems;
using LandMap.Api.Reservations;
using LandMap.Core.History;
using LandMap.Core.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LandMap.Api.Projects;

/// <summary>
/// 项目信息库: the register of incoming projects. Staff read (list, one with the resources it holds; the history is
/// Editing's GET /api/projects/{id}/history, as for parcels and factories); editors
/// create and change them, with If-Match against the project's version. Withdrawing a project releases what it holds.
/// </summary>
public static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjects(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects").WithTags("Projects").RequireAuthorization(Policies.Staff);
        group.MapPost("/", Create).WithName("CreateProject").WithJsonBody<ProjectInput>().RequireAuthorization(Policies.Editor);
        group.MapGet("/", List).WithName("ListProjects").WithQueryParameters(ListParameters);
        group.MapGet("/{id:long}", Get).WithName("GetProject");
        group.MapPut("/{id:long}", Replace).WithName("UpdateProject").WithJsonBody<ProjectInput>().RequireAuthorization(Policies.Editor);
        group.MapPatch("/{id:long}", Patch).WithName("PatchProject").WithJsonBody<ProjectInput>().RequireAuthorization(Policies.Editor);
        return app;
    }

    /// <summary>At most this many characters in a search (q).</summary>
    public const int MaxSearchLength = 200;

    public static async Task<Results<Created<ProjectDocument>, ProblemHttpResult>> Create(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var (project, problem) = await ValidatedAsync(request, db, ct);
        if (problem is not null) return problem;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await new ChangeContext(Caller.Actor(user), ChangeSource.Edit).ApplyAsync(conn, tx, ct);
        await using var cmd = new NpgsqlCommand(ProjectsQueries.Insert, conn, tx);
        ProjectStore.AddValues(cmd, project!, Caller.Actor(user));
        var doc = (await ProjectStore.ReadAllAsync(cmd, ct)).Single();
        await tx.CommitAsync(ct);
        request.HttpContext.Response.Headers.ETag = CollectionsApi.ETag(doc.Version);
        return TypedResults.Created($"/api/projects/{doc.Id}", doc with { Resources = [] });
    }

    public static readonly string[] ListParameters = [.. Collections.ItemQueryParser.Paging, "stage", "zone", "q"];

    public static async Task<Results<Ok<ProjectList>, ProblemHttpResult>> List(HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        var (query, errors) = Collections.ItemQueryParser.Parse(request.Query, ListParameters);
        var stages = Collections.ItemQueryParser.List(request.Query, "stage");
        errors.AddRange(stages.Where(s => !ProjectStages.All.Contains(s))
            .Select(s => new FieldError("stage", Problems.Problems.InvalidParameter, $"unknown stage '{s}'; allowed: {string.Join(", ", ProjectStages.All)}")));
        var q = request.Query["q"].ToString().Trim();
        if (q.Length > MaxSearchLength) errors.Add(new("q", Problems.Problems.InvalidParameter, $"at most {MaxSearchLength} characters"));
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);

        object[] filter =
        [
            stages.Count == 0 ? DBNull.Value : stages.ToArray(),
            query.Zones.Count == 0 ? DBNull.Value : query.Zones.ToArray(),
            q.Length == 0 ? DBNull.Value : "%" + EscapeLike(q) + "%",
        ];
        await using var count = db.CreateCommand(ProjectsQueries.Count);
        await using var page = db.CreateCommand(ProjectsQueries.List);
        foreach (var cmd in new[] { count, page })
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = filter[0], NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = filter[1], NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = filter[2], NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        }
        page.Parameters.Add(new NpgsqlParameter { Value = query.Limit });
        page.Parameters.Add(new NpgsqlParameter { Value = query.Offset });
        var items = await ProjectStore.WithResourcesAsync(db, await ProjectStore.ReadAllAsync(page, ct), ct);
        return TypedResults.Ok(new ProjectList(items, (long)(await count.ExecuteScalarAsync(ct))!));
    }

    public static async Task<Results<Ok<ProjectDocument>, ProblemHttpResult>> Get(long id, HttpResponse response, NpgsqlDataSource db, CancellationToken ct)
    {
        if (await ProjectStore.FindAsync(db, id, ct) is not { } found) return NotFound(id);
        response.Headers.ETag = CollectionsApi.ETag(found.Version);
        return TypedResults.Ok((await ProjectStore.WithResourcesAsync(db, [found], ct))[0]);
    }

    /// <summary>PUT: the whole project (every field as for POST), with If-Match.</summary>
    public static async Task<Results<Ok<ProjectDocument>, ProblemHttpResult>> Replace(long id, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var (version, precondition) = EditInput.IfMatch(request);
        if (precondition is not null) return precondition;
        var (project, problem) = await ValidatedAsync(request, db, ct);
        if (problem is not null) return problem;
        return await SaveAsync(id, project!, version, null, request.HttpContext, user, db, ct);
    }

    /// <summary>
    /// PATCH: only the fields given change (null clears an optional one), plus an optional <c>note</c> for the history; the
    /// result is validated as a whole, as PUT would be. 保存并匹配 sends this for a project it has saved before.
    /// </summary>
    public static async Task<Results<Ok<ProjectDocument>, ProblemHttpResult>> Patch(long id, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var (version, precondition) = EditInput.IfMatch(request);
        if (precondition is not null) return precondition;
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request, ct);
        if (problem is not null) return problem;
        // The object's names match ignoring case, as the reader's do; "name" and "Name" together are one field given twice
        // (the object throws when it first indexes them).
        try { _ = body!.ContainsKey("note"); }
        catch (ArgumentException) { return Problems.Problems.BadRequest([new("body", Problems.Problems.InvalidJson, "a property is given twice (names match ignoring case)")]); }
        // A stage left out of a whole project defaults to negotiating; in a PATCH, null would silently reset it.
        if (body.TryGetPropertyValue("stage", out var stageNode) && stageNode is null)
            return Problems.Problems.Unprocessable([new("stage", Problems.Problems.InvalidField, $"may be changed but not emptied: one of {string.Join(", ", ProjectStages.All)}")]);
        string? note = null;
        if (body!.Remove("note", out var noteNode) && noteNode is not null)
        {
            if (noteNode.GetValueKind() != JsonValueKind.String) return Problems.Problems.BadRequest([new("note", Problems.Problems.InvalidJson, "expected a string")]);
            var (text, error) = EditInput.Note(noteNode.GetValue<string>(), required: false, "");
            if (error is not null) return Problems.Problems.Unprocessable([error]);
            note = text;
        }
        // The changed fields alone first, so that an unknown field or a wrong type is a 400 naming it.
        try
        {
            body.Deserialize<ProjectInput>(JsonBody.Options);
        }
        catch (JsonException e)
        {
            return Problems.Problems.BadRequest([JsonBody.Error(e, typeof(ProjectInput))]);
        }

        // Merged with the stored project and validated; the transaction then insists on the version it was merged with,
        // so a change made in between is a 412, never overwritten.
        if (await ProjectStore.FindAsync(db, id, ct) is not { } stored) return NotFound(id);
        if (Stale(version, stored.Version, id) is { } stale) return stale;
        var (merged, invalid) = await ValidateAsync(Overlay(stored, body!), db, ct);
        if (invalid is not null) return invalid;
        return await SaveAsync(id, merged!, stored.Version, note, request.HttpContext, user, db, ct);
    }

    /// <summary>The stored project's fields with the body's fields put over them (property names matched as the reader does).</summary>
    private static ProjectInput Overlay(ProjectDocument stored, JsonObject changes)
    {
        var merged = JsonSerializer.SerializeToNode(stored.ToInput(), JsonBody.Options)!.AsObject();
        foreach (var (name, value) in changes)
        {
            if (merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) is { } key) merged.Remove(key);
            merged[name] = value?.DeepClone();
        }
        return merged.Deserialize<ProjectInput>(JsonBody.Options)!;
    }

    /// <summary>
    /// One transaction: lock the project, check its version (412, nothing changed), write the new fields (history: source
    /// edit, with the note) and, when it becomes withdrawn, release each active reservation as undo does (history: source
    /// reservation, a note naming the project).
    /// </summary>
    private static async Task<Results<Ok<ProjectDocument>, ProblemHttpResult>> SaveAsync(long id, Project project, int? ifMatch,
        string? note, HttpContext http, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var actor = Caller.Actor(user);
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            ProjectDocument current;
            await using (var lockCmd = new NpgsqlCommand(ProjectsQueries.LockById, conn, tx))
            {
                lockCmd.Parameters.Add(new NpgsqlParameter { Value = id });
                if ((await ProjectStore.ReadAllAsync(lockCmd, ct)).SingleOrDefault() is not { } locked) return NotFound(id);
                current = locked;
            }
            if (Stale(ifMatch, current.Version, id) is { } stale) return stale;

            await new ChangeContext(actor, ChangeSource.Edit, note).ApplyAsync(conn, tx, ct);
            ProjectDocument saved;
            await using (var update = new NpgsqlCommand(ProjectsQueries.Update, conn, tx))
            {
                ProjectStore.AddValues(update, project, actor);
                update.Parameters.Add(new NpgsqlParameter { Value = id });
                saved = (await ProjectStore.ReadAllAsync(update, ct)).Single();
            }

            if (current.Stage != ProjectStages.Withdrawn && saved.Stage == ProjectStages.Withdrawn)
            {
                var held = new List<long>();
                await using (var ids = new NpgsqlCommand(ProjectsQueries.ActiveReservationIds, conn, tx))
                {
                    ids.Parameters.Add(new NpgsqlParameter { Value = id });
                    await using var r = await ids.ExecuteReaderAsync(ct);
                    while (await r.ReadAsync(ct)) held.Add(r.GetInt64(0));
                }
                foreach (var reservation in held)
                {
                    await new ChangeContext(actor, ChangeSource.Reservation, $"项目 #{id} {saved.Name} 撤回，释放预留 #{reservation}").ApplyAsync(conn, tx, ct);
                    var (_, refused) = await ReservationsApi.ReleaseAsync(conn, reservation, actor, ct);
                    if (refused is not null) return refused;
                }
            }
            await tx.CommitAsync(ct);
            http.Response.Headers.ETag = CollectionsApi.ETag(saved.Version);
        }
        return TypedResults.Ok((await ProjectStore.WithResourcesAsync(db, [(await ProjectStore.FindAsync(db, id, ct))!], ct))[0]);
    }

    /// <summary>412 unless If-Match named the project's current version; nothing is changed then.</summary>
    private static ProblemHttpResult? Stale(int? asked, int current, long id) => asked is null || asked == current ? null
        : Problems.Problems.PreconditionFailed($"project {id} is at version {current}, not {asked}: reload it and apply the change again");

    internal static ProblemHttpResult NotFound(long id) =>
        Problems.Problems.NotFound(Problems.Problems.ProjectNotFound, $"No project with id {id}");

    internal static async Task<(Project? Project, ProblemHttpResult? Problem)> ValidatedAsync(HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        var (input, problem) = await JsonBody.ReadAsync<ProjectInput>(request, ct);
        if (problem is not null) return (null, problem);
        return await ValidateAsync(input!, db, ct);
    }

    internal static async Task<(Project? Project, ProblemHttpResult? Problem)> ValidateAsync(ProjectInput input, NpgsqlDataSource db, CancellationToken ct)
    {
        var (project, errors) = input.Validate();
        if (project is not null)
            errors.AddRange((await ProjectStore.UnknownZonesAsync(db, project.PreferredZones, ct))
                .Select(z => new FieldError("preferredZones", Problems.Problems.InvalidField, $"unknown zone '{z}'")));
        return errors.Count > 0 ? (null, Problems.Problems.Unprocessable(errors)) : (project, null);
    }

    /// <summary>Searches for the text itself: LIKE's wildcards and escape character are escaped.</summary>
    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}

/// <summary>One page of the register and how many projects match in all.</summary>
public sealed record ProjectList(IReadOnlyList<ProjectDocument> Items, long Total);
