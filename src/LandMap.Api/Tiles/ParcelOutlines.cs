using System.Buffers.Binary;
using LandMap.Core.Resources;
using LandMap.Api.Spatial;
using Npgsql;

namespace LandMap.Api.Tiles;

/// <summary>
/// Every live parcel in memory for the vector tiles (issue 11): what a parcel tile filters by (status, zone, park, land
/// use, size), what it carries (code, status, land use, size) and the outline in Web Mercator (EPSG:3857) metres, in
/// compact arrays sorted by the cell of a lon/lat grid, so a tile reads one contiguous run of parcels per grid row. It is
/// read at one data version (migration 011) in one repeatable-read snapshot; <see cref="ParcelOutlineSource"/> uses it only
/// while that version is the database's current one, so a tile built from it is never stale.
/// <para>
/// Bounding boxes are kept twice: exact (the pixel tests and the pooled pixel, as ST_XMin … read them) and as PostGIS's
/// index box (float4, rounded outward: what <c>geom &amp;&amp; box</c> compares), so the parcels of a tile are exactly the
/// SQL tile's. Outline vertices are float offsets from the box centre (under a millimetre for a parcel of kilometres).
/// </para>
/// </summary>
internal sealed class ParcelOutlines
{
    /// <summary>Statuses in ordinal text order: a pooled pixel's tie-break, here and in the SQL tile (TilesQueries.Tile).</summary>
    public static readonly string[] StatusOrder = [.. ResourceStatus.Stored.Order(StringComparer.Ordinal)];

    /// <summary>WGS 84 / Pseudo-Mercator's sphere radius (EPSG:3857), in metres.</summary>
    public const double Radius = 6378137;

    public required long Version { get; init; }
    public required uint TableOid { get; init; }
    public int Count => Codes.Length;

    public required string[] Codes { get; init; }
    /// <summary>Index into <see cref="StatusOrder"/>; 255 for a status outside it.</summary>
    public required byte[] Statuses { get; init; }
    /// <summary>Indexes into <see cref="Names"/>: land use, the ledger's land use, zone, park (−1: none).</summary>
    public required int[] LandUses { get; init; }
    public required int[] LandUseOriginals { get; init; }
    public required int[] Zones { get; init; }
    public required int[] Parks { get; init; }
    public required string[] Names { get; init; }
    /// <summary>area_mu as stored (the filters) and rounded to 2 decimals by PostgreSQL (the tile's property, as the items).</summary>
    public required double[] AreaMu { get; init; }
    public required double[] AreaMuShown { get; init; }
    /// <summary>The exact lon/lat box (ST_XMin … of the outline), as minX, minY, maxX, maxY per parcel: sizes in degrees.</summary>
    public required double[] LonLatBoxes { get; init; }
    /// <summary>The exact box's centre in Mercator metres (the pooled pixel).</summary>
    public required double[] CentreX { get; init; }
    public required double[] CentreY { get; init; }
    /// <summary>The exact box in Mercator metres (each side by the formula of <see cref="MercatorX"/>, <see cref="MercatorY"/>), as minX, minY, maxX, maxY per parcel: the pixels a pooled outline covers.</summary>
    public required double[] MercatorBoxes { get; init; }
    /// <summary>The index box (float4, outward), as minX, minY, maxX, maxY per parcel.</summary>
    public required float[] IndexBoxes { get; init; }
    /// <summary>Parcel i's rings are RingFirst[i] … RingFirst[i + 1] − 1; ring r's vertices PointFirst[r] … PointFirst[r + 1] − 1 (closed).</summary>
    public required int[] RingFirst { get; init; }
    public required int[] PointFirst { get; init; }
    /// <summary>True for a polygon's outer ring (the next polygon of a multipolygon starts at the next outer ring).</summary>
    public required bool[] RingIsOuter { get; init; }
    /// <summary>Vertex offsets from the parcel's <see cref="CentreX"/>, <see cref="CentreY"/>, in Mercator metres.</summary>
    public required float[] Dx { get; init; }
    public required float[] Dy { get; init; }

    /// <summary>The pooled pixels of the low zooms (made with the snapshot; null until then).</summary>
    public PooledPyramid? Pyramid { get; private set; }

    /// <summary>The lon/lat grid the parcels are sorted by: a grid row's parcels are one run of these arrays.</summary>
    public required CentreGrid Grid { get; init; }

    /// <summary>
    /// Each parcel's place in the order a crowded tile draws outlines in (<see cref="TilesQueries.Tile"/>'s cap, <see cref="Rank"/>),
    /// 0 first: the same in every tile, so a tile ranks its outlines by one integer each instead of by size and code.
    /// </summary>
    public required int[] Ranks { get; init; }

    /// <summary>
    /// Each parcel's (zone, status, land use) group, numbered in order of first appearance: what /api/stats counts by
    /// (Stats/ParcelStatsFromMemory adds into arrays indexed by it instead of a dictionary lookup per parcel and request).
    /// </summary>
    public required int[] Groups { get; init; }
    public required (int Zone, byte Status, int LandUse)[] GroupKeys { get; init; }

    /// <summary>Mercator metres of a longitude, as the SQL tile computes the pooled pixel (6378137 · radians(lon)).</summary>
    public static double MercatorX(double lon) => Radius * (lon * (Math.PI / 180.0));

    /// <summary>Mercator metres of a latitude (6378137 · ln(tan(π/4 + radians(lat)/2))).</summary>
    public static double MercatorY(double lat) => Radius * Math.Log(Math.Tan(Math.PI / 4 + lat * (Math.PI / 180.0) / 2));

    /// <summary>A float4 at or below the double (PostGIS's index boxes round outward: nextafterf towards −∞).</summary>
    public static float Down(double v)
    {
        var f = (float)v;
        return f > v ? MathF.BitDecrement(f) : f;
    }

    public static float Up(double v)
    {
        var f = (float)v;
        return f < v ? MathF.BitIncrement(f) : f;
    }

    /// <summary>Reads every live parcel at one version, in one repeatable-read snapshot.</summary>
    public static async Task<ParcelOutlines> LoadAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        long version;
        uint oid;
        await using (var cmd = new NpgsqlCommand(TilesQueries.SnapshotKey, conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (version, oid) = (r.GetInt64(0), r.GetFieldValue<uint>(1));
        }
        var rows = new Builder();
        await using (var cmd = new NpgsqlCommand(TilesQueries.Snapshot, conn, tx) { CommandTimeout = 600 })
        await using (var r = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct))
        {
            while (await r.ReadAsync(ct))
            {
                rows.Add(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                    r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetDouble(6), r.GetDouble(7),
                    r.GetDouble(8), r.GetDouble(9), r.GetDouble(10), r.GetDouble(11), r.GetFieldValue<byte[]>(12));
            }
        }
        await tx.CommitAsync(ct);
        return rows.Build(version, oid);
    }

    /// <summary>
    /// Ranks by box size (<paramref name="sizes"/>, TilesQueries.Tile's <c>size</c>) from the largest, ties by code in
    /// ordinal order (codes are unique, so no two share a rank): rank k is the k-th outline a crowded tile would draw.
    /// </summary>
    internal static int[] Rank(double[] sizes, string[] codes)
    {
        var order = new int[sizes.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => sizes[a] != sizes[b] ? sizes[b].CompareTo(sizes[a]) : string.CompareOrdinal(codes[a], codes[b]));
        var ranks = new int[order.Length];
        for (var k = 0; k < order.Length; k++) ranks[order[k]] = k;
        return ranks;
    }

    /// <summary>The area of each exact lon/lat box (as TilesQueries.Tile's <c>size</c>: (xmax − xmin) · (ymax − ymin)).</summary>
    private static double[] BoxSizes(double[] lonLatBoxes)
    {
        var sizes = new double[lonLatBoxes.Length / 4];
        for (var i = 0; i < sizes.Length; i++)
            sizes[i] = (lonLatBoxes[4 * i + 2] - lonLatBoxes[4 * i]) * (lonLatBoxes[4 * i + 3] - lonLatBoxes[4 * i + 1]);
        return sizes;
    }

    /// <summary>Parcels given as rectangles (code, status, lon/lat box), as if read at <paramref name="version"/> (tests).</summary>
    internal static ParcelOutlines OfRectangles(IEnumerable<(string Code, string Status, double MinX, double MinY, double MaxX, double MaxY)> parcels, long version)
    {
        var rows = new Builder();
        var writer = new NetTopologySuite.IO.WKBWriter();
        foreach (var (code, status, minX, minY, maxX, maxY) in parcels)
        {
            var rectangle = NetTopologySuite.Geometries.GeometryFactory.Default.ToGeometry(new NetTopologySuite.Geometries.Envelope(minX, maxX, minY, maxY));
            rows.Add(code, status, null, null, "Z", null, 1, 1, minX, minY, maxX, maxY, writer.Write(rectangle));
        }
        return rows.Build(version, 0);
    }

    /// <summary>Gathers rows as read, then sorts them by grid cell into the final arrays.</summary>
    private sealed class Builder
    {
        private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
        private readonly List<string> _nameList = [];
        private readonly List<string> _codes = [];
        private readonly List<byte> _statuses = [];
        private readonly List<int> _landUses = [], _originals = [], _zones = [], _parks = [];
        private readonly List<double> _area = [], _areaShown = [], _minX = [], _minY = [], _maxX = [], _maxY = [];
        private readonly List<int> _ringFirst = [0], _pointFirst = [0];
        private readonly List<bool> _outer = [];
        private readonly List<float> _dx = [], _dy = [];

        private int Name(string? s)
        {
            if (s is null) return -1;
            if (_names.TryGetValue(s, out var i)) return i;
            _nameList.Add(s);
            return _names[s] = _nameList.Count - 1;
        }

        public void Add(string code, string status, string? landUse, string? original, string zone, string? park, double area, double areaShown,
            double minX, double minY, double maxX, double maxY, byte[] wkb)
        {
            _codes.Add(code);
            var s = Array.IndexOf(StatusOrder, status);
            _statuses.Add(s < 0 ? (byte)255 : (byte)s);
            _landUses.Add(Name(landUse));
            _originals.Add(Name(original));
            _zones.Add(Name(zone));
            _parks.Add(Name(park));
            _area.Add(area);
            _areaShown.Add(areaShown);
            _minX.Add(minX);
            _minY.Add(minY);
            _maxX.Add(maxX);
            _maxY.Add(maxY);
            var cx = MercatorX((minX + maxX) / 2);
            var cy = MercatorY((minY + maxY) / 2);
            ReadRings(wkb, cx, cy);
            _ringFirst.Add(_outer.Count);
        }

        /// <summary>The rings of a WKB (multi)polygon (OGC 06-103r4 §8.2), projected to Mercator, as offsets from (cx, cy).</summary>
        private void ReadRings(byte[] wkb, double cx, double cy)
        {
            var at = 0;
            void Polygon(bool little)
            {
                var rings = ReadUInt(wkb, ref at, little);
                for (var k = 0; k < rings; k++)
                {
                    var points = ReadUInt(wkb, ref at, little);
                    for (var p = 0; p < points; p++)
                    {
                        var lon = ReadDouble(wkb, ref at, little);
                        var lat = ReadDouble(wkb, ref at, little);
                        _dx.Add((float)(MercatorX(lon) - cx));
                        _dy.Add((float)(MercatorY(lat) - cy));
                    }
                    _outer.Add(k == 0);
                    _pointFirst.Add(_dx.Count);
                }
            }
            var little = wkb[at++] == 1;
            var type = ReadUInt(wkb, ref at, little);
            if (type == 3) { Polygon(little); return; }
            if (type != 6) throw new InvalidDataException($"a parcel outline of WKB type {type}: a polygon or multipolygon was expected");
            var parts = ReadUInt(wkb, ref at, little);
            for (var k = 0; k < parts; k++)
            {
                var partLittle = wkb[at++] == 1;
                ReadUInt(wkb, ref at, partLittle);
                Polygon(partLittle);
            }
        }

        private static uint ReadUInt(byte[] b, ref int at, bool little)
        {
            var v = little ? BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at));
            at += 4;
            return v;
        }

        private static double ReadDouble(byte[] b, ref int at, bool little)
        {
            var v = little ? BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(at)) : BinaryPrimitives.ReadDoubleBigEndian(b.AsSpan(at));
            at += 8;
            return v;
        }

        public ParcelOutlines Build(long version, uint oid)
        {
            var n = _codes.Count;
            var (grid, order) = CentreGrid.Build(n, i => (_minX[i], _minY[i], _maxX[i], _maxY[i]));

            T[] Take<T>(List<T> list) => [.. order.Select(i => list[i])];
            var ringFirst = new int[n + 1];
            var pointFirst = new List<int> { 0 };
            var outer = new List<bool>(_outer.Count);
            var dx = new float[_dx.Count];
            var dy = new float[_dy.Count];
            var boxes = new float[4 * n];
            var mercator = new double[4 * n];
            var lonLat = new double[4 * n];
            var (centreX, centreY) = (new double[n], new double[n]);
            var written = 0;
            for (var j = 0; j < n; j++)
            {
                var i = order[j];
                for (var ring = _ringFirst[i]; ring < _ringFirst[i + 1]; ring++)
                {
                    var (from, to) = (_pointFirst[ring], _pointFirst[ring + 1]);
                    _dx.CopyTo(from, dx, written, to - from);
                    _dy.CopyTo(from, dy, written, to - from);
                    written += to - from;
                    pointFirst.Add(written);
                    outer.Add(_outer[ring]);
                }
                ringFirst[j + 1] = outer.Count;
                (lonLat[4 * j], lonLat[4 * j + 1], lonLat[4 * j + 2], lonLat[4 * j + 3]) = (_minX[i], _minY[i], _maxX[i], _maxY[i]);
                (centreX[j], centreY[j]) = (MercatorX((_minX[i] + _maxX[i]) / 2), MercatorY((_minY[i] + _maxY[i]) / 2));
                (boxes[4 * j], boxes[4 * j + 1], boxes[4 * j + 2], boxes[4 * j + 3]) = (Down(_minX[i]), Down(_minY[i]), Up(_maxX[i]), Up(_maxY[i]));
                (mercator[4 * j], mercator[4 * j + 1], mercator[4 * j + 2], mercator[4 * j + 3]) =
                    (MercatorX(_minX[i]), MercatorY(_minY[i]), MercatorX(_maxX[i]), MercatorY(_maxY[i]));
            }
            var (statuses, landUses, zones) = (Take(_statuses), Take(_landUses), Take(_zones));
            var (groups, groupKeys) = NumberGroups(zones, statuses, landUses);
            var codes = Take(_codes);
            var outlines = new ParcelOutlines
            {
                Version = version, TableOid = oid,
                Codes = codes, Statuses = statuses, LandUses = landUses, LandUseOriginals = Take(_originals),
                Zones = zones, Parks = Take(_parks), Names = [.. _nameList], AreaMu = Take(_area), AreaMuShown = Take(_areaShown),
                LonLatBoxes = lonLat, CentreX = centreX, CentreY = centreY, MercatorBoxes = mercator, IndexBoxes = boxes,
                RingFirst = ringFirst, PointFirst = [.. pointFirst], RingIsOuter = [.. outer], Dx = dx, Dy = dy,
                Grid = grid, Groups = groups, GroupKeys = groupKeys, Ranks = Rank(BoxSizes(lonLat), codes),
            };
            outlines.Pyramid = PooledPyramid.Build(outlines);
            return outlines;
        }

        private static (int[] Groups, (int Zone, byte Status, int LandUse)[] Keys) NumberGroups(int[] zones, byte[] statuses, int[] landUses)
        {
            var groups = new int[zones.Length];
            var numbers = new Dictionary<(int Zone, byte Status, int LandUse), int>();
            for (var i = 0; i < zones.Length; i++)
            {
                var key = (zones[i], statuses[i], landUses[i]);
                if (!numbers.TryGetValue(key, out var number)) numbers[key] = number = numbers.Count;
                groups[i] = number;
            }
            var keys = new (int Zone, byte Status, int LandUse)[numbers.Count];
            foreach (var (key, number) in numbers) keys[number] = key;
            return (groups, keys);
        }
    }
}
