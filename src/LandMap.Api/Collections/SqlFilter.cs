using LandMap.Api.Stats;
using LandMap.Core.History;
using LandMap.Core.Resources;

namespace LandMap.Api.Collections;

/// <summary>
/// Builds a WHERE clause from fixed fragments; values always travel as positional parameters ($1, $2 …).
/// The bbox is an envelope in EPSG:4490 (the storage SRID) so the GiST index on geom is used.
/// </summary>
internal sealed class SqlFilter
{
    private readonly List<string> _clauses = [];

    public List<object> Values { get; } = [];

    public string Where => _clauses.Count == 0 ? "" : "WHERE " + string.Join(" AND ", _clauses);

    public string Param(object value)
    {
        Values.Add(value);
        return "$" + Values.Count;
    }

    public void Add(string clause) => _clauses.Add(clause);

    public static SqlFilter ForParcels(ItemQuery q, string alias = "p")
    {
        var f = new SqlFilter();
        f.AddCommon(q, alias, "parcel");
        if (q.LandUses.Count > 0)
        {
            var ors = q.LandUses.Select(lu => lu.CanonicalPrefix is not null
                ? $"{alias}.land_use LIKE {f.Param(lu.CanonicalPrefix + "%")}"
                : $"{alias}.land_use_original = {f.Param(lu.OriginalExact!)}");
            f.Add("(" + string.Join(" OR ", ors) + ")");
        }
        if (q.MinMu is { } minMu) f.Add($"{alias}.area_mu >= {f.Param(minMu)}");
        if (q.MaxMu is { } maxMu) f.Add($"{alias}.area_mu <= {f.Param(maxMu)}");
        return f;
    }

    public static SqlFilter ForFactories(ItemQuery q, string alias = "f")
    {
        var f = new SqlFilter();
        f.AddCommon(q, alias, "factory");
        if (q.MinVacantM2 is { } minV) f.Add($"{alias}.vacant_floor_m2 >= {f.Param(minV)}");
        if (q.MaxVacantM2 is { } maxV) f.Add($"{alias}.vacant_floor_m2 <= {f.Param(maxV)}");
        if (q.MinFloorHeight is { } h) f.Add($"{alias}.floor_height_m >= {f.Param(h)}");
        if (q.MinFloorLoad is { } l) f.Add($"{alias}.floor_load_kn_m2 >= {f.Param(l)}");
        if (q.MinCraneT is { } c) f.Add($"{alias}.crane_t >= {f.Param(c)}");
        if (q.MinPowerKva is { } p) f.Add($"{alias}.power_kva >= {f.Param(p)}");
        return f;
    }

    public static SqlFilter ForZones(ItemQuery q, string alias = "z")
    {
        var f = new SqlFilter();
        f.AddBbox(q, alias);
        if (q.Zones.Count > 0)
        {
            var p = f.Param(q.Zones.ToArray());
            f.Add($"({alias}.code = ANY({p}) OR {alias}.parent_code = ANY({p}))");
        }
        return f;
    }

    private void AddCommon(ItemQuery q, string alias, string kind)
    {
        AddBbox(q, alias);
        if (q.Zones.Count > 0)
        {
            var p = Param(q.Zones.ToArray());
            Add($"({alias}.zone_code = ANY({p}) OR {alias}.park_code = ANY({p}))");
        }
        // No status asked: every status on the map, which leaves retired records out (they show only when asked for).
        Add($"{alias}.status = ANY({Param((q.Statuses.Count > 0 ? q.Statuses : ResourceStatus.All).ToArray())})");
        if (q.ChangedFrom is { } from) Add($"{alias}.updated_at >= {Param(from.ToUniversalTime())}");
        if (q.ChangedTo is { } to) Add($"{alias}.updated_at <= {Param(to.ToUniversalTime())}");
        AddAbsorbed(q, alias, kind);
    }

    /// <summary>absorbedFrom/absorbedTo: resources with an absorption event on those days (China time), as the absorption figures count it.</summary>
    private void AddAbsorbed(ItemQuery q, string alias, string kind)
    {
        if (q.AbsorbedFrom is null && q.AbsorbedTo is null) return;
        var moved = AbsorptionQueries.Moved("c", absorbed: true, Param(Absorption.Available.ToArray()), Param(Absorption.NotAbsorption.ToArray()));
        // Npgsql writes timestamptz from UTC offsets only.
        var from = q.AbsorbedFrom is { } f ? $" AND c.changed_at >= {Param(ChinaDay.Start(f).ToUniversalTime())}" : "";
        var to = q.AbsorbedTo is { } t ? $" AND c.changed_at < {Param(ChinaDay.End(t).ToUniversalTime())}" : "";
        Add($"""
            EXISTS (SELECT 1 FROM changes c WHERE c.kind = '{kind}' AND c.code = {alias}.code{from}{to} AND {moved} > 0)
            """);
    }

    private void AddBbox(ItemQuery q, string alias)
    {
        if (q.Bbox is not { } b) return;
        var env = $"ST_MakeEnvelope({Param(b.MinLon)}, {Param(b.MinLat)}, {Param(b.MaxLon)}, {Param(b.MaxLat)}, 4490)";
        Add($"ST_Intersects({alias}.geom, {env})");
    }
}
