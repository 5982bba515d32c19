using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LandMap.Api.Problems;

/// <summary>
/// One error found in a request: which field, a stable code the UI can translate, and the reason in English (the
/// reason is said in the caller's language when the problem is written: <see cref="ProblemLanguage"/>).
/// </summary>
public sealed record FieldError(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>
/// Every 4xx/5xx answer is application/problem+json (RFC 7807) with a stable "code". Messages are written in English where
/// the problem arises and never name a .NET type; <see cref="ProblemLanguage"/> says title, detail and reasons in the
/// caller's language (Accept-Language) when the problem is written, from the Chinese texts in <see cref="ProblemTexts"/>.
/// </summary>
public static class Problems
{
    public const string InvalidParameter = "invalid-parameter";
    public const string InvalidFilter = "invalid-filter";
    public const string NotIdleYet = "not-idle-yet";
    public const string UnknownParameter = "unknown-parameter";
    public const string CollectionNotFound = "collection-not-found";
    public const string FeatureNotFound = "feature-not-found";
    public const string InvalidField = "invalid-field";
    public const string InvalidJson = "invalid-json";
    public const string ProjectNotFound = "project-not-found";
    public const string ReservationNotFound = "reservation-not-found";
    public const string ResourceUnavailable = "resource-unavailable";
    public const string AlreadyReleased = "already-released";
    public const string UserNotFound = "user-not-found";
    public const string KeyNotFound = "key-not-found";
    public const string NameTaken = "name-taken";
    public const string NotFoundCode = "not-found";
    public const string UnauthorizedCode = "unauthorized";
    public const string InvalidCredentials = "invalid-credentials";
    public const string InvalidApiKey = "invalid-api-key";
    public const string ForbiddenCode = "forbidden";
    public const string StatusNotPublic = "status-not-public";
    public const string CsrfTokenInvalid = "csrf-token-invalid";
    public const string UnsupportedMediaTypeCode = "unsupported-media-type";
    public const string PayloadTooLargeCode = "payload-too-large";
    public const string RequestTimeoutCode = "request-timeout";
    public const string UriTooLongCode = "uri-too-long";
    public const string RateLimited = "rate-limited";
    public const string DatabaseUnavailable = "database-unavailable";
    public const string ConstraintViolated = "constraint-violated";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string ServerError = "server-error";
    public const string InvalidHost = "invalid-host";
    public const string UnreadableFile = "unreadable-file";
    public const string UnusableCoordinates = "unusable-coordinates";
    public const string ExportTooLarge = "export-too-large";
    public const string CrsAmbiguous = "crs-ambiguous";
    public const string StaffOnlyParameter = "staff-only-parameter";

    // Editing (issue 9): optimistic concurrency, notes, lineage.
    public const string IfMatchRequired = "if-match-required";
    public const string VersionMismatch = "version-mismatch";
    public const string NoteRequired = "note-required";
    public const string ReadOnlyField = "read-only-field";
    public const string CodeTaken = "code-taken";
    public const string ResourceRetired = "resource-retired";
    public const string ResourceReserved = "resource-reserved";
    public const string NotAdjacent = "not-adjacent";
    public const string Overlaps = "overlaps";
    public const string SplitImpossible = "split-impossible";
    public const string ProjectWithdrawn = "project-withdrawn";

    // Plans and dispatch meetings (issue 13).
    public const string PlanNotFound = "plan-not-found";
    public const string PlanExists = "plan-exists";
    public const string PlanClosed = "plan-closed";
    public const string MilestoneNotFound = "milestone-not-found";
    public const string MilestoneDone = "milestone-done";
    public const string MeetingNotFound = "meeting-not-found";

    // Idle land by the rules (issue 13).
    public const string ParcelNotFound = "parcel-not-found";
    public const string SuppliedFactsMissing = "supplied-facts-missing";

    /// <summary>Seconds a client should wait before retrying when the database is down.</summary>
    public const int DatabaseRetryAfterSeconds = 5;

    public static ProblemHttpResult BadRequest(IReadOnlyList<FieldError> errors) => Invalid(StatusCodes.Status400BadRequest, errors);

    /// <summary>422: well-formed JSON whose values break the rules (missing name, negative area …).</summary>
    public static ProblemHttpResult Unprocessable(IReadOnlyList<FieldError> errors) => Invalid(StatusCodes.Status422UnprocessableEntity, errors);

    public static ProblemHttpResult Conflict(string code, string detail) => Status(StatusCodes.Status409Conflict, code, detail);

    public static ProblemHttpResult NotFound(string code, string detail) => Status(StatusCodes.Status404NotFound, code, detail);

    public static ProblemHttpResult Unauthorized(string detail, string code = UnauthorizedCode) => Status(StatusCodes.Status401Unauthorized, code, detail);

    public static ProblemHttpResult Forbidden(string code, string detail, IReadOnlyList<FieldError>? errors = null) =>
        errors is null ? Status(StatusCodes.Status403Forbidden, code, detail) : Invalid(StatusCodes.Status403Forbidden, errors);

    public static ProblemHttpResult UnsupportedMediaType(string? contentType) =>
        Status(StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaTypeCode,
            $"the body must be application/json, not '{contentType ?? "(none)"}'");

    public static ProblemHttpResult PayloadTooLarge(long limit) =>
        Status(StatusCodes.Status413PayloadTooLarge, PayloadTooLargeCode, $"the body is larger than {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes");

    public static ProblemHttpResult TooManyRequests(int retryAfterSeconds) =>
        Status(StatusCodes.Status429TooManyRequests, RateLimited, $"too many requests: try again in {retryAfterSeconds} s");

    /// <summary>428: a write that needs If-Match came without it.</summary>
    public static ProblemHttpResult PreconditionRequired(string detail) => Status(StatusCodes.Status428PreconditionRequired, IfMatchRequired, detail);

    /// <summary>412: the If-Match version is not the record's version any more; nothing was changed.</summary>
    public static ProblemHttpResult PreconditionFailed(string detail) => Status(StatusCodes.Status412PreconditionFailed, VersionMismatch, detail);

    public static ProblemHttpResult Status(int status, string code, string detail) =>
        TypedResults.Problem(statusCode: status, title: Title(status), detail: detail, type: "https://landmap.local/problems/" + code,
            extensions: new Dictionary<string, object?> { ["code"] = code });

    private static ProblemHttpResult Invalid(int status, IReadOnlyList<FieldError> errors) =>
        TypedResults.Problem(
            statusCode: status,
            title: Title(status),
            detail: string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")),
            type: "https://landmap.local/problems/" + errors[0].Code,
            extensions: new Dictionary<string, object?>
            {
                ["code"] = errors[0].Code,
                ["errors"] = errors.ToList(),
            });

    /// <summary>The English title of a status (the key of its translation).</summary>
    public static string Title(int status) => status switch
    {
        400 or 422 => "Invalid request",
        401 => "Sign-in required",
        403 => "Not allowed",
        404 => "Not found",
        405 => "Method not allowed",
        408 => "Request timeout",
        409 => "Conflict",
        412 => "Precondition failed",
        413 => "Payload too large",
        414 => "URI too long",
        415 => "Unsupported media type",
        428 => "Precondition required",
        429 => "Too many requests",
        503 => "Service unavailable",
        500 => "Server error",
        _ => "Error",
    };
}
