using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace LandMap.Api.Problems;

/// <summary>
/// The last line: an exception becomes a problem. Kestrel's own limits (body too large, body too slow) keep their status;
/// a database that cannot be reached is a 503 with Retry-After (and, unless the wait timed out, the connection pool is
/// emptied so the API recovers as soon as it is back); a constraint the database enforces is a 422 naming it. Anything
/// else is a logged 500 that says nothing of the code inside.
/// </summary>
public sealed class ExceptionProblems(ILogger<ExceptionProblems> logger, NpgsqlDataSource db) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested) return true; // the client left
        var problem = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problems.PayloadTooLarge(JsonBody.MaxBytes),
            BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } =>
                Problems.Status(StatusCodes.Status408RequestTimeout, Problems.RequestTimeoutCode, "the request body arrived too slowly"),
            BadHttpRequestException bad => Problems.Status(bad.StatusCode, Problems.InvalidJson, "the request could not be read"),
            _ when IsDatabaseUnavailable(exception) => Unavailable(http),
            // Two writers racing for one new code: the loser hears what the check before the insert would have said.
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg => Problems.Conflict(Problems.CodeTaken,
                $"a record with that key exists already (database rule {pg.ConstraintName})"),
            PostgresException { SqlState: ['2', '2' or '3', ..] } pg => Problems.Unprocessable([new(
                FieldOf(pg, http.Request.Path), Problems.ConstraintViolated, $"refused by the database rule {pg.ConstraintName ?? pg.SqlState}")]),
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = Problems.Status(StatusCodes.Status500InternalServerError, Problems.ServerError, "unexpected server error; it has been logged");
        }
        else if (problem.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("Database unavailable on {Method} {Path}: {Message}", http.Request.Method, http.Request.Path, exception.Message);
            // Drop pooled connections to the old server, so the first requests after it is back do not fail on them; not on a
            // timeout, where the server answers slowly and the idle connections are the ones to keep (clearing them made
            // every next request open a backend of its own, which is what timed out).
            if (!IsTimeout(exception)) db.Clear();
        }
        if (http.Response.HasStarted) return false;
        http.Response.Clear();
        await problem.ExecuteAsync(http);
        return true;
    }

    /// <summary>
    /// Constraints whose name does not say the field the client sent (a rule on two columns is named after the one a
    /// client fixes; PostgreSQL names an unnamed table CHECK after its first column, or only the table).
    /// </summary>
    private static readonly Dictionary<string, string> ConstraintFields = new(StringComparer.Ordinal)
    {
        ["idle_findings_cause_type_check"] = "governmentCauseType",
    };

    /// <summary>
    /// The field a refused value belongs to, as the client named it: the column PostgreSQL reports (NOT NULL), else the
    /// constraint named by the convention <c>&lt;table&gt;_&lt;column&gt;_check</c> (PostgreSQL's own naming, and ours in the
    /// migrations: parcels_halted_on_check → haltedOn), in camelCase; "properties." before it on a collection item, as
    /// the item's own validation names fields; "body" when neither says one.
    /// </summary>
    public static string FieldOf(PostgresException pg, PathString path)
    {
        var column = pg.ColumnName ?? ColumnOf(pg.ConstraintName, pg.TableName);
        var field = pg.ConstraintName is { } c && ConstraintFields.TryGetValue(c, out var named) ? named
            : column is null ? null : Editing.ResourceHistory.CamelCase(column);
        if (field is null) return "body";
        return path.StartsWithSegments("/collections") ? $"properties.{field}" : field;
    }

    /// <summary>parcels_halted_on_check (table parcels) → halted_on; plans_check or a name not of that form → null.</summary>
    public static string? ColumnOf(string? constraint, string? table)
    {
        if (constraint is null || table is null || !constraint.StartsWith(table + "_", StringComparison.Ordinal)) return null;
        var rest = constraint[(table.Length + 1)..];
        var at = rest.LastIndexOf("_check", StringComparison.Ordinal);
        if (at <= 0 || rest[(at + "_check".Length)..].Any(c => !char.IsAsciiDigit(c))) return null; // _check, _check1 …
        return rest[..at];
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unavailable(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            http.Response.Headers.RetryAfter = Problems.DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        return Problems.Status(StatusCodes.Status503ServiceUnavailable, Problems.DatabaseUnavailable,
            $"the database is unavailable; try again in {Problems.DatabaseRetryAfterSeconds} s");
    }

    private static bool IsTimeout(Exception e) => e is TimeoutException || e.InnerException is { } inner && IsTimeout(inner);

    /// <summary>
    /// Connection-level failures: Npgsql's own (refused, reset, timed out) and the server's "shutting down / starting up /
    /// too many connections" answers (SQLSTATE classes 08, 57P, 53300).
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
                                || pg.SqlState == "53300",
        NpgsqlException => true,
        SocketException or TimeoutException => true,
        _ => e.InnerException is { } inner && IsDatabaseUnavailable(inner),
    };
}
