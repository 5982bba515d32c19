using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay.Snap;
using NetTopologySuite.Operation.Union;

namespace LandMap.Core.Editing;

/// <summary>The merged outline, or why the parcels cannot be merged.</summary>
public sealed record MergeResult(MultiPolygon? Union, string? Problem);

/// <summary>
/// Merging parcels (合并): they must be adjacent, i.e. their union is one polygon. Two parcels meeting at a corner only,
/// or apart, give several polygons and are refused. Outlines digitised with a hair's gap or overlap between neighbours are
/// first snapped to each other within <c>tolerance</c> (in the plane's units), so they still count as adjacent.
/// </summary>
public static class ParcelMerge
{
    public static MergeResult Union(IReadOnlyList<Geometry> parcels, double tolerance)
    {
        if (parcels.Count < 2) return new(null, "at least two parcels are needed");
        if (parcels.Any(p => p is not (Polygon or MultiPolygon) || p.IsEmpty || !p.IsValid)) return new(null, "every parcel must be a valid polygon");
        var snapped = new List<Geometry> { parcels[0] };
        for (var i = 1; i < parcels.Count; i++)
            snapped.Add(new GeometrySnapper(parcels[i]).SnapTo(UnaryUnionOp.Union(snapped), tolerance));
        var union = UnaryUnionOp.Union(snapped);
        if (union is not Polygon polygon || !union.IsValid)
            return new(null, $"the parcels are not adjacent: together they make {union.NumGeometries} separate areas, not one");
        return new(ParcelSplit.Multi(parcels[0].Factory, [polygon]), null);
    }
}
