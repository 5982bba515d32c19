namespace LandMap.Api.Tiles;

/// <summary>
/// The pooled pixels of whole zooms, made once per snapshot of <see cref="ParcelOutlines"/> (issue 11: a z8 tile over
/// the peer harness's million parcels pools half a million outlines, each visited per request). For each zoom from
/// <see cref="MinZoom"/> to <see cref="MaxZoom"/>: every pooled cell (<see cref="TilesQueries.CellPixels"/>; "pixel"
/// below) the zoom's small outlines cover (<see cref="ParcelTileBuilder.Small"/>,
/// <see cref="ParcelTileBuilder.Pixels"/>), with per status how many cover it and how many are centred in it; and the
/// parcels that are not small at that zoom. A tile filtered by status alone copies its window (the tile and its buffer)
/// from here and visits only those other parcels. It is the tile that visits every parcel, byte for byte (tests):
/// whether an outline is small and which pixels it covers depend on the zoom alone, and a tile takes every parcel
/// meeting its buffer (<see cref="TilesQueries.Tile"/>), so the pooled parcels of a tile are exactly those with a pixel
/// in its window.
/// </summary>
internal sealed class PooledPyramid
{
    /// <summary>
    /// The zooms held: below 8 the page draws no parcel tile at a million parcels' density either way (a z8 tile covers a
    /// province's city), and from 11 most of the harness's parcels are outlines (four pixels at z11 are ~300 m).
    /// </summary>
    public const int MinZoom = 8, MaxZoom = 10;

    private readonly Level[] _levels;

    private PooledPyramid(Level[] levels) => _levels = levels;

    public Level? At(int z) => z is >= MinZoom and <= MaxZoom ? _levels[z - MinZoom] : null;

    /// <summary>Bytes held (the log's figure).</summary>
    public long Bytes => _levels.Sum(l => 4L * (l.RowStart.Length + l.Columns.Length + l.Cover.Length + l.Centred.Length + l.Outlines.Length));

    public static PooledPyramid Build(ParcelOutlines o)
    {
        var levels = new Level[MaxZoom - MinZoom + 1];
        Parallel.For(MinZoom, MaxZoom + 1, z => levels[z - MinZoom] = Level.Build(o, z));
        return new PooledPyramid(levels);
    }

    /// <summary>One zoom: its covered pixels row by row (rows numbered up, columns ascending), and its other parcels.</summary>
    internal sealed class Level
    {
        private const long Bias = 1L << 30; // pixel indexes of zooms up to 10 lie within ±2^17

        private static int StatusCount => ParcelOutlines.StatusOrder.Length;

        /// <summary>The first row (global pixel row, numbered up from the equator); row r's pixels are RowStart[r − FirstRow] … RowStart[r − FirstRow + 1] − 1.</summary>
        public long FirstRow { get; private init; }
        public int[] RowStart { get; private init; } = [];
        public int[] Columns { get; private init; } = [];
        /// <summary>Per pixel and status (pixel · statuses + status): outlines covering it, and outlines centred in it.</summary>
        public int[] Cover { get; private init; } = [];
        public int[] Centred { get; private init; } = [];
        /// <summary>The parcels not small at this zoom, ascending (the order a tile's grid visits them in).</summary>
        public int[] Outlines { get; private init; } = [];

        public static Level Build(ParcelOutlines o, int z)
        {
            var statusCount = StatusCount;
            var (pixelLon, pixel) = ParcelTileBuilder.PixelSize(z);
            var entries = new Dictionary<long, int>();
            var cover = new List<int>();
            var centred = new List<int>();
            var outlines = new List<int>();
            int Entry(double y, double column)
            {
                var key = ((long)y + Bias) << 32 | ((long)column + Bias);
                if (entries.TryGetValue(key, out var e)) return e;
                entries[key] = e = entries.Count;
                for (var s = 0; s < statusCount; s++) { cover.Add(0); centred.Add(0); }
                return e;
            }
            for (var i = 0; i < o.Count; i++)
            {
                var status = o.Statuses[i];
                if (status >= statusCount) continue; // a status outside the order: in no tile
                if (!ParcelTileBuilder.Small(o, i, pixelLon, pixel)) { outlines.Add(i); continue; }
                var (column0, column1, y0, y1, centreColumn, centreY) = ParcelTileBuilder.Pixels(o, i, pixel * TilesQueries.CellPixels(z));
                for (var y = y0; y <= y1; y++)
                    for (var column = column0; column <= column1; column++)
                        cover[Entry(y, column) * statusCount + status]++;
                centred[Entry(centreY, centreColumn) * statusCount + status]++;
            }

            var keys = entries.Keys.ToArray();
            Array.Sort(keys);
            var (firstRow, lastRow) = keys.Length == 0 ? (0L, -1L) : ((keys[0] >> 32) - Bias, (keys[^1] >> 32) - Bias);
            var rowStart = new int[lastRow - firstRow + 2];
            var columns = new int[keys.Length];
            var (sortedCover, sortedCentred) = (new int[keys.Length * statusCount], new int[keys.Length * statusCount]);
            for (var k = 0; k < keys.Length; k++)
            {
                var e = entries[keys[k]];
                rowStart[(keys[k] >> 32) - Bias - firstRow + 1]++;
                columns[k] = (int)((keys[k] & 0xFFFFFFFFL) - Bias);
                for (var s = 0; s < statusCount; s++)
                    (sortedCover[k * statusCount + s], sortedCentred[k * statusCount + s]) = (cover[e * statusCount + s], centred[e * statusCount + s]);
            }
            for (var r = 1; r < rowStart.Length; r++) rowStart[r] += rowStart[r - 1];
            return new Level
            {
                FirstRow = firstRow, RowStart = rowStart, Columns = columns, Cover = sortedCover, Centred = sortedCentred,
                Outlines = [.. outlines],
            };
        }

        /// <summary>
        /// Adds the allowed statuses' pixels of a window of <paramref name="side"/> × <paramref name="side"/> pixels into a
        /// tile's pooled pixels (made by <paramref name="create"/> at the first pixel): window column 0 is the zoom's column
        /// <paramref name="firstColumn"/>, window row 0 its row <paramref name="topRow"/>, rows going down.
        /// </summary>
        public PooledPixels? Fill(PooledPixels? pooled, Func<PooledPixels> create, bool[] statusAllowed, long firstColumn, long topRow, int side)
        {
            var lastColumn = firstColumn + side - 1;
            var (from, to) = (Math.Max(topRow - side + 1, FirstRow), Math.Min(topRow, FirstRow + RowStart.Length - 2));
            for (var y = from; y <= to; y++)
            {
                var (start, end) = (RowStart[y - FirstRow], RowStart[y - FirstRow + 1]);
                var k = Array.BinarySearch(Columns, start, end - start, (int)firstColumn);
                if (k < 0) k = ~k;
                var row = (int)(topRow - y);
                for (; k < end && Columns[k] <= lastColumn; k++)
                {
                    var column = (int)(Columns[k] - firstColumn);
                    for (var s = 0; s < StatusCount; s++)
                    {
                        var c = Cover[k * StatusCount + s];
                        if (c == 0 || !statusAllowed[s]) continue;
                        pooled ??= create();
                        pooled.AddPixel(s, row, column, c, Centred[k * StatusCount + s]);
                    }
                }
            }
            return pooled;
        }
    }
}
