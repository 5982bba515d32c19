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

    /// <summary>Turns the difference table into counts over the covered rows and columns (a running sum along each row, then down each column).</summary>
    private void Sum()
    {
        for (var row = _firstRow; row <= _lastRow; row++)
            for (var column = _firstColumn + 1; column <= _lastColumn; column++)
            {
                var (at, before) = (At(row, column), At(row, column - 1));
                for (var s = 0; s < statusCount; s++) _cover[at + s] += _cover[before + s];
            }
        for (var row = _firstRow + 1; row <= _lastRow; row++)
            for (var column = _firstColumn; column <= _lastColumn; column++)
            {
                var (at, above) = (At(row, column), At(row - 1, column));
                for (var s = 0; s < statusCount; s++) _cover[at + s] += _cover[above + s];
            }
    }

    /// <summary>The status a pixel is drawn in, or −1 when no pooled outline covers it (after <see cref="Sum"/>).</summary>
    private int StatusOf(int row, int column)
    {
        if (column < _firstColumn || column > _lastColumn) return -1;
        var at = At(row, column);
        var (best, most) = (-1, 0);
        for (var s = 0; s < statusCount; s++)
            if (_cover[at + s] > most) (best, most) = (s, _cover[at + s]);
        return best;
    }

    /// <summary>
    /// Writes the runs row by row: a row's runs of one status are one feature, a multipolygon of their rectangles from west
    /// to east (each clockwise on screen from its top-left corner), with that status and the outlines centred in them.
    /// Runs of one status in one row never touch (adjacent pixels of one status are one run), so the multipolygon is valid.
    /// </summary>
    public void Write(MvtLayerWriter writer, int pixelUnits, int margin, int statusKey, int countKey, Func<int, uint> statusValue)
    {
        var geometry = new List<uint>[statusCount];
        var centred = new long[statusCount];
        var cursors = new (int X, int Y)[statusCount];
        for (var s = 0; s < statusCount; s++) geometry[s] = new List<uint>(64);
        if (_lastRow >= 0) Sum();
        for (var row = _firstRow; row <= _lastRow; row++)
        {
            var column = _firstColumn;
            var status = StatusOf(row, column);
            while (column <= _lastColumn)
            {
                if (status < 0) { column++; status = StatusOf(row, column); continue; }
                var (first, count, runStatus) = (column, 0L, status);
                do
                {
                    count += _centres[row * side + column];
                    column++;
                    status = StatusOf(row, column);
                } while (status == runStatus);
                var (left, top, width) = ((first - margin) * pixelUnits, (row - margin) * pixelUnits, (column - first) * pixelUnits);
                var g = geometry[runStatus];
                var (x, y) = cursors[runStatus];
                g.Add(ParcelTileBuilder.Command(1, 1)); g.Add(ParcelTileBuilder.ZigZag(left - x)); g.Add(ParcelTileBuilder.ZigZag(top - y));
                g.Add(ParcelTileBuilder.Command(2, 3));
                g.Add(ParcelTileBuilder.ZigZag(width)); g.Add(ParcelTileBuilder.ZigZag(0));
                g.Add(ParcelTileBuilder.ZigZag(0)); g.Add(ParcelTileBuilder.ZigZag(pixelUnits));
                g.Add(ParcelTileBuilder.ZigZag(-width)); g.Add(ParcelTileBuilder.ZigZag(0));
                g.Add(ParcelTileBuilder.Command(7, 1));
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
