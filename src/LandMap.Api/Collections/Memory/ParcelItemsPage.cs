using System.Buffers;
using System.Text;
using LandMap.Core.Cql2;
using LandMap.Core.Resources;

namespace LandMap.Api.Collections.Memory;

/// <summary>
/// An items page of a map view answered from <see cref="ParcelItems"/>: the parcels the SQL would match
/// (<see cref="SqlFilter.ForParcels"/>: the box by ST_Intersects, status, zone or park, land use, area), in the SQL's order
/// (<c>geom &lt;-&gt; centre</c>, ties by id), written with the SQL's bytes. Anything else (a day in the past, datetime,
/// absorption, a CQL2 filter or queryables, sortby, another CRS, a property computed from other tables or the clock, no
/// box) is for PostGIS.
/// </summary>
internal static class ParcelItemsPage
{
    public static bool Answers(Collection c, ItemQuery q, ItemPresentation presentation, Cql2Expression? equalities) =>
        c.Id == "parcels"
        && q is { Bbox: { } b, AsOf: null, ChangedFrom: null, ChangedTo: null, AbsorbedFrom: null, AbsorbedTo: null, Filter: null }
        // A box without width or height is a line or point to ST_Intersects: left to PostGIS.
        && b.MinLon < b.MaxLon && b.MinLat < b.MaxLat
        && equalities is null && !presentation.Sorted && presentation.Crs == CrsRef.Crs84 && presentation.Fields.All(f => f.FromRow);

    /// <summary>A parcel of the page and its place in the SQL's order: distance, then id.</summary>
    private readonly record struct Match(double Distance, long Id, int Parcel) : IComparable<Match>
    {
        public int CompareTo(Match other) => Distance != other.Distance ? Distance.CompareTo(other.Distance) : Id.CompareTo(other.Id);
    }

    /// <summary>The parcels of the page (offset, limit) in order, and whether more come after it.</summary>
    public static (int[] Page, bool More) Select(ParcelItems o, ItemQuery q)
    {
        var b = q.Bbox!;
        // status = ANY(asked, or every status on the map when none is asked)
        var statusAllowed = Allowed(o, n => (q.Statuses.Count > 0 ? q.Statuses : ResourceStatus.All).Contains(n, StringComparer.Ordinal));
        // zone_code = ANY(zones) OR park_code = ANY(zones)
        var zoneAllowed = q.Zones.Count == 0 ? null : Allowed(o, n => q.Zones.Contains(n, StringComparer.Ordinal));
        // land_use LIKE prefix% (a canonical code: digits, no wildcard) OR land_use_original = exact, for any of them
        bool[]? useAllowed = null, originalAllowed = null;
        if (q.LandUses.Count > 0)
        {
            useAllowed = Allowed(o, n => q.LandUses.Any(l => l.CanonicalPrefix is { } p && n.StartsWith(p, StringComparison.Ordinal)));
            originalAllowed = Allowed(o, n => q.LandUses.Any(l => l.OriginalExact is { } e && n == e));
        }
        var (minMu, maxMu) = (q.MinMu ?? double.NegativeInfinity, q.MaxMu ?? double.PositiveInfinity);
        var (cx, cy) = (b.CentreLon, b.CentreLat);

        var matches = new List<Match>();
        void Consider(int i)
        {
            var box = o.Boxes.AsSpan(4 * i, 4);
            if (box[0] > b.MaxLon || box[2] < b.MinLon || box[1] > b.MaxLat || box[3] < b.MinLat) return;
            if (!IsIn(statusAllowed, o.Statuses[i])) return;
            if (zoneAllowed is not null && !IsIn(zoneAllowed, o.Zones[i]) && !IsIn(zoneAllowed, o.Parks[i])) return;
            if (useAllowed is not null && !IsIn(useAllowed, o.LandUses[i]) && !IsIn(originalAllowed!, o.LandUseOriginals[i])) return;
            if (o.AreaMu[i] < minMu || o.AreaMu[i] > maxMu) return;
            var (first, end) = (o.PolygonFirst[i], o.PolygonFirst[i + 1]);
            var inside = box[0] >= b.MinLon && box[2] <= b.MaxLon && box[1] >= b.MinLat && box[3] <= b.MaxLat;
            if (!inside && !PlanarGeometry.Intersects(o.X, o.Y, o.RingFirst, o.PointFirst, first, end, b.MinLon, b.MinLat, b.MaxLon, b.MaxLat)) return;
            matches.Add(new(PlanarGeometry.Distance(o.X, o.Y, o.RingFirst, o.PointFirst, first, end, cx, cy), o.Ids[i], i));
        }
        var (r0, r1, c0, c1) = o.Grid.CellsOf(b.MinLon, b.MinLat, b.MaxLon, b.MaxLat);
        for (var r = r0; r <= r1 && c0 <= c1; r++)
            for (var (k, end) = o.Grid.Run(r, c0, c1); k < end; k++) Consider(o.CellOrder[k]);
        for (var k = o.Grid.LargeFirst; k < o.Count; k++) Consider(o.CellOrder[k]);

        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(matches).Sort();
        var from = (int)Math.Min(q.Offset, matches.Count);
        var to = (int)Math.Min((long)q.Offset + q.Limit, matches.Count);
        var page = new int[to - from];
        for (var k = from; k < to; k++) page[k - from] = matches[k].Parcel;
        return (page, matches.Count > to);
    }

    private static bool[] Allowed(ParcelItems o, Func<string, bool> test) => [.. o.Names.Select(test)];

    private static bool IsIn(bool[] allowed, int name) => name >= 0 && allowed[name];
}

/// <summary>
/// Writes an items page from <see cref="ParcelItems"/> as <see cref="FeatureCollectionResult"/> writes PostGIS's rows: each
/// feature is the text <see cref="Visibility.ItemSql"/> makes (a property whose value is NULL left out), then the same end.
/// </summary>
public sealed class ParcelItemsResult : IResult
{
    private readonly ParcelItems items;
    private readonly int[] page;
    private readonly bool more;
    private readonly IReadOnlyList<Field> fields;
    private readonly int offset;
    private readonly Func<bool, IReadOnlyList<Link>> links;

    internal ParcelItemsResult(ParcelItems items, int[] page, bool more, IReadOnlyList<Field> fields, int offset, Func<bool, IReadOnlyList<Link>> links) =>
        (this.items, this.page, this.more, this.fields, this.offset, this.links) = (items, page, more, fields, offset, links);

    private const int FlushBytes = 32 * 1024;

    private static readonly byte[] Start = "{\"type\":\"Feature\",\"id\":"u8.ToArray();
    private static readonly byte[] Geometry = ",\"geometry\":"u8.ToArray();
    private static readonly byte[] Properties = ",\"properties\":"u8.ToArray();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var ct = httpContext.RequestAborted;
        var pieces = fields.Select(f => 2 + Array.FindIndex(items.Fields, held => held.Name == f.Name)).ToArray();
        var names = fields.Select(f => Encoding.UTF8.GetBytes($"\"{f.Name}\":")).ToArray();
        httpContext.Response.ContentType = FeatureCollectionResult.GeoJson;
        var body = httpContext.Response.BodyWriter;
        body.Write("{\"type\":\"FeatureCollection\",\"features\":["u8);
        var pending = 0;
        for (var n = 0; n < page.Length; n++)
        {
            var length = Length(page[n], n > 0, pieces, names);
            var written = Write(body.GetSpan(length), page[n], n > 0, pieces, names);
            body.Advance(written);
            pending += written;
            if (pending >= FlushBytes)
            {
                await body.FlushAsync(ct);
                pending = 0;
            }
        }
        body.Write("]"u8);
        FeatureCollectionResult.WriteEnd(body, FeatureCollectionResult.MatchedWithoutCount(more, page.Length, offset), page.Length, links(more));
        await body.FlushAsync(ct);
    }

    private int Length(int i, bool comma, int[] pieces, byte[][] names)
    {
        var length = (comma ? 1 : 0) + Start.Length + items.Piece(i, 0).Length + Geometry.Length + items.Piece(i, 1).Length + Properties.Length + 3;
        var present = 0;
        for (var f = 0; f < pieces.Length; f++)
        {
            var value = items.Piece(i, pieces[f]).Length;
            if (value > 0) length += (present++ > 0 ? 1 : 0) + names[f].Length + value;
        }
        return length;
    }

    private int Write(Span<byte> span, int i, bool comma, int[] pieces, byte[][] names)
    {
        var at = 0;
        if (comma) Put(span, ref at, ","u8);
        Put(span, ref at, Start);
        Put(span, ref at, items.Piece(i, 0));
        Put(span, ref at, Geometry);
        Put(span, ref at, items.Piece(i, 1));
        Put(span, ref at, Properties);
        Put(span, ref at, "{"u8);
        var present = 0;
        for (var f = 0; f < pieces.Length; f++)
        {
            var value = items.Piece(i, pieces[f]);
            if (value.Length == 0) continue;
            if (present++ > 0) Put(span, ref at, ","u8);
            Put(span, ref at, names[f]);
            Put(span, ref at, value);
        }
        Put(span, ref at, "}}"u8);
        return at;
    }

    private static void Put(Span<byte> span, ref int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[at..]);
        at += bytes.Length;
    }
}
