using Npgsql;

namespace LandMap.Api.History;

/// <summary>
/// Who, why and how a transaction changes the stock. <see cref="ApplyAsync"/> hands it to the database as
/// transaction-local settings, which the changes trigger (migration 006) writes into every history row; call it after
/// BEGIN and again before a statement whose note, action or lineage differs. Without it a change is still recorded,
/// as source 'system'.
/// </summary>
/// <param name="Actor">User name, or <c>key:NAME</c> for an API key (see <c>Caller.Actor</c>).</param>
/// <param name="Source">One of <see cref="Core.History.ChangeSource"/>.</param>
/// <param name="Action">One of <see cref="Core.History.ChangeAction"/>; NULL lets the trigger derive it (create, status, retire, verify, update).</param>
/// <param name="Related">Lineage: a split parent lists its children, a child its parent(s).</param>
/// <param name="At">Back-dated time (seeds and tests only); NULL is the moment of the change.</param>
public sealed record ChangeContext(
    string Actor, string Source, string? Note = null, string? Action = null, long? ImportId = null,
    IReadOnlyList<string>? Related = null, DateTimeOffset? At = null)
{
    private const string Sql = """
        SELECT set_config('landmap.actor', $1, true), set_config('landmap.source', $2, true), set_config('landmap.note', $3, true),
               set_config('landmap.action', $4, true), set_config('landmap.import_id', $5, true),
               set_config('landmap.related', $6, true), set_config('landmap.at', $7, true)
        """;

    public async Task ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql, conn, tx);
        foreach (var value in new[]
                 {
                     Actor, Source, Note ?? "", Action ?? "", ImportId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                     Related is { Count: > 0 } ? string.Join(',', Related) : "", At?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "",
                 })
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
