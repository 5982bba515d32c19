using System.Text.Json;
using LandMap.Api.Access;
using LandMap.Api.Collections;
using LandMap.Api.Configuration;
using LandMap.Api.Ledgers;
using LandMap.Api.Problems;
using LandMap.Core.Ledgers;
using LandMap.Core.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Geometries;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Editing;

/// <summary>The record as locked by a write: its version, status, zone, park and every column but the outline.</summary>
internal sealed record LockedRecord(int Version, string Status, string Zone, string? Park, JsonElement Row);

/// <summary>Database steps the editing handlers share, each on the caller's connection and transaction.</summary>
internal static class EditStore
{
    /// <summary>A new record's ownership when the editor gives none: the same default as an import without ?ownership=.</summary>
    public const string DefaultOwnership = "state";

    public static async Task<LockedRecord?> LockAsync(NpgsqlConnection conn, EditTable t, string code, CancellationToken ct)
    {
        await using var cmd = Command(conn, EditingQueries.Lock(t), code);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        using var row = JsonDocument.Parse(r.GetString(4));
        return new(r.GetInt32(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), row.RootElement.Clone());
    }

    /// <summary>404 when the record is missing, 412 when If-Match names another version, 409 when it is retired; else null.</summary>
    public static ProblemHttpResult? Refusal(LockedRecord? row, EditTable t, string code, int? ifMatch)
    {
        if (row is null) return NotFound(t, code);
        if (ifMatch is { } v && v != row.Version)
            return Problems.Problems.PreconditionFailed($"{t.Kind} {code} is at version {row.Version}, not {v}: read it again and reapply the change");
        if (row.Status == ResourceStatus.Retired)
            return Problems.Problems.Conflict(Problems.Problems.ResourceRetired, $"{t.Kind} {code} is retired: kept for the record, no longer edited");
        return null;
    }

    public static ProblemHttpResult NotFound(EditTable t, string code) =>
        Problems.Problems.NotFound(Problems.Problems.FeatureNotFound, $"No feature '{code}' in collection '{t.CollectionId}'");

    /// <summary>
    /// The feature as GET /collections/{id}/items/{code} returns it to the caller (the same FROM source, fields and
    /// freshness), read inside the write's transaction, and its version.
    /// </summary>
    public static async Task<(string Feature, int Version)> FeatureAsync(NpgsqlConnection conn, EditTable t, HttpRequest request, string code, CancellationToken ct)
    {
        var services = request.HttpContext.RequestServices;
        var moment = Moment.Of(null, services.GetRequiredService<IOptions<FreshnessOptions>>().Value, services.GetRequiredService<TimeProvider>());
        var c = t.Collection;
        var filter = new SqlFilter();
        filter.Add($"{c.Alias}.code = {filter.Param(code)}");
        await using var cmd = new NpgsqlCommand($"SELECT {c.Feature(Caller.Role(request.HttpContext.User))}, {c.Alias}.version {c.Source(filter, moment)} {filter.Where}", conn);
        foreach (var v in filter.Values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetString(0), r.GetInt32(1));
    }

    /// <summary>Overlap allowed between neighbours' outlines (m²): survey noise along a shared boundary, not a second claim.</summary>
    public const double OverlapToleranceM2 = 1.0;

    /// <summary>An error naming <c>geometry</c> when the outline overlaps another record on the map, else null.</summary>
    public static async Task<FieldError?> OverlapAsync(NpgsqlConnection conn, EditTable t, string code, Geometry outline, CancellationToken ct)
    {
        await using var cmd = Command(conn, EditingQueries.Overlapping(t), code, outline, ResourceStatus.All.ToArray(), OverlapToleranceM2);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new("geometry", Problems.Problems.Overlaps, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"the outline overlaps {t.Kind} {r.GetString(0)} by {r.GetDouble(1):F1} m² (more than {OverlapToleranceM2} m²): reshape or retire that one first"));
    }

    public static async Task<bool> ReservedAsync(NpgsqlConnection conn, EditTable t, string code, CancellationToken ct) =>
        await ScalarAsync<bool>(conn, EditingQueries.ActiveReservation, ct, t.Kind, code);

    public static ProblemHttpResult ReservedConflict(EditTable t, string code) =>
        Problems.Problems.Conflict(Problems.Problems.ResourceReserved,
            $"{t.Kind} {code} is held by a reservation: undo the reservation (DELETE /api/reservations/{{id}}) instead");

    /// <summary>
    /// The zone and park a record will have, checked: given ones must exist (the park inside the zone); a new record
    /// without them gets the zone and park its outline lies in, as an import does.
    /// </summary>
    public static async Task<(string? Zone, string? Park, FieldError? Error)> ZoneAndParkAsync(
        NpgsqlConnection conn, string? zone, string? park, bool findPark, Geometry? outline, CancellationToken ct)
    {
        if (zone is null && outline is not null) zone = await ScalarAsync<string?>(conn, EditingQueries.ZoneAt, ct, outline);
        if (zone is null) return (null, null, new("properties.zone", Problems.Problems.InvalidField, "lies in no development zone on the map: give zone"));
        if (findPark && park is null && outline is not null) park = await ScalarAsync<string?>(conn, EditingQueries.ParkAt, ct, zone, outline);
        await using var cmd = Command(conn, EditingQueries.ZoneAndPark, zone, park);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        if (!r.GetBoolean(0)) return (null, null, new("properties.zone", Problems.Problems.InvalidField, $"'{zone}' is not a development zone (a park goes in park)"));
        if (!r.GetBoolean(1)) return (null, null, new("properties.park", Problems.Problems.InvalidField, $"'{park}' is not a park of zone {zone}"));
        return (zone, park, null);
    }

    /// <summary>Cross-field rules an import checks too, over the new values and (for an update) the stored ones.</summary>
    public static IEnumerable<FieldError> CrossFieldErrors(IReadOnlyDictionary<string, object?> values, JsonElement? stored)
    {
        double? Value(string key, string column) => values.TryGetValue(key, out var v) ? v as double?
            : stored is { } row && row.TryGetProperty(column, out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : null;
        if (Value("plotRatioMin", "plot_ratio_min") is { } lo && Value("plotRatioMax", "plot_ratio_max") is { } hi && lo > hi)
            yield return new("properties.plotRatioMin", Problems.Problems.InvalidField, $"plot ratio minimum {lo} is above the maximum {hi}");
        if (Value("vacantFloorM2", "vacant_floor_m2") is { } vacant && Value("totalFloorM2", "total_floor_m2") is { } total && vacant > total)
            yield return new("properties.vacantFloorM2", Problems.Problems.InvalidField, $"vacant floor area {vacant} m² exceeds the total {total} m²");
    }

    /// <summary>Writes a new record from its checked values (columns the editor left out get the import's defaults).</summary>
    public static async Task InsertAsync(NpgsqlConnection conn, EditTable t, LedgerRow row, string actor, CancellationToken ct)
    {
        var exprs = new List<string>();
        await using var cmd = new NpgsqlCommand { Connection = conn };
        cmd.Parameters.Add(new NpgsqlParameter { Value = row.Code });
        foreach (var c in t.Columns)
        {
            cmd.Parameters.Add(Parameter(c, c.Value(row)));
            var p = "$" + cmd.Parameters.Count;
            exprs.Add(c.Name == "geom" ? $"ST_Force2D({p})" : c.NewDefault is { } d ? $"COALESCE({p}, {(d == "$ownership" ? "$" + (t.Columns.Length + 3) : d)})" : p);
        }
        cmd.Parameters.Add(new NpgsqlParameter { Value = actor });
        cmd.Parameters.Add(new NpgsqlParameter { Value = DefaultOwnership });
        cmd.CommandText = $"""
            INSERT INTO {t.Table} (code, {string.Join(", ", t.Columns.Select(c => c.Name))}, verified_at, verified_by)
            VALUES ($1, {string.Join(", ", exprs)}, now(), ${t.Columns.Length + 2})
            """;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Sets the given fields' columns (and, with a new outline, the geometry and area); a no-op changes nothing.</summary>
    public static async Task UpdateAsync(NpgsqlConnection conn, EditTable t, LedgerRow row, bool outline, CancellationToken ct)
    {
        var columns = t.Columns.Where(c => c.Key is null ? outline : row.Values.ContainsKey(c.Key)).ToList();
        if (columns.Count == 0) return;
        await using var cmd = new NpgsqlCommand { Connection = conn };
        cmd.Parameters.Add(new NpgsqlParameter { Value = row.Code });
        var sets = new List<string>();
        foreach (var c in columns)
        {
            cmd.Parameters.Add(Parameter(c, c.Value(row)));
            var p = "$" + cmd.Parameters.Count;
            sets.Add($"{c.Name} = {(c.Name == "geom" ? $"ST_Force2D({p})" : p)}");
        }
        cmd.CommandText = $"UPDATE {t.Table} SET {string.Join(", ", sets)} WHERE code = $1";
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter Parameter(ImportColumn c, object? value) => new() { NpgsqlDbType = c.Type, Value = value ?? DBNull.Value };

    public static NpgsqlCommand Command(NpgsqlConnection conn, string sql, params object?[] values)
    {
        var cmd = new NpgsqlCommand(sql, conn);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v ?? DBNull.Value });
        return cmd;
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql, CancellationToken ct, params object?[] values)
    {
        await using var cmd = Command(conn, sql, values);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is DBNull or null ? default! : (T)value;
    }

    public static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct, params object?[] values)
    {
        await using var cmd = Command(conn, sql, values);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
