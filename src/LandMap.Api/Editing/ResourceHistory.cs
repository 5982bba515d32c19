using System.Text.Json;
using System.Text.Json.Nodes;
using LandMap.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LandMap.Api.Editing;

/// <summary>One change of a record: who, when, where from, why, its lineage and each field's old and new value.</summary>
public sealed record HistoryChange(int Version, DateTimeOffset At, string By, string Source, string Action, string? Note, long? ImportId,
    IReadOnlyList<string> Related, JsonObject Fields);

public sealed record HistoryDocument(string Kind, string Code, IReadOnlyList<HistoryChange> Changes);

/// <summary>
/// GET …/{code}/history (staff): every change of a parcel, factory or project, oldest first, read from the changes table
/// the trigger fills. Field names are the stored columns in camelCase (areaMu, zoneCode, geom …); an outline's old and new
/// values are GeoJSON, while the table keeps them as exact EWKB.
/// </summary>
public static class ResourceHistory
{
    public static async Task<Results<Ok<HistoryDocument>, ProblemHttpResult>> Get(string collectionId, string code, NpgsqlDataSource db, CancellationToken ct)
    {
        if (EditTable.Find(collectionId) is not { } t) return EditTable.NotEditable(collectionId);
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await EditStore.ScalarAsync<bool>(conn, EditingQueries.Exists(t), ct, code)) return EditStore.NotFound(t, code);
        return TypedResults.Ok(new HistoryDocument(t.Kind, code, await ReadAsync(conn, t.Kind, code, ct)));
    }

    public static async Task<Results<Ok<HistoryDocument>, ProblemHttpResult>> GetProject(long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await EditStore.ScalarAsync<bool>(conn, EditingQueries.ProjectExists, ct, id))
            return Problems.Problems.NotFound(Problems.Problems.ProjectNotFound, $"No project {id}");
        var code = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(new HistoryDocument("project", code, await ReadAsync(conn, "project", code, ct)));
    }

    private static async Task<List<HistoryChange>> ReadAsync(NpgsqlConnection conn, string kind, string code, CancellationToken ct)
    {
        await using var cmd = EditStore.Command(conn, EditingQueries.History, kind, code);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var changes = new List<HistoryChange>();
        while (await r.ReadAsync(ct))
        {
            var fields = new JsonObject();
            foreach (var (column, value) in JsonNode.Parse(r.GetString(8))!.AsObject().ToList())
                fields[CamelCase(column)] = value?.DeepClone();
            changes.Add(new(r.GetInt32(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetFieldValue<string[]>(7), fields));
        }
        return changes;
    }

    /// <summary>area_mu → areaMu, as JSON properties are named everywhere in the API.</summary>
    public static string CamelCase(string column)
    {
        var parts = column.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(parts.Select((p, i) => i == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
