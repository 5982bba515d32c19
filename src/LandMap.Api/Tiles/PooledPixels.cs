using System.Buffers;

namespace LandMap.Api.Tiles;

/// <summary>
/// The pooled outlines of one parcel tile (<see cref="ParcelTileBuilder"/>), as the SQL tile pools them
/// (<see cref="TilesQueries.Tile"/>): each outline under <see cref="TilesQueries.PoolPixels"/> pixels both ways covers the
/// pixels of its box, and counts in the pixel of its centre. A pixel takes the status most of the outlines covering it
/// have (ties: the first in text order); a row's adjacent pixels of one status are one run, a rectangle; a row's runs of
/// one status go out as one feature with that status and the number of outlines centred in them (<c>count</c>, 0 for runs
/// only covered). Pixels are those
/// of the tile and its buffer: a side of <c>Side</c> pixels, the tile's first pixel at (margin, margin).
/// </summary>
internal sealed class PooledPixels(int side, int statusCount) : IDisposable
{
    /// <summary>
    /// Per pixel and status, how many outlines cover it, kept as a two-dimensional difference table until
    /// <see cref="Write"/> sums it: an outline costs four additions, not one per pixel of its box (a crowded z11 tile pools
    /// tens of thousands of outlines of up to a hundred pixels each). One more row and column than the pixels, for the
    /// corners past the last ones.
    /// </summary>
    private readonly int[] _cover = Rent((side + 1) * (side + 1) * statusCount);
    private readonly int[] _centres = Rent(side * side);

    /// <summary>The rows and columns any outline covered: only these can hold a run (most tiles pool a few rows, or none).</summary>
    private int _firstRow = int.MaxValue, _lastRow = -1, _firstColumn = int.MaxValue, _lastColumn = -1;

    private static int[] Rent(int length)
    {
        var array = ArrayPool<int>.Shared.Rent(length);
        Array.Clear(array, 0, length);
        return array;
    }

    private int At(int row, int column) => (row * (side + 1) + column) * statusCount;

    /// <summary>One outline: its box's columns and rows (pixel indexes of the buffered tile, rows down), its centre's pixel.</summary>
    public void Add(int status, double column0, double column1, double row0, double row1, double centreColumn, double centreRow)
    {
        var (c0, c1) = ((int)Math.Max(0, column0), (int)Math.Min(side - 1, column1));
        var (r0, r1) = ((int)Math.Max(0, row0), (int)Math.Min(side - 1, row1));
        if (c0 <= c1 && r0 <= r1)
        {
            (_firstRow, _lastRow) = (Math.Min(_firstRow, r0), Math.Max(_lastRow, r1));
            (_firstColumn, _lastColumn) = (Math.Min(_firstColumn, c0), Math.Max(_lastColumn, c1));
            _cover[At(r0, c0) + status]++;
            _cover[At(r0, c1 + 1) + status]--;
            _cover[At(r1 + 1, c0) + status]--;
            _cover[At(r1 + 1, c1 + 1) + status]++;
        }
        if (centreColumn >= 0 && centreColumn < side && centreRow >= 0 && centreRow < side) _centres[(int)centreRow * side + (int)centreColumn]++;
    }

    /// <summary>
    /// <paramref name="cover"/> outlines of one status covering one pixel, and <paramref name="centred"/> outlines centred in
    /// it (<see cref="PooledPyramid"/>: pixels inside the tile and its buffer).
    /// </summary>
    public void AddPixel(int status, int row, int column, int cover, int centred)
    {
        (_firstRow, _lastRow) = (Math.Min(_firstRow, row), Math.Max(_lastRow, row));
        (_firstColumn, _lastColumn) = (Math.Min(_firstColumn, column), Math.Max(_lastColumn, column));
        _cover[At(row, column) + status] += cover;
        _cover[At(row, column + 1) + status] -= cover;
        _cover[At(row + 1, column) + status] -= cover;
        _cover[At(row + 1, column + 1) + status] += cover;
        _centres[row * side + column] += centred;
    }

    /// <summary>
    /// Turns the difference table into counts over the covered rows and columns: a running sum along each row (each status
    /// a stride of <c>statusCount</c>), then each row plus the one above it, a vector at a time.
    /// </summary>
    private void Sum()
    {
        var (from, length) = (_firstColumn * statusCount, (_lastColumn - _firstColumn + 1) * statusCount);
        var cover = _cover.AsSpan();
        for (var row = _firstRow; row <= _lastRow; row++)
        {
            var line = cover.Slice(row * (side + 1) * statusCount + from, length);
            for (var k = statusCount; k < line.Length; k++) line[k] += line[k - statusCount];
            if (row == _firstRow) continue;
            var above = cover.Slice((row - 1) * (side + 1) * statusCount + from, length);
            var k2 = 0;
            for (; k2 + System.Numerics.Vector<int>.Count <= line.Length; k2 += System.Numerics.Vector<int>.Count)
                (new System.Numerics.Vector<int>(line[k2..]) + new System.Numerics.Vector<int>(above[k2..])).CopyTo(line[k2..]);
            for (; k2 < line.Length; k2++) line[k2] += above[k2];
        }
    }

    /// <summary>
    /// Writes the runs row by row: a row's runs of one status are one feature, a multipolygon of their rectangles from west
    /// to east (each clockwise on screen from its top-left corner), with that status and the outlines centred in them.
    /// Runs of one status in one row never touch (adjacent pixels of one status are one run), so the multipolygon is valid.
    /// </summary>
    public void Write(MvtLayerWriter writer, int pixelUnits, int margin, int statusKey, int countKey, Func<int, uint> statusValue)
    {
        if (_lastRow < 0) return;
        Sum();
        var geometry = new List<uint>[statusCount];
        var centred = new long[statusCount];
        var cursors = new (int X, int Y)[statusCount];
        for (var s = 0; s < statusCount; s++) geometry[s] = new List<uint>(64);
        // A row's statuses, one past the last column (−1) so that every run ends inside the buffer.
        Span<sbyte> statuses = stackalloc sbyte[side + 1];
        statuses.Fill(-1);
        for (var row = _firstRow; row <= _lastRow; row++)
        {
            var line = _cover.AsSpan(row * (side + 1) * statusCount, (side + 1) * statusCount);
            for (var column = _firstColumn; column <= _lastColumn; column++)
            {
                var counts = line.Slice(column * statusCount, statusCount);
                var (best, most) = (-1, 0);
                for (var s = 0; s < counts.Length; s++)
                    if (counts[s] > most) (best, most) = (s, counts[s]);
                statuses[column] = (sbyte)best;
            }
            var centres = _centres.AsSpan(row * side, side);
            for (var column = _firstColumn; column <= _lastColumn;)
            {
                var runStatus = statuses[column];
                if (runStatus < 0) { column++; continue; }
                var (first, count) = (column, 0L);
                do count += centres[column++];
                while (statuses[column] == runStatus);
                var (left, top, width) = ((first - margin) * pixelUnits, (row - margin) * pixelUnits, (column - first) * pixelUnits);
                var g = geometry[runStatus];
                var (x, y) = cursors[runStatus];
                // MoveTo the run's top-left corner, LineTo its three other corners (east, south, west), ClosePath.
                var at = g.Count;
                System.Runtime.InteropServices.CollectionsMarshal.SetCount(g, at + 11);
                var w = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(g)[at..];
                (w[0], w[1], w[2], w[3]) = (ParcelTileBuilder.Command(1, 1), ParcelTileBuilder.ZigZag(left - x), ParcelTileBuilder.ZigZag(top - y), ParcelTileBuilder.Command(2, 3));
                (w[4], w[5], w[6], w[7]) = (ParcelTileBuilder.ZigZag(width), 0, 0, ParcelTileBuilder.ZigZag(pixelUnits));
                (w[8], w[9], w[10]) = (ParcelTileBuilder.ZigZag(-width), 0, ParcelTileBuilder.Command(7, 1));
                cursors[runStatus] = (left, top + pixelUnits);
                centred[runStatus] += count;
            }
            for (var s = 0; s < statusCount; s++)
            {
                if (geometry[s].Count == 0) continue;
                writer.Tag(statusKey, statusValue(s));
                writer.Tag(countKey, writer.Count((ulong)centred[s]));
                writer.Feature(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(geometry[s]));
                geometry[s].Clear();
                (centred[s], cursors[s]) = (0, (0, 0));
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_cover);
        ArrayPool<int>.Shared.Return(_centres);
    }
}
