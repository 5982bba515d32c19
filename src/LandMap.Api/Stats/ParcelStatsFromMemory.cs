using LandMap.Api.Collections;
using LandMap.Api.Tiles;
using LandMap.Core.Resources;

namespace LandMap.Api.Stats;

/// <summary>
/// The parcels' stats rows (<see cref="StatsQueries.Parcels"/>: count and sum of area_mu per zone, status and land use)
/// counted over the parcels the tiles hold in memory (<see cref="ParcelOutlines"/>: every parcel's status, zone, park, land
/// use and area_mu, read at one data version). At a million parcels the SQL scans the table (about 0.3 s on three
/// processes) every time the page's filters change; here it is one pass over arrays. It answers only what the SQL answers
/// with the same filters on the live rows: status, zone (or park), land use and size; a bbox, a day in the past (asOf) or
/// absorption keep the SQL.
/// </summary>
internal static class ParcelStatsFromMemory
{
    public static bool Answers(ItemQuery q) =>
        q is { Bbox: null, AsOf: null, ChangedFrom: null, ChangedTo: null, AbsorbedFrom: null, AbsorbedTo: null, Filter: null };

    /// <summary>The rows of the SQL (zone, status, land use, count, sum of area_mu), with the filters of <see cref="SqlFilter.ForParcels"/>.</summary>
    public static List<(string Zone, string Status, string LandUse, long Count, double Mu)> Rows(ParcelOutlines o, ItemQuery q)
    {
        // status = ANY(asked, or every status on the map when none is asked)
        var statusAllowed = new bool[ParcelOutlines.StatusOrder.Length];
        foreach (var s in q.Statuses.Count > 0 ? q.Statuses : ResourceStatus.All)
            if (Array.IndexOf(ParcelOutlines.StatusOrder, s) is >= 0 and var k) statusAllowed[k] = true;
        // zone_code = ANY(zones) OR park_code = ANY(zones)
        bool[]? zoneAllowed = null;
        if (q.Zones.Count > 0) zoneAllowed = [.. o.Names.Select(n => q.Zones.Contains(n, StringComparer.Ordinal))];
        // land_use LIKE prefix% (a canonical code: digits, no wildcard) OR land_use_original = exact, for any of them
        bool[]? useAllowed = null, originalAllowed = null;
        if (q.LandUses.Count > 0)
        {
            useAllowed = [.. o.Names.Select(n => q.LandUses.Any(l => l.CanonicalPrefix is { } p && n.StartsWith(p, StringComparison.Ordinal)))];
            originalAllowed = [.. o.Names.Select(n => q.LandUses.Any(l => l.OriginalExact is { } e && n == e))];
        }
        var (minMu, maxMu) = (q.MinMu ?? double.NegativeInfinity, q.MaxMu ?? double.PositiveInfinity);

        var (counts, sums) = (new long[o.GroupKeys.Length], new double[o.GroupKeys.Length]);
        for (var i = 0; i < o.Count; i++)
        {
            var status = o.Statuses[i];
            if (status >= statusAllowed.Length || !statusAllowed[status]) continue;
            if (zoneAllowed is not null && !zoneAllowed[o.Zones[i]] && !(o.Parks[i] >= 0 && zoneAllowed[o.Parks[i]])) continue;
            if (useAllowed is not null && !(o.LandUses[i] >= 0 && useAllowed[o.LandUses[i]])
                && !(o.LandUseOriginals[i] >= 0 && originalAllowed![o.LandUseOriginals[i]])) continue;
            var mu = o.AreaMu[i];
            if (mu < minMu || mu > maxMu) continue;
            var g = o.Groups[i];
            counts[g]++;
            sums[g] += mu;
        }
        var rows = new List<(string Zone, string Status, string LandUse, long Count, double Mu)>();
        for (var g = 0; g < counts.Length; g++)
        {
            if (counts[g] == 0) continue;
            var (zone, status, landUse) = o.GroupKeys[g];
            rows.Add((o.Names[zone], ParcelOutlines.StatusOrder[status], o.Names[landUse], counts[g], sums[g]));
        }
        return rows;
    }
}
