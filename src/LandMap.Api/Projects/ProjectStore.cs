using LandMap.Core.Projects;
using Npgsql;

namespace LandMap.Api.Projects;

/// <summary>Reads and writes projects; shared by the projects, matching, reservation and allocation features.</summary>
public static class ProjectStore
{
    /// <summary>$1–$19 the project's fields, $20 who writes it.</summary>
    public static void AddValues(NpgsqlCommand cmd, Project p, string actor)
    {
        object N(object? v) => v ?? DBNull.Value;
        foreach (var v in new[]
                 {
                     p.Name, N(p.Investor), N(p.IndustryChain), N(p.IndustryCategory), p.PollutionClass, p.InvestmentWan, N(p.LandNeedMu),
                     N(p.FloorNeedM2), N(p.AnnualOutputWan), N(p.AnnualTaxWan), N(p.Jobs), N(p.PowerKva), N(p.MinFloorHeightM),
                     N(p.MinFloorLoadKnM2), N(p.MinCraneT), N(p.MaxLandPriceWanPerMu), N(p.MaxRentYuanM2Month), p.PreferredZones.ToArray(), p.Stage, actor,
                 })
            cmd.Parameters.Add(new NpgsqlParameter { Value = v });
    }

    /// <summary>A row of <see cref="ProjectsQueries.Columns"/>, read by column name.</summary>
    public static ProjectDocument Read(NpgsqlDataReader r)
    {
        double? D(string c) => r.IsDBNull(r.GetOrdinal(c)) ? null : r.GetDouble(r.GetOrdinal(c));
        string? S(string c) => r.IsDBNull(r.GetOrdinal(c)) ? null : r.GetString(r.GetOrdinal(c));
        T V<T>(string c) => r.GetFieldValue<T>(r.GetOrdinal(c));
        return new ProjectDocument(
            V<long>("id"), V<string>("name"), S("investor"), S("industry_chain"), S("industry_category"), V<string>("pollution_class"),
            V<double>("investment_wan"), D("land_need_mu"), D("floor_need_m2"), D("annual_output_wan"), D("annual_tax_wan"),
            r.IsDBNull(r.GetOrdinal("jobs")) ? null : V<int>("jobs"), D("power_kva"), D("min_floor_height_m"), D("min_floor_load_kn_m2"),
            D("min_crane_t"), D("max_land_price_wan_per_mu"), D("max_rent_yuan_m2_month"), V<string[]>("preferred_zones"), V<string>("stage"),
            V<int>("version"), V<DateTimeOffset>("created_at"), V<DateTimeOffset>("updated_at"), V<string>("created_by"), V<string>("updated_by"));
    }

    public static async Task<List<ProjectDocument>> QueryAsync(NpgsqlDataSource db, string sql, IEnumerable<object> values, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        return await ReadAllAsync(cmd, ct);
    }

    public static async Task<List<ProjectDocument>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ProjectDocument>();
        while (await r.ReadAsync(ct)) list.Add(Read(r));
        return list;
    }

    public static async Task<ProjectDocument?> FindAsync(NpgsqlDataSource db, long id, CancellationToken ct) =>
        (await QueryAsync(db, ProjectsQueries.ById, [id], ct)).SingleOrDefault();

    /// <summary>The projects with their active reservations, loaded with one query for all of them.</summary>
    public static async Task<List<ProjectDocument>> WithResourcesAsync(NpgsqlDataSource db, IReadOnlyList<ProjectDocument> projects, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ProjectsQueries.ActiveResources);
        cmd.Parameters.Add(new NpgsqlParameter { Value = projects.Select(p => p.Id).ToArray() });
        var held = new Dictionary<long, List<ProjectResource>>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var projectId = r.GetInt64(r.GetOrdinal("project_id"));
                if (!held.TryGetValue(projectId, out var list)) held[projectId] = list = [];
                var (floor, status) = (r.GetOrdinal("floor_m2"), r.GetOrdinal("status"));
                list.Add(new ProjectResource(r.GetString(r.GetOrdinal("resource_kind")), r.GetString(r.GetOrdinal("resource_code")),
                    r.GetString(r.GetOrdinal("zone_code")), r.IsDBNull(status) ? null : r.GetString(status), r.GetInt64(r.GetOrdinal("id")),
                    r.IsDBNull(floor) ? null : r.GetDouble(floor), r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("created_at"))));
            }
        }
        return projects.Select(p => p with { Resources = held.GetValueOrDefault(p.Id) ?? [] }).ToList();
    }

    public static async Task<List<string>> UnknownZonesAsync(NpgsqlDataSource db, IReadOnlyList<string> zones, CancellationToken ct)
    {
        if (zones.Count == 0) return [];
        await using var cmd = db.CreateCommand(ProjectsQueries.UnknownZones);
        cmd.Parameters.Add(new NpgsqlParameter { Value = zones.ToArray() });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<string>();
        while (await r.ReadAsync(ct)) list.Add(r.GetString(0));
        return list;
    }
}

/// <summary>
/// A stored project as the API returns it; <see cref="Version"/> is its ETag. <see cref="Resources"/> (its active
/// reservations) is filled where the answer shows them (register list and detail) and left out elsewhere.
/// </summary>
public sealed record ProjectDocument(
    long Id, string Name, string? Investor, string? IndustryChain, string? IndustryCategory, string PollutionClass, double InvestmentWan,
    double? LandNeedMu, double? FloorNeedM2, double? AnnualOutputWan, double? AnnualTaxWan, int? Jobs, double? PowerKva,
    double? MinFloorHeightM, double? MinFloorLoadKnM2, double? MinCraneT, double? MaxLandPriceWanPerMu, double? MaxRentYuanM2Month,
    string[] PreferredZones, string Stage, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string CreatedBy, string UpdatedBy)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ProjectResource>? Resources { get; init; }

    public Project ToProject() => new()
    {
        Id = Id, Name = Name, Investor = Investor, IndustryChain = IndustryChain, IndustryCategory = IndustryCategory,
        PollutionClass = PollutionClass, InvestmentWan = InvestmentWan, LandNeedMu = LandNeedMu, FloorNeedM2 = FloorNeedM2,
        AnnualOutputWan = AnnualOutputWan, AnnualTaxWan = AnnualTaxWan, Jobs = Jobs, PowerKva = PowerKva, MinFloorHeightM = MinFloorHeightM,
        MinFloorLoadKnM2 = MinFloorLoadKnM2, MinCraneT = MinCraneT, MaxLandPriceWanPerMu = MaxLandPriceWanPerMu,
        MaxRentYuanM2Month = MaxRentYuanM2Month, PreferredZones = PreferredZones, Stage = Stage,
    };

    /// <summary>The project's fields as a body for PUT/PATCH would give them (PATCH overlays the changed ones on this).</summary>
    public ProjectInput ToInput() => new()
    {
        Name = Name, Investor = Investor, IndustryChain = IndustryChain, IndustryCategory = IndustryCategory, PollutionClass = PollutionClass,
        InvestmentWan = InvestmentWan, LandNeedMu = LandNeedMu, FloorNeedM2 = FloorNeedM2, AnnualOutputWan = AnnualOutputWan,
        AnnualTaxWan = AnnualTaxWan, Jobs = Jobs, PowerKva = PowerKva, MinFloorHeightM = MinFloorHeightM, MinFloorLoadKnM2 = MinFloorLoadKnM2,
        MinCraneT = MinCraneT, MaxLandPriceWanPerMu = MaxLandPriceWanPerMu, MaxRentYuanM2Month = MaxRentYuanM2Month,
        PreferredZones = PreferredZones, Stage = Stage,
    };
}

/// <summary>
/// A parcel or factory space a project holds through an active reservation, with the resource's status now (null when the
/// record is gone: records are retired, not deleted, but a repair by hand can remove one).
/// </summary>
public sealed record ProjectResource(string Kind, string Code, string ZoneCode, string? Status, long ReservationId, double? FloorM2, DateTimeOffset ReservedAt);
