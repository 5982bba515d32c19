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
    /// province's city); up to 12, the last overview zoom (<see cref="TilesQueries.DetailZoom"/>): of the peer harness's
    /// million parcels 61 % are small at z11 and 36 % at z12 (15 % at z13).
    /// </summary>
    public const int MinZoom = 8, MaxZoom = 12;

    private readonly Level[] _levels;

    private PooledPyramid(Level[] levels) => _levels = levels;

    public Level? At(int z) => z is >= MinZoom and <= MaxZoom ? _levels[z - MinZoom] : null;

    /// <summary>Bytes held (the log's figure).</summary>
    public long Bytes => _levels.Sum(l => l.Bytes);

    public static PooledPyramid Build(ParcelOutlines o)
    {
        var levels = new Level[MaxZoom - MinZoom + 1];
        Parallel.For(MinZoom, MaxZoom + 1, z => levels[z - MinZoom] = Level.Build(o, z));
        return new PooledPyramid(levels);
    }

    /// <summary>
    /// One zoom: its covered pixels row by row (rows numbered up, columns ascending), each with the statuses that cover it
    /// (sparse: a pixel at these zooms is covered by one to three statuses, most often one), and its other parcels.
    /// </summary>
    internal sealed class Level
    {
        /// <summary>Pixel indexes lie within ±2^21 up to zoom 14 (2^(z+8) pixels a side, halved by the origin); 23 bits each with the bias.</summary>
        private const long Bias = 1L << 22;
        private const int StatusBits = 3;

        private static int StatusCount => ParcelOutlines.StatusOrder.Length;

        /// <summary>The first row (global pixel row, numbered up from the equator); row r's pixels are RowStart[r − FirstRow] … RowStart[r − FirstRow + 1] − 1.</summary>
        public long FirstRow { get; private init; }
        public int[] RowStart { get; private init; } = [];
        public int[] Columns { get; private init; } = [];
        /// <summary>Pixel k's statuses are CountStart[k] … CountStart[k + 1] − 1 of <see cref="Statuses"/>, <see cref="Cover"/> and <see cref="Centred"/>.</summary>
        public int[] CountStart { get; private init; } = [];
        public byte[] Statuses { get; private init; } = [];
        /// <summary>Per pixel and status met there: outlines covering it, and outlines centred in it.</summary>
        public int[] Cover { get; private init; } = [];
        public int[] Centred { get; private init; } = [];
        /// <summary>The parcels not small at this zoom, ascending (the order a tile's grid visits them in).</summary>
        public int[] Outlines { get; private init; } = [];

        /// <summary>Bytes held.</summary>
        public long Bytes => 4L * (RowStart.Length + Columns.Length + CountStart.Length + Cover.Length + Centred.Length + Outlines.Length) + Statuses.Length;

        /// <summary>A pixel and a status as one sortable key: row, then column, then status.</summary>
        private static long Key(double y, double column, int status) => (((long)y + Bias) << 23 | ((long)column + Bias)) << StatusBits | (long)status;

        public static Level Build(ParcelOutlines o, int z)
        {
            if (StatusCount > 1 << StatusBits) throw new InvalidOperationException($"{StatusCount} statuses do not fit the pyramid's keys");
            var (pixelLon, pixel) = ParcelTileBuilder.PixelSize(z);
            var cell = pixel * TilesQueries.CellPixels(z);
            var counts = new Dictionary<long, (int Cover, int Centred)>();
            var outlines = new List<int>();
            for (var i = 0; i < o.Count; i++)
            {
                var status = o.Statuses[i];
                if (status >= StatusCount) continue; // a status outside the order: in no tile
                if (!ParcelTileBuilder.Small(o, i, pixelLon, pixel)) { outlines.Add(i); continue; }
                var (column0, column1, y0, y1, centreColumn, centreY) = ParcelTileBuilder.Pixels(o, i, cell);
                for (var y = y0; y <= y1; y++)
                    for (var column = column0; column <= column1; column++)
                        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, Key(y, column, status), out _).Cover++;
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, Key(centreY, centreColumn, status), out _).Centred++;
            }

            var keys = counts.Keys.ToArray();
            Array.Sort(keys);
            static long Row(long key) => (key >> (StatusBits + 23)) - Bias;
            static long PixelOf(long key) => key >> StatusBits;
            var (firstRow, lastRow) = keys.Length == 0 ? (0L, -1L) : (Row(keys[0]), Row(keys[^1]));
            var rowStart = new int[lastRow - firstRow + 2];
            var (statuses, cover, centred) = (new byte[keys.Length], new int[keys.Length], new int[keys.Length]);
            var (columns, countStart) = (new List<int>(), new List<int>());
            for (var k = 0; k < keys.Length; k++)
            {
                if (k == 0 || PixelOf(keys[k]) != PixelOf(keys[k - 1]))
                {
                    rowStart[Row(keys[k]) - firstRow + 1]++;
                    columns.Add((int)((PixelOf(keys[k]) & ((1L << 23) - 1)) - Bias));
                    countStart.Add(k);
                }
                statuses[k] = (byte)(keys[k] & ((1 << StatusBits) - 1));
                (cover[k], centred[k]) = counts[keys[k]];
            }
            countStart.Add(keys.Length);
            for (var r = 1; r < rowStart.Length; r++) rowStart[r] += rowStart[r - 1];
            return new Level
            {
                FirstRow = firstRow, RowStart = rowStart, Columns = [.. columns], CountStart = [.. countStart],
                Statuses = statuses, Cover = cover, Centred = centred, Outlines = [.. outlines],
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
                    for (var c = CountStart[k]; c < CountStart[k + 1]; c++)
                    {
                        if (Cover[c] == 0 || !statusAllowed[Statuses[c]]) continue;
                        pooled ??= create();
                        pooled.AddPixel(Statuses[c], row, column, Cover[c], Centred[c]);
                    }
                }
            }
            return pooled;
        }
    }
}
