using LandMap.Core.Crs;
using LandMap.Core.Ledgers;
using NetTopologySuite.Geometries;

namespace LandMap.Core.Editing;

/// <summary>A geometry ready to store: lon/lat MultiPolygon, the Gauss–Krüger zone it is measured in, and its area there.</summary>
public sealed record CheckedGeometry(MultiPolygon Geometry, int CentralMeridian, double AreaM2);

/// <summary>
/// The checks an edited outline passes before it is stored, the same as an imported one's (<see cref="LedgerRows.ToStoredGeometry"/>:
/// polygonal, inside China, valid — never repaired silently), plus two an API client can get wrong: coordinates sent
/// lat, lon (RFC 7946 GeoJSON is lon, lat) and an outline too wide for one 3° Gauss–Krüger zone, where the area would not
/// be measured true.
/// </summary>
public static class EditGeometry
{
    /// <summary>Half a 3° zone plus the margin the import allows.</summary>
    private const double ZoneHalfWidthDeg = 1.5 + 0.1;

    private static readonly LedgerRowOptions NoRepair = new() { Repair = false };

    public static (CheckedGeometry? Checked, ImportProblem? Problem) Check(Geometry lonLat)
    {
        var problems = new List<ImportProblem>();
        var stored = LedgerRows.ToStoredGeometry(0, lonLat, SurveyCrs.LonLat(false, "GeoJSON"), NoRepair, problems);
        if (stored is null)
        {
            var problem = problems[0];
            if (problem.Code == "outside-china" && LedgerRows.ToStoredGeometry(0, lonLat, SurveyCrs.LonLat(true, "GeoJSON"), NoRepair, []) is not null)
                problem = problem with { Code = "lat-lon-order", Reason = "the coordinates are latitude, longitude; GeoJSON (RFC 7946) is longitude, latitude" };
            return (null, problem with { Field = "geometry" });
        }
        var cm = GaussKruger.CentralMeridianFor(stored.Centroid.X);
        var env = stored.EnvelopeInternal;
        if (env.MinX < cm - ZoneHalfWidthDeg || env.MaxX > cm + ZoneHalfWidthDeg)
            return (null, new ImportProblem(0, "geometry", "outside-zone",
                $"spans {env.MinX:0.###}–{env.MaxX:0.###}°E, wider than one 3° Gauss–Krüger zone (CM {cm}°E)"));
        return (new CheckedGeometry(stored, cm, GaussKruger.AreaM2(stored, cm)), null);
    }
}
