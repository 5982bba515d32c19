using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace LandMap.Api.Ledgers.Readers;

/// <summary>
/// A GeoPackage (OGC 12-128r18): an SQLite file, copied to a temporary file and opened read-only. The layer is the first
/// feature table in gpkg_contents (or the one named). Its CRS is "EPSG:n" when gpkg_spatial_ref_sys says the srs is EPSG's,
/// else the srs definition's WKT. Geometries are the GeoPackage binary blobs (§2.1.3) read by NetTopologySuite.
/// Table and column names come from the file's own metadata and are always quoted as identifiers.
/// </summary>
public sealed class GeoPackageSource : FileSource
{
    private const string FeatureTables = "SELECT table_name FROM gpkg_contents WHERE lower(data_type) = 'features' ORDER BY rowid";

    private const string GeometryColumn = "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = $table";

    private const string SpatialRefSys = "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = $srs";

    private readonly TempFile _file;
    private readonly string _table;
    private readonly string _geometryColumn;
    private readonly (string Name, bool IsBoolean)[] _columns;
    private readonly string? _featureId;

    public override SourceInfo Info { get; }

    protected override string FormatName => "GeoPackage";

    internal GeoPackageSource(Stream content, string? layer)
    {
        try
        {
            _file = Own(TempFile.CopyOf(content));
            using var connection = Connect();
            var notes = new List<string>();
            var tables = new List<string>();
            try
            {
                using var list = new SqliteCommand(FeatureTables, connection);
                using var r = list.ExecuteReader();
                while (r.Read()) tables.Add(r.GetString(0));
            }
            catch (SqliteException e)
            {
                throw new LedgerFormatException($"GeoPackage: the file is not a GeoPackage (no readable gpkg_contents table): {e.Message}");
            }
            if (tables.Count == 0) throw new LedgerFormatException("GeoPackage: the file holds no feature table.");
            if (layer is not null && !tables.Contains(layer)) throw ReaderErrors.NoSuchLayer(FormatName, layer, tables);
            _table = layer ?? tables[0];
            if (tables.Count > 1) notes.Add($"{tables.Count} feature tables ({string.Join(", ", tables)}): '{_table}' read.");

            long srsId;
            using (var geometry = new SqliteCommand(GeometryColumn, connection))
            {
                geometry.Parameters.AddWithValue("$table", _table);
                using var r = geometry.ExecuteReader();
                if (!r.Read()) throw new LedgerFormatException($"GeoPackage: the table '{_table}' has no geometry column in gpkg_geometry_columns.");
                _geometryColumn = r.GetString(0);
                srsId = r.GetInt64(1);
            }

            var columns = new List<(string, bool)>();
            using (var info = new SqliteCommand($"PRAGMA table_info({Quote(_table)})", connection))
            using (var r = info.ExecuteReader())
                while (r.Read())
                {
                    var name = r.GetString(1);
                    var declared = r.IsDBNull(2) ? "" : r.GetString(2);
                    var primaryKey = r.GetInt64(5) > 0;
                    // The feature id (an INTEGER PRIMARY KEY, §2.1.6) is the GeoPackage's, not a ledger column.
                    if (primaryKey) _featureId ??= name;
                    if (primaryKey || string.Equals(name, _geometryColumn, StringComparison.OrdinalIgnoreCase)) continue;
                    columns.Add((name, string.Equals(declared, "BOOLEAN", StringComparison.OrdinalIgnoreCase)));
                }
            _columns = [.. columns];

            string? crs = null;
            using (var srs = new SqliteCommand(SpatialRefSys, connection))
            {
                srs.Parameters.AddWithValue("$srs", srsId);
                using var r = srs.ExecuteReader();
                if (r.Read())
                {
                    var organization = r.IsDBNull(0) ? "" : r.GetString(0);
                    var code = r.IsDBNull(1) ? 0 : r.GetInt64(1);
                    var definition = r.IsDBNull(2) ? "" : r.GetString(2).Trim();
                    crs = string.Equals(organization, "EPSG", StringComparison.OrdinalIgnoreCase) && code > 0 ? $"EPSG:{code}"
                        : definition.Length > 0 && !string.Equals(definition, "undefined", StringComparison.OrdinalIgnoreCase) ? definition : null;
                }
            }
            if (crs is null) notes.Add($"The geometry column's srs_id {srsId} names no coordinate system: it must come from the coordinates.");
            notes.Insert(0, $"Layer '{_table}', geometry column '{_geometryColumn}', srs_id {srsId}.");
            Info = new SourceInfo("geopackage", null, crs, [.. _columns.Select(c => c.Name)], notes);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private SqliteConnection Connect()
    {
        // Read-only, and not pooled: the temporary file is deleted when the source is disposed.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    protected override IEnumerable<SourceRow> ReadRows()
    {
        using var connection = Connect();
        var select = string.Join(", ", _columns.Select(c => Quote(c.Name)).Append(Quote(_geometryColumn)));
        var order = _featureId is null ? "" : $" ORDER BY {Quote(_featureId)}";
        using var command = new SqliteCommand($"SELECT {select} FROM {Quote(_table)}{order}", connection);
        using var reader = command.ExecuteReader();
        var geometries = new GeoPackageGeoReader();
        var number = 0;
        while (reader.Read())
        {
            number++;
            var cells = new Dictionary<string, string?>(_columns.Length);
            for (var i = 0; i < _columns.Length; i++)
            {
                var value = reader.GetValue(i);
                cells[_columns[i].Name] = _columns[i].IsBoolean && value is long flag ? (flag != 0 ? "true" : "false") : CellText.Of(value);
            }
            var blob = reader.IsDBNull(_columns.Length) ? null : (byte[])reader.GetValue(_columns.Length);
            Geometry? geometry = null;
            if (blob is { Length: > 0 })
            {
                try { geometry = geometries.Read(blob); }
                catch (Exception e) when (IsFileProblem(e)) { throw new LedgerFormatException($"GeoPackage: the geometry of feature {number} cannot be read: {e.Message}"); }
            }
            yield return new SourceRow(number, cells, geometry is null || geometry.IsEmpty ? null : geometry);
        }
    }
}
