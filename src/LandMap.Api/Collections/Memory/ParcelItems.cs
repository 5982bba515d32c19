using System.Text;
using NetTopologySuite.Geometries;
using LandMap.Api.Spatial;
using Npgsql;

namespace LandMap.Api.Collections.Memory;

/// <summary>
/// Every parcel as an items page of a map view needs it (issue 11): what the page filters by, the outline's coordinates for
/// the box and distance tests, and the page's text as PostgreSQL writes it (the id, the CRS84 geometry and every property
/// read from the row alone, as UTF-8), so a page from here is byte for byte the page PostGIS builds. An index of the data at
/// one data version (migration 011), read in one repeatable-read snapshot; <see cref="ParcelItemsSource"/> hands it only to
/// a request that read that very version. Not a cache of answers: every request is filtered, tested and ordered anew.
/// <para>
/// Parcels are found through a lon/lat grid by the centre of their box (<see cref="Grid"/>, <see cref="CellOrder"/>); those
/// wider or taller than a cell are listed after the gridded ones and checked for every box.
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

    /// <summary>The lon/lat grid the parcels are found through.</summary>
    public required CentreGrid Grid { get; init; }
    /// <summary>Parcels sorted by grid cell (<see cref="CentreGrid.Run"/> gives positions in it).</summary>
    public required int[] CellOrder { get; init; }

    /// <summary>What the arrays hold, in bytes (the copy's cost; strings of <see cref="Names"/> aside).</summary>
    public long Bytes => 8L * (Ids.Length + AreaMu.Length + Boxes.Length + X.Length + Y.Length)
        + 4L * (Statuses.Length + Zones.Length + Parks.Length + LandUses.Length + LandUseOriginals.Length + PolygonFirst.Length
                + RingFirst.Length + PointFirst.Length + TextFirst.Length + CellOrder.Length + Grid.CellFirst.Length)
        + Text.Length;

    public ReadOnlySpan<byte> Piece(int parcel, int piece)
    {
        var at = parcel * Pieces + piece;
        return Text.AsSpan(TextFirst[at], TextFirst[at + 1] - TextFirst[at]);
    }


    /// <summary>What a load found: the copy, or null with the reason none was made (too many parcels, or over the memory budget).</summary>
    internal sealed record Loaded(ParcelItems? Items, long Version, uint TableOid, long Count, long ProjectedBytes);

    /// <summary>
    /// Reads every parcel at one version in one repeatable-read snapshot; no copy when there are more than
    /// <paramref name="maxParcels"/>, or when the copy would hold more than <paramref name="maxBytes"/>: the size is projected
    /// from the rows read so far at every checkpoint (a hundredth of the parcels, at least 64 rows), and the read stops as soon
    /// as the projection is over, so a register too large to hold costs a fraction of a load. The version is returned either
    /// way, so the source does not try again before the next write.
    /// </summary>
    public static async Task<Loaded> LoadAsync(NpgsqlDataSource db, int maxParcels, long maxBytes, CancellationToken ct)
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
        if (count > maxParcels) return new(null, version, oid, count, 0);
        var fields = Visibility.Parcel.Where(f => f.FromRow).ToArray();
        var rows = new Builder(fields);
        var checkpoint = Math.Max(64, count / 100);
        using var overBudget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            await using var cmd = new NpgsqlCommand(ParcelItemsQueries.Rows(fields), conn, tx) { CommandTimeout = 600 };
            await using var r = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, overBudget.Token);
            while (await r.ReadAsync(overBudget.Token))
            {
                rows.Add(r);
                if (rows.Count % checkpoint != 0) continue;
                if (rows.Bytes * count / rows.Count is var projected && projected > maxBytes)
                {
                    // Npgsql cancels the query on the server: the rest of the rows are never sent.
                    await overBudget.CancelAsync();
                    return new(null, version, oid, count, projected);
                }
                if (rows.Count == checkpoint) rows.Reserve((int)count);
            }
        }
        catch (Exception e) when (overBudget.IsCancellationRequested && !ct.IsCancellationRequested
                                  && e is OperationCanceledException or PostgresException { SqlState: PostgresErrorCodes.QueryCanceled })
        {
            // The cancelled query, as the reader or its disposal reports it: over the budget all the same.
            return new(null, version, oid, count, rows.Bytes * count / Math.Max(1, rows.Count));
        }
        await tx.CommitAsync(ct);
        if (rows.Bytes > maxBytes) return new(null, version, oid, count, rows.Bytes);
        return new(rows.Build(version, oid), version, oid, count, rows.Bytes);
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

        public int Count => _ids.Count;

        /// <summary>
        /// Sizes the lists and the text for all <paramref name="rows"/>, the text as projected from those read (a million
        /// parcels are otherwise copied through doubling lists, and the text through a stream doubling to 1 GB). Called once
        /// the projection is under the budget, so a register too large to hold allocates nothing for it.
        /// </summary>
        public void Reserve(int rows)
        {
            foreach (var list in (List<int>[])[_statuses, _zones, _parks, _landUses, _originals]) list.Capacity = rows;
            (_ids.Capacity, _area.Capacity, _boxes.Capacity) = (rows, rows, 4 * rows);
            var points = (int)Math.Min(Array.MaxLength, (long)_x.Count * rows / Math.Max(1, Count) * 17 / 16);
            (_x.Capacity, _y.Capacity) = (points, points);
            _textFirst.Capacity = (int)Math.Min(Array.MaxLength, (long)(2 + fields.Length) * rows + 1);
            _text.Capacity = (int)Math.Min(Array.MaxLength, Math.Max(_text.Capacity, _text.Length * rows / Math.Max(1, Count) * 17 / 16));
        }

        /// <summary>What the copy will hold, in bytes, as <see cref="ParcelItems.Bytes"/> counts it (the grid's cells aside).</summary>
        public long Bytes => 8L * (6 * _ids.Count + 2 * _x.Count) + 4L * (7 * _ids.Count + _ringFirst.Count + _pointFirst.Count + _textFirst.Count)
            + _text.Length;

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

        /// <summary>The text as one array: the stream's own when it is nearly full (no second copy of hundreds of MB).</summary>
        private byte[] TextArray() =>
            _text.TryGetBuffer(out var buffer) && buffer.Array!.Length - buffer.Count <= buffer.Count / 16 ? buffer.Array : _text.ToArray();

        public ParcelItems Build(long version, uint oid)
        {
            var n = _ids.Count;
            var (grid, order) = CentreGrid.Build(n, i => (_boxes[4 * i], _boxes[4 * i + 1], _boxes[4 * i + 2], _boxes[4 * i + 3]));
            return new ParcelItems
            {
                Version = version, TableOid = oid,
                Ids = [.. _ids], Statuses = [.. _statuses], Zones = [.. _zones], Parks = [.. _parks], LandUses = [.. _landUses],
                LandUseOriginals = [.. _originals], Names = [.. _nameList], AreaMu = [.. _area],
                Boxes = [.. _boxes], PolygonFirst = [.. _polygonFirst], RingFirst = [.. _ringFirst], PointFirst = [.. _pointFirst],
                X = [.. _x], Y = [.. _y],
                Fields = fields, Text = TextArray(), TextFirst = [.. _textFirst],
                Grid = grid, CellOrder = order,
            };
        }
    }
}
