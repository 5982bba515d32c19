namespace LandMap.Api.Matching;

/// <summary>
/// The boxes of one chain's occupied parcels in cells of the reach (0.03°), for <see cref="LandSnapshot.NeighbourBound"/>.
/// A snapshot that follows a write shares the cells it does not change with the one before (<see cref="Copy"/>): a reader of
/// the older snapshot never sees the newer one's changes.
/// </summary>
internal sealed class SourceGrid
{
    /// <summary>ST_DWithin's reach for chain sources, in degrees (MatchingQueries.Near).</summary>
    public const double Reach = 0.03;

    private readonly Dictionary<(int, int), List<(string Code, LandSnapshot.Box Box)>> _cells;
    /// <summary>The cells whose lists this grid made itself and may change; the others are shared with the grid it was copied from.</summary>
    private readonly HashSet<(int, int)> _owned = [];
    private double _halfX, _halfY;

    public SourceGrid() => _cells = [];

    private SourceGrid(SourceGrid from) => (_cells, _halfX, _halfY) = (new(from._cells), from._halfX, from._halfY);

    /// <summary>A grid holding the same boxes, whose changes leave this one as it is.</summary>
    public SourceGrid Copy() => new(this);

    public void Add(string code, LandSnapshot.Box b)
    {
        Own(Cell((b.MinX + b.MaxX) / 2, (b.MinY + b.MaxY) / 2)).Add((code, b));
        // Half sizes only grow: after a removal they still bound every box held, which is all Sum needs.
        _halfX = Math.Max(_halfX, (b.MaxX - b.MinX) / 2);
        _halfY = Math.Max(_halfY, (b.MaxY - b.MinY) / 2);
    }

    /// <summary>Removes the box held for <paramref name="code"/>; <paramref name="b"/> is that box (it names the cell).</summary>
    public void Remove(string code, LandSnapshot.Box b)
    {
        var key = Cell((b.MinX + b.MaxX) / 2, (b.MinY + b.MaxY) / 2);
        if (!_cells.ContainsKey(key)) return;
        var list = Own(key);
        list.RemoveAll(x => x.Code == code);
        if (list.Count == 0) _cells.Remove(key);
    }

    /// <summary>Every box held, with its parcel's code.</summary>
    public IEnumerable<(string Code, LandSnapshot.Box Box)> Entries => _cells.Values.SelectMany(x => x);

    /// <summary>Σ <see cref="LandSnapshot.TermBound"/> of <paramref name="a"/> and every box held.</summary>
    public double Sum(LandSnapshot.Box a)
    {
        // Any source within reach has its centre within reach plus its half size of the parcel's box.
        var (x0, y0) = Cell(a.MinX - Reach - _halfX, a.MinY - Reach - _halfY);
        var (x1, y1) = Cell(a.MaxX + Reach + _halfX, a.MaxY + Reach + _halfY);
        var sum = 0.0;
        for (var x = x0; x <= x1; x++)
            for (var y = y0; y <= y1; y++)
                if (_cells.TryGetValue((x, y), out var list))
                    foreach (var (_, b) in list) sum += LandSnapshot.TermBound(a, b);
        return sum;
    }

    private List<(string Code, LandSnapshot.Box Box)> Own((int, int) key)
    {
        if (_owned.Contains(key)) return _cells[key];
        var list = _cells.TryGetValue(key, out var shared) ? new List<(string, LandSnapshot.Box)>(shared) : [];
        _owned.Add(key);
        return _cells[key] = list;
    }

    private static (int, int) Cell(double x, double y) => ((int)Math.Floor(x / Reach), (int)Math.Floor(y / Reach));
}
