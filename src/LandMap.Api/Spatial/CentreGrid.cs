namespace LandMap.Api.Spatial;

/// <summary>
/// A grid of lon/lat cells over a set of boxes, for the in-memory copies of the parcels (the vector tiles'
/// <c>Tiles/ParcelOutlines</c>, the item pages' <c>Collections/Memory/ParcelItems</c>): each box is listed in the cell of its
/// centre, so the boxes a view may touch are those of the cells around it, and one grid row is one run of a sorted array.
/// Boxes wider or taller than a cell are listed after the gridded ones (from <see cref="LargeFirst"/>) and checked for every
/// view. Cells are 0.01° (about 1 km) over the data's extent, coarser when that would pass 4 million cells.
/// </summary>
public sealed class CentreGrid
{
    private const double FinestCell = 0.01;
    private const double MaxCells = 4_000_000;

    public required double Cell { get; init; }
    public required double OriginLon { get; init; }
    public required double OriginLat { get; init; }
    public required int Columns { get; init; }
    public required int Rows { get; init; }
    /// <summary>In the sorted order, the boxes of cell (row, column) are CellFirst[row·Columns + column] … CellFirst[… + 1] − 1.</summary>
    public required int[] CellFirst { get; init; }
    public required int LargeFirst { get; init; }

    /// <summary>
    /// The grid over <paramref name="count"/> boxes (<paramref name="box"/>(i): west, south, east, north in degrees) and
    /// the order that sorts them by cell: <c>Order[k]</c> is the box at sorted position k.
    /// </summary>
    public static (CentreGrid Grid, int[] Order) Build(int count, Func<int, (double West, double South, double East, double North)> box)
    {
        var boxes = new (double West, double South, double East, double North)[count];
        for (var i = 0; i < count; i++) boxes[i] = box(i);
        var (west, south, east, north) = count == 0 ? (0.0, 0.0, 0.0, 0.0)
            : (boxes.Min(b => b.West), boxes.Min(b => b.South), boxes.Max(b => b.East), boxes.Max(b => b.North));
        var cell = Math.Max(FinestCell, Math.Sqrt((east - west) * (north - south) / MaxCells));
        var columns = Math.Max(1, (int)Math.Ceiling((east - west) / cell) + 1);
        var rows = Math.Max(1, (int)Math.Ceiling((north - south) / cell) + 1);
        var cells = columns * rows;
        var key = new long[count];
        for (var i = 0; i < count; i++)
        {
            var b = boxes[i];
            var large = b.East - b.West > cell || b.North - b.South > cell;
            var c = (int)Math.Floor(((b.West + b.East) / 2 - west) / cell);
            var r = (int)Math.Floor(((b.South + b.North) / 2 - south) / cell);
            key[i] = large ? cells : (long)Math.Clamp(r, 0, rows - 1) * columns + Math.Clamp(c, 0, columns - 1);
        }
        var order = Enumerable.Range(0, count).ToArray();
        Array.Sort(key, order);
        var cellFirst = new int[cells + 1];
        var largeFirst = count;
        for (int i = 0, k = 0; k <= cells; k++)
        {
            while (i < count && key[i] < k) i++;
            cellFirst[k] = i;
            if (k == cells) largeFirst = i;
        }
        return (new CentreGrid
        {
            Cell = cell, OriginLon = west, OriginLat = south, Columns = columns, Rows = rows, CellFirst = cellFirst, LargeFirst = largeFirst,
        }, order);
    }

    /// <summary>The cells a lon/lat box may hold gridded boxes of: a gridded box's centre is in its cell and it is at most a cell wide.</summary>
    public (int Row0, int Row1, int Col0, int Col1) CellsOf(double west, double south, double east, double north)
    {
        var c0 = (int)Math.Floor((west - Cell - OriginLon) / Cell);
        var c1 = (int)Math.Floor((east + Cell - OriginLon) / Cell);
        var r0 = (int)Math.Floor((south - Cell - OriginLat) / Cell);
        var r1 = (int)Math.Floor((north + Cell - OriginLat) / Cell);
        return (Math.Max(0, r0), Math.Min(Rows - 1, r1), Math.Max(0, c0), Math.Min(Columns - 1, c1));
    }

    /// <summary>The sorted positions [From, To) of the gridded boxes in cells Col0 … Col1 of one grid row.</summary>
    public (int From, int To) Run(int row, int col0, int col1) => (CellFirst[row * Columns + col0], CellFirst[row * Columns + col1 + 1]);
}
