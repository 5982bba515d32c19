using System.Buffers;
using System.Numerics;

namespace LandMap.Api.Tiles;

/// <summary>
/// The pooled outlines of one parcel tile (<see cref="ParcelTileBuilder"/>), as the SQL tile pools them
/// (<see cref="TilesQueries.Tile"/>): each outline under <see cref="TilesQueries.PoolPixels"/> pixels both ways covers the
/// pixels of its box, and counts in the pixel of its centre. A pixel takes the status most of the outlines covering it
/// have (ties: the first in text order); a row's adjacent pixels of one status are one run, a rectangle; a row's runs of
/// one status go out as one feature with that status and the number of outlines centred in them (<c>count</c>, 0 for runs
/// only covered). Its "pixels" are the zoom's pooled cells (<see cref="TilesQueries.CellPixels"/> pixels a side), those
/// of the tile and its buffer: a side of <c>side</c> cells, the tile's first cell at (margin, margin).
/// </summary>
internal sealed class PooledPixels : IDisposable
{
    private readonly int _side, _statusCount, _stride, _plane;

    /// <summary>
    /// Per status and pixel, how many outlines cover it, kept as a two-dimensional difference table until
    /// <see cref="Write"/> sums it: an outline costs four additions, not one per pixel of its box (a crowded z11 tile pools
    /// tens of thousands of outlines of up to a hundred pixels each). One plane per status (only the statuses met are
    /// cleared, summed and compared), one more row and column than the pixels, for the corners past the last ones.
    /// </summary>
    private readonly int[] _cover;
    private readonly int[] _centres;
    private int _used; // a bit per status met

    /// <summary>The rows and columns any outline covered: only these can hold a run (most tiles pool a few rows, or none).</summary>
    private int _firstRow = int.MaxValue, _lastRow = -1, _firstColumn = int.MaxValue, _lastColumn = -1;

    public PooledPixels(int side, int statusCount)
    {
        (_side, _statusCount, _stride) = (side, statusCount, side + 1);
        _plane = _stride * _stride;
        _cover = ArrayPool<int>.Shared.Rent(_plane * statusCount);
        _centres = ArrayPool<int>.Shared.Rent(side * side);
        Array.Clear(_centres, 0, side * side);
    }

    /// <summary>The status's plane, cleared the first time the status is met.</summary>
    private Span<int> Plane(int status)
    {
        var plane = _cover.AsSpan(status * _plane, _plane);
        if ((_used & (1 << status)) == 0)
        {
            plane.Clear();
            _used |= 1 << status;
        }
        return plane;
    }

    /// <summary>One outline: its box's columns and rows (cell indexes of the buffered tile, rows down), its centre's cell.</summary>
    public void Add(int status, double column0, double column1, double row0, double row1, double centreColumn, double centreRow)
    {
        var (c0, c1) = ((int)Math.Max(0, column0), (int)Math.Min(_side - 1, column1));
        var (r0, r1) = ((int)Math.Max(0, row0), (int)Math.Min(_side - 1, row1));
        if (c0 <= c1 && r0 <= r1)
        {
            (_firstRow, _lastRow) = (Math.Min(_firstRow, r0), Math.Max(_lastRow, r1));
            (_firstColumn, _lastColumn) = (Math.Min(_firstColumn, c0), Math.Max(_lastColumn, c1));
            var plane = Plane(status);
            plane[r0 * _stride + c0]++;
            plane[r0 * _stride + c1 + 1]--;
            plane[(r1 + 1) * _stride + c0]--;
            plane[(r1 + 1) * _stride + c1 + 1]++;
        }
        if (centreColumn >= 0 && centreColumn < _side && centreRow >= 0 && centreRow < _side) _centres[(int)centreRow * _side + (int)centreColumn]++;
    }

    /// <summary>
    /// <paramref name="cover"/> outlines of one status covering one pixel, and <paramref name="centred"/> outlines centred in
    /// it (<see cref="PooledPyramid"/>: pixels inside the tile and its buffer).
    /// </summary>
    public void AddPixel(int status, int row, int column, int cover, int centred)
    {
        (_firstRow, _lastRow) = (Math.Min(_firstRow, row), Math.Max(_lastRow, row));
        (_firstColumn, _lastColumn) = (Math.Min(_firstColumn, column), Math.Max(_lastColumn, column));
        var plane = Plane(status);
        var at = row * _stride + column;
        plane[at] += cover;
        plane[at + 1] -= cover;
        plane[at + _stride] -= cover;
        plane[at + _stride + 1] += cover;
        _centres[row * _side + column] += centred;
    }

    /// <summary>
    /// Turns each status's difference table into counts over the covered rows and columns: a running sum along each row,
    /// then each row plus the one above it, a vector at a time.
    /// </summary>
    private void Sum()
    {
        var (from, length) = (_firstColumn, _lastColumn - _firstColumn + 1);
        for (var s = 0; s < _statusCount; s++)
        {
            if ((_used & (1 << s)) == 0) continue;
            var cover = _cover.AsSpan(s * _plane, _plane);
            for (var row = _firstRow; row <= _lastRow; row++)
            {
                var line = cover.Slice(row * _stride + from, length);
                for (var k = 1; k < line.Length; k++) line[k] += line[k - 1];
                if (row == _firstRow) continue;
                var above = cover.Slice((row - 1) * _stride + from, length);
                var k2 = 0;
                for (; k2 + Vector<int>.Count <= line.Length; k2 += Vector<int>.Count)
                    (new Vector<int>(line[k2..]) + new Vector<int>(above[k2..])).CopyTo(line[k2..]);
                for (; k2 < line.Length; k2++) line[k2] += above[k2];
            }
        }
    }

    /// <summary>
    /// Writes the runs row by row: a row's runs of one status are one feature, a multipolygon of their rectangles from west
    /// to east (each clockwise on screen from its top-left corner), with that status and the outlines centred in them.
    /// Runs of one status in one row never touch (adjacent pixels of one status are one run), so the multipolygon is valid.
    /// </summary>
    public void Write(MvtLayerWriter writer, int cellUnits, int margin, int statusKey, int countKey, Func<int, uint> statusValue)
    {
        if (_lastRow < 0) return;
        Sum();
        var geometry = new List<uint>[_statusCount];
        var centred = new long[_statusCount];
        var cursors = new (int X, int Y)[_statusCount];
        for (var s = 0; s < _statusCount; s++) geometry[s] = new List<uint>(64);
        // A row's statuses (the one most outlines covering a pixel have, the first in order on a tie; −1: none), one past
        // the last column (−1) so that every run ends inside the buffer.
        var statuses = new int[_side + 1 + Vector<int>.Count];
        var most = new int[_side + Vector<int>.Count];
        Array.Fill(statuses, -1);
        var width = _lastColumn - _firstColumn + 1;
        for (var row = _firstRow; row <= _lastRow; row++)
        {
            Array.Clear(most);
            Array.Fill(statuses, -1, _firstColumn, width);
            for (var s = 0; s < _statusCount; s++)
            {
                if ((_used & (1 << s)) == 0) continue;
                var line = _cover.AsSpan(s * _plane + row * _stride, _stride);
                var status = new Vector<int>(s);
                var column = _firstColumn;
                for (; column + Vector<int>.Count <= _lastColumn + 1; column += Vector<int>.Count)
                {
                    var counts = new Vector<int>(line[column..]);
                    var best = new Vector<int>(most, column);
                    var more = Vector.GreaterThan(counts, best);
                    Vector.ConditionalSelect(more, counts, best).CopyTo(most, column);
                    Vector.ConditionalSelect(more, status, new Vector<int>(statuses, column)).CopyTo(statuses, column);
                }
                for (; column <= _lastColumn; column++)
                    if (line[column] > most[column]) (most[column], statuses[column]) = (line[column], s);
            }
            var centres = _centres.AsSpan(row * _side, _side);
            for (var column = _firstColumn; column <= _lastColumn;)
            {
                var runStatus = statuses[column];
                if (runStatus < 0) { column++; continue; }
                var (first, count) = (column, 0L);
                do count += centres[column++];
                while (statuses[column] == runStatus);
                var (left, top, runWidth) = ((first - margin) * cellUnits, (row - margin) * cellUnits, (column - first) * cellUnits);
                var g = geometry[runStatus];
                var (x, y) = cursors[runStatus];
                // MoveTo the run's top-left corner, LineTo its three other corners (east, south, west), ClosePath.
                var at = g.Count;
                System.Runtime.InteropServices.CollectionsMarshal.SetCount(g, at + 11);
                var w = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(g)[at..];
                (w[0], w[1], w[2], w[3]) = (ParcelTileBuilder.Command(1, 1), ParcelTileBuilder.ZigZag(left - x), ParcelTileBuilder.ZigZag(top - y), ParcelTileBuilder.Command(2, 3));
                (w[4], w[5], w[6], w[7]) = (ParcelTileBuilder.ZigZag(runWidth), 0, 0, ParcelTileBuilder.ZigZag(cellUnits));
                (w[8], w[9], w[10]) = (ParcelTileBuilder.ZigZag(-runWidth), 0, ParcelTileBuilder.Command(7, 1));
                cursors[runStatus] = (left, top + cellUnits);
                centred[runStatus] += count;
            }
            for (var s = 0; s < _statusCount; s++)
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
