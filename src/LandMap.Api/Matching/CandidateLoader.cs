using LandMap.Core.Resources;
using LandMap.Core.Matching;
using LandMap.Core.Projects;
using LandMap.Core.Revitalisation;
using Npgsql;

namespace LandMap.Api.Matching;

/// <summary>Loads the candidates of one project from PostGIS; everything after that is pure Core.</summary>
public static class CandidateLoader
{
    /// <summary>The size window read for near misses: 70 % of the need up to 130 % of the largest fitting size.</summary>
    public const double NearMissWindow = 0.3;

    public static async Task<Dictionary<string, ParcelCandidate>> ParcelsAsync(NpgsqlDataSource db, Project p, MatchOptions o, IReadOnlyList<string>? zones, CancellationToken ct)
    {
        await using var cmd = ParcelCommand(db, MatchingQueries.Parcels, p, o, zones, [.. ResourceStatus.Available]);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var result = new Dictionary<string, ParcelCandidate>();
        while (await r.ReadAsync(ct))
        {
            var parcel = ReadParcel(r);
            result[parcel.Code] = parcel;
        }
        return result;
    }

    /// <summary>
    /// Land found idle through the enterprise's fault in the size window (issue 13 §5): available, allocated or in use
    /// (a reserved parcel is promised to a project already), with its supplied-land facts and latest finding.
    /// </summary>
    public static async Task<List<RecoveringParcel>> AfterRecoveryAsync(NpgsqlDataSource db, Project p, MatchOptions o, IReadOnlyList<string>? zones, CancellationToken ct)
    {
        await using var cmd = ParcelCommand(db, MatchingQueries.AfterRecovery, p, o, zones, RecoverableStatuses);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var result = new List<RecoveringParcel>();
        while (await r.ReadAsync(ct))
        {
            T? N<T>(string c) where T : struct => r.IsDBNull(r.GetOrdinal(c)) ? null : r.GetFieldValue<T>(r.GetOrdinal(c));
            var facts = new SuppliedLandFacts(r.IsDBNull(r.GetOrdinal("supply_type")) ? null : r.GetString(r.GetOrdinal("supply_type")),
                N<DateOnly>("agreed_start_on"), N<DateOnly>("actual_start_on"), N<double>("developed_share"), N<double>("invested_share"),
                N<DateOnly>("halted_on"), (decimal?)N<double>("land_price_wan"));
            var finding = new IdleFinding(r.GetFieldValue<DateOnly>(r.GetOrdinal("found_on")), r.GetString(r.GetOrdinal("cause")),
                r.IsDBNull(r.GetOrdinal("government_cause_type")) ? null : r.GetString(r.GetOrdinal("government_cause_type")));
            result.Add(new RecoveringParcel(ReadParcel(r), facts, finding));
        }
        return result;
    }

    /// <summary>The parameters both parcel queries take: the size window, the chain, the zones, the statuses, the enterprise cause.</summary>
    private static NpgsqlCommand ParcelCommand(NpgsqlDataSource db, string sql, Project p, MatchOptions o, IReadOnlyList<string>? zones, string[] statuses)
    {
        var need = p.LandNeedMu!.Value;
        var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = need * (1 - NearMissWindow) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = need * (1 + o.AreaTolerance) * (1 + NearMissWindow) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)p.IndustryChain ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(ZonesParameter(zones));
        cmd.Parameters.Add(new NpgsqlParameter { Value = statuses });
        cmd.Parameters.Add(new NpgsqlParameter { Value = IdleCause.Enterprise });
        return cmd;
    }

    /// <summary>Statuses land taken back could come from: on offer, or supplied (allocated, in use); not reserved for a project.</summary>
    private static readonly string[] RecoverableStatuses = [.. ResourceStatus.Available, ResourceStatus.Allocated, ResourceStatus.InUse];

    /// <summary>One row in the column order of <see cref="MatchingQueries.Parcels"/> (the last column: chain neighbours).</summary>
    internal static ParcelCandidate ReadParcel(NpgsqlDataReader r)
    {
        double? D(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
        return new ParcelCandidate
        {
            Code = r.GetString(0), ZoneCode = r.GetString(1), ZoneLevel = r.GetString(2), City = r.GetString(3), AreaMu = r.GetDouble(4),
            LandUse = r.GetString(5), Status = r.GetString(6), MinInvestmentWanPerMu = D(7), MinTaxWanPerMu = D(8), PowerKva = D(9),
            Water = r.GetBoolean(10), Gas = r.GetBoolean(11), Heat = r.GetBoolean(12), Readiness = r.IsDBNull(13) ? null : r.GetString(13),
            PriceWanPerMu = D(14), IdleSince = r.IsDBNull(15) ? null : r.GetFieldValue<DateOnly>(15), ChainNeighbours = r.GetDouble(16),
        };
    }

    /// <summary>Restricts candidates to zones or parks (null: everywhere).</summary>
    private static NpgsqlParameter ZonesParameter(IReadOnlyList<string>? zones) => new()
    {
        Value = zones is { Count: > 0 } ? zones.ToArray() : DBNull.Value,
        NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text,
    };

    public static async Task<Dictionary<string, FactoryCandidate>> FactoriesAsync(NpgsqlDataSource db, Project p, IReadOnlyList<string>? zones, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(MatchingQueries.Factories);
        cmd.Parameters.Add(new NpgsqlParameter { Value = p.FloorNeedM2!.Value * (1 - NearMissWindow) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = p.FloorNeedM2!.Value });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)p.IndustryChain ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(ZonesParameter(zones));
        cmd.Parameters.Add(new NpgsqlParameter { Value = ResourceStatus.Available.ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = ResourceStatus.Idle });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var result = new Dictionary<string, FactoryCandidate>();
        while (await r.ReadAsync(ct))
        {
            double? D(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
            result[r.GetString(0)] = new FactoryCandidate
            {
                Code = r.GetString(0), ZoneCode = r.GetString(1), VacantFloorM2 = r.GetDouble(2), Status = r.GetString(3), FloorHeightM = D(4),
                FloorLoadKnM2 = D(5), CraneT = D(6), PowerKva = D(7), RentYuanM2Month = D(8),
                IdleSince = r.IsDBNull(9) ? null : DateOnly.FromDateTime(r.GetFieldValue<DateTimeOffset>(9).ToOffset(TimeSpan.FromHours(8)).DateTime),
                ChainNeighbours = r.GetDouble(10),
            };
        }
        return result;
    }
}
