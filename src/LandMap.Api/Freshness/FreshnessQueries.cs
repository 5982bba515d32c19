namespace LandMap.Api.Freshness;

/// <summary>The SQL of the stale worklist; kind and alias come from the collection whitelist, values are parameters.</summary>
internal static class FreshnessQueries
{
    /// <summary>Oldest verification first; never verified before all.</summary>
    public static string Order(string alias) => $"ORDER BY {alias}.verified_at NULLS FIRST, {alias}.code";

    public static string Stale(string kind, string alias, string from, string where, string limit) => $"""
        SELECT '{kind}', {alias}.code, {alias}.zone_code, {alias}.park_code, {alias}.status, {alias}.verified_at, {alias}.verified_by
        {from} {where} {Order(alias)} LIMIT {limit}
        """;
}
