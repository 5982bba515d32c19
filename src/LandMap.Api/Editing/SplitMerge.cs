using System.Security.Claims;
using System.Text;
using LandMap.Api.Access;
using LandMap.Api.History;
using LandMap.Api.Problems;
using LandMap.Core.Crs;
using LandMap.Core.Editing;
using LandMap.Core.History;
using LandMap.Core.Ledgers;
using LandMap.Core.Resources;
using LandMap.Core.Units;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Geometries;
using Npgsql;

namespace LandMap.Api.Editing;

/// <summary>
/// Splitting a parcel in two and merging adjacent parcels into one (分割/合并), each all or nothing in one transaction:
/// the parents are retired (kept, never deleted) and the children created with the parents' attributes and areas
/// measured from their outlines in the parents' Gauss–Krüger zone; the history links them both ways (related).
/// Only parcels still on offer (idle, negotiating) are split or merged.
/// </summary>
public static class SplitMerge
{
    /// <summary>How close a split's first part comes to the asked area: well inside the 1e-6 mu the areas are compared to.</summary>
    private const double SplitToleranceMu = 1e-7;

    /// <summary>Neighbours digitised with a hair's gap still merge: 1e-7° is about 1 cm.</summary>
    private const double MergeSnapDegrees = 1e-7;

    private const int MaxMerge = 50;

    private static readonly LedgerField CodeField = LedgerFields.Parcel.First(f => f.Key == "code");

    public static async Task<Results<EditedResult, ProblemHttpResult>> Split(
        string code, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var t = EditTable.Parcels;
        var (ifMatch, preconditionProblem) = EditInput.IfMatch(request);
        if (preconditionProblem is not null) return preconditionProblem;
        var (body, problem) = await JsonBody.ReadAsync<SplitRequest>(request, ct);
        if (problem is not null) return problem;

        var errors = new List<FieldError>();
        var (note, noteError) = EditInput.Note(body!.Note, required: true, "a split needs a note saying why");
        if (noteError is not null) errors.Add(noteError);
        var hasLine = body.Line is { ValueKind: not System.Text.Json.JsonValueKind.Null };
        LineString? line = null;
        if (hasLine == body.AreaMu.HasValue)
            errors.Add(new("line", Problems.Problems.InvalidField, "give either line (a GeoJSON LineString) or areaMu (the first part's area)"));
        else if (hasLine)
        {
            var (g, lineError) = EditInput.ReadGeometry(body.Line!.Value, "line");
            if (lineError is not null) errors.Add(lineError);
            else if (g is not LineString { IsEmpty: false } l) errors.Add(new("line", Problems.Problems.InvalidField, $"expected a LineString of two or more points, not a {(g!.IsEmpty ? "empty " : "")}{g.GeometryType}"));
            else if (l.Coordinates.Any(c => !(Math.Abs(c.X) <= 180 && Math.Abs(c.Y) <= 90)))
                errors.Add(new("line", Problems.Problems.InvalidField, "coordinates are lon/lat: longitude within ±180, latitude within ±90"));
            else line = l;
        }
        else if (body.AreaMu <= 0) errors.Add(new("areaMu", Problems.Problems.InvalidField, "must be above 0"));
        CutDirection? direction = body.Direction switch
        {
            null => null,
            "ns" => CutDirection.NorthSouth,
            "ew" => CutDirection.EastWest,
            _ => null,
        };
        if (body.Direction is not (null or "ns" or "ew")) errors.Add(new("direction", Problems.Problems.InvalidField, "ns (a north–south cut) or ew (an east–west cut)"));
        var codes = body.Codes ?? [$"{code}-1", $"{code}-2"];
        errors.AddRange(CodeErrors(codes, "codes", exactly: 2));
        if (codes.Contains(code)) errors.Add(new("codes", Problems.Problems.InvalidField, "a child cannot keep the parent's code"));
        if (errors.Count > 0) return PropertyReader.Problem(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        int version, cm;
        string status;
        MultiPolygon parent;
        await using (var cmd = EditStore.Command(conn, EditingQueries.LockParcelGeometry, code))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return EditStore.NotFound(t, code);
            (version, status, cm, parent) = (r.GetInt32(0), r.GetString(1), r.GetInt16(2), r.GetFieldValue<MultiPolygon>(3));
        }
        if (EditStore.Refusal(new(version, status, "", null, default), t, code, ifMatch) is { } refusal) return refusal;
        if (!ResourceStatus.Available.Contains(status)) return Unavailable(code, status);

        var split = line is not null
            ? ParcelSplit.InZone(parent, cm, plane => ParcelSplit.ByLine(plane, (LineString)GaussKruger.Project(line, cm)))
            : ParcelSplit.InZone(parent, cm, plane => ParcelSplit.ByArea(plane, Area.M2FromMu(body.AreaMu!.Value),
                direction ?? ParcelSplit.DefaultDirection(plane), Area.M2FromMu(SplitToleranceMu)));
        if (split.Problem is not null || !split.First!.IsValid || !split.Second!.IsValid)
            return Problems.Problems.Unprocessable([new(line is not null ? "line" : "areaMu", Problems.Problems.SplitImpossible, split.Problem ?? "the parts would not be valid polygons")]);
        if (await TakenAsync(conn, codes, ct) is { } taken) return taken;

        var actor = Caller.Actor(user);
        await new ChangeContext(actor, ChangeSource.Edit, note, ChangeAction.Split, Related: codes).ApplyAsync(conn, tx, ct);
        await EditStore.ExecAsync(conn, EditingQueries.RetireParcel, ct, code, ResourceStatus.Retired, Mu(parent, cm));
        await new ChangeContext(actor, ChangeSource.Edit, note, ChangeAction.Split, Related: [code]).ApplyAsync(conn, tx, ct);
        foreach (var (childCode, part) in codes.Zip([split.First, split.Second]))
            await EditStore.ExecAsync(conn, EditingQueries.CopyParcel, ct, code, childCode, part, Mu(part, cm), status);

        var parentFeature = (await EditStore.FeatureAsync(conn, t, request, code, ct)).Feature;
        var children = new List<string>();
        foreach (var c in codes) children.Add((await EditStore.FeatureAsync(conn, t, request, c, ct)).Feature);
        await tx.CommitAsync(ct);
        return Answer($"{{\"parent\":{parentFeature},\"children\":[{string.Join(",", children)}]}}", $"/collections/parcels/items/{Uri.EscapeDataString(codes[0])}");
    }

    public static async Task<Results<EditedResult, ProblemHttpResult>> Merge(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        var t = EditTable.Parcels;
        var (body, problem) = await JsonBody.ReadAsync<MergeRequest>(request, ct);
        if (problem is not null) return problem;
        var errors = new List<FieldError>();
        var (note, noteError) = EditInput.Note(body!.Note, required: true, "a merge needs a note saying why");
        if (noteError is not null) errors.Add(noteError);
        var codes = body.Codes ?? [];
        if (codes.Length is < 2 or > MaxMerge) errors.Add(new("codes", Problems.Problems.InvalidField, $"2 to {MaxMerge} parcel codes"));
        else errors.AddRange(CodeErrors(codes, "codes", exactly: null));
        var childCode = body.Code ?? (codes.Length > 0 ? codes[0] + "-M" : "");
        if (errors.Count == 0)
        {
            errors.AddRange(CodeErrors([childCode], "code", exactly: 1));
            if (codes.Contains(childCode)) errors.Add(new("code", Problems.Problems.InvalidField, "the merged parcel needs a code of its own"));
        }
        foreach (var key in (body.Versions ?? []).Keys.Where(k => !codes.Contains(k)))
            errors.Add(new($"versions.{key}", Problems.Problems.InvalidField, "not one of codes"));
        if (errors.Count > 0) return PropertyReader.Problem(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var parents = new Dictionary<string, (int Version, string Status, string Zone, int Cm, MultiPolygon Geom)>();
        await using (var cmd = EditStore.Command(conn, EditingQueries.LockParcelsGeometry, (object)codes))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                parents[r.GetString(0)] = (r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetInt16(4), r.GetFieldValue<MultiPolygon>(5));
        foreach (var c in codes)
        {
            if (!parents.TryGetValue(c, out var p)) return EditStore.NotFound(t, c);
            if (EditStore.Refusal(new(p.Version, p.Status, p.Zone, null, default), t, c, body.Versions?.GetValueOrDefault(c) is > 0 and var v ? v : null) is { } refusal)
                return refusal;
            if (!ResourceStatus.Available.Contains(p.Status)) return Unavailable(c, p.Status);
        }
        var first = parents[codes[0]];
        if (codes.Select(c => parents[c]).Any(p => p.Zone != first.Zone || p.Cm != first.Cm))
            return Problems.Problems.Unprocessable([new("codes", Problems.Problems.NotAdjacent, "the parcels lie in different zones")]);
        var union = ParcelMerge.Union([.. codes.Select(c => (Geometry)parents[c].Geom)], MergeSnapDegrees);
        if (union.Problem is not null) return Problems.Problems.Unprocessable([new("codes", Problems.Problems.NotAdjacent, union.Problem)]);
        if (await TakenAsync(conn, [childCode], ct) is { } taken) return taken;

        var actor = Caller.Actor(user);
        await new ChangeContext(actor, ChangeSource.Edit, note, ChangeAction.Merge, Related: [childCode]).ApplyAsync(conn, tx, ct);
        foreach (var c in codes) await EditStore.ExecAsync(conn, EditingQueries.RetireParcel, ct, c, ResourceStatus.Retired, Mu(parents[c].Geom, first.Cm));
        await new ChangeContext(actor, ChangeSource.Edit, note, ChangeAction.Merge, Related: codes).ApplyAsync(conn, tx, ct);
        await EditStore.ExecAsync(conn, EditingQueries.CopyParcel, ct, codes[0], childCode, union.Union!, Mu(union.Union!, first.Cm), first.Status);

        var parentFeatures = new List<string>();
        foreach (var c in codes) parentFeatures.Add((await EditStore.FeatureAsync(conn, t, request, c, ct)).Feature);
        var child = (await EditStore.FeatureAsync(conn, t, request, childCode, ct)).Feature;
        await tx.CommitAsync(ct);
        return Answer($"{{\"parents\":[{string.Join(",", parentFeatures)}],\"child\":{child}}}", $"/collections/parcels/items/{Uri.EscapeDataString(childCode)}");
    }

    private static double Mu(Geometry lonLat, int cm) => Area.MuFromM2(GaussKruger.AreaM2(lonLat, cm));

    private static EditedResult Answer(string json, string location) =>
        new(StatusCodes.Status201Created, json, "application/json; charset=utf-8", location: location);

    private static ProblemHttpResult Unavailable(string code, string status) =>
        Problems.Problems.Conflict(Problems.Problems.ResourceUnavailable,
            $"parcel {code} is {status}; only {string.Join(" or ", ResourceStatus.Available)} parcels are split or merged");

    /// <summary>Codes for new parcels: each a valid code (the import's rule), no comma (lineage lists codes), no repeats.</summary>
    private static IEnumerable<FieldError> CodeErrors(IReadOnlyList<string> codes, string field, int? exactly)
    {
        if (exactly is { } n && codes.Count != n)
        {
            yield return new(field, Problems.Problems.InvalidField, $"exactly {n} code{(n == 1 ? "" : "s")}");
            yield break;
        }
        foreach (var c in codes)
        {
            if (c is null) yield return new(field, Problems.Problems.InvalidField, "a code, not null");
            else if (JsonBody.TextProblem(c) is { } textProblem) yield return new(field, Problems.Problems.InvalidField, textProblem);
            else if (LedgerRows.Check(0, CodeField, Cells.Read(CellKind.Text, c)) is { } p) yield return new(field, Problems.Problems.InvalidField, $"'{Short(c)}': {p.Reason}");
            else if (c.Contains(',') || c != c.Trim()) yield return new(field, Problems.Problems.InvalidField, $"'{Short(c)}': no commas, no leading or trailing spaces");
        }
        if (codes.Distinct(StringComparer.Ordinal).Count() != codes.Count) yield return new(field, Problems.Problems.InvalidField, "the codes repeat");
    }

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static async Task<ProblemHttpResult?> TakenAsync(NpgsqlConnection conn, IEnumerable<string> codes, CancellationToken ct)
    {
        foreach (var c in codes)
            if (await EditStore.ScalarAsync<bool>(conn, EditingQueries.Exists(EditTable.Parcels), ct, c))
                return Problems.Problems.Conflict(Problems.Problems.CodeTaken, $"parcel {c} exists already (retired records keep their codes)");
        return null;
    }
}
