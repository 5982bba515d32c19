using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Problems;
using LandMap.Core.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LandMap.Api.Projects;

/// <summary>项目信息库: create, read, list, update incoming projects. Staff read; editors write (and are recorded as the author).</summary>
public static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjects(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/projects").WithTags("Projects").RequireAuthorization(Policies.Staff);
        group.MapPost("/", Create).WithName("CreateProject").RequireAuthorization(Policies.Editor);
        group.MapGet("/", List).WithName("ListProjects");
        group.MapGet("/{id:long}", Get).WithName("GetProject");
        group.MapPut("/{id:long}", Update).WithName("UpdateProject").RequireAuthorization(Policies.Editor);
        return app;
    }

    public static async Task<Results<Created<ProjectDocument>, ProblemHttpResult>> Create(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var (project, problem) = await ValidatedAsync(request, db, ct);
        if (problem is not null) return problem;
        await using var cmd = db.CreateCommand(ProjectsQueries.Insert);
        ProjectStore.AddValues(cmd, project!, Caller.Actor(user));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var doc = ProjectStore.Read(r);
        return TypedResults.Created($"/api/projects/{doc.Id}", doc);
    }

    public static async Task<Results<Ok<ProjectDocument>, ProblemHttpResult>> Update(long id, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var (project, problem) = await ValidatedAsync(request, db, ct);
        if (problem is not null) return problem;
        await using var cmd = db.CreateCommand(ProjectsQueries.Update);
        ProjectStore.AddValues(cmd, project!, Caller.Actor(user));
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? TypedResults.Ok(ProjectStore.Read(r)) : NotFound(id);
    }

    public static async Task<Results<Ok<ProjectDocument>, ProblemHttpResult>> Get(long id, NpgsqlDataSource db, CancellationToken ct)
    {
        return await ProjectStore.FindAsync(db, id, ct) is { } found ? TypedResults.Ok(found) : NotFound(id);
    }

    public static async Task<Results<Ok<ProjectList>, ProblemHttpResult>> List(HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        var (q, errors) = Collections.ItemQueryParser.Parse(request.Query, [.. Collections.ItemQueryParser.Paging, "stage"]);
        var stages = Collections.ItemQueryParser.List(request.Query, "stage");
        errors.AddRange(stages.Where(s => !ProjectStages.All.Contains(s))
            .Select(s => new FieldError("stage", Problems.Problems.InvalidParameter, $"unknown stage '{s}'; allowed: {string.Join(", ", ProjectStages.All)}")));
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);
        object stageFilter = stages.Count == 0 ? DBNull.Value : stages.ToArray();
        var items = await ProjectStore.QueryAsync(db, ProjectsQueries.List, [stageFilter, q.Limit, q.Offset], ct);
        await using var count = db.CreateCommand(ProjectsQueries.Count);
        count.Parameters.Add(new NpgsqlParameter { Value = stageFilter, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        return TypedResults.Ok(new ProjectList((long)(await count.ExecuteScalarAsync(ct))!, items));
    }

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
}

public sealed record ProjectList(long NumberMatched, IReadOnlyList<ProjectDocument> Projects);
