using System.Buffers;

namespace LandMap.Api.Tiles;

/// <summary>
/// The pooled outlines of one parcel tile (<see cref="ParcelTileBuilder"/>), as the SQL tile pools them
/// (<see cref="TilesQueries.Tile"/>): each outline under <see cref="TilesQueries.PoolPixels"/> pixels both ways covers the
/// pixels of its box, and counts in the pixel of its centre. A pixel takes the status most of the outlines covering it
/// have (ties: the first in text order); a row's adjacent pixels of one status are one run, written as one rectangle
/// with that status and the number of outlines centred in it (<c>count</c>, 0 for a run only covered). Pixels are those
/// of the tile and its buffer: a side of <c>Side</c> pixels, the tile's first pixel at (margin, margin).
/// </summary>
internal sealed class PooledPixels(int side, int statusCount) : IDisposable
{
    private readonly int[] _cover = Rent(side * side * statusCount);
    private readonly int[] _centres = Rent(side * side);

    /// <summary>The rows any outline covered: only these can hold a run (most tiles pool a few rows, or none).</summary>
    private int _firstRow = int.MaxValue, _lastRow = -1;

    private static int[] Rent(int length)
    {
        var array = ArrayPool<int>.Shared.Rent(length);
        Array.Clear(array, 0, length);
        return array;
    }

    /// <summary>One outline: its box's columns and rows (pixel indexes of the buffered tile, rows down), its centre's pixel.</summary>
    public void Add(int status, double column0, double column1, double row0, double row1, double centreColumn, double centreRow)
    {
        var (c0, c1) = ((int)Math.Max(0, column0), (int)Math.Min(side - 1, column1));
        var (r0, r1) = ((int)Math.Max(0, row0), (int)Math.Min(side - 1, row1));
        (_firstRow, _lastRow) = (Math.Min(_firstRow, r0), Math.Max(_lastRow, r1));
        for (var r = r0; r <= r1; r++)
            for (var c = c0; c <= c1; c++) _cover[(r * side + c) * statusCount + status]++;
        if (centreColumn >= 0 && centreColumn < side && centreRow >= 0 && centreRow < side) _centres[(int)centreRow * side + (int)centreColumn]++;
    }

    /// <summary>The status a pixel is drawn in, or −1 when no pooled outline covers it.</summary>
    private int StatusOf(int pixel)
    {
        var at = pixel * statusCount;
        var (best, most) = (-1, 0);
        for (var s = 0; s < statusCount; s++)
            if (_cover[at + s] > most) (best, most) = (s, _cover[at + s]);
        return best;
    }

    /// <summary>Writes the runs, row by row, clockwise on screen from each run's top-left corner.</summary>
    public void Write(MvtLayerWriter writer, int pixelUnits, int margin, Func<int, uint> statusValue)
    {
        Span<uint> rectangle = stackalloc uint[11];
        for (var row = _firstRow; row <= _lastRow; row++)
        {
            var column = 0;
            var status = StatusOf(row * side);
            while (column < side)
            {
                if (status < 0) { column++; if (column < side) status = StatusOf(row * side + column); continue; }
                var (first, count, runStatus) = (column, 0L, status);
                do
                {
                    count += _centres[row * side + column];
                    column++;
                    status = column < side ? StatusOf(row * side + column) : -1;
                } while (status == runStatus);
                var (left, top, width) = ((first - margin) * pixelUnits, (row - margin) * pixelUnits, (column - first) * pixelUnits);
                rectangle[0] = ParcelTileBuilder.Command(1, 1); rectangle[1] = ParcelTileBuilder.ZigZag(left); rectangle[2] = ParcelTileBuilder.ZigZag(top);
                rectangle[3] = ParcelTileBuilder.Command(2, 3);
                rectangle[4] = ParcelTileBuilder.ZigZag(width); rectangle[5] = ParcelTileBuilder.ZigZag(0);
                rectangle[6] = ParcelTileBuilder.ZigZag(0); rectangle[7] = ParcelTileBuilder.ZigZag(pixelUnits);
                rectangle[8] = ParcelTileBuilder.ZigZag(-width); rectangle[9] = ParcelTileBuilder.ZigZag(0);
                rectangle[10] = ParcelTileBuilder.Command(7, 1);
                writer.Tag(1, statusValue(runStatus));
                writer.Tag(4, writer.Count((ulong)count));
                writer.Feature(rectangle);
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_cover);
        ArrayPool<int>.Shared.Return(_centres);
    }
}
