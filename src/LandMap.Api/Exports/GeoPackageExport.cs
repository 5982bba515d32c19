using System.Globalization;
using LandMap.Core.Ledgers;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace LandMap.Api.Exports;

/// <summary>
/// A GeoPackage (OGC 12-128r18, version 1.3): one feature table named after the collection, its CRS registered in
/// gpkg_spatial_ref_sys with the WKT of the export's CRS, geometries as GeoPackage binary blobs written by
/// NetTopologySuite.IO.GeoPackage. SQLite (Microsoft.Data.Sqlite) holds the file; the tables are the standard's own DDL.
/// Columns are the camelCase ledger keys with stored codes, as in GeoJSON.
/// </summary>
internal static class GeoPackageExport
{
    public const string GeometryColumn = "geom";

    /// <summary>The standard's metadata tables (§1.1.2, §1.1.3, §2.1.5) and the two undefined SRS rows it requires.</summary>
    private const string Header = """
        PRAGMA application_id = 1196444487; -- 0x47504B47, "GPKG" (§1.1.1.1.1)
        PRAGMA user_version = 10300;        -- GeoPackage 1.3.0
        PRAGMA synchronous = OFF;           -- a temporary file: durability buys nothing
        CREATE TABLE gpkg_spatial_ref_sys (
            srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
            organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
        CREATE TABLE gpkg_contents (
            table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
            last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
            CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
        CREATE TABLE gpkg_geometry_columns (
            table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
            z TINYINT NOT NULL, m TINYINT NOT NULL,
            CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
            CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents (table_name),
            CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
        INSERT INTO gpkg_spatial_ref_sys VALUES
            ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
            ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
        """;

    private const string InsertSrs = "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES ($name, $id, 'EPSG', $id, $definition, $description)";

    private const string InsertContents = """
        INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
        VALUES ($table, 'features', $identifier, $description, $minX, $minY, $maxX, $maxY, $srs)
        """;

    private const string InsertGeometryColumn = "INSERT INTO gpkg_geometry_columns VALUES ($table, $column, 'MULTIPOLYGON', $srs, 0, 0)";

    public static async Task WriteAsync(ExportPlan plan, IAsyncEnumerable<ExportRow> rows, string path, CancellationToken ct)
    {
        var table = plan.Collection.Id;
        var srs = plan.Crs.Epsg;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await Execute(connection, Header, ct);
        // The standard requires the WGS 84 entry (§1.1.2.1.1) besides the two undefined ones; then the export's own CRS.
        await Execute(connection, InsertSrs, ct, ("$name", "WGS 84"), ("$id", 4326),
            ("$definition", ProjNet.CoordinateSystems.GeographicCoordinateSystem.WGS84.WKT), ("$description", "WGS 84"));
        await Execute(connection, InsertSrs, ct, ("$name", plan.Crs.Name), ("$id", srs), ("$definition", plan.Crs.Wkt), ("$description", plan.Crs.DescriptionZh));
        var columns = string.Join(", ", plan.Columns.Select(c => $"\"{c.Key}\" {SqlType(c.Kind)}"));
        await Execute(connection, $"CREATE TABLE \"{table}\" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, {GeometryColumn} MULTIPOLYGON, {columns})", ct);

        var extent = new Envelope();
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct))
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO \"{table}\" ({GeometryColumn}, {string.Join(", ", plan.Columns.Select(c => $"\"{c.Key}\""))}) " +
                                 $"VALUES ($g, {string.Join(", ", plan.Columns.Select((_, i) => $"$p{i}"))})";
            var geometry = insert.Parameters.Add("$g", SqliteType.Blob);
            var values = plan.Columns.Select((_, i) => insert.Parameters.Add($"$p{i}", SqliteType.Text)).ToArray();
            var blobs = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY }; // z = 0, m = 0 in gpkg_geometry_columns
            await foreach (var row in rows.WithCancellation(ct))
            {
                row.Geometry.SRID = srs;
                extent.ExpandToInclude(row.Geometry.EnvelopeInternal);
                geometry.Value = blobs.Write(row.Geometry);
                for (var i = 0; i < values.Length; i++)
                {
                    values[i].SqliteType = SqlKind(plan.Columns[i].Kind);
                    values[i].Value = row.Values[i] switch
                    {
                        null => DBNull.Value,
                        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        var v => v,
                    };
                }
                await insert.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }

        await Execute(connection, InsertContents, ct, ("$table", table), ("$identifier", plan.Notes.TitleZh),
            ("$description", $"{plan.Notes.TitleZh}；筛选条件：{plan.Notes.Filter}；导出时间：{plan.Notes.ExportedAt:yyyy-MM-dd HH:mm:ss}（UTC+8）"),
            ("$minX", extent.IsNull ? null : extent.MinX), ("$minY", extent.IsNull ? null : extent.MinY),
            ("$maxX", extent.IsNull ? null : extent.MaxX), ("$maxY", extent.IsNull ? null : extent.MaxY), ("$srs", srs));
        await Execute(connection, InsertGeometryColumn, ct, ("$table", table), ("$column", GeometryColumn), ("$srs", srs));
    }

    private static string SqlType(CellKind kind) => kind switch
    {
        CellKind.Number => "DOUBLE",
        CellKind.Integer => "INTEGER",
        CellKind.Date => "DATE",
        _ => "TEXT",
    };

    private static SqliteType SqlKind(CellKind kind) => kind switch
    {
        CellKind.Number => SqliteType.Real,
        CellKind.Integer => SqliteType.Integer,
        _ => SqliteType.Text,
    };

    private static async Task Execute(SqliteConnection connection, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
    }
}
