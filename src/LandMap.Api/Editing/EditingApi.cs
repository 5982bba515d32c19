using LandMap.Api.Ogc;
using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.History;
using LandMap.Api.Problems;
using LandMap.Core.History;
using LandMap.Core.Ledgers;
using LandMap.Core.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Geometries;
using Npgsql;

namespace LandMap.Api.Editing;

/// <summary>
/// Editing parcels and factories (issue 9): create, update, retire, verify, split, merge, and each record's history.
/// Editors write, staff read the history. Every write runs in one transaction with its rows locked, records who and why
/// through <see cref="ChangeContext"/> (the changes trigger writes the history row) and answers with the feature as GET
/// returns it and its ETag. Updates, retirements and splits need If-Match with the version last read.
/// </summary>
public static class EditingApi
{
    public static IEndpointRouteBuilder MapEditing(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/collections").WithTags("Editing").RequireAuthorization(Policies.Editor);
        group.MapPost("/{collectionId}/items", Create).WithName("CreateItem").WithJsonBody<CreateRequest>();
        group.MapPatch("/{collectionId}/items/{code}", Update).WithName("UpdateItem").WithJsonBody<PatchRequest>();
        group.MapPost("/{collectionId}/items/{code}/retire", Retire).WithName("RetireItem").WithJsonBody<NoteRequest>();
        group.MapPost("/{collectionId}/items/{code}/verify", Verify).WithName("VerifyItem").WithJsonBody<NoteRequest>();
        group.MapPost("/parcels/items/{code}/split", SplitMerge.Split).WithName("SplitParcel").WithJsonBody<SplitRequest>();
        group.MapPost("/parcels/merge", SplitMerge.Merge).WithName("MergeParcels").WithJsonBody<MergeRequest>();
        app.MapGet("/collections/{collectionId}/items/{code}/history", ResourceHistory.Get).WithTags("Editing").WithName("ItemHistory")
            .RequireAuthorization(Policies.Staff);
        app.MapGet("/api/projects/{id:long}/history", ResourceHistory.GetProject).WithTags("Editing").WithName("ProjectHistory")
            .RequireAuthorization(Policies.Staff);
        return app;
    }

    public static async Task<Results<EditedResult, ProblemHttpResult>> Create(
        string collectionId, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (EditTable.Find(collectionId) is not { } t) return EditTable.NotEditable(collectionId);
        var (body, problem) = await JsonBody.ReadAsync<CreateRequest>(request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        if (body!.Type != "Feature") errors.Add(new("type", Problems.Problems.InvalidJson, "a GeoJSON Feature is expected (type: Feature)"));
        if (body.Properties is null) errors.Add(new("properties", Problems.Problems.InvalidJson, "required: the record's properties"));
        if (body.Geometry is not { ValueKind: System.Text.Json.JsonValueKind.Object })
            errors.Add(new("geometry", Problems.Problems.InvalidJson, "required: a Polygon or MultiPolygon in lon/lat"));
        if (errors.Count > 0) return PropertyReader.Problem(errors);

        var (values, propertyErrors) = PropertyReader.Read(body.Properties!, t.Fields);
        errors.AddRange(propertyErrors);
        errors.AddRange(t.Fields.Where(f => f.Required && !values.ContainsKey(f.Key) && !body.Properties!.ContainsKey(f.Key))
            .Select(f => new FieldError("properties." + f.Key, Problems.Problems.InvalidField, "required")));
        var (outline, outlineError) = EditInput.CheckOutline(body.Geometry!.Value, "geometry");
        if (outlineError is not null) errors.Add(outlineError);
        var (note, noteError) = EditInput.Note(body.Note, required: false, "");
        if (noteError is not null) errors.Add(noteError);
        errors.AddRange(EditStore.CrossFieldErrors(values, null));
        if (errors.Count > 0) return PropertyReader.Problem(errors);

        var code = (string)values["code"]!;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await EditStore.ScalarAsync<bool>(conn, EditingQueries.Exists(t), ct, code))
            return Problems.Problems.Conflict(Problems.Problems.CodeTaken, $"{t.Kind} {code} exists already (retired records keep their codes)");
        var (zone, park, zoneError) = await EditStore.ZoneAndParkAsync(conn, values.GetValueOrDefault("zone") as string, values.GetValueOrDefault("park") as string,
            findPark: !values.ContainsKey("park"), outline!.Geometry, ct);
        if (zoneError is not null) return Problems.Problems.Unprocessable([zoneError]);
        if (await EditStore.OverlapAsync(conn, t, code, outline.Geometry, ct) is { } overlap) return Problems.Problems.Unprocessable([overlap]);
        values["zone"] = zone;
        values["park"] = park;

        await new ChangeContext(Caller.Actor(user), ChangeSource.Edit, note, ChangeAction.Create).ApplyAsync(conn, tx, ct);
        await EditStore.InsertAsync(conn, t, new LedgerRow(0, code, outline.Geometry, outline.AreaM2, outline.CentralMeridian, values), Caller.Actor(user), ct);
        var (feature, version) = await EditStore.FeatureAsync(conn, t, request, code, ct);
        await tx.CommitAsync(ct);
        return new EditedResult(StatusCodes.Status201Created, feature, Collections.FeatureCollectionResult.GeoJson, version,
            $"/collections/{t.CollectionId}/items/{Uri.EscapeDataString(code)}");
    }

    public static async Task<Results<EditedResult, ProblemHttpResult>> Update(
        string collectionId, string code, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (EditTable.Find(collectionId) is not { } t) return EditTable.NotEditable(collectionId);
        var (ifMatch, preconditionProblem) = EditInput.IfMatch(request);
        if (preconditionProblem is not null) return preconditionProblem;
        var (body, problem) = await JsonBody.ReadAsync<PatchRequest>(request, ct);
        if (problem is not null) return problem;

        var errors = new List<FieldError>();
        var (values, propertyErrors) = body!.Properties is { } properties ? PropertyReader.Read(properties, t.Fields) : ([], []);
        errors.AddRange(propertyErrors);
        if (values.Remove("code", out var newCode) && (string?)newCode != code)
            errors.Add(new("properties.code", Problems.Problems.InvalidField, "the code identifies the record and cannot be changed"));
        if (values.GetValueOrDefault("status") as string == ResourceStatus.Retired)
            errors.Add(new("properties.status", Problems.Problems.InvalidField, $"retire with POST /collections/{t.CollectionId}/items/{code}/retire"));
        Core.Editing.CheckedGeometry? outline = null;
        if (body.Geometry is { ValueKind: not System.Text.Json.JsonValueKind.Null } geometry)
        {
            (outline, var outlineError) = EditInput.CheckOutline(geometry, "geometry");
            if (outlineError is not null) errors.Add(outlineError);
        }
        var (note, noteError) = EditInput.Note(body.Note, required: false, "");
        if (noteError is not null) errors.Add(noteError);
        if (errors.Count > 0) return PropertyReader.Problem(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await EditStore.LockAsync(conn, t, code, ct);
        if (EditStore.Refusal(row, t, code, ifMatch) is { } refusal) return refusal;
        if (values.GetValueOrDefault("status") is string status && status != row!.Status)
        {
            if (note is null) return Problems.Problems.Unprocessable([new("note", Problems.Problems.NoteRequired, $"a status change ({row.Status} → {status}) needs a note saying why")]);
            if (ResourceStatus.Available.Contains(status) && await EditStore.ReservedAsync(conn, t, code, ct)) return EditStore.ReservedConflict(t, code);
        }
        errors.AddRange(EditStore.CrossFieldErrors(values, row!.Row));
        if (outline is not null && await EditStore.OverlapAsync(conn, t, code, outline.Geometry, ct) is { } overlap) errors.Add(overlap);
        if (values.ContainsKey("zone") || values.ContainsKey("park"))
        {
            var (zone, park, zoneError) = await EditStore.ZoneAndParkAsync(conn, values.GetValueOrDefault("zone", row.Zone) as string,
                values.GetValueOrDefault("park", row.Park) as string, findPark: false, null, ct);
            if (zoneError is not null) errors.Add(zoneError);
            (values["zone"], values["park"]) = (zone, park);
        }
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);

        await new ChangeContext(Caller.Actor(user), ChangeSource.Edit, note).ApplyAsync(conn, tx, ct);
        var geometryOrEmpty = outline?.Geometry ?? MultiPolygon.Empty;
        await EditStore.UpdateAsync(conn, t, new LedgerRow(0, code, geometryOrEmpty, outline?.AreaM2 ?? 0, outline?.CentralMeridian ?? 0, values), outline is not null, ct);
        var (feature, version) = await EditStore.FeatureAsync(conn, t, request, code, ct);
        await tx.CommitAsync(ct);
        return new EditedResult(StatusCodes.Status200OK, feature, Collections.FeatureCollectionResult.GeoJson, version);
    }

    public static async Task<Results<EditedResult, ProblemHttpResult>> Retire(
        string collectionId, string code, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (EditTable.Find(collectionId) is not { } t) return EditTable.NotEditable(collectionId);
        var (ifMatch, preconditionProblem) = EditInput.IfMatch(request);
        if (preconditionProblem is not null) return preconditionProblem;
        var (body, problem) = await JsonBody.ReadAsync<NoteRequest>(request, ct);
        if (problem is not null) return problem;
        var (note, noteError) = EditInput.Note(body!.Note, required: true, "retiring a record needs a note saying why");
        if (noteError is not null) return Problems.Problems.Unprocessable([noteError]);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await EditStore.LockAsync(conn, t, code, ct);
        if (EditStore.Refusal(row, t, code, ifMatch) is { } refusal) return refusal;
        if (await EditStore.ReservedAsync(conn, t, code, ct)) return EditStore.ReservedConflict(t, code);
        await new ChangeContext(Caller.Actor(user), ChangeSource.Edit, note, ChangeAction.Retire).ApplyAsync(conn, tx, ct);
        await EditStore.ExecAsync(conn, EditingQueries.SetStatus(t), ct, code, ResourceStatus.Retired);
        var (feature, version) = await EditStore.FeatureAsync(conn, t, request, code, ct);
        await tx.CommitAsync(ct);
        return new EditedResult(StatusCodes.Status200OK, feature, Collections.FeatureCollectionResult.GeoJson, version);
    }

    public static async Task<Results<Ok<Verified>, ProblemHttpResult>> Verify(
        string collectionId, string code, HttpRequest request, HttpResponse response, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (EditTable.Find(collectionId) is not { } t) return EditTable.NotEditable(collectionId);
        string? note = null;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await JsonBody.ReadAsync<NoteRequest>(request, ct);
            if (problem is not null) return problem;
            (note, var noteError) = EditInput.Note(body!.Note, required: false, "");
            if (noteError is not null) return Problems.Problems.Unprocessable([noteError]);
        }

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await EditStore.LockAsync(conn, t, code, ct);
        if (EditStore.Refusal(row, t, code, ifMatch: null) is { } refusal) return refusal;
        var actor = Caller.Actor(user);
        await new ChangeContext(actor, ChangeSource.Edit, note, ChangeAction.Verify).ApplyAsync(conn, tx, ct);
        Verified verified;
        await using (var cmd = EditStore.Command(conn, EditingQueries.Verify(t), code, actor))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            verified = new(code, r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.GetInt32(2));
        }
        await tx.CommitAsync(ct);
        response.Headers.ETag = Collections.CollectionsApi.ETag(verified.Version);
        return TypedResults.Ok(verified);
    }
}

/// <summary>The answer to verify: when and by whom the record was last checked on the ground, and its version now.</summary>
public sealed record Verified(string Code, DateTimeOffset VerifiedAt, string VerifiedBy, int Version);
