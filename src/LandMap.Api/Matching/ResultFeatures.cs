using System.Text.Json.Nodes;
using LandMap.Core.Matching;
using Npgsql;

namespace LandMap.Api.Matching;

/// <summary>One resource to draw: a match candidate, a near miss, land available after recovery or a batch assignment.</summary>
public sealed record ResultFeature(
    string Code, string Kind, string Role, int? Rank, double Score, string Zone, string ReasonZh, string Reason,
    IReadOnlyList<string> FailuresZh, string? ProjectName = null);

/// <summary>Match and allocation results as a GeoJSON FeatureCollection (RFC 7946) the map draws directly: one query for all shapes.</summary>
public static class ResultFeatures
{
    public const string Candidate = "candidate";
    public const string NearMiss = "nearMiss";
    public const string Assigned = "assigned";

    /// <summary>Land available after recovery (issue 13 §5): drawn apart, never as a candidate.</summary>
    public const string AfterRecovery = "afterRecovery";

    public static async Task<JsonObject> BuildAsync(NpgsqlDataSource db, IReadOnlyList<ResultFeature> items, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(MatchingQueries.Geometries);
        cmd.Parameters.Add(new NpgsqlParameter { Value = items.Where(x => x.Kind == Matcher.Land).Select(x => x.Code).Distinct().ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = items.Where(x => x.Kind == Matcher.Factory).Select(x => x.Code).Distinct().ToArray() });
        var geometries = new Dictionary<(string, string), string>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) geometries[(r.GetString(0), r.GetString(1))] = r.GetString(2);
        var features = new JsonArray();
        foreach (var c in items)
            features.Add(new JsonObject
            {
                ["type"] = "Feature", ["id"] = c.Code, ["geometry"] = JsonNode.Parse(geometries[(c.Kind, c.Code)]),
                ["properties"] = new JsonObject
                {
                    ["code"] = c.Code, ["kind"] = c.Kind, ["role"] = c.Role, ["rank"] = c.Rank, ["score"] = c.Score, ["zone"] = c.Zone,
                    ["reasonZh"] = c.ReasonZh, ["reason"] = c.Reason, ["project"] = c.ProjectName,
                    ["failures"] = new JsonArray(c.FailuresZh.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
                },
            });
        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features };
    }
}
