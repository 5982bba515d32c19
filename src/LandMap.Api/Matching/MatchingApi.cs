using LandMap.Api.Ogc;
using System.Text.Json.Nodes;
using LandMap.Api.Access;
using LandMap.Api.IdleLand;
using LandMap.Api.Problems;
using LandMap.Api.Projects;
using LandMap.Core.Matching;
using LandMap.Core.Projects;
using LandMap.Core.Revitalisation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Matching;

/// <summary>POST /api/match: route a project to land or factory space, check admission, rank and explain candidates.</summary>
public static class MatchingApi
{
    public static IEndpointRouteBuilder MapMatching(this IEndpointRouteBuilder app)
    {
        // Staff: matching reads and ranks, it writes nothing (saving the project is a separate, editor's POST). The idle-land
        // rules in force date the land available after recovery.
        var (_, rules) = IdleLandOptions.Load(app.ServiceProvider.GetRequiredService<IConfiguration>());
        app.MapPost("/api/match", (HttpRequest request, NpgsqlDataSource db, IOptions<MatchingOptions> options, TimeProvider time, CancellationToken ct) =>
            Match(request, db, options, time, rules, ct)).WithTags("Matching").WithName("MatchProject").WithJsonBody<MatchRequest>().RequireAuthorization(Policies.Staff);
        return app;
    }

    public static readonly string[] Pools = ["auto", "land", "factory", "both"];

    /// <summary>At most this many zone codes to restrict a match to.</summary>
    public const int MaxZones = 50;

    public static async Task<Results<Ok<MatchResponse>, ProblemHttpResult>> Match(
        HttpRequest request, NpgsqlDataSource db, IOptions<MatchingOptions> options, TimeProvider time, IdleLandRuleSet rules, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<MatchRequest>(request, ct);
        if (problem is not null) return problem;
        var pool = body!.Pool ?? "auto";
        if (!Pools.Contains(pool))
            return Problems.Problems.BadRequest([new("pool", Problems.Problems.InvalidField, $"one of {string.Join(", ", Pools)}")]);

        if (body.Zones is { } asked && (asked.Length > MaxZones || asked.Any(z => z is null || z.Length > 64)))
            return Problems.Problems.Unprocessable([new("zones", Problems.Problems.InvalidField, $"at most {MaxZones} zone codes, no nulls")]);
        if (body.Zones is { Length: > 0 } zones && await ProjectStore.UnknownZonesAsync(db, zones, ct) is { Count: > 0 } unknown)
            return Problems.Problems.Unprocessable(unknown.Select(z => new FieldError("zones", Problems.Problems.InvalidField, $"unknown zone '{z}'")).ToList());

        Project project;
        if (body.ProjectId is { } id)
        {
            if (await ProjectStore.FindAsync(db, id, ct) is not { } found) return ProjectsApi.NotFound(id);
            project = found.ToProject();
        }
        else if (body.Project is not null)
        {
            var (validated, invalid) = await ProjectsApi.ValidateAsync(body.Project, db, ct);
            if (invalid is not null) return invalid;
            project = validated!;
        }
        else return Problems.Problems.BadRequest([new("projectId", Problems.Problems.InvalidField, "give projectId or project")]);

        var o = options.Value;
        var route = Matcher.RouteOf(project, o.Routing);
        var pools = pool switch { "auto" => [route.Pool], "both" => new[] { Matcher.Land, Matcher.Factory }, _ => [pool] };
        var missing = pools.Where(p => p == Matcher.Land ? project.LandNeedMu is null : project.FloorNeedM2 is null).ToList();
        if (missing.Count > 0)
            return Problems.Problems.Unprocessable(missing.Select(p => p == Matcher.Land
                ? new FieldError("landNeedMu", Problems.Problems.InvalidField, "required to match land")
                : new FieldError("floorNeedM2", Problems.Problems.InvalidField, "required to match factory space")).ToList());

        var today = MatchingOptions.Today(time);
        var candidates = new List<Evaluation>();
        var near = new List<Evaluation>();
        var (candidateCount, nearMissCount) = (0, 0);
        var sizes = new Dictionary<string, (double? Mu, double? M2, string? LandUse)>();
        IReadOnlyList<AfterRecoveryEvaluation> later = [];
        if (pools.Contains(Matcher.Land))
        {
            // Lean: every parcel of the window ranked, only the first CandidateLimit and NearMissLimit explained.
            var land = await LandMatch.RunAsync(db, project, o.ScoreWeights, o.Match, today, body.Zones, o.CandidateLimit, o.NearMissLimit, ct);
            candidates.AddRange(land.Candidates);
            near.AddRange(land.NearMisses);
            (candidateCount, nearMissCount) = (land.CandidateCount, land.NearMissCount);
            foreach (var p in land.Shown.Values) sizes[p.Code] = (p.AreaMu, null, p.LandUse);
            // Found idle through the enterprise's fault: never free land, shown apart with the day it is expected back.
            var recovering = await CandidateLoader.AfterRecoveryAsync(db, project, o.Match, body.Zones, ct);
            later = AfterRecovery.Match(project, recovering, o.ScoreWeights, o.Match, today, rules);
            foreach (var x in recovering) sizes[x.Parcel.Code] = (x.Parcel.AreaMu, null, x.Parcel.LandUse);
        }
        if (pools.Contains(Matcher.Factory))
        {
            var factories = await CandidateLoader.FactoriesAsync(db, project, body.Zones, ct);
            var (c, n) = Matcher.MatchFactories(project, factories.Values, o.ScoreWeights, today);
            candidates.AddRange(c);
            near.AddRange(n);
            (candidateCount, nearMissCount) = (candidateCount + c.Count, nearMissCount + n.Count);
            foreach (var f in factories.Values) sizes[f.Code] = (null, f.VacantFloorM2, null);
        }

        var ranked = Matcher.RankCandidates(candidates).Take(o.CandidateLimit).Select((e, i) => Document(e, i + 1, sizes[e.Code])).ToList();
        var nearDocs = Matcher.RankNearMisses(near).Take(o.NearMissLimit).Select((e, i) => Document(e, i + 1, sizes[e.Code])).ToList();
        var laterDocs = later.Take(o.CandidateLimit).Select((x, i) => new AfterRecoveryCandidate(Document(x.Evaluation, i + 1, sizes[x.Evaluation.Code]),
            x.AvailableFrom, x.RecoveryDue, x.Rule)).ToList();
        var features = await ResultFeatures.BuildAsync(db,
            [.. ranked.Select(c => Feature(c, ResultFeatures.Candidate)), .. nearDocs.Select(c => Feature(c, ResultFeatures.NearMiss)),
             .. laterDocs.Select(x => Feature(x.Candidate, ResultFeatures.AfterRecovery))], ct);
        return TypedResults.Ok(new MatchResponse(project.Id, project.Name, route, pools, candidateCount, nearMissCount, ranked, nearDocs, features, laterDocs));
    }

    private static ResultFeature Feature(MatchCandidate c, string role) =>
        new(c.Code, c.Kind, role, c.Rank, c.Score, c.Zone, c.ReasonZh, c.Reason, [.. c.Failures.Select(f => f.MessageZh)]);

    private static MatchCandidate Document(Evaluation e, int rank, (double? Mu, double? M2, string? LandUse) size) =>
        new(rank, e.Code, e.Kind, e.ZoneCode, e.Score, e.Breakdown, e.Reason, e.ReasonZh, size.Mu is { } mu ? Math.Round(mu, 2) : null,
            size.M2, size.LandUse, e.Failures, e.Checks);
}

public sealed record MatchRequest(long? ProjectId, ProjectInput? Project, string? Pool, string[]? Zones);

public sealed record MatchCandidate(
    int Rank, string Code, string Kind, string Zone, double Score, IReadOnlyList<Criterion> Breakdown, string Reason, string ReasonZh,
    double? AreaMu, double? VacantFloorM2, string? LandUse, IReadOnlyList<Check> Failures, IReadOnlyList<Check> Checks);

/// <summary>
/// The match. <see cref="AfterRecovery"/>: land found idle through the enterprise's fault that fits the project once it is
/// taken back (issue 13 §5), apart from the candidates (never free land), soonest first.
/// </summary>
public sealed record MatchResponse(
    long? ProjectId, string ProjectName, RouteDecision Route, IReadOnlyList<string> Pools, int CandidateCount, int NearMissCount,
    IReadOnlyList<MatchCandidate> Candidates, IReadOnlyList<MatchCandidate> NearMisses, JsonObject Features,
    IReadOnlyList<AfterRecoveryCandidate> AfterRecovery);

/// <summary>Land available after recovery: the match as if idle, the day expected back (art. 14), whether that day has come, the rule.</summary>
public sealed record AfterRecoveryCandidate(MatchCandidate Candidate, DateOnly AvailableFrom, bool RecoveryDue, RuleCitation Rule);
