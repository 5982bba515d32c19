using LandMap.Api.Ogc;
using System.Text.Json.Nodes;
using LandMap.Api.Access;
using LandMap.Api.Matching;
using LandMap.Api.Problems;
using LandMap.Api.Projects;
using LandMap.Core.Allocation;
using LandMap.Core.Matching;
using LandMap.Core.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Allocation;

/// <summary>
/// POST /api/allocate: the assignment of a set of projects (or all open ones) that maximises the total score. Land: exact
/// (sparse Hungarian / successive shortest paths). Factory space: heuristics + local search with the gap to a Lagrangian bound reported.
/// </summary>
public static class AllocationApi
{
    public static IEndpointRouteBuilder MapAllocation(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/allocate", Allocate).WithTags("Allocation").WithName("Allocate").WithJsonBody<AllocateRequest>().RequireAuthorization(Policies.Editor);
        return app;
    }

    /// <summary>At most this many projects in one batch.</summary>
    public const int MaxProjects = 1000;

    public static async Task<Results<Ok<AllocationResponse>, ProblemHttpResult>> Allocate(
        HttpRequest request, NpgsqlDataSource db, IOptions<MatchingOptions> options, TimeProvider time, CancellationToken ct)
    {
        var body = new AllocateRequest(null, null);
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (read, problem) = await JsonBody.ReadAsync<AllocateRequest>(request, ct);
            if (problem is not null) return problem;
            body = read!;
        }
        if (body.ProjectIds is { Length: > MaxProjects })
            return Problems.Problems.Unprocessable([new("projectIds", Problems.Problems.InvalidField, $"at most {MaxProjects} project ids")]);
        var includeHeld = body.IncludeHeld ?? false;
        var asked = body.ProjectIds is { } ids
            ? await ProjectStore.QueryAsync(db, ProjectsQueries.ByIds, [ids.Distinct().ToArray()], ct)
            : await ProjectStore.QueryAsync(db, ProjectsQueries.Open, [ProjectStages.Open.ToArray(), includeHeld], ct);
        if (body.ProjectIds is { } given && given.Distinct().Count() != asked.Count)
        {
            var missing = given.Except(asked.Select(p => p.Id)).ToList();
            return Problems.Problems.Unprocessable(missing.Select(m => new FieldError("projectIds", Problems.Problems.ProjectNotFound, $"no project {m}")).ToList());
        }

        // A withdrawn project is never allocated; one that already holds a resource is not offered again unless asked.
        var holding = new HashSet<long>();
        await using (var cmd = db.CreateCommand(ProjectsQueries.Holding))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = asked.Select(p => p.Id).ToArray() });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) holding.Add(r.GetInt64(0));
        }
        var skipped = new List<SkippedProject>();
        var projects = new List<ProjectDocument>();
        foreach (var p in asked)
        {
            if (p.Stage == ProjectStages.Withdrawn)
                skipped.Add(new(p.Id, p.Name, SkippedProject.Withdrawn, "the project is withdrawn", "项目已撤回"));
            else if (holding.Contains(p.Id) && !includeHeld)
                skipped.Add(new(p.Id, p.Name, SkippedProject.Held, "the project already holds a reserved resource (includeHeld: true offers it again)",
                    "项目已持有预留资源（includeHeld: true 时重新参与配置）"));
            else projects.Add(p);
        }

        var o = options.Value;
        var today = MatchingOptions.Today(time);
        var routed = projects.Select(doc => (Doc: doc, Project: doc.ToProject())).Select(x =>
            (x.Doc, x.Project, Land: Matcher.RouteOf(x.Project, o.Routing).Pool == Matcher.Land && x.Project.LandNeedMu is not null)).ToList();
        var landProjects = routed.Where(x => x.Land).Select(x => x.Project).ToList();
        var landMatches = await BatchLand.RunAsync(db, landProjects, o.ScoreWeights, o.Match, today, ct);

        var land = new PoolBuilder();
        var factory = new PoolBuilder();
        var capacity = new Dictionary<string, double>();
        var k = 0;
        foreach (var (doc, p, isLand) in routed)
        {
            if (isLand) land.Add(doc, landMatches[k++]);
            else if (p.FloorNeedM2 is not null)
            {
                var factories = await CandidateLoader.FactoriesAsync(db, p, null, ct);
                foreach (var f in factories.Values) capacity[f.Code] = f.VacantFloorM2;
                var (candidates, near) = Matcher.MatchFactories(p, factories.Values, o.ScoreWeights, today);
                var byCode = candidates.ToDictionary(c => c.Code);
                factory.Add(doc, new PoolMatch([.. candidates.Select(c => (c.Code, c.Score))], code => byCode[code], near.FirstOrDefault()));
            }
        }

        var landResult = LandAssignment.Solve(land.Projects.Count, land.Resources.Count, land.Pairs);
        var landDoc = land.Document(landResult.ResourceOfProject, landResult.TotalScore, landResult.TotalScore, null,
            "exact: min-cost assignment by successive shortest augmenting paths (sparse Hungarian)");

        var needs = factory.Projects.Select(p => p.Doc.FloorNeedM2!.Value).ToList();
        var caps = factory.Resources.Select(code => capacity[code]).ToList();
        var factoryResult = FactoryAllocation.Solve(needs, caps, factory.Pairs);
        var factoryDoc = factory.Document(factoryResult.BuildingOfProject, factoryResult.TotalScore, factoryResult.UpperBound, factoryResult.Gap,
            "greedy (by score, by score per m², Lagrangian heuristic) + local search; gap against the better of two Lagrangian upper bounds (LP, per-building knapsack)");
        var features = await ResultFeatures.BuildAsync(db, [.. landDoc.Assignments.Concat(factoryDoc.Assignments)
            .Select(a => new ResultFeature(a.Code, a.Kind, ResultFeatures.Assigned, null, a.Score, a.Zone, a.ReasonZh, a.Reason, [], a.ProjectName))], ct);
        return TypedResults.Ok(new AllocationResponse(projects.Count, landDoc, factoryDoc, features, skipped));
    }

    /// <summary>Indexes projects and resources of one pool and collects the feasible, scored pairs.</summary>
    private sealed class PoolBuilder
    {
        public List<(ProjectDocument Doc, PoolMatch Match)> Projects { get; } = [];
        public List<string> Resources { get; } = [];
        public List<ScoredPair> Pairs { get; } = [];
        private readonly Dictionary<string, int> _index = new();

        public void Add(ProjectDocument doc, PoolMatch match)
        {
            var i = Projects.Count;
            Projects.Add((doc, match));
            foreach (var (code, score) in match.Candidates)
            {
                if (!_index.TryGetValue(code, out var j))
                {
                    j = Resources.Count;
                    _index[code] = j;
                    Resources.Add(code);
                }
                Pairs.Add(new ScoredPair(i, j, score));
            }
        }

        public PoolAllocation Document(IReadOnlyList<int> assignment, double total, double upperBound, double? gap, string method)
        {
            var assigned = new List<AssignedProject>();
            var unassigned = new List<UnassignedProject>();
            for (var i = 0; i < Projects.Count; i++)
            {
                var (doc, match) = Projects[i];
                var candidates = match.Candidates;
                if (assignment[i] >= 0)
                {
                    var code = Resources[assignment[i]];
                    var chosen = match.Explain(code);
                    assigned.Add(new(doc.Id, doc.Name, code, chosen.Kind, chosen.ZoneCode, chosen.Score, chosen.Reason, chosen.ReasonZh, doc.LandNeedMu, doc.FloorNeedM2));
                }
                else if (candidates.Count == 0)
                {
                    var top = match.NearestMiss;
                    unassigned.Add(new(doc.Id, doc.Name,
                        top is null ? "no resource passes the checks, and none is a near miss" : $"no resource passes the checks; nearest: {top.Code}: {string.Join("; ", top.Failures.Select(f => f.Message))}",
                        top is null ? "没有满足条件的资源，也没有接近满足的" : $"没有满足条件的资源；最接近：{top.Code}：{string.Join("；", top.Failures.Select(f => f.MessageZh))}"));
                }
                else
                    unassigned.Add(new(doc.Id, doc.Name,
                        $"its {candidates.Count} candidate(s) went to other projects: the total score is higher that way",
                        $"其 {candidates.Count} 个候选资源已配置给其他项目（整体得分更高）"));
            }
            return new PoolAllocation(method, Math.Round(total, 2), Math.Round(upperBound, 2), gap is null ? 0 : Math.Round(gap.Value, 6),
                gap is null || gap < 1e-9, assigned, unassigned);
        }
    }
}

/// <param name="ProjectIds">The projects to allocate; none: every open project (negotiating, signed).</param>
/// <param name="IncludeHeld">Also offer projects that already hold a reserved resource (default false).</param>
public sealed record AllocateRequest(long[]? ProjectIds, bool? IncludeHeld);

/// <summary>A project asked for (or open) that the batch left out before matching, and why: withdrawn or held.</summary>
public sealed record SkippedProject(long ProjectId, string ProjectName, string Why, string Reason, string ReasonZh)
{
    public const string Withdrawn = "withdrawn";
    public const string Held = "held";
}

public sealed record AssignedProject(long ProjectId, string ProjectName, string Code, string Kind, string Zone, double Score, string Reason, string ReasonZh, double? LandNeedMu, double? FloorNeedM2);

public sealed record UnassignedProject(long ProjectId, string ProjectName, string Reason, string ReasonZh);

public sealed record PoolAllocation(string Method, double TotalScore, double UpperBound, double Gap, bool ProvenOptimal,
    IReadOnlyList<AssignedProject> Assignments, IReadOnlyList<UnassignedProject> Unassigned);

/// <summary>
/// The two pools' results, their assignments as GeoJSON (role "assigned", with the project's name), and the projects left
/// out before matching. Allocation proposes; it writes nothing (reserving a proposal is a reservation).
/// </summary>
public sealed record AllocationResponse(int Projects, PoolAllocation Land, PoolAllocation Factory, JsonObject Features, IReadOnlyList<SkippedProject> Skipped);
