using System.Buffers;
using LandMap.Core.LandUse;

namespace LandMap.Api.Tiles;

/// <summary>The filters a parcel tile from memory serves: the items' status, zone (or park), land use and size filters.</summary>
internal sealed record ParcelTileFilter(IReadOnlyList<string> Statuses, IReadOnlyList<string> Zones, IReadOnlyList<LandUseFilter> LandUses,
    double? MinMu, double? MaxMu);

/// <summary>A tile's lon/lat bounds with its buffer as PostGIS gives them (<see cref="TilesQueries.TileKey"/>).</summary>
internal sealed record TileBounds(double West, double South, double East, double North);

/// <summary>
/// A parcel tile built in C# from <see cref="ParcelOutlines"/>, feature for feature the tile of <see cref="TilesQueries.Tile"/>:
/// the parcels whose index box meets the tile's buffered box (&amp;&amp;) and pass the items' filters; an outline under <see cref="TilesQueries.PoolPixels"/> pixels both ways
/// (its width in degrees, its height in Mercator metres) is pooled into the cells its box covers (<see cref="PooledPixels"/>:
/// runs of cells of one status, with the number of outlines centred in them; a cell is <see cref="TilesQueries.CellPixels"/>
/// pixels a side), and so is every outline past the tile's
/// <see cref="TilesOptions.MaxOutlines"/> largest; every other outline is simplified by Douglas–Peucker at a
/// quarter pixel (ST_Simplify, collapsed rings kept), clipped to the tile and its 64-unit buffer, snapped to the 4096 grid
/// and wound as the MVT specification 2.1 §4.3.4 asks (outer rings positive by the surveyor's formula in tile coordinates).
/// Below <see cref="TilesQueries.DetailZoom"/> a feature carries its status only.
/// </summary>
internal static class ParcelTileBuilder
{
    private const int Extent = TilesQueries.Extent, Buffer = TilesQueries.Buffer;
    private const double HalfWorld = 20037508.342789244; // ST_TileEnvelope's default bounds (EPSG:3857)
    private const int PixelUnits = Extent / 256;

    /// <summary>The tile's keys, in the SQL tile's column order: from <see cref="TilesQueries.DetailZoom"/>, and below it.</summary>
    private static readonly string[] DetailKeys = ["code", "status", "landUse", "areaMu", "count"];
    private static readonly string[] OverviewKeys = ["status", "count"];

    /// <param name="fromPyramid">Whether the pooled pixels may come from <see cref="ParcelOutlines.Pyramid"/> (false: every parcel of the tile is visited; the tests compare both).</param>
    public static MvtTileResult Build(ParcelOutlines o, int z, int x, int y, TileBounds bounds, ParcelTileFilter filter, OutlineCap cap, bool fromPyramid)
    {
        var statusAllowed = new bool[256];
        foreach (var s in filter.Statuses) if (Array.IndexOf(ParcelOutlines.StatusOrder, s) is >= 0 and var k) statusAllowed[k] = true;
        bool[]? zoneAllowed = null;
        if (filter.Zones.Count > 0)
        {
            zoneAllowed = new bool[o.Names.Length];
            for (var k = 0; k < o.Names.Length; k++) zoneAllowed[k] = filter.Zones.Contains(o.Names[k], StringComparer.Ordinal);
        }
        bool[]? useAllowed = null, originalAllowed = null;
        if (filter.LandUses.Count > 0)
        {
            // land_use LIKE prefix% (canonical codes: digits, no wildcard) or land_use_original = exact (SqlFilter.ForParcels).
            useAllowed = new bool[o.Names.Length];
            originalAllowed = new bool[o.Names.Length];
            for (var k = 0; k < o.Names.Length; k++)
            {
                useAllowed[k] = filter.LandUses.Any(l => l.CanonicalPrefix is { } p && o.Names[k].StartsWith(p, StringComparison.Ordinal));
                originalAllowed[k] = filter.LandUses.Any(l => l.OriginalExact is { } e && o.Names[k] == e);
            }
        }

        var n = 1L << z;
        var tileWidth = 2 * HalfWorld / n;
        var minX = -HalfWorld + tileWidth * x;
        var maxY = HalfWorld - tileWidth * y;
        // The SQL tile's box (PROJ's transform of the tile envelope), rounded outward to float4 as PostGIS rounds it for &&.
        var (west, south, east, north) = (bounds.West, bounds.South, bounds.East, bounds.North);
        var (boxW, boxS, boxE, boxN) = (ParcelOutlines.Down(west), ParcelOutlines.Down(south), ParcelOutlines.Up(east), ParcelOutlines.Up(north));
        var (pixelLon, pixel) = PixelSize(z);
        var scale = Extent / tileWidth;
        // Pooled cells (a pixel, or two pixels a side below DetailZoom: TilesQueries.CellPixels): cell indexes
        // (floor(metres / cell)) of the tile's first column and of the row just below its top edge, and the buffer in cells.
        var cellPixels = TilesQueries.CellPixels(z);
        var (cellUnits, cell) = (PixelUnits * cellPixels, pixel * cellPixels);
        var margin = Buffer / cellUnits; // buffer cells on each side
        var side = 256 / cellPixels + 2 * margin;
        var firstColumn = 256 / cellPixels * x - 128 / cellPixels * n;
        var topRow = 128 / cellPixels * n - 256 / cellPixels * y - 1;

        var detail = z >= TilesQueries.DetailZoom;
        var writer = new MvtLayerWriter(detail ? DetailKeys : OverviewKeys);
        var (statusKey, countKey) = detail ? (1, 4) : (0, 1);
        // Value indexes of the statuses and names met so far: looked up once per tile, not once per feature.
        var statusValues = new uint?[ParcelOutlines.StatusOrder.Length];
        var nameValues = new uint?[o.Names.Length];
        uint StatusValue(int s) => statusValues[s] ??= writer.Value(ParcelOutlines.StatusOrder[s]);
        PooledPixels? pooled = null;
        var statusCount = ParcelOutlines.StatusOrder.Length;
        var geometry = new List<uint>(64);
        var ring = new Ring();

        // The outlines over the pooling size, in the order met: drawn as outlines once the tile knows how many there are
        // (pooled memory: a crowded tile meets tens of thousands).
        var outlines = new PooledList<int>();

        void Visit(int i)
        {
            var b = 4 * i;
            if (o.IndexBoxes[b] > boxE || o.IndexBoxes[b + 2] < boxW || o.IndexBoxes[b + 1] > boxN || o.IndexBoxes[b + 3] < boxS) return;
            if (!statusAllowed[o.Statuses[i]]) return;
            if (zoneAllowed is not null && !zoneAllowed[o.Zones[i]] && (o.Parks[i] < 0 || !zoneAllowed[o.Parks[i]])) return;
            if (useAllowed is not null && !useAllowed[o.LandUses[i]] && !originalAllowed![o.LandUseOriginals[i]]) return;
            if (o.AreaMu[i] < filter.MinMu || o.AreaMu[i] > filter.MaxMu) return;
            if (Small(o, i, pixelLon, pixel)) Pool(i);
            else outlines.Add(i);
        }

        void Pool(int i)
        {
            pooled ??= new PooledPixels(side, statusCount);
            var (column0, column1, y0, y1, centreColumn, centreY) = Pixels(o, i, cell);
            pooled.Add(o.Statuses[i], column0 - firstColumn + margin, column1 - firstColumn + margin, topRow - y1 + margin, topRow - y0 + margin,
                centreColumn - firstColumn + margin, topRow - centreY + margin);
        }

        void Draw(int i)
        {
            geometry.Clear();
            var (cursorX, cursorY) = (0, 0);
            var outerKept = false;
            for (var r = o.RingFirst[i]; r < o.RingFirst[i + 1]; r++)
            {
                if (!o.RingIsOuter[r] && !outerKept) continue; // a hole of a polygon whose outer ring collapsed
                ring.Load(o, i, r, minX, maxY, scale);
                ring.Simplify(PixelUnits / 4.0, o.RingIsOuter[r] ? 4 : 0);
                ring.Clip(-Buffer, Extent + Buffer);
                var kept = ring.Encode(geometry, o.RingIsOuter[r], ref cursorX, ref cursorY);
                if (o.RingIsOuter[r]) outerKept = kept;
            }
            if (geometry.Count == 0) return;
            if (!detail) writer.Tag(statusKey, StatusValue(o.Statuses[i]));
            else
            {
                writer.Tag(0, writer.Value(o.Codes[i], unique: true));
                writer.Tag(statusKey, StatusValue(o.Statuses[i]));
                if (o.LandUses[i] >= 0) writer.Tag(2, nameValues[o.LandUses[i]] ??= writer.Value(o.Names[o.LandUses[i]]));
                writer.Tag(3, writer.Value(o.AreaMuShown[i]));
            }
            writer.Feature(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(geometry));
        }

        // A filter by status alone, at a zoom of the pyramid: the small outlines' pixels come from it, and only the zoom's
        // other outlines are visited (in the same order as the grid's, so the tile is the same byte for byte).
        var (row0, row1, col0, col1) = o.Grid.CellsOf(west, south, east, north);
        if (Level(o, z, filter, fromPyramid) is { } level)
        {
            // The zoom's outlines are a sorted subset of the parcels: each grid run is a range of them.
            var others = level.Outlines;
            for (var r = row0; r <= row1 && col0 <= col1; r++)
            {
                var (first, end) = o.Grid.Run(r, col0, col1);
                for (var k = LowerBound(others, first); k < others.Length && others[k] < end; k++) Visit(others[k]);
            }
            for (var k = LowerBound(others, o.Grid.LargeFirst); k < others.Length; k++) Visit(others[k]);
            pooled = level.Fill(pooled, () => new PooledPixels(side, statusCount), statusAllowed, firstColumn - margin, topRow + margin, side);
        }
        else
        {
            for (var r = row0; r <= row1 && col0 <= col1; r++)
                for (var (i, end) = o.Grid.Run(r, col0, col1); i < end; i++) Visit(i);
            for (var i = o.Grid.LargeFirst; i < o.Count; i++) Visit(i);
        }
        bool[]? drawn = null;
        if (outlines.Count > 0)
        {
            using var ranks = new PooledList<int>(outlines.Count);
            foreach (var i in outlines.Span) ranks.Add(o.Ranks[i]);
            // The tile's buffered box as the SQL tile computes its area (the same doubles).
            var area = (bounds.East - bounds.West) * (bounds.North - bounds.South);
            drawn = Crowded(ranks.Span, k => Cover(o, outlines[k], bounds), cap.Max, cap.Cover * area);
        }
        for (var k = 0; k < outlines.Count; k++)
            if (drawn is null || drawn[k]) Draw(outlines[k]);
            else Pool(outlines[k]);
        outlines.Dispose();

        if (pooled is not null)
        {
            pooled.Write(writer, cellUnits, margin, statusKey, countKey, StatusValue);
            pooled.Dispose();
        }
        return writer.ToTile("parcels", Extent);
    }

    /// <summary>The pyramid's level that a tile of zoom z with this filter takes its pooled pixels from (none: it visits every parcel).</summary>
    private static PooledPyramid.Level? Level(ParcelOutlines o, int z, ParcelTileFilter filter, bool fromPyramid) =>
        fromPyramid && filter is { Zones.Count: 0, LandUses.Count: 0, MinMu: null, MaxMu: null } ? o.Pyramid?.At(z) : null;

    /// <summary>How many parcels <see cref="Build"/> visits for this tile (the grid cells' and the large ones): what it costs, roughly.</summary>
    public static int Visits(ParcelOutlines o, int z, TileBounds bounds, ParcelTileFilter filter, bool fromPyramid)
    {
        var (row0, row1, col0, col1) = o.Grid.CellsOf(bounds.West, bounds.South, bounds.East, bounds.North);
        var level = Level(o, z, filter, fromPyramid);
        var count = 0;
        int Between(int first, int end) => level is null ? end - first : LowerBound(level.Outlines, end) - LowerBound(level.Outlines, first);
        for (var r = row0; r <= row1 && col0 <= col1; r++)
        {
            var (first, end) = o.Grid.Run(r, col0, col1);
            count += Between(first, end);
        }
        return count + Between(o.Grid.LargeFirst, o.Count);
    }

    /// <summary>
    /// Of a tile's outlines over the pooling size (their <see cref="ParcelOutlines.Ranks"/> by position), which are drawn as
    /// outlines (by position; null: all of them), as <see cref="TilesQueries.Tile"/> ranks them: from the largest, ties by
    /// code in ordinal order, at most <paramref name="max"/>, and while the parts of their boxes in the tile and its buffer
    /// (<paramref name="coverAt"/>) summed in that order stay within <paramref name="limit"/>. The others are pooled.
    /// </summary>
    internal static bool[]? Crowded(ReadOnlySpan<int> ranks, Func<int, double> coverAt, int max, double limit)
    {
        var n = ranks.Length;
        if (n <= max)
        {
            var total = 0.0;
            for (var k = 0; k < n; k++) total += coverAt(k);
            if (total <= limit * (1 - 1e-9)) return null; // in any order of summing, within the limit
        }
        // The first min(max, n) in rank order (ranks are unique: exactly that many at or under the threshold), sorted.
        var take = Math.Min(max, n);
        var threshold = int.MaxValue;
        if (n > max)
        {
            // Pooled, as a crowded tile's tens of thousands of ranks would otherwise be a large-object allocation per tile.
            var scratch = ArrayPool<int>.Shared.Rent(n);
            ranks.CopyTo(scratch);
            threshold = Select(scratch.AsSpan(0, n), n - take); // the take-th smallest
            ArrayPool<int>.Shared.Return(scratch);
        }
        var (keys, positions) = (ArrayPool<int>.Shared.Rent(take), ArrayPool<int>.Shared.Rent(take));
        var found = 0;
        for (var k = 0; k < n && found < take; k++)
            if (ranks[k] <= threshold) (keys[found], positions[found++]) = (ranks[k], k);
        keys.AsSpan(0, found).Sort(positions.AsSpan(0, found));
        var drawn = new bool[n];
        var (count, covered) = (0, 0.0);
        for (var j = 0; j < found; j++)
        {
            covered += coverAt(positions[j]);
            if (count == max || covered > limit) break;
            drawn[positions[j]] = true;
            count++;
        }
        ArrayPool<int>.Shared.Return(keys);
        ArrayPool<int>.Shared.Return(positions);
        return count == n ? null : drawn;
    }

    /// <summary>The area of the part of parcel i's exact lon/lat box in the tile's buffered box (as TilesQueries.Tile's <c>cover</c>).</summary>
    private static double Cover(ParcelOutlines o, int i, TileBounds t)
    {
        var b = o.LonLatBoxes.AsSpan(4 * i, 4);
        // A box holding the whole tile and its buffer counts nothing (TilesQueries.MaxCover).
        if (b[0] <= t.West && b[2] >= t.East && b[1] <= t.South && b[3] >= t.North) return 0;
        return Math.Max(0, Math.Min(b[2], t.East) - Math.Max(b[0], t.West)) * Math.Max(0, Math.Min(b[3], t.North) - Math.Max(b[1], t.South));
    }

    /// <summary>The first position in an ascending array holding a value at or above <paramref name="value"/>.</summary>
    private static int LowerBound(int[] sorted, int value)
    {
        var k = Array.BinarySearch(sorted, value);
        return k < 0 ? ~k : k;
    }

    /// <summary>A pixel of zoom z: in degrees of longitude, and in Mercator metres (as TilesQueries.Tile's px_lon and px).</summary>
    internal static (double Lon, double Metres) PixelSize(int z) => (360 / (256 * Math.Pow(2, z)), 40075016.685578488 / (256 * Math.Pow(2, z)));

    /// <summary>Whether parcel i is pooled for its size: under <see cref="TilesQueries.PoolPixels"/> pixels wide (degrees) and tall (Mercator metres).</summary>
    internal static bool Small(ParcelOutlines o, int i, double pixelLon, double pixel) =>
        o.LonLatBoxes[4 * i + 2] - o.LonLatBoxes[4 * i] < TilesQueries.PoolPixels * pixelLon
        && o.MercatorBoxes[4 * i + 3] - o.MercatorBoxes[4 * i + 1] < TilesQueries.PoolPixels * pixel;

    /// <summary>
    /// The cells of side <paramref name="pixel"/> (floor(metres / pixel), rows numbered up from the equator) a pooled outline
    /// covers: those whose centre is in its box, and always the cell of its centre (where it counts).
    /// </summary>
    internal static (double Column0, double Column1, double Y0, double Y1, double CentreColumn, double CentreY) Pixels(ParcelOutlines o, int i, double pixel)
    {
        var b = 4 * i;
        var m = o.MercatorBoxes;
        var (centreColumn, centreY) = (Math.Floor(o.CentreX[i] / pixel), Math.Floor(o.CentreY[i] / pixel));
        var (column0, column1) = PixelSpan(m[b], m[b + 2], centreColumn, pixel);
        var (y0, y1) = PixelSpan(m[b + 1], m[b + 3], centreY, pixel);
        return (column0, column1, y0, y1, centreColumn, centreY);
    }

    /// <summary>The value that would stand at <paramref name="rank"/> (0: the largest) were the values sorted from the largest (reorders them): Hoare's selection.</summary>
    internal static T Select<T>(Span<T> values, int rank) where T : System.Numerics.IComparisonOperators<T, T, bool>
    {
        var (lo, hi) = (0, values.Length - 1);
        while (lo < hi)
        {
            var pivot = values[lo + (hi - lo) / 2];
            var (i, j) = (lo, hi);
            while (i <= j)
            {
                while (values[i] > pivot) i++;
                while (values[j] < pivot) j--;
                if (i <= j) { (values[i], values[j]) = (values[j], values[i]); i++; j--; }
            }
            if (rank <= j) hi = j;
            else if (rank >= i) lo = i;
            else return values[rank];
        }
        return values[rank];
    }

    /// <summary>
    /// The pixels (floor(metres / pixel)) whose centre is in [min, max], widened to hold the centre's pixel: that pixel alone
    /// for an outline narrower than a pixel (as TilesQueries.Tile computes it).
    /// </summary>
    private static (double First, double Last) PixelSpan(double min, double max, double centre, double pixel) =>
        (Math.Min(Math.Ceiling(min / pixel - 0.5), centre), Math.Max(Math.Floor(max / pixel - 0.5), centre));

    internal static uint Command(int id, int count) => (uint)((id & 7) | (count << 3));

    internal static uint ZigZag(int v) => (uint)((v << 1) ^ (v >> 31));

    /// <summary>One ring in tile units (y down), reused from ring to ring: loaded, simplified, clipped, then encoded.</summary>
    private sealed class Ring
    {
        private double[] _x = new double[64], _y = new double[64], _x2 = new double[64], _y2 = new double[64];
        private bool[] _keep = new bool[64];
        private int[] _stack = new int[128];
        private int[] _ix = new int[64], _iy = new int[64];
        private int _count;

        private static void Grow<T>(ref T[] array, int size)
        {
            if (array.Length < size) array = new T[Math.Max(size, 2 * array.Length)];
        }

        /// <summary>The ring's vertices (closed) in tile units.</summary>
        public void Load(ParcelOutlines o, int parcel, int ring, double minX, double maxY, double scale)
        {
            var (from, to) = (o.PointFirst[ring], o.PointFirst[ring + 1]);
            _count = to - from;
            Grow(ref _x, _count); Grow(ref _y, _count);
            var (cx, cy) = (o.CentreX[parcel], o.CentreY[parcel]);
            for (var k = 0; k < _count; k++)
            {
                _x[k] = (cx + o.Dx[from + k] - minX) * scale;
                _y[k] = (maxY - (cy + o.Dy[from + k])) * scale;
            }
        }

        /// <summary>
        /// Douglas–Peucker (as PostGIS's ptarray_simplify_in_place): a vertex stays when it is farther than the tolerance
        /// from the segment of its span, or while fewer than <paramref name="minPoints"/> would stay (preserve collapsed).
        /// </summary>
        public void Simplify(double tolerance, int minPoints)
        {
            if (_count < 3) return;
            Grow(ref _keep, _count);
            Grow(ref _stack, 2 * _count);
            Array.Clear(_keep, 0, _count);
            _keep[0] = _keep[_count - 1] = true;
            var kept = 2;
            var top = 0;
            _stack[top++] = 0; _stack[top++] = _count - 1;
            var tolerance2 = tolerance * tolerance;
            while (top > 0)
            {
                var b = _stack[--top];
                var a = _stack[--top];
                var (far, farthest) = (-1, -1.0);
                for (var k = a + 1; k < b; k++)
                {
                    var d = SegmentDistance2(_x[k], _y[k], _x[a], _y[a], _x[b], _y[b]);
                    if (d > farthest) (far, farthest) = (k, d);
                }
                if (far < 0) continue;
                if (farthest > tolerance2 || kept + top / 2 < minPoints)
                {
                    _keep[far] = true;
                    kept++;
                    _stack[top++] = far; _stack[top++] = b;
                    _stack[top++] = a; _stack[top++] = far;
                }
            }
            var w = 0;
            for (var k = 0; k < _count; k++)
                if (_keep[k]) { _x[w] = _x[k]; _y[w] = _y[k]; w++; }
            _count = w;
        }

        private static double SegmentDistance2(double px, double py, double ax, double ay, double bx, double by)
        {
            var (dx, dy) = (bx - ax, by - ay);
            var length2 = dx * dx + dy * dy;
            var t = length2 == 0 ? 0 : Math.Clamp(((px - ax) * dx + (py - ay) * dy) / length2, 0, 1);
            var (ex, ey) = (px - ax - t * dx, py - ay - t * dy);
            return ex * ex + ey * ey;
        }

        /// <summary>Sutherland–Hodgman against the square [lo, hi]² (the tile and its buffer), skipped when the ring is inside.</summary>
        public void Clip(double lo, double hi)
        {
            var inside = true;
            for (var k = 0; k < _count && inside; k++) inside = _x[k] >= lo && _x[k] <= hi && _y[k] >= lo && _y[k] <= hi;
            if (inside || _count < 3) return;
            for (var edge = 0; edge < 4 && _count > 0; edge++)
            {
                Grow(ref _x2, 2 * _count + 2); Grow(ref _y2, 2 * _count + 2);
                var w = 0;
                // The open ring (the closing vertex repeats the first).
                var m = _count - 1;
                for (var k = 0; k < m; k++)
                {
                    var (ax, ay) = (_x[(k + m - 1) % m], _y[(k + m - 1) % m]);
                    var (bx, by) = (_x[k], _y[k]);
                    var (aIn, bIn) = (In(edge, ax, ay, lo, hi), In(edge, bx, by, lo, hi));
                    if (bIn)
                    {
                        if (!aIn) Cross(edge, ax, ay, bx, by, lo, hi, ref w);
                        _x2[w] = bx; _y2[w] = by; w++;
                    }
                    else if (aIn) Cross(edge, ax, ay, bx, by, lo, hi, ref w);
                }
                if (w > 0) { _x2[w] = _x2[0]; _y2[w] = _y2[0]; w++; }
                (_x, _x2) = (_x2, _x);
                (_y, _y2) = (_y2, _y);
                _count = w;
            }
        }

        private static bool In(int edge, double x, double y, double lo, double hi) => edge switch
        {
            0 => x >= lo, 1 => x <= hi, 2 => y >= lo, _ => y <= hi,
        };

        private void Cross(int edge, double ax, double ay, double bx, double by, double lo, double hi, ref int w)
        {
            var t = edge switch
            {
                0 => (lo - ax) / (bx - ax), 1 => (hi - ax) / (bx - ax), 2 => (lo - ay) / (by - ay), _ => (hi - ay) / (by - ay),
            };
            _x2[w] = edge is 0 or 1 ? (edge == 0 ? lo : hi) : ax + t * (bx - ax);
            _y2[w] = edge is 2 or 3 ? (edge == 2 ? lo : hi) : ay + t * (by - ay);
            w++;
        }

        /// <summary>
        /// Snaps to whole units (round half to even, as PostGIS's grid), drops repeated vertices, and writes MoveTo, LineTo,
        /// ClosePath (§4.3): false when fewer than three vertices or no area remain (the ring collapsed).
        /// </summary>
        public bool Encode(List<uint> geometry, bool outer, ref int cursorX, ref int cursorY)
        {
            if (_count < 4) return false;
            Grow(ref _ix, _count); Grow(ref _iy, _count);
            var m = 0;
            for (var k = 0; k < _count - 1; k++)
            {
                var (px, py) = ((int)Math.Round(_x[k]), (int)Math.Round(_y[k]));
                if (m > 0 && _ix[m - 1] == px && _iy[m - 1] == py) continue;
                _ix[m] = px; _iy[m] = py; m++;
            }
            while (m > 1 && _ix[m - 1] == _ix[0] && _iy[m - 1] == _iy[0]) m--;
            if (m < 3) return false;
            long area2 = 0;
            for (var k = 0; k < m; k++)
            {
                var j = k + 1 == m ? 0 : k + 1;
                area2 += (long)_ix[k] * _iy[j] - (long)_ix[j] * _iy[k];
            }
            if (area2 == 0) return false;
            var reverse = outer ? area2 < 0 : area2 > 0;
            geometry.Add(Command(1, 1));
            for (var k = 0; k < m; k++)
            {
                var at = reverse ? (m - k) % m : k;
                if (k == 1) geometry.Add(Command(2, m - 1));
                geometry.Add(ZigZag(_ix[at] - cursorX));
                geometry.Add(ZigZag(_iy[at] - cursorY));
                (cursorX, cursorY) = (_ix[at], _iy[at]);
            }
            geometry.Add(Command(7, 1));
            return true;
        }
    }
}
