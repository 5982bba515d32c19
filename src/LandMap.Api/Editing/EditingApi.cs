namespace LandMap.Api.Editing;

/// <summary>Editing parcels and factories: create, update, status, retire, verify, split, merge, history (issue 9).</summary>
public static class EditingApi
{
    public static IEndpointRouteBuilder MapEditing(this IEndpointRouteBuilder app) => app;
}
