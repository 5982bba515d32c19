using LandMap.Core.Projects;
using Npgsql;

namespace LandMap.Api.Projects;

/// <summary>Reads and writes projects; shared by the projects, matching and allocation features.</summary>
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

    public static ProjectDocument Read(NpgsqlDataReader r)
    {
        double? D(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new ProjectDocument(
            r.GetInt64(0), r.GetString(1), S(2), S(3), S(4), r.GetString(5), r.GetDouble(6), D(7), D(8), D(9), D(10),
            r.IsDBNull(11) ? null : r.GetInt32(11), D(12), D(13), D(14), D(15), D(16), D(17), r.GetFieldValue<string[]>(18), r.GetString(19),
            r.GetFieldValue<DateTimeOffset>(20), r.GetFieldValue<DateTimeOffset>(21), r.GetString(22), r.GetString(23));
    }

    public static async Task<List<ProjectDocument>> QueryAsync(NpgsqlDataSource db, string sql, IEnumerable<object> values, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ProjectDocument>();
        while (await r.ReadAsync(ct)) list.Add(Read(r));
        return list;
    }

    public static async Task<ProjectDocument?> FindAsync(NpgsqlDataSource db, long id, CancellationToken ct) =>
        (await QueryAsync(db, ProjectsQueries.ById, [id], ct)).SingleOrDefault();

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

/// <summary>A stored project as the API returns it.</summary>
public sealed record ProjectDocument(
    long Id, string Name, string? Investor, string? IndustryChain, string? IndustryCategory, string PollutionClass, double InvestmentWan,
    double? LandNeedMu, double? FloorNeedM2, double? AnnualOutputWan, double? AnnualTaxWan, int? Jobs, double? PowerKva,
    double? MinFloorHeightM, double? MinFloorLoadKnM2, double? MinCraneT, double? MaxLandPriceWanPerMu, double? MaxRentYuanM2Month,
    string[] PreferredZones, string Stage, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string CreatedBy, string UpdatedBy)
{
    public Project ToProject() => new()
    {
        Id = Id, Name = Name, Investor = Investor, IndustryChain = IndustryChain, IndustryCategory = IndustryCategory,
        PollutionClass = PollutionClass, InvestmentWan = InvestmentWan, LandNeedMu = LandNeedMu, FloorNeedM2 = FloorNeedM2,
        AnnualOutputWan = AnnualOutputWan, AnnualTaxWan = AnnualTaxWan, Jobs = Jobs, PowerKva = PowerKva, MinFloorHeightM = MinFloorHeightM,
        MinFloorLoadKnM2 = MinFloorLoadKnM2, MinCraneT = MinCraneT, MaxLandPriceWanPerMu = MaxLandPriceWanPerMu,
        MaxRentYuanM2Month = MaxRentYuanM2Month, PreferredZones = PreferredZones, Stage = Stage,
    };
}
