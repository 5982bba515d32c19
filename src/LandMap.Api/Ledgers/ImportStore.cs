using LandMap.Api.History;
using LandMap.Core.History;
using LandMap.Core.Ledgers;
using LandMap.Core.Resources;
using Npgsql;
using NpgsqlTypes;

namespace LandMap.Api.Ledgers;

/// <summary>Counts of an import: rows read, and of the accepted rows how many are new, changed or unchanged.</summary>
public sealed record ImportCounts(int Rows, int New, int Changed, int Unchanged, int Rejected, int Flagged, int Retired = 0);

/// <summary>
/// Writes an import in one transaction: the accepted rows are copied (binary COPY, streamed) into a temporary staging
/// table, zones and parks are found for rows that name none (the zone outline containing the row's point on surface),
/// columns the file does not have keep their stored values, the staging rows are compared with the stored ones (new,
/// changed, unchanged: attributes exactly, geometry within 1e-6° ≈ 0.1 m so a re-imported export is unchanged), and
/// then, unless the caller rolls back (a dry run, or any blocking problem), upserted with a history row for every new or
/// changed record pointing to the import.
/// </summary>
internal sealed class ImportStore : IAsyncDisposable
{
    private readonly NpgsqlConnection _conn;
    private readonly NpgsqlTransaction _tx;
    private readonly ImportTable _table;
    private readonly ISet<string> _mappedKeys;
    private NpgsqlBinaryImporter? _copy;

    private ImportStore(NpgsqlConnection conn, NpgsqlTransaction tx, ImportTable table, ISet<string> mappedKeys) =>
        (_conn, _tx, _table, _mappedKeys) = (conn, tx, table, mappedKeys);

    /// <summary>A staged row (s, with its zone joined as z) whose zone is missing or unknown, or whose park is not a park of that zone.</summary>
    private const string BadZone = """
        s.zone_code IS NULL OR z.code IS NULL
        OR (s.park_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM zones p WHERE p.code = s.park_code AND p.parent_code = s.zone_code))
        """;

    private string ColumnList => string.Join(", ", _table.Columns.Select(c => c.Name));

    public static async Task<ImportStore> BeginAsync(NpgsqlDataSource db, ImportTable table, ISet<string> mappedKeys, CancellationToken ct)
    {
        var conn = await db.OpenConnectionAsync(ct);
        NpgsqlTransaction? tx = null;
        try
        {
            tx = await conn.BeginTransactionAsync(ct);
            var store = new ImportStore(conn, tx, table, mappedKeys);
            var columns = string.Join(", ", table.Columns.Select(c => $"{c.Name} {SqlType(c.Type)}"));
            await store.ExecAsync($"CREATE TEMP TABLE staging (row_number integer NOT NULL, code text NOT NULL, {columns}) ON COMMIT DROP", ct);
            store._copy = await conn.BeginBinaryImportAsync($"COPY staging (row_number, code, {store.ColumnList}) FROM STDIN (FORMAT BINARY)", ct);
            return store;
        }
        catch
        {
            if (tx is not null) await tx.DisposeAsync();
            await conn.DisposeAsync();
            throw;
        }
    }

    public async Task AddAsync(LedgerRow row, CancellationToken ct)
    {
        await _copy!.StartRowAsync(ct);
        await _copy.WriteAsync(row.Number, NpgsqlDbType.Integer, ct);
        await _copy.WriteAsync(row.Code, NpgsqlDbType.Text, ct);
        foreach (var c in _table.Columns)
        {
            var value = c.Value(row);
            if (value is null) await _copy.WriteNullAsync(ct);
            else await _copy.WriteAsync(value is DateOnly d ? d : value, c.Type, ct);
        }
    }

    /// <summary>Ends the copy and prepares the rows: zones, kept values, defaults; returns the problems only the database can see.</summary>
    public async Task<List<ImportProblem>> PrepareAsync(string defaultOwnership, CancellationToken ct)
    {
        await _copy!.CompleteAsync(ct);
        await _copy.DisposeAsync();
        _copy = null;
        // Heights (a GeoPackage or Shapefile with Z) are not stored: outlines are 2D.
        await ExecAsync("UPDATE staging SET geom = ST_Force2D(geom) WHERE ST_NDims(geom) > 2", ct);
        await ExecAsync("""
            UPDATE staging s SET zone_code = z.code FROM zones z
            WHERE s.zone_code IS NULL AND z.parent_code IS NULL AND ST_Intersects(z.geom, ST_PointOnSurface(s.geom))
            """, ct);
        // A park column the file has is the ledger's word, even when empty; only a file without one gets parks from the map.
        if (!_mappedKeys.Contains("park"))
            await ExecAsync("""
                UPDATE staging s SET park_code = z.code FROM zones z
                WHERE s.park_code IS NULL AND z.parent_code = s.zone_code AND ST_Intersects(z.geom, ST_PointOnSurface(s.geom))
                """, ct);
        var problems = new List<ImportProblem>();
        await using (var cmd = new NpgsqlCommand($"""
            SELECT row_number, CASE WHEN s.zone_code IS NULL THEN 'no-zone' WHEN z.code IS NULL THEN 'unknown-zone' ELSE 'unknown-park' END, s.zone_code, s.park_code
            FROM staging s LEFT JOIN zones z ON z.code = s.zone_code
            WHERE {BadZone}
            ORDER BY row_number LIMIT 1000
            """, _conn, _tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                problems.Add(r.GetString(1) switch
                {
                    "no-zone" => new ImportProblem(r.GetInt32(0), "zone", "no-zone", "lies in no development zone on the map: give a zone column"),
                    "unknown-zone" => new ImportProblem(r.GetInt32(0), "zone", "unknown-zone", $"unknown zone '{r.GetString(2)}'"),
                    _ => new ImportProblem(r.GetInt32(0), "park", "unknown-park", $"park '{r.GetString(3)}' is not a park of zone {r.GetString(2)}"),
                });

        // Every row the zone check refused leaves the staging table (all of them, not just the ones listed).
        await ExecAsync($"DELETE FROM staging s USING (SELECT s.row_number FROM staging s LEFT JOIN zones z ON z.code = s.zone_code WHERE {BadZone}) bad WHERE s.row_number = bad.row_number", ct);

        // Columns the file does not map keep the stored values of existing records; new records get the defaults.
        var kept = _table.Columns.Where(c => c.Key is not null && !_mappedKeys.Contains(c.Key) && c.Key is not ("zone" or "park")).ToList();
        if (kept.Count > 0)
            await ExecAsync($"UPDATE staging s SET {string.Join(", ", kept.Select(c => $"{c.Name} = t.{c.Name}"))} FROM {_table.Table} t WHERE t.code = s.code", ct);
        // An empty cell in a mapped column keeps an existing record's value too; only a new record gets the default.
        foreach (var c in _table.Columns.Where(c => c.NewDefault is not null))
        {
            await using var cmd = new NpgsqlCommand(
                $"UPDATE staging s SET {c.Name} = COALESCE((SELECT t.{c.Name} FROM {_table.Table} t WHERE t.code = s.code), " +
                $"{(c.NewDefault == "$ownership" ? "$1" : c.NewDefault)}) WHERE s.{c.Name} IS NULL", _conn, _tx);
            if (c.NewDefault == "$ownership") cmd.Parameters.Add(new NpgsqlParameter { Value = defaultOwnership });
            await cmd.ExecuteNonQueryAsync(ct);
        }
        if (_table == ImportTable.Factories)
            await using (var cmd = new NpgsqlCommand("SELECT row_number FROM staging WHERE vacant_floor_m2 > total_floor_m2 ORDER BY row_number LIMIT 1000", _conn, _tx))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct)) problems.Add(new(r.GetInt32(0), "vacantFloorM2", "vacant-over-total", "vacant floor area exceeds the total floor area"));
        if (_table == ImportTable.Factories)
            await ExecAsync("DELETE FROM staging WHERE vacant_floor_m2 > total_floor_m2", ct);
        return problems;
    }

    /// <summary>
    /// Records absent from the file, in the zones the file covers, that are neither in use nor retired: what "retire" would
    /// retire (kept, never deleted; the ledger no longer lists them). Counted in every run, applied only when asked.
    /// </summary>
    public async Task<int> CountRetiredAsync(CancellationToken ct)
    {
        await using (var create = new NpgsqlCommand($"""
            CREATE TEMP TABLE retired ON COMMIT DROP AS
            SELECT t.code, t.zone_code, t.status FROM {_table.Table} t
            WHERE t.zone_code IN (SELECT DISTINCT zone_code FROM staging WHERE zone_code IS NOT NULL)
              AND t.status <> ALL($1) AND NOT EXISTS (SELECT 1 FROM staging s WHERE s.code = t.code)
            """, _conn, _tx))
        {
            create.Parameters.Add(new NpgsqlParameter { Value = new[] { ResourceStatus.InUse, ResourceStatus.Retired } });
            await create.ExecuteNonQueryAsync(ct);
        }
        await using var cmd = new NpgsqlCommand("SELECT count(*)::int FROM retired", _conn, _tx);
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Classifies every staged row against the stored records.</summary>
    public async Task<(int New, int Changed, int Unchanged)> DiffAsync(CancellationToken ct)
    {
        var compared = _table.Columns.Where(c => c.Key is not null).Select(c => c.Name).ToList();
        await ExecAsync($"""
            CREATE TEMP TABLE diff ON COMMIT DROP AS
            SELECT s.code, t.status AS old_status,
                   CASE WHEN t.code IS NULL THEN 'new'
                        WHEN ({string.Join(", ", compared.Select(c => "s." + c))}) IS DISTINCT FROM ({string.Join(", ", compared.Select(c => "t." + c))})
                             OR ST_HausdorffDistance(s.geom, t.geom) > 1e-6 THEN 'changed'
                        ELSE 'unchanged' END AS change
            FROM staging s LEFT JOIN {_table.Table} t ON t.code = s.code
            """, ct);
        await using var cmd = new NpgsqlCommand("SELECT change, count(*)::int FROM diff GROUP BY change", _conn, _tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var counts = new Dictionary<string, int>();
        while (await r.ReadAsync(ct)) counts[r.GetString(0)] = r.GetInt32(1);
        return (counts.GetValueOrDefault("new"), counts.GetValueOrDefault("changed"), counts.GetValueOrDefault("unchanged"));
    }

    /// <summary>Records the import and applies the diff (and the retirements when asked); the caller commits.</summary>
    public async Task<long> ApplyAsync(ImportRecord record, bool retire, CancellationToken ct)
    {
        long importId;
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO imports (kind, file_name, sha256, size_bytes, format, encoding, crs, mapping, rows_read, new_count, changed_count,
                unchanged_count, flagged_count, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14) RETURNING id
            """, _conn, _tx))
        {
            foreach (var v in new object[] { _table.Kind, record.FileName, record.Sha256, record.SizeBytes, record.Format, (object?)record.Encoding ?? DBNull.Value,
                         record.Crs, record.MappingJson, record.Counts.Rows, record.Counts.New, record.Counts.Changed, record.Counts.Unchanged,
                         record.Counts.Flagged, record.CreatedBy })
                insert.Parameters.Add(new NpgsqlParameter { Value = v });
            importId = (long)(await insert.ExecuteScalarAsync(ct))!;
        }
        await new ChangeContext(record.CreatedBy, ChangeSource.Import, $"台账导入 #{importId} {record.FileName}", ImportId: importId).ApplyAsync(_conn, _tx, ct);
        var cols = ColumnList;
        await ExecAsync($"""
            INSERT INTO {_table.Table} (code, {cols})
            SELECT s.code, {string.Join(", ", _table.Columns.Select(c => "s." + c.Name))} FROM staging s JOIN diff d ON d.code = s.code WHERE d.change = 'new'
            ORDER BY s.row_number
            """, ct);
        await ExecAsync($"""
            UPDATE {_table.Table} t SET {string.Join(", ", _table.Columns.Select(c => $"{c.Name} = s.{c.Name}"))}, updated_at = now()
            FROM staging s JOIN diff d ON d.code = s.code WHERE t.code = s.code AND d.change = 'changed'
            """, ct);
        if (retire)
        {
            // Kept, never deleted: a record the ledger no longer lists is retired (the changes trigger records it).
            await new ChangeContext(record.CreatedBy, ChangeSource.Import, $"台账导入 #{importId} 未列出，退出可用资源", ChangeAction.Retire, importId)
                .ApplyAsync(_conn, _tx, ct);
            await using var retired = new NpgsqlCommand($"UPDATE {_table.Table} t SET status = $1, updated_at = now() FROM retired r WHERE t.code = r.code", _conn, _tx);
            retired.Parameters.Add(new NpgsqlParameter { Value = ResourceStatus.Retired });
            await retired.ExecuteNonQueryAsync(ct);
        }
        return importId;
    }

    public Task CommitAsync(CancellationToken ct) => _tx.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_copy is not null) await _copy.DisposeAsync(); // a COPY cut short throws here
        }
        finally
        {
            try { await _tx.DisposeAsync(); } // not committed: rolled back (a dry run, or a failed import)
            finally { await _conn.DisposeAsync(); }
        }
    }

    private async Task ExecAsync(string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, _conn, _tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string SqlType(NpgsqlDbType t) => t switch
    {
        NpgsqlDbType.Text => "text",
        NpgsqlDbType.Double => "double precision",
        NpgsqlDbType.Smallint => "smallint",
        NpgsqlDbType.Integer => "integer",
        NpgsqlDbType.Date => "date",
        NpgsqlDbType.Geometry => "geometry", // any dimension here; 2D MultiPolygon, 4490 once stored
        NpgsqlDbType.Array | NpgsqlDbType.Text => "text[]",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, "no SQL type for it"),
    };
}

/// <summary>What the imports table records of a real run.</summary>
internal sealed record ImportRecord(string FileName, string Sha256, long SizeBytes, string Format, string? Encoding, string Crs, string MappingJson,
    ImportCounts Counts, string CreatedBy);
