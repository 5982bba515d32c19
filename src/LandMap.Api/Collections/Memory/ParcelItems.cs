using System.Text;
using NetTopologySuite.Geometries;
using Npgsql;

namespace LandMap.Api.Collections.Memory;

/// <summary>
/// Every parcel as an items page of a map view needs it (issue 11): what the page filters by, the outline's coordinates for
/// the box and distance tests, and the page's text as PostgreSQL writes it (the id, the CRS84 geometry and every property
/// read from the row alone, as UTF-8), so a page from here is byte for byte the page PostGIS builds. An index of the data at
/// one data version (migration 011), read in one repeatable-read snapshot; <see cref="ParcelItemsSource"/> hands it only to
/// a request that read that very version. Not a cache of answers: every request is filtered, tested and ordered anew.
/// <para>
/// Parcels are found through a grid of <see cref="Cell"/>-degree cells by the centre of their box (<see cref="CellOrder"/>,
/// <see cref="CellFirst"/>); those wider or taller than a cell are listed after the gridded ones and checked for every box.
/// </para>
/// </summary>
internal sealed class ParcelItems
{
    public required long Version { get; init; }
    public required uint TableOid { get; init; }
    public int Count => Ids.Length;

    public required long[] Ids { get; init; }
    /// <summary>Index into <see cref="Names"/>: status, zone, park, land use, the ledger's land use (−1: none).</summary>
    public required int[] Statuses { get; init; }
    public required int[] Zones { get; init; }
    public required int[] Parks { get; init; }
    public required int[] LandUses { get; init; }
    public required int[] LandUseOriginals { get; init; }
    public required string[] Names { get; init; }
    public required double[] AreaMu { get; init; }

    /// <summary>The exact box of each outline: minX, minY, maxX, maxY.</summary>
    public required double[] Boxes { get; init; }
    /// <summary>Parcel i's polygons are PolygonFirst[i] … PolygonFirst[i + 1] − 1; then as <see cref="PlanarGeometry.Distance"/> reads them.</summary>
    public required int[] PolygonFirst { get; init; }
    public required int[] RingFirst { get; init; }
    public required int[] PointFirst { get; init; }
    public required double[] X { get; init; }
    public required double[] Y { get; init; }

    /// <summary>The properties held as text: the row-only fields of <see cref="Visibility.Parcel"/>, in its order.</summary>
    public required Field[] Fields { get; init; }
    /// <summary>Parcel i's text piece k (0 the id, 1 the geometry, 2 + f field f) is Text[TextFirst[i·Pieces + k] … TextFirst[i·Pieces + k + 1]); empty: NULL.</summary>
    public required byte[] Text { get; init; }
    public required int[] TextFirst { get; init; }
    public int Pieces => 2 + Fields.Length;

    public required double Cell { get; init; }
    public required double OriginLon { get; init; }
    public required double OriginLat { get; init; }
    public required int Columns { get; init; }
    public required int Rows { get; init; }
    /// <summary>Parcels sorted by grid cell; those of cell (row, column) are CellOrder[CellFirst[row·Columns + column] …].</summary>
    public required int[] CellOrder { get; init; }
    public required int[] CellFirst { get; init; }
    public required int LargeFirst { get; init; }

    /// <summary>What the arrays hold, in bytes (the copy's cost; strings of <see cref="Names"/> aside).</summary>
    public long Bytes => 8L * (Ids.Length + AreaMu.Length + Boxes.Length + X.Length + Y.Length)
        + 4L * (Statuses.Length + Zones.Length + Parks.Length + LandUses.Length + LandUseOriginals.Length + PolygonFirst.Length
                + RingFirst.Length + PointFirst.Length + TextFirst.Length + CellOrder.Length + CellFirst.Length)
        + Text.Length;

    public ReadOnlySpan<byte> Piece(int parcel, int piece)
    {
        var at = parcel * Pieces + piece;
        return Text.AsSpan(TextFirst[at], TextFirst[at + 1] - TextFirst[at]);
    }

    /// <summary>The grid cells a box may hold parcels of: a gridded parcel's centre is in its cell and it is at most a cell wide.</summary>
    public (int Row0, int Row1, int Col0, int Col1) CellsOf(double west, double south, double east, double north)
    {
        var c0 = (int)Math.Floor((west - Cell - OriginLon) / Cell);
        var c1 = (int)Math.Floor((east + Cell - OriginLon) / Cell);
        var r0 = (int)Math.Floor((south - Cell - OriginLat) / Cell);
        var r1 = (int)Math.Floor((north + Cell - OriginLat) / Cell);
        return (Math.Max(0, r0), Math.Min(Rows - 1, r1), Math.Max(0, c0), Math.Min(Columns - 1, c1));
    }

    /// <summary>
    /// Reads every parcel at one version in one repeatable-read snapshot; null when there are more than
    /// <paramref name="maxParcels"/> (the version is then returned, so the source does not try again before the next write).
    /// </summary>
    public static async Task<(ParcelItems? Items, long Version, uint TableOid, long Count)> LoadAsync(NpgsqlDataSource db, int maxParcels, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        long version, count;
        uint oid;
        await using (var cmd = new NpgsqlCommand(ParcelItemsQueries.KeyAndCount, conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (version, oid, count) = (r.GetInt64(0), r.GetFieldValue<uint>(1), r.GetInt64(2));
        }
        if (count > maxParcels) return (null, version, oid, count);
        var fields = Visibility.Parcel.Where(f => f.FromRow).ToArray();
        var rows = new Builder(fields);
        await using (var cmd = new NpgsqlCommand(ParcelItemsQueries.Rows(fields), conn, tx) { CommandTimeout = 600 })
        await using (var r = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct))
        {
            while (await r.ReadAsync(ct)) rows.Add(r);
        }
        await tx.CommitAsync(ct);
        return (rows.Build(version, oid), version, oid, count);
    }

    /// <summary>Gathers rows as read, then sorts them by grid cell.</summary>
    private sealed class Builder(Field[] fields)
    {
        private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
        private readonly List<string> _nameList = [];
        private readonly List<long> _ids = [];
        private readonly List<int> _statuses = [], _zones = [], _parks = [], _landUses = [], _originals = [];
        private readonly List<double> _area = [], _boxes = [], _x = [], _y = [];
        private readonly List<int> _polygonFirst = [0], _ringFirst = [0], _pointFirst = [0];
        private readonly MemoryStream _text = new();
        private readonly List<int> _textFirst = [0];

        private int Name(string? s)
        {
            if (s is null) return -1;
            if (_names.TryGetValue(s, out var i)) return i;
            _nameList.Add(s);
            return _names[s] = _nameList.Count - 1;
        }

        private static string? Text(NpgsqlDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);

        public void Add(NpgsqlDataReader r)
        {
            _ids.Add(r.GetInt64(0));
            _statuses.Add(Name(r.GetString(1)));
            _zones.Add(Name(r.GetString(2)));
            _parks.Add(Name(Text(r, 3)));
            _landUses.Add(Name(Text(r, 4)));
            _originals.Add(Name(Text(r, 5)));
            _area.Add(r.GetDouble(6));
            ReadOutline(r.GetFieldValue<Geometry>(7));
            for (var column = 8; column < 10 + fields.Length; column++)
            {
                if (!r.IsDBNull(column)) _text.Write(Encoding.UTF8.GetBytes(r.GetString(column)));
                _textFirst.Add((int)_text.Length);
            }
        }

        /// <summary>The rings of a (multi)polygon as read by Npgsql's NetTopologySuite plugin (the stored doubles), and its box.</summary>
        private void ReadOutline(Geometry outline)
        {
            var (minX, minY, maxX, maxY) = (double.MaxValue, double.MaxValue, double.MinValue, double.MinValue);
            var polygons = outline switch
            {
                Polygon one => [one],
                MultiPolygon many => many.Geometries.Cast<Polygon>().ToArray(),
                _ => throw new InvalidDataException($"a parcel outline of type {outline.GeometryType}: a polygon or multipolygon was expected"),
            };
            foreach (var polygon in polygons)
            {
                foreach (var ring in (LineString[])[polygon.ExteriorRing, .. polygon.InteriorRings])
                {
                    foreach (var c in ring.Coordinates)
                    {
                        _x.Add(c.X);
                        _y.Add(c.Y);
                        (minX, minY, maxX, maxY) = (Math.Min(minX, c.X), Math.Min(minY, c.Y), Math.Max(maxX, c.X), Math.Max(maxY, c.Y));
                    }
                    _pointFirst.Add(_x.Count);
                }
                _ringFirst.Add(_pointFirst.Count - 1);
            }
            _polygonFirst.Add(_ringFirst.Count - 1);
            _boxes.AddRange([minX, minY, maxX, maxY]);
        }

        public ParcelItems Build(long version, uint oid)
        {
            var n = _ids.Count;
            double MinOf(int k) { var m = double.MaxValue; for (var i = 0; i < n; i++) m = Math.Min(m, _boxes[4 * i + k]); return m; }
            double MaxOf(int k) { var m = double.MinValue; for (var i = 0; i < n; i++) m = Math.Max(m, _boxes[4 * i + k]); return m; }
            var (west, south, east, north) = n == 0 ? (0.0, 0.0, 0.0, 0.0) : (MinOf(0), MinOf(1), MaxOf(2), MaxOf(3));
            // Cells of 0.01° (about 1 km) over the data's extent, coarser when that would pass 4 million cells.
            var cell = Math.Max(0.01, Math.Sqrt((east - west) * (north - south) / 4_000_000));
            var columns = Math.Max(1, (int)Math.Ceiling((east - west) / cell) + 1);
            var rows = Math.Max(1, (int)Math.Ceiling((north - south) / cell) + 1);
            var cells = columns * rows;
            var key = new long[n];
            for (var i = 0; i < n; i++)
            {
                var (minX, minY, maxX, maxY) = (_boxes[4 * i], _boxes[4 * i + 1], _boxes[4 * i + 2], _boxes[4 * i + 3]);
                var large = maxX - minX > cell || maxY - minY > cell;
                var c = (int)Math.Floor(((minX + maxX) / 2 - west) / cell);
                var r = (int)Math.Floor(((minY + maxY) / 2 - south) / cell);
                key[i] = large ? cells : (long)Math.Clamp(r, 0, rows - 1) * columns + Math.Clamp(c, 0, columns - 1);
            }
            var order = Enumerable.Range(0, n).ToArray();
            Array.Sort(key, order);
            var cellFirst = new int[cells + 1];
            var largeFirst = n;
            for (int i = 0, k = 0; k <= cells; k++)
            {
                while (i < n && key[i] < k) i++;
                cellFirst[k] = i;
                if (k == cells) largeFirst = i;
            }
            return new ParcelItems
            {
                Version = version, TableOid = oid,
                Ids = [.. _ids], Statuses = [.. _statuses], Zones = [.. _zones], Parks = [.. _parks], LandUses = [.. _landUses],
                LandUseOriginals = [.. _originals], Names = [.. _nameList], AreaMu = [.. _area],
                Boxes = [.. _boxes], PolygonFirst = [.. _polygonFirst], RingFirst = [.. _ringFirst], PointFirst = [.. _pointFirst],
                X = [.. _x], Y = [.. _y],
                Fields = fields, Text = _text.ToArray(), TextFirst = [.. _textFirst],
                Cell = cell, OriginLon = west, OriginLat = south, Columns = columns, Rows = rows,
                CellOrder = order, CellFirst = cellFirst, LargeFirst = largeFirst,
            };
        }
    }
}
