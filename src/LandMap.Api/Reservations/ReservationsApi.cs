using LandMap.Api.Ogc;
using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Problems;
using LandMap.Api.Projects;
using LandMap.Api.History;
using LandMap.Core.History;
using LandMap.Core.Projects;
using LandMap.Core.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LandMap.Api.Reservations;

/// <summary>
/// Confirming a match reserves the parcel (status → reserved) or the project's floor space in a building (vacant m² taken),
/// with a history row (the changes trigger) for every change, recording who did it and for which project; DELETE undoes it. Each runs in one transaction
/// with the row locked. Staff read; editors reserve and undo.
/// </summary>
public static class ReservationsApi
{
    public static IEndpointRouteBuilder MapReservations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reservations").WithTags("Reservations").RequireAuthorization(Policies.Staff);
        group.MapPost("/", Reserve).WithName("Reserve").WithJsonBody<ReserveRequest>().RequireAuthorization(Policies.Editor);
        group.MapDelete("/{id:long}", Undo).WithName("UndoReservation").RequireAuthorization(Policies.Editor);
        group.MapGet("/", List).WithName("ListReservations");
        app.MapGet("/api/history/{kind}/{code}", History).WithTags("Reservations").WithName("ResourceHistory").RequireAuthorization(Policies.Staff);
        return app;
    }

    public static async Task<Results<Created<Reservation>, ProblemHttpResult>> Reserve(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var actor = Caller.Actor(user);
        var (body, problem) = await JsonBody.ReadAsync<ReserveRequest>(request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        if (body!.ProjectId is null) errors.Add(new("projectId", Problems.Problems.InvalidField, "required"));
        if (body.Kind is not ("parcel" or "factory")) errors.Add(new("kind", Problems.Problems.InvalidField, "parcel or factory"));
        if (string.IsNullOrWhiteSpace(body.Code) || body.Code.Length > 64) errors.Add(new("code", Problems.Problems.InvalidField, "required, at most 64 characters"));
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);

        if (await ProjectStore.FindAsync(db, body.ProjectId!.Value, ct) is not { } project) return ProjectsApi.NotFound(body.ProjectId.Value);
        if (project.Stage == ProjectStages.Withdrawn)
            return Problems.Problems.Conflict(Problems.Problems.ProjectWithdrawn, $"project {project.Id} is withdrawn: it holds no resources");
        var note = $"项目 #{project.Id} {project.Name}";

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await new ChangeContext(actor, ChangeSource.Reservation, note).ApplyAsync(conn, tx, ct);
        string status, zone;
        double? floor = null;
        if (body.Kind == "parcel")
        {
            await using (var cmd = Command(conn, ReservationsQueries.LockParcel, body.Code!))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct)) return NotFound(body.Code!);
                (status, zone) = (r.GetString(0), r.GetString(1));
            }
            if (!ResourceStatus.Available.Contains(status))
                return Problems.Problems.Conflict(Problems.Problems.ResourceUnavailable, $"parcel {body.Code} is {status}, not {string.Join(" or ", ResourceStatus.Available)}");
            await Exec(conn, ReservationsQueries.SetParcelStatus, ct, body.Code!, ResourceStatus.Reserved);
        }
        else
        {
            if (project.FloorNeedM2 is not { } need)
                return Problems.Problems.Unprocessable([new("projectId", Problems.Problems.InvalidField, "the project has no floorNeedM2 to reserve")]);
            double vacant;
            await using (var cmd = Command(conn, ReservationsQueries.LockFactory, body.Code!))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct)) return NotFound(body.Code!);
                (status, zone, vacant) = (r.GetString(0), r.GetString(1), r.GetDouble(2));
            }
            if (!ResourceStatus.Available.Contains(status) || vacant < need)
                return Problems.Problems.Conflict(Problems.Problems.ResourceUnavailable, $"factory {body.Code} is {status} with {vacant} m² vacant; {need} m² needed");
            string after;
            await using (var take = Command(conn, ReservationsQueries.TakeFloor, body.Code!, need, ResourceStatus.Reserved))
                after = (string)(await take.ExecuteScalarAsync(ct))!;
            floor = need;
        }
        Reservation reservation;
        await using (var insert = Command(conn, ReservationsQueries.Insert, project.Id, body.Kind!, body.Code!, zone, (object?)floor ?? DBNull.Value, status, actor))
        await using (var r = await insert.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            reservation = Read(r);
        }
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/reservations/{reservation.Id}", reservation);
    }

    public static async Task<Results<Ok<Reservation>, ProblemHttpResult>> Undo(long id, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await new ChangeContext(Caller.Actor(user), ChangeSource.Reservation, $"撤销预留 #{id}").ApplyAsync(conn, tx, ct);
        var (reservation, problem) = await ReleaseAsync(conn, id, Caller.Actor(user), ct);
        if (problem is not null) return problem;
        await tx.CommitAsync(ct);
        return TypedResults.Ok(reservation!);
    }

    /// <summary>
    /// Releases reservation <paramref name="id"/> inside the caller's transaction (whose <see cref="ChangeContext"/> says why):
    /// the parcel goes back to its previous status, the factory gets its floor space back. A status the ledger set since is
    /// never overwritten: that is a 409 and the caller rolls back. Used by undo and by withdrawing a project.
    /// </summary>
    internal static async Task<(Reservation? Released, ProblemHttpResult? Problem)> ReleaseAsync(NpgsqlConnection conn, long id, string actor, CancellationToken ct)
    {
        Reservation reservation;
        await using (var cmd = Command(conn, ReservationsQueries.LockById, id))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return (null, Problems.Problems.NotFound(Problems.Problems.ReservationNotFound, $"No reservation {id}"));
            reservation = Read(r);
        }
        if (reservation.ReleasedAt is not null)
            return (null, Problems.Problems.Conflict(Problems.Problems.AlreadyReleased, $"reservation {id} was already undone"));

        if (reservation.ResourceKind == "parcel")
        {
            // Only a parcel that is still reserved goes back: a status the ledger set since then is not overwritten.
            await using (var cmd = Command(conn, ReservationsQueries.LockParcel, reservation.ResourceCode))
            {
                var now = (string?)await cmd.ExecuteScalarAsync(ct);
                if (now is null) return (null, NotFound(reservation.ResourceCode));
                if (now != ResourceStatus.Reserved)
                    return (null, Problems.Problems.Conflict(Problems.Problems.ResourceUnavailable,
                        $"parcel {reservation.ResourceCode} is {now} now, not {ResourceStatus.Reserved}: undo would overwrite that"));
            }
            await Exec(conn, ReservationsQueries.SetParcelStatus, ct, reservation.ResourceCode, reservation.PreviousStatus);
        }
        else
        {
            string current;
            await using (var cmd = Command(conn, ReservationsQueries.LockFactory, reservation.ResourceCode))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct)) return (null, NotFound(reservation.ResourceCode));
                current = r.GetString(0);
            }
            // The reservation left the building in its previous status or, with no floor left, reserved. Any other status was
            // set by the ledger since (e.g. allocated, in use): undo would overwrite it, like the parcel branch refuses to.
            if (current != reservation.PreviousStatus && current != ResourceStatus.Reserved)
                return (null, Problems.Problems.Conflict(Problems.Problems.ResourceUnavailable,
                    $"factory {reservation.ResourceCode} is {current} now: undo would overwrite that"));
            await Exec(conn, ReservationsQueries.ReturnFloor, ct, reservation.ResourceCode, reservation.FloorM2 ?? 0, reservation.PreviousStatus);
        }
        await using (var release = Command(conn, ReservationsQueries.Release, id, actor))
        await using (var r = await release.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            reservation = Read(r);
        }
        return (reservation, null);
    }

    public static async Task<Ok<List<Reservation>>> List(long? projectId, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ReservationsQueries.ByProject);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)projectId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Reservation>();
        while (await r.ReadAsync(ct)) list.Add(Read(r));
        return TypedResults.Ok(list);
    }

    /// <summary>The status history of one parcel or factory, oldest first, with who changed it.</summary>
    public static async Task<Results<Ok<List<HistoryEntry>>, ProblemHttpResult>> History(string kind, string code, NpgsqlDataSource db, CancellationToken ct)
    {
        if (kind is not ("parcel" or "factory"))
            return Problems.Problems.BadRequest([new("kind", Problems.Problems.InvalidParameter, "parcel or factory")]);
        await using var cmd = db.CreateCommand(ReservationsQueries.HistoryOf);
        cmd.Parameters.Add(new NpgsqlParameter { Value = kind });
        cmd.Parameters.Add(new NpgsqlParameter { Value = code });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<HistoryEntry>();
        while (await r.ReadAsync(ct))
            list.Add(new(r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)));
        return TypedResults.Ok(list);
    }

    private static ProblemHttpResult NotFound(string code) =>
        Problems.Problems.NotFound(Problems.Problems.FeatureNotFound, $"No resource '{code}'");

    private static Reservation Read(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetDouble(5), r.GetString(6),
        r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8), r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10));

    private static NpgsqlCommand Command(NpgsqlConnection conn, string sql, params object[] values)
    {
        var cmd = new NpgsqlCommand(sql, conn);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        return cmd;
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct, params object[] values)
    {
        await using var cmd = Command(conn, sql, values);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

public sealed record ReserveRequest(long? ProjectId, string? Kind, string? Code);

public sealed record Reservation(
    long Id, long ProjectId, string ResourceKind, string ResourceCode, string ZoneCode, double? FloorM2, string PreviousStatus,
    DateTimeOffset CreatedAt, DateTimeOffset? ReleasedAt, string CreatedBy, string? ReleasedBy);

public sealed record HistoryEntry(string? FromStatus, string ToStatus, DateTimeOffset ChangedAt, string ChangedBy, string? Note);
