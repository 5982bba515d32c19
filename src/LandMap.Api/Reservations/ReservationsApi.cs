using LandMap.Api.Problems;
using LandMap.Api.Projects;
using LandMap.Core.Matching;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LandMap.Api.Reservations;

/// <summary>
/// Confirming a match reserves the parcel (status → reserved) or the project's floor space in a building (vacant m² taken),
/// with a status_history row for every status change; DELETE undoes it. Each runs in one transaction with the row locked.
/// </summary>
public static class ReservationsApi
{
    private const string Actor = "LandMap 项目匹配";

    public static IEndpointRouteBuilder MapReservations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reservations").WithTags("Reservations");
        group.MapPost("/", Reserve).WithName("Reserve");
        group.MapDelete("/{id:long}", Undo).WithName("UndoReservation");
        group.MapGet("/", List).WithName("ListReservations");
        return app;
    }

    public static async Task<Results<Created<Reservation>, ProblemHttpResult>> Reserve(HttpRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ReserveRequest>(request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        if (body!.ProjectId is null) errors.Add(new("projectId", Problems.Problems.InvalidField, "required"));
        if (body.Kind is not ("parcel" or "factory")) errors.Add(new("kind", Problems.Problems.InvalidField, "parcel or factory"));
        if (string.IsNullOrWhiteSpace(body.Code)) errors.Add(new("code", Problems.Problems.InvalidField, "required"));
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);

        if (await ProjectStore.FindAsync(db, body.ProjectId!.Value, ct) is not { } project) return ProjectsApi.NotFound(body.ProjectId.Value);
        var note = $"项目 #{project.Id} {project.Name}";

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
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
            if (!Checks.AvailableStatuses.Contains(status))
                return Problems.Problems.Conflict(Problems.Problems.ResourceUnavailable, $"parcel {body.Code} is {status}, not idle or negotiating");
            await Exec(conn, ReservationsQueries.SetParcelStatus, ct, body.Code!, "reserved");
            await Exec(conn, ReservationsQueries.History, ct, "parcel", body.Code!, zone, status, "reserved", Actor, note);
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
            if (!Checks.AvailableStatuses.Contains(status) || vacant < need)
                return Problems.Problems.Conflict(Problems.Problems.ResourceUnavailable, $"factory {body.Code} is {status} with {vacant} m² vacant; {need} m² needed");
            string after;
            await using (var take = Command(conn, ReservationsQueries.TakeFloor, body.Code!, need))
                after = (string)(await take.ExecuteScalarAsync(ct))!;
            if (after != status) await Exec(conn, ReservationsQueries.History, ct, "factory", body.Code!, zone, status, after, Actor, note);
            floor = need;
        }
        Reservation reservation;
        await using (var insert = Command(conn, ReservationsQueries.Insert, project.Id, body.Kind!, body.Code!, zone, (object?)floor ?? DBNull.Value, status))
        await using (var r = await insert.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            reservation = Read(r);
        }
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/reservations/{reservation.Id}", reservation);
    }

    public static async Task<Results<Ok<Reservation>, ProblemHttpResult>> Undo(long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        Reservation reservation;
        await using (var cmd = Command(conn, ReservationsQueries.LockById, id))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return Problems.Problems.NotFound(Problems.Problems.ReservationNotFound, $"No reservation {id}");
            reservation = Read(r);
        }
        if (reservation.ReleasedAt is not null)
            return Problems.Problems.Conflict(Problems.Problems.AlreadyReleased, $"reservation {id} was already undone");

        var note = $"撤销预留 #{id}";
        if (reservation.ResourceKind == "parcel")
        {
            // Only a parcel that is still reserved goes back: a status the ledger set since then is not overwritten.
            await using (var cmd = Command(conn, ReservationsQueries.LockParcel, reservation.ResourceCode))
                if ((string?)await cmd.ExecuteScalarAsync(ct) is { } now && now != "reserved")
                    return Problems.Problems.Conflict(Problems.Problems.ResourceUnavailable,
                        $"parcel {reservation.ResourceCode} is {now} now, not reserved: undo would overwrite that");
            await Exec(conn, ReservationsQueries.SetParcelStatus, ct, reservation.ResourceCode, reservation.PreviousStatus);
            await Exec(conn, ReservationsQueries.History, ct, "parcel", reservation.ResourceCode, reservation.ZoneCode, "reserved", reservation.PreviousStatus, Actor, note);
        }
        else
        {
            string current;
            await using (var cmd = Command(conn, ReservationsQueries.LockFactory, reservation.ResourceCode))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                await r.ReadAsync(ct);
                current = r.GetString(0);
            }
            await Exec(conn, ReservationsQueries.ReturnFloor, ct, reservation.ResourceCode, reservation.FloorM2 ?? 0, reservation.PreviousStatus);
            if (current != reservation.PreviousStatus)
                await Exec(conn, ReservationsQueries.History, ct, "factory", reservation.ResourceCode, reservation.ZoneCode, current, reservation.PreviousStatus, Actor, note);
        }
        await using (var release = Command(conn, ReservationsQueries.Release, id))
        await using (var r = await release.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            reservation = Read(r);
        }
        await tx.CommitAsync(ct);
        return TypedResults.Ok(reservation);
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

    private static ProblemHttpResult NotFound(string code) =>
        Problems.Problems.NotFound(Problems.Problems.FeatureNotFound, $"No resource '{code}'");

    private static Reservation Read(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetDouble(5), r.GetString(6),
        r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8));

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
    DateTimeOffset CreatedAt, DateTimeOffset? ReleasedAt);
