using System.Globalization;
using LandMap.Core.Crs;
using LandMap.Core.LandUse;
using LandMap.Core.Units;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.IO;

namespace LandMap.Core.Ledgers;

/// <summary>One problem of one row: blocking ones reject the row (and, in a real run, the whole import); flags do not.</summary>
public sealed record ImportProblem(int Row, string Field, string Code, string Reason, bool Blocking = true);

/// <summary>
/// A ledger row ready to store: its code, geometry in CGCS2000 lon/lat (a MultiPolygon), the area computed from that
/// geometry in its Gauss–Krüger zone, and the values of the mapped fields by key (parsed: double, int, DateOnly,
/// LandUseCode, string[], string).
/// </summary>
public sealed record LedgerRow(int Number, string Code, MultiPolygon Geometry, double AreaM2, int CentralMeridian, IReadOnlyDictionary<string, object?> Values)
{
    public double AreaMu => Area.MuFromM2(AreaM2);
}

public sealed record LedgerRowOptions
{
    /// <summary>Repair an invalid geometry (and flag it) instead of rejecting the row.</summary>
    public bool Repair { get; init; }

    /// <summary>A ledger area further than this share from the computed one is flagged (default 5 %).</summary>
    public double AreaTolerance { get; init; } = 0.05;
}

/// <summary>
/// Turns one source row into a <see cref="LedgerRow"/> or the problems that stop it: every mapped cell parsed
/// (<see cref="Cells"/>), required fields present, numbers within the ranges the database enforces, the geometry from the
/// file or from the mapped geometry columns (WKT, lon/lat, or 界址点 "J1,X,Y;J2,X,Y…"), moved to lon/lat, polygonal,
/// valid (or repaired when asked, and flagged), inside China and inside the detected zone, and its area against the
/// ledger's (flagged beyond the tolerance).
/// </summary>
public static class LedgerRows
{
    /// <summary>Geometry columns a CSV/XLSX may have, as mapping keys and the headers recognised for them.</summary>
    public static readonly LedgerField[] GeometryColumns =
    [
        new("wkt", "WKT", "WKT", CellKind.Text, Aliases: ["geometry", "geom", "几何", "图形", "shape"]),
        new("lon", "经度", "LON", CellKind.Number, Aliases: ["lng", "longitude", "中心经度"]),
        new("lat", "纬度", "LAT", CellKind.Number, Aliases: ["latitude", "中心纬度"]),
        new("boundaryPoints", "界址点", "POINTS", CellKind.Text, Aliases: ["界址点坐标", "界址点串", "坐标串"]),
    ];

    /// <summary>Upper bounds the database enforces (migration 004), so a row fails here with its number, not in the COPY.</summary>
    private static readonly Dictionary<string, double> Max = new()
    {
        ["ledgerAreaMu"] = 1_000_000, ["ledgerAreaM2"] = 666_666_667, ["plotRatioMin"] = 20, ["plotRatioMax"] = 20, ["buildingCoverageMin"] = 100,
        ["greenRatioMax"] = 100, ["heightLimitM"] = 1000, ["minInvestmentWanPerMu"] = 1_000_000, ["minTaxWanPerMu"] = 1_000_000,
        ["powerKva"] = 10_000_000, ["priceWanPerMu"] = 1_000_000, ["totalFloorM2"] = 100_000_000, ["vacantFloorM2"] = 100_000_000,
        ["floors"] = 200, ["floorHeightM"] = 100, ["floorLoadKnM2"] = 1000, ["craneT"] = 2000, ["rentYuanM2Month"] = 10_000, ["salePriceYuanM2"] = 1_000_000,
        ["developedShare"] = 1, ["investedShare"] = 1, ["landPriceWan"] = 100_000_000,
    };

    /// <summary>Fields the database requires to be above zero (an area or a floor count of 0 is a typing error, not a value).</summary>
    private static readonly HashSet<string> Positive = ["ledgerAreaMu", "ledgerAreaM2", "totalFloorM2", "floors"];

    /// <summary>Longest text a ledger cell may hold (the database's limit for names and notes).</summary>
    public const int MaxText = 500;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4490);

    /// <summary>The row, or null when a problem blocks it; the outline in lon/lat whenever it could be read (to show a rejected row).</summary>
    public static (LedgerRow? Row, MultiPolygon? Outline, List<ImportProblem> Problems) Read(
        int number, IReadOnlyDictionary<string, string?> cells, Geometry? fileGeometry, IReadOnlyDictionary<string, string> mapping,
        IReadOnlyList<LedgerField> fields, SurveyCrs crs, LedgerRowOptions options)
    {
        var problems = new List<ImportProblem>();
        var values = new Dictionary<string, object?>();
        foreach (var f in fields)
        {
            var raw = mapping.TryGetValue(f.Key, out var header) ? cells.GetValueOrDefault(header) : null;
            var cell = Cells.Read(f.Kind, raw, f.Unit);
            if (Check(number, f, cell) is { } problem) problems.Add(problem);
            else values[f.Key] = cell.Value;
        }
        if (values.GetValueOrDefault("plotRatioMin") is double lo && values.GetValueOrDefault("plotRatioMax") is double hi && lo > hi)
            problems.Add(new(number, "plotRatioMin", "out-of-range", $"plot ratio minimum {lo} is above the maximum {hi}"));
        // Work halts only after it started (the database's parcels_halted_on_check, said here with the row's number).
        if (values.GetValueOrDefault("haltedOn") is DateOnly halted && mapping.ContainsKey("actualStartOn")
            && (values.GetValueOrDefault("actualStartOn") is not DateOnly started || started > halted))
            problems.Add(new(number, "haltedOn", "out-of-range", $"停工日期 {halted:yyyy-MM-dd} needs a 实际动工日期 on or before it"));
        var code = values.GetValueOrDefault("code") as string;

        var source = fileGeometry ?? GeometryFromCells(number, cells, mapping, problems);
        if (source is null)
        {
            if (!problems.Any(p => p.Field == "geometry")) problems.Add(new(number, "geometry", "missing", "no geometry (a shape, a WKT column, lon/lat or 界址点)"));
            return (null, null, problems);
        }
        var geometry = ToStoredGeometry(number, source, crs, options, problems);
        if (geometry is null || problems.Any(p => p.Blocking) || code is null) return (null, geometry, problems);

        var cm = GaussKruger.CentralMeridianFor(geometry.Centroid.X);
        var areaM2 = GaussKruger.AreaM2(geometry, cm);
        var ledgerMu = values.GetValueOrDefault("ledgerAreaMu") as double? ?? (values.GetValueOrDefault("ledgerAreaM2") is double m2 ? Area.MuFromM2(m2) : null);
        var mu = Area.MuFromM2(areaM2);
        if (ledgerMu is { } l && Math.Abs(l - mu) > options.AreaTolerance * mu)
            problems.Add(new(number, "ledgerAreaMu", "area-mismatch",
                $"ledger {l:0.##} 亩 against {mu:0.##} 亩 computed from the geometry ({(l - mu) / mu:+0.#%;-0.#%})", Blocking: false));
        if (ledgerMu is not null) values["ledgerAreaMu"] = ledgerMu;
        return (new LedgerRow(number, code, geometry, areaM2, cm, values), geometry, problems);
    }

    /// <summary>
    /// Why a read cell cannot be stored in its field — unreadable, required but empty, outside the range the database
    /// enforces, too long — or null. One rule for ledger imports and for edits through the API.
    /// </summary>
    public static ImportProblem? Check(int number, LedgerField f, CellValue cell)
    {
        if (cell.Problem is not null) return new(number, f.Key, "unreadable", cell.Problem);
        if (cell.Value is null && f.Required) return new(number, f.Key, "required", $"{f.HeaderZh} is required");
        if (cell.Value is double d && (d < 0 || (Max.TryGetValue(f.Key, out var max) && d > max)))
            return new(number, f.Key, "out-of-range", $"{d.ToString(CultureInfo.InvariantCulture)} is outside 0 – {Max.GetValueOrDefault(f.Key, double.MaxValue).ToString(CultureInfo.InvariantCulture)}");
        if (cell.Value is int i && (i < 0 || (Max.TryGetValue(f.Key, out var imax) && i > imax)))
            return new(number, f.Key, "out-of-range", $"{i} is outside 0 – {Max.GetValueOrDefault(f.Key)}");
        if (cell.Value is double or int && Positive.Contains(f.Key) && Convert.ToDouble(cell.Value, CultureInfo.InvariantCulture) <= 0)
            return new(number, f.Key, "out-of-range", $"{f.HeaderZh} must be greater than 0");
        if (cell.Value is string choice && f.Choices is { } allowed && !allowed.Contains(choice))
            return new(number, f.Key, "not-a-choice", $"'{choice}' is not one of {string.Join(", ", allowed)}");
        if (cell.Value is string text && text.Length > MaxText)
            return new(number, f.Key, "too-long", $"{text.Length} characters; at most {MaxText}");
        if (cell.Value is string[] list && list.FirstOrDefault(t => t.Length > MaxText) is { } longItem)
            return new(number, f.Key, "too-long", $"an item of {longItem.Length} characters; at most {MaxText}");
        return null;
    }

    /// <summary>
    /// A geometry in the file's system to the stored form — CGCS2000 lon/lat, polygonal, inside China (and the detected
    /// zone), valid or repaired when asked — or null with the reason in <paramref name="problems"/>.
    /// </summary>
    public static MultiPolygon? ToStoredGeometry(int number, Geometry source, SurveyCrs crs, LedgerRowOptions options, List<ImportProblem> problems)
    {
        Geometry g;
        try { g = crs.ToLonLat(source); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            problems.Add(new(number, "geometry", "bad-coordinates", "the coordinates cannot be transformed: " + e.Message));
            return null;
        }
        if (g is not (Polygon or MultiPolygon) || g.IsEmpty)
        {
            problems.Add(new(number, "geometry", "not-a-polygon", $"a {g.GeometryType} is not a parcel or building outline"));
            return null;
        }
        var env = g.EnvelopeInternal;
        if (env.MinX < 73 || env.MaxX > 136 || env.MinY < 3 || env.MaxY > 54)
        {
            problems.Add(new(number, "geometry", "outside-china", $"at {env.Centre.X:0.####}°E {env.Centre.Y:0.####}°N, outside China"));
            return null;
        }
        if (crs.Projected && (env.MinX < crs.CentralMeridian - crs.HalfWidthDeg - 0.1 || env.MaxX > crs.CentralMeridian + crs.HalfWidthDeg + 0.1))
        {
            problems.Add(new(number, "geometry", "outside-zone", $"at {env.Centre.X:0.####}°E, outside the detected zone (CM {crs.CentralMeridian}°E ± {crs.HalfWidthDeg}°)"));
            return null;
        }
        if (!g.IsValid)
        {
            var reason = new NetTopologySuite.Operation.Valid.IsValidOp(g).ValidationError?.Message ?? "invalid";
            if (!options.Repair)
            {
                problems.Add(new(number, "geometry", "invalid-geometry", $"{reason}; import with repair to fix it"));
                return null;
            }
            g = GeometryFixer.Fix(g);
            problems.Add(new(number, "geometry", "repaired", $"{reason}: repaired", Blocking: false));
            if (g is not (Polygon or MultiPolygon) || g.IsEmpty)
            {
                problems.Add(new(number, "geometry", "invalid-geometry", "nothing polygonal is left after repair"));
                return null;
            }
        }
        var multi = g as MultiPolygon ?? Factory.CreateMultiPolygon([(Polygon)g]);
        multi.SRID = 4490;
        return multi;
    }

    /// <summary>The geometry of a CSV/XLSX row from its WKT, lon/lat (a point: refused, parcels need outlines) or 界址点 column.</summary>
    public static Geometry? GeometryFromCells(int number, IReadOnlyDictionary<string, string?> cells, IReadOnlyDictionary<string, string> mapping, List<ImportProblem> problems)
    {
        string? Cell(string key) => mapping.TryGetValue(key, out var h) ? cells.GetValueOrDefault(h) : null;
        if (Cell("wkt") is { Length: > 0 } wkt)
        {
            try { return new WKTReader().Read(wkt); }
            catch (Exception e) when (e is ParseException or ArgumentException or FormatException)
            {
                problems.Add(new(number, "geometry", "bad-wkt", "the WKT cannot be read: " + e.Message));
                return null;
            }
        }
        if (Cell("boundaryPoints") is { Length: > 0 } points) return FromBoundaryPoints(number, points, problems);
        if (Cell("lon") is { Length: > 0 } && Cell("lat") is { Length: > 0 })
        {
            problems.Add(new(number, "geometry", "point-only", "lon/lat give a point; a parcel needs its outline (WKT or 界址点)"));
            return null;
        }
        return null;
    }

    /// <summary>
    /// 界址点 as surveys list them: "J1,X,Y;J2,X,Y;…" with X the northing and Y the easting (GB/T 17986 order); the ring is
    /// closed if the last point does not repeat the first. The result is in the file's own order (x = easting), ready for
    /// the CRS step like any other geometry.
    /// </summary>
    public static Geometry? FromBoundaryPoints(int number, string text, List<ImportProblem> problems)
    {
        var coords = new List<Coordinate>();
        foreach (var part in Cells.HalfWidth(text).Split([';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var items = part.Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (items.Length < 2 || !double.TryParse(items[^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                || !double.TryParse(items[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            {
                problems.Add(new(number, "boundaryPoints", "unreadable", $"'{part}' is not a point (J1,X,Y)"));
                return null;
            }
            coords.Add(new Coordinate(y, x)); // X = northing → y
        }
        if (coords.Count < 3)
        {
            problems.Add(new(number, "boundaryPoints", "too-few-points", $"{coords.Count} points cannot enclose an area"));
            return null;
        }
        if (!coords[0].Equals2D(coords[^1])) coords.Add(coords[0].Copy());
        if (coords.Count < 4)
        {
            problems.Add(new(number, "boundaryPoints", "too-few-points", "3 distinct points are needed"));
            return null;
        }
        return new GeometryFactory().CreatePolygon(coords.ToArray());
    }
}
