using Microsoft.AspNetCore.Http.HttpResults;

namespace LandMap.Api.Problems;

/// <summary>One error found in a request: which field, a stable code the UI can translate, and the reason in English.</summary>
public sealed record FieldError(string Field, string Code, string Reason);

/// <summary>
/// Every 4xx answer is application/problem+json (RFC 7807) with a stable "code". Messages live here, nowhere else.
/// </summary>
public static class Problems
{
    public const string InvalidParameter = "invalid-parameter";
    public const string UnknownParameter = "unknown-parameter";
    public const string CollectionNotFound = "collection-not-found";
    public const string FeatureNotFound = "feature-not-found";
    public const string InvalidField = "invalid-field";
    public const string InvalidJson = "invalid-json";
    public const string ProjectNotFound = "project-not-found";
    public const string ReservationNotFound = "reservation-not-found";
    public const string ResourceUnavailable = "resource-unavailable";
    public const string AlreadyReleased = "already-released";

    public static ProblemHttpResult BadRequest(IReadOnlyList<FieldError> errors) => Invalid(StatusCodes.Status400BadRequest, errors);

    /// <summary>422: well-formed JSON whose values break the rules (missing name, negative area …).</summary>
    public static ProblemHttpResult Unprocessable(IReadOnlyList<FieldError> errors) => Invalid(StatusCodes.Status422UnprocessableEntity, errors);

    public static ProblemHttpResult Conflict(string code, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail,
            type: "https://landmap.local/problems/" + code, extensions: new Dictionary<string, object?> { ["code"] = code });

    private static ProblemHttpResult Invalid(int status, IReadOnlyList<FieldError> errors) =>
        TypedResults.Problem(
            statusCode: status,
            title: "Invalid request",
            detail: string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")),
            type: "https://landmap.local/problems/" + errors[0].Code,
            extensions: new Dictionary<string, object?>
            {
                ["code"] = errors[0].Code,
                ["errors"] = errors.Select(e => new { field = e.Field, code = e.Code, reason = e.Reason }).ToList(),
            });

    public static ProblemHttpResult NotFound(string code, string detail) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not found",
            detail: detail,
            type: "https://landmap.local/problems/" + code,
            extensions: new Dictionary<string, object?> { ["code"] = code });
}
