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

    /// <summary>The sizes read for a project (near misses included).</summary>
    public static (double Lo, double Hi) WindowMu(double needMu, MatchOptions o) =>
        (needMu * (1 - NearMissWindow), needMu * (1 + o.AreaTolerance) * (1 + NearMissWindow));

    /// <summary>
    /// Same-chain neighbours of (parcel, chain) pairs, in one query; pairs with none are 0. <c>Reserved</c>: per chain asked,
    /// the reserved resources (kind:code, in order) the sums were taken with, read in the same statement.
    /// </summary>
    public static async Task<(Dictionary<(string Code, string Chain), double> Sums, Dictionary<string, string[]> Reserved)> ChainNeighboursAsync(
        NpgsqlDataSource db, IReadOnlyList<(string Code, string Chain)> pairs, CancellationToken ct)
    {
        if (pairs.Count == 0) return ([], []);
        await using var conn = await db.OpenConnectionAsync(ct);
        return await ChainNeighboursAsync(conn, null, pairs, ct);
    }

    /// <summary><see cref="ChainNeighboursAsync(NpgsqlDataSource, IReadOnlyList{ValueTuple{string, string}}, CancellationToken)"/> in a transaction of the caller's.</summary>
    public static async Task<(Dictionary<(string Code, string Chain), double> Sums, Dictionary<string, string[]> Reserved)> ChainNeighboursAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, IReadOnlyList<(string Code, string Chain)> pairs, CancellationToken ct)
    {
        var (result, reserved) = (new Dictionary<(string, string), double>(), new Dictionary<string, string[]>());
        if (pairs.Count == 0) return (result, reserved);
        await using var command = new NpgsqlCommand(MatchingQueries.ChainNeighbours, conn, tx);
        command.Parameters.Add(new() { Value = pairs.Select(x => x.Code).ToArray() });
        command.Parameters.Add(new() { Value = pairs.Select(x => x.Chain).ToArray() });
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            result[(r.GetString(0), r.GetString(1))] = r.GetDouble(2);
            reserved[r.GetString(1)] = [.. r.GetFieldValue<string[]>(3).Order(StringComparer.Ordinal)];
        }
        return (result, reserved);
    }

    /// <summary>
    /// The resources reserved now for projects of <paramref name="chain"/>: kind:code in order (what a
    /// <see cref="LandSnapshot.ChainReads"/> is valid for) and the boxes of those with an outline (for <see cref="LandSnapshot.NeighbourBound"/>).
    /// </summary>
    public static async Task<(string[] Resources, List<LandSnapshot.Box> Boxes)> ReservedBoxesAsync(NpgsqlDataSource db, string chain, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(MatchingQueries.ReservedBoxes);
        cmd.Parameters.Add(new NpgsqlParameter { Value = chain });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var (resources, boxes) = (new List<string>(), new List<LandSnapshot.Box>());
        while (await r.ReadAsync(ct))
        {
            resources.Add(r.GetString(0));
            if (!r.IsDBNull(1)) boxes.Add(new(r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4)));
        }
        return ([.. resources.Order(StringComparer.Ordinal)], boxes);
    }

    /// <summary>
    /// The free land of a whole batch in one query at most: every parcel in one of <paramref name="windows"/> (merged size windows),
    /// with its chain neighbours for each chain in <paramref name="fits"/> (merged fitting sizes per chain) that holds it.
    /// Sums that matches and batches have read since the last write are kept in memory (<see cref="ChainSums"/>); the query
    /// takes those as they are, while they still hold, and sums only the rest; what it sums is kept for the next request.
    /// <para>
    /// When every chain's sums for its fitting sizes are known at the versions of <paramref name="snapshot"/> (the land
    /// snapshot, current: it follows writes and carries the sums along) and were taken with the reserved resources each chain
    /// has now, nothing is left to sum: the parcels come from the snapshot, the same rows the query would return
    /// (<see cref="MatchingQueries.Snapshot"/> and <see cref="MatchingQueries.BatchWindow"/> select the same land), and no
    /// candidate query runs at all.
    /// </para>
    /// </summary>
    public static async Task<List<(ParcelCandidate Parcel, Dictionary<string, double> Chains)>> BatchWindowAsync(NpgsqlDataSource db,
        LandSnapshot snapshot, IReadOnlyList<(double Lo, double Hi)> windows, IReadOnlyList<(double Lo, double Hi, string Chain)> fits, CancellationToken ct)
    {
        var chains = fits.Select(f => f.Chain).Distinct().ToArray();
        var latest = ChainSums.Latest(db);
        var readings = latest is null ? [] : chains.Select(latest.Known).OfType<ChainSums.Chain>().ToList();
        var key = latest?.At ?? default;
        var complete = readings.Where(x => x.IsComplete(fits.Where(f => f.Chain == x.Name).Select(f => (f.Lo, f.Hi)))).Select(x => x.Name).ToArray();
        if (complete.Length == chains.Length && (chains.Length == 0 || key == snapshot.Versions)
            && await SumsStillHoldAsync(db, snapshot.Versions, readings, ct))
            return FromSnapshot(snapshot, windows, readings);
        var known = readings.SelectMany(x => x.Sums.Select(kv => (Code: kv.Key, Chain: x.Name, Sum: kv.Value))).ToList();

        await using var conn = await db.OpenConnectionAsync(ct);
        // The sums and what they were taken at (versions, reserved resources) from one snapshot of the database.
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using var batch = new NpgsqlBatch(conn, tx) { Timeout = 600 }; // minutes: a province-wide batch of many chains sums millions of distances
        var at = new NpgsqlBatchCommand(MatchingQueries.BatchSumsAt);
        at.Parameters.Add(new NpgsqlParameter { Value = chains });
        batch.BatchCommands.Add(at);
        var query = new NpgsqlBatchCommand(MatchingQueries.BatchWindow);
        query.Parameters.AddRange(new NpgsqlParameter[]
        {
            new() { Value = windows.Select(w => w.Lo).ToArray() }, new() { Value = windows.Select(w => w.Hi).ToArray() },
            new() { Value = AvailableStatuses }, new() { Value = IdleCause.Enterprise },
            new() { Value = fits.Select(f => f.Lo).ToArray() }, new() { Value = fits.Select(f => f.Hi).ToArray() },
            new() { Value = fits.Select(f => f.Chain).ToArray() },
            new() { Value = known.Select(k => k.Code).ToArray() }, new() { Value = known.Select(k => k.Chain).ToArray() },
            new() { Value = known.Select(k => k.Sum).ToArray() },
            new() { Value = readings.Select(x => x.Name).ToArray() }, new() { Value = readings.Select(x => string.Join('\n', x.Reserved)).ToArray() },
            new() { Value = key.Data }, new() { Value = key.Match }, new() { Value = key.Table, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid },
            new() { Value = complete },
        });
        batch.BatchCommands.Add(query);
        await using var r = await batch.ExecuteReaderAsync(ct);
        var (sumsAt, reservedNow) = await ReadSumsAtAsync(r, ct);
        await r.NextResultAsync(ct);
        var result = new List<(ParcelCandidate, Dictionary<string, double>)>();
        while (await r.ReadAsync(ct))
        {
            var names = r.GetFieldValue<string[]>(ParcelColumnCount);
            var neighbours = r.GetFieldValue<double[]>(ParcelColumnCount + 1);
            var byChain = new Dictionary<string, double>(names.Length);
            for (var k = 0; k < names.Length; k++) byChain[names[k]] = neighbours[k];
            result.Add((ReadParcel(r), byChain));
        }
        await r.DisposeAsync();
        await tx.CommitAsync(ct);

        // Kept for the next request, with the versions and reserved resources they were taken at.
        if (chains.Length > 0)
        {
            var kept = ChainSums.For(db, sumsAt);
            foreach (var chain in chains)
            {
                var of = kept.Of(chain, reservedNow.GetValueOrDefault(chain, []));
                foreach (var (parcel, byChain) in result)
                    if (byChain.TryGetValue(chain, out var sum)) of.Sums[parcel.Code] = sum;
                // Every available parcel of these sizes came back with its sum (none: 0), in the snapshot they are at.
                of.Completed(fits.Where(f => f.Chain == chain).Select(f => (f.Lo, f.Hi)));
            }
        }
        return result;
    }

    /// <summary>
    /// Whether the kept sums of <paramref name="readings"/> hold now: the write versions are still <paramref name="at"/> and
    /// each chain's reserved resources are the ones its sums were taken with (reservations bump no version).
    /// </summary>
    private static async Task<bool> SumsStillHoldAsync(NpgsqlDataSource db, ChainSums.Versions at, IReadOnlyList<ChainSums.Chain> readings, CancellationToken ct)
    {
        if (readings.Count == 0) return true;
        await using var cmd = db.CreateCommand(MatchingQueries.BatchSumsAt);
        cmd.Parameters.Add(new NpgsqlParameter { Value = readings.Select(x => x.Name).ToArray() });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var (now, reserved) = await ReadSumsAtAsync(r, ct);
        return now == at && readings.All(x => reserved.TryGetValue(x.Name, out var set) && x.Reserved.SequenceEqual(set));
    }

    /// <summary>The rows of <see cref="MatchingQueries.BatchSumsAt"/>: the write versions, and each chain's reserved resources (ordinal order).</summary>
    private static async Task<(ChainSums.Versions At, Dictionary<string, string[]> Reserved)> ReadSumsAtAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var reserved = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ChainSums.Versions at = default;
        while (await r.ReadAsync(ct))
        {
            at = new(r.GetInt64(0), r.GetInt64(1), r.GetFieldValue<uint>(2));
            reserved[r.GetString(3)] = [.. r.GetFieldValue<string[]>(4).Order(StringComparer.Ordinal)];
        }
        return (at, reserved);
    }

    /// <summary>The batch's land from the snapshot, each parcel with the kept sums of the chains that have one for it.</summary>
    private static List<(ParcelCandidate Parcel, Dictionary<string, double> Chains)> FromSnapshot(LandSnapshot snapshot,
        IReadOnlyList<(double Lo, double Hi)> windows, IReadOnlyList<ChainSums.Chain> readings)
    {
        var result = new List<(ParcelCandidate, Dictionary<string, double>)>();
        foreach (var (lo, hi) in windows)
            foreach (var parcel in snapshot.Window(lo, hi, null).Parcels)
            {
                var byChain = new Dictionary<string, double>(readings.Count);
                foreach (var chain in readings)
                    if (chain.Sums.TryGetValue(parcel.Code, out var sum)) byChain[chain.Name] = sum;
                result.Add((parcel, byChain));
            }
        return result;
    }

    /// <summary>
    /// Land found idle through the enterprise's fault in the size window (issue 13 §5): available, allocated or in use
    /// (a reserved parcel is promised to a project already), with its supplied-land facts and latest finding.
    /// </summary>
    public static async Task<List<RecoveringParcel>> AfterRecoveryAsync(NpgsqlDataSource db, Project p, MatchOptions o, IReadOnlyList<string>? zones, CancellationToken ct)
    {
        var (lo, hi) = WindowMu(p.LandNeedMu!.Value, o);
        await using var cmd = db.CreateCommand(MatchingQueries.AfterRecovery);
        cmd.Parameters.Add(new NpgsqlParameter { Value = lo });
        cmd.Parameters.Add(new NpgsqlParameter { Value = hi });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)p.IndustryChain ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(ZonesParameter(zones));
        cmd.Parameters.Add(new NpgsqlParameter { Value = RecoverableStatuses });
        cmd.Parameters.Add(new NpgsqlParameter { Value = IdleCause.Enterprise });
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
            result.Add(new RecoveringParcel(ReadParcel(r) with { ChainNeighbours = r.GetDouble(r.GetOrdinal("chain")) }, facts, finding));
        }
        return result;
    }

    private static readonly string[] AvailableStatuses = [.. ResourceStatus.Available];

    /// <summary>Statuses land taken back could come from: on offer, or supplied (allocated, in use); not reserved for a project.</summary>
    private static readonly string[] RecoverableStatuses = [.. ResourceStatus.Available, ResourceStatus.Allocated, ResourceStatus.InUse];

    /// <summary>How many columns <see cref="ReadParcel"/> reads.</summary>
    internal const int ParcelColumnCount = 16;

    /// <summary>
    /// One row in the column order of MatchingQueries.ParcelColumns; chain neighbours at 0. <paramref name="shared"/>, when
    /// given, maps the few repeated names (zone, level, city, land use, status, readiness) to one instance each.
    /// </summary>
    internal static ParcelCandidate ReadParcel(NpgsqlDataReader r, Func<string, string>? shared = null)
    {
        double? D(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
        string S(int i) => shared is null ? r.GetString(i) : shared(r.GetString(i));
        return new ParcelCandidate
        {
            Code = r.GetString(0), ZoneCode = S(1), ZoneLevel = S(2), City = S(3), AreaMu = r.GetDouble(4),
            LandUse = S(5), Status = S(6), MinInvestmentWanPerMu = D(7), MinTaxWanPerMu = D(8), PowerKva = D(9),
            Water = r.GetBoolean(10), Gas = r.GetBoolean(11), Heat = r.GetBoolean(12), Readiness = r.IsDBNull(13) ? null : S(13),
            PriceWanPerMu = D(14), IdleSince = r.IsDBNull(15) ? null : r.GetFieldValue<DateOnly>(15),
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
