using LandMap.Api.Ogc;
using System.Globalization;
using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Collections;
using LandMap.Api.Problems;
using LandMap.Core.History;
using LandMap.Core.Resources;
using LandMap.Core.Revitalisation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LandMap.Api.IdleLand;

/// <summary>
/// Idle land by the rules (issue 13 §1; 《闲置土地处置办法》): the warning list of supplied parcels nearing one full year
/// without a start, one parcel's facts with its assessment (every result citing its rule), and recording a finding
/// (闲置土地认定书). Staff read, editors write; the public sees none of it. The facts themselves are edited through
/// PATCH /collections/parcels/items/{code} (EditableFields.SuppliedLand), so they carry If-Match and history.
/// </summary>
public static class IdleLandApi
{
    private static readonly string[] WarningParameters = ["zone", "days"];
    private const int MaxWarningDays = IdleLandOptions.MaxWarningDays;

    public static IEndpointRouteBuilder MapIdleLand(this IEndpointRouteBuilder app)
    {
        // Bound and checked while the routes are built, so a wrong IdleLand section or a broken rules table stops the start.
        var (options, rules) = IdleLandOptions.Load(app.ServiceProvider.GetRequiredService<IConfiguration>());

        var group = app.MapGroup("/api/idle-land").WithTags("IdleLand");
        group.MapGet("/warnings", (HttpRequest request, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
            Warnings(request, db, time, rules, options.WarningDays, ct)).WithName("GetIdleLandWarnings").WithQueryParameters(WarningParameters).RequireAuthorization(Policies.Staff);
        group.MapGet("/{code}", (string code, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
            Get(code, db, time, rules, ct)).WithName("GetIdleLand").RequireAuthorization(Policies.Staff);
        group.MapPost("/{code}/findings", (string code, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
            RecordFinding(code, request, user, db, time, rules, ct)).WithName("RecordIdleFinding").WithJsonBody<FindingRequest>().RequireAuthorization(Policies.Editor);
        return app;
    }

    public static async Task<Results<Ok<IdleWarningList>, ProblemHttpResult>> Warnings(
        HttpRequest request, NpgsqlDataSource db, TimeProvider time, IdleLandRuleSet rules, int defaultDays, CancellationToken ct)
    {
        var errors = request.Query.Keys.Where(k => !WarningParameters.Contains(k))
            .Select(k => new FieldError(k, Problems.Problems.UnknownParameter, $"unknown parameter; allowed: {string.Join(", ", WarningParameters)}")).ToList();
        var days = defaultDays;
        if (request.Query["days"] is { Count: > 0 } d
            && !(int.TryParse(d[0], NumberStyles.None, CultureInfo.InvariantCulture, out days) && days is >= 1 and <= MaxWarningDays))
            errors.Add(new("days", Problems.Problems.InvalidParameter, $"a whole number of days, 1–{MaxWarningDays}"));
        string[] zones = [.. request.Query["zone"].SelectMany(z => (z ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
        errors.AddRange(await CollectionsApi.UnknownZonesAsync(db, zones, ct));
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);

        var today = ChinaDay.Today(time.GetUtcNow());
        var items = new List<IdleWarningItem>();
        await using var cmd = db.CreateCommand(IdleLandQueries.WarningCandidates);
        cmd.Parameters.Add(new() { Value = ResourceStatus.All.ToArray() });
        cmd.Parameters.Add(new() { Value = today });
        cmd.Parameters.Add(new() { Value = today.AddDays(days) });
        cmd.Parameters.Add(new() { Value = zones });
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var facts = ReadFacts(r);
                if (IdleLandEngine.Assess(facts.ToCore(), null, today, rules, days).Warning is { } w)
                    items.Add(new(facts.Code, facts.ZoneCode, facts.AgreedStartOn!.Value, w.IdleOn, w.DaysLeft, w.Rule));
            }
        return TypedResults.Ok(new IdleWarningList(rules.Name, today, days,
            [.. items.OrderBy(i => i.DaysLeft).ThenBy(i => i.Code, StringComparer.Ordinal)]));
    }

    public static async Task<Results<Ok<IdleLandDocument>, ProblemHttpResult>> Get(
        string code, NpgsqlDataSource db, TimeProvider time, IdleLandRuleSet rules, CancellationToken ct) =>
        await LoadAsync(code, db, ChinaDay.Today(time.GetUtcNow()), rules, ct) is { } doc ? TypedResults.Ok(doc) : NotFound(code);

    public static async Task<Results<Created<IdleLandDocument>, ProblemHttpResult>> RecordFinding(
        string code, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider time, IdleLandRuleSet rules, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<FindingRequest>(request, ct);
        if (problem is not null) return problem;
        var today = ChinaDay.Today(time.GetUtcNow());
        var errors = new List<FieldError>();
        if (body!.FoundOn is not { } foundOn) errors.Add(new("foundOn", Problems.Problems.InvalidField, "required: the date of the finding (YYYY-MM-DD)"));
        else if (foundOn > today) errors.Add(new("foundOn", Problems.Problems.InvalidField, "may not be in the future"));
        if (body.Cause is null || !IdleCause.All.Contains(body.Cause))
            errors.Add(new("cause", Problems.Problems.InvalidField, $"required: one of {string.Join(", ", IdleCause.All)}"));
        else if (body.Cause == IdleCause.Government && (body.GovernmentCauseType is null || !IdleCause.GovernmentTypes.Contains(body.GovernmentCauseType)))
            errors.Add(new("governmentCauseType", Problems.Problems.InvalidField, $"required for a government cause: one of {string.Join(", ", IdleCause.GovernmentTypes)}"));
        else if (body.Cause == IdleCause.Enterprise && body.GovernmentCauseType is not null)
            errors.Add(new("governmentCauseType", Problems.Problems.InvalidField, "only for a government cause"));
        if (body.FindingNo is { Length: > 100 }) errors.Add(new("findingNo", Problems.Problems.InvalidField, "at most 100 characters"));
        if (body.Note is { Length: > 2000 }) errors.Add(new("note", Problems.Problems.InvalidField, "at most 2000 characters"));
        if (errors.Count > 0) return Problems.Problems.Unprocessable(errors);

        if (await LoadAsync(code, db, today, rules, ct) is not { } before) return NotFound(code);
        var missing = new[] { ("supplyType", (object?)before.Facts.SupplyType), ("agreedStartOn", before.Facts.AgreedStartOn) }
            .Where(f => f.Item2 is null).Select(f => new FieldError(f.Item1, Problems.Problems.SuppliedFactsMissing,
                "the parcel has no such fact yet: set it with PATCH /collections/parcels/items/{code} first")).ToList();
        if (missing.Count > 0) return Problems.Problems.Unprocessable(missing);
        // A finding records what the rules already make true: the land must be idle under them on the day of the finding
        // (art. 2), whatever the cause; before that it is on the warning list, not found idle.
        var onThatDay = IdleLandEngine.Assess(before.Facts.ToCore(), null, body.FoundOn!.Value, rules, MaxWarningDays); // the horizon only dates the reason
        if (onThatDay.Status != IdleStatus.Suspected)
        {
            var reason = onThatDay.Warning is { } w
                ? $"on {ItemQueryParser.Day(body.FoundOn!.Value)} the parcel is not idle under the rules yet: one full year without a start is reached on {ItemQueryParser.Day(w.IdleOn)} ({w.Rule.Article})"
                : $"on {ItemQueryParser.Day(body.FoundOn!.Value)} the parcel meets none of the idle-land rules ({string.Join(", ", rules.Rules.Where(r => r.Kind == RuleKind.Idle).Select(r => r.Article).Distinct())})";
            return Problems.Problems.Unprocessable([new("foundOn", Problems.Problems.NotIdleYet, reason)]);
        }

        await using (var cmd = db.CreateCommand(IdleLandQueries.InsertFinding))
        {
            foreach (var v in new object?[] { code, body.FoundOn!.Value, body.Cause!, body.GovernmentCauseType, body.FindingNo, body.Note, Caller.Actor(user) })
                cmd.Parameters.Add(new() { Value = v ?? DBNull.Value });
            await cmd.ExecuteNonQueryAsync(ct);
        }
        var doc = (await LoadAsync(code, db, today, rules, ct))!;
        return TypedResults.Created($"/api/idle-land/{Uri.EscapeDataString(code)}", doc);
    }

    private static async Task<IdleLandDocument?> LoadAsync(string code, NpgsqlDataSource db, DateOnly today, IdleLandRuleSet rules, CancellationToken ct)
    {
        ParcelFacts facts;
        await using (var cmd = db.CreateCommand(IdleLandQueries.Facts))
        {
            cmd.Parameters.Add(new() { Value = code });
            cmd.Parameters.Add(new() { Value = ResourceStatus.Stored.ToArray() });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return null;
            facts = ReadFacts(r);
        }
        var findings = new List<FindingRecord>();
        await using (var cmd = db.CreateCommand(IdleLandQueries.Findings))
        {
            cmd.Parameters.Add(new() { Value = code });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                findings.Add(new(r.GetInt64(r.GetOrdinal("id")), r.GetFieldValue<DateOnly>(r.GetOrdinal("found_on")), r.GetString(r.GetOrdinal("cause")),
                    Text(r, "government_cause_type"), Text(r, "finding_no"), Text(r, "note"), r.GetString(r.GetOrdinal("created_by")),
                    r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("created_at"))));
        }
        var latest = findings.FirstOrDefault() is { } f ? new IdleFinding(f.FoundOn, f.Cause, f.GovernmentCauseType) : null;
        return new IdleLandDocument(facts.Code, facts.ZoneCode, facts.Status, facts.Version, rules.Name, today, facts, findings,
            IdleLandEngine.Assess(facts.ToCore(), latest, today, rules));
    }

    private static ParcelFacts ReadFacts(NpgsqlDataReader r) => new(
        r.GetString(r.GetOrdinal("code")), r.GetString(r.GetOrdinal("zone_code")), r.GetString(r.GetOrdinal("status")), r.GetInt32(r.GetOrdinal("version")),
        Text(r, "supply_type"), Date(r, "agreed_start_on"), Date(r, "actual_start_on"), Number(r, "developed_share"), Number(r, "invested_share"),
        Date(r, "halted_on"), Number(r, "land_price_wan"));

    private static string? Text(NpgsqlDataReader r, string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetString(r.GetOrdinal(column));
    private static DateOnly? Date(NpgsqlDataReader r, string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetFieldValue<DateOnly>(r.GetOrdinal(column));
    private static double? Number(NpgsqlDataReader r, string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetDouble(r.GetOrdinal(column));

    private static ProblemHttpResult NotFound(string code) =>
        Problems.Problems.NotFound(Problems.Problems.ParcelNotFound, $"No parcel '{code}'");
}
