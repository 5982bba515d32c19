namespace LandMap.Api.Stats;

/// <summary>Stats SQL: the finest grouping is read once and rolled up in memory (a few hundred rows at most).</summary>
internal static class StatsQueries
{
    /// <summary>{0}: FROM (<see cref="Collections.Collection.Source"/>, now or asOf); {1}: WHERE.</summary>
    public const string Parcels = "SELECT p.zone_code, p.status, p.land_use, count(*), sum(p.area_mu) {0} {1} GROUP BY 1, 2, 3";

    public const string Factories = "SELECT f.zone_code, f.status, count(*), sum(f.vacant_floor_m2), sum(f.total_floor_m2) {0} {1} GROUP BY 1, 2";
}
