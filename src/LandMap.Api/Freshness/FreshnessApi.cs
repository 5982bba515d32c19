namespace LandMap.Api.Freshness;

/// <summary>Freshness: the stale worklist for the survey team (issue 9).</summary>
public static class FreshnessApi
{
    public static IEndpointRouteBuilder MapFreshness(this IEndpointRouteBuilder app) => app;
}
