using LandMap.Core.Resources;
using LandMap.Core.Revitalisation;
using Npgsql;

namespace LandMap.Api.Matching;

/// <summary>
/// Reads a <see cref="LandSnapshot"/> from PostGIS: whole, or as the writes since an earlier one (migration 015). Both read
/// the versions, the database snapshot and the rows in one repeatable-read transaction, so the rows are exactly those of the
/// versions read and the next reload knows exactly what this one saw.
/// </summary>
internal static class SnapshotLoader
{
    /// <summary>Above this many changed parcels (and a quarter of the snapshot) it is read whole again: one scan beats many probes.</summary>
    private const int MostChangedRows = 50_000;

    /// <summary>How long the parts of the last load took, in ms (for the bench).</summary>
    public static string LastPhases { get; private set; } = "";

    /// <summary>The snapshot as of now: <paramref name="previous"/> after the writes since it was read, or read whole.</summary>
    public static async Task<LandSnapshot> LoadAsync(NpgsqlDataSource db, LandSnapshot? previous, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var phases = new List<string>();
        void Phase(string name) { phases.Add($"{name} {clock.Elapsed.TotalMilliseconds:F1}"); clock.Restart(); }
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        ChainSums.Versions key;
        string seen;
        await using (var cmd = new NpgsqlCommand(MatchingQueries.SnapshotAt, conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            key = new ChainSums.Versions(r.GetInt64(0), r.GetInt64(1), r.GetFieldValue<uint>(2));
            seen = r.GetString(3);
        }
        LandSnapshot snapshot;
        (ChainSums From, ChainSums To)? carried = null;
        if (previous is not null && previous.Versions.Table == key.Table && await ChangesAsync(conn, tx, previous, ct) is { } changed)
        {
            Phase($"changes ({changed.Parcels.Count} parcels)");
            var sourceChains = new HashSet<string>(StringComparer.Ordinal);
            var rows = await RowsAsync(conn, tx, MatchingQueries.SnapshotRows, [new() { Value = AvailableStatuses }, new() { Value = IdleCause.Enterprise },
                new() { Value = changed.Parcels.ToArray() }], ct);
            var sources = await SourcesAsync(conn, tx, MatchingQueries.SnapshotSourcesOf, [new() { Value = changed.Parcels.ToArray() }], ct);
            Phase("rows");
            snapshot = previous.Followed(key, seen, changed.Parcels, rows, sources, sourceChains);
            Phase("merge");
            // The chain sums kept at the previous versions follow too, read in this same database snapshot.
            if (ChainSums.Latest(db) is { } sums && sums.At == previous.Versions)
            {
                carried = (sums, sums.CarriedTo(key, changed.Parcels, changed.Factories, sourceChains));
                Phase("sums carried");
                await CompleteAsync(conn, tx, carried.Value.To, rows, ct);
                Phase("sums read");
            }
        }
        else
        {
            var rows = await RowsAsync(conn, tx, MatchingQueries.Snapshot, [new() { Value = AvailableStatuses }, new() { Value = IdleCause.Enterprise }], ct);
            var sources = await SourcesAsync(conn, tx, MatchingQueries.SnapshotSources, [], ct);
            snapshot = LandSnapshot.Of(key, seen, rows, sources);
        }
        await tx.CommitAsync(ct);
        if (carried is var (from, to)) ChainSums.Keep(db, from, to);
        Phase("commit");
        LastPhases = string.Join(", ", phases);
        return snapshot;
    }

    /// <summary>Above this many (parcel, chain) sums to read again, the chains concerned start afresh instead.</summary>
    private const int MostSumsRead = 5_000;

    /// <summary>
    /// The sums that carried chains now lack where they claim every sum known (their complete sizes): those of the parcels
    /// that came on offer or changed (<paramref name="rows"/>). Read now, with the reserved resources they are summed with; a
    /// chain whose reserved resources are no longer the ones its sums were taken with is dropped.
    /// </summary>
    private static async Task CompleteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ChainSums carried, List<LandSnapshot.Row> rows, CancellationToken ct)
    {
        var pairs = new List<(string Code, string Chain)>();
        foreach (var chain in carried.Chains)
            foreach (var row in rows)
                if (chain.IsComplete([(row.Parcel.AreaMu, row.Parcel.AreaMu)])) pairs.Add((row.Parcel.Code, chain.Name));
        if (pairs.Count > MostSumsRead)
        {
            foreach (var name in pairs.Select(p => p.Chain).Distinct().ToList()) carried.Drop(name);
            return;
        }
        var (sums, reserved) = await CandidateLoader.ChainNeighboursAsync(conn, tx, pairs, ct);
        foreach (var chain in carried.Chains.ToList())
        {
            if (reserved.TryGetValue(chain.Name, out var with) && !with.SequenceEqual(chain.Reserved)) { carried.Drop(chain.Name); continue; }
            foreach (var (code, name) in pairs)
                if (name == chain.Name) chain.Sums[code] = sums.GetValueOrDefault((code, name));
        }
    }

    /// <summary>What changed since <paramref name="previous"/> was read; null when it must be read whole (a zone, a truncated table, too many rows).</summary>
    private static async Task<Changes?> ChangesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, LandSnapshot previous, CancellationToken ct)
    {
        var (parcels, factories) = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        await using var cmd = new NpgsqlCommand(MatchingQueries.SnapshotChanges, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = previous.Seen });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var (kind, code) = (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1));
            switch (kind)
            {
                case "row" or "parcel" or "finding" when code is not null: parcels.Add(code); break;
                case "factory" when code is not null: factories.Add(code); break;
                default: return null; // a zone's level or city is in every row of it; a truncated table left no rows to stamp
            }
            if (parcels.Count > Math.Max(MostChangedRows, previous.Count / 4)) return null;
        }
        return new Changes(parcels, factories);
    }

    /// <summary>The parcels (codes) and factories written since a snapshot was read.</summary>
    private sealed record Changes(HashSet<string> Parcels, HashSet<string> Factories);

    private static async Task<List<LandSnapshot.Row>> RowsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, NpgsqlParameter[] parameters, CancellationToken ct)
    {
        var rows = new List<LandSnapshot.Row>();
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddRange(parameters);
        cmd.CommandTimeout = 600; // a province: a million parcels read on a busy machine
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        // The few zone, city, land-use, status and readiness names are shared, not held once per parcel.
        string Shared(string s) => names.TryGetValue(s, out var known) ? known : names[s] = s;
        var n = CandidateLoader.ParcelColumnCount;
        while (await r.ReadAsync(ct))
            rows.Add(new(CandidateLoader.ReadParcel(r, Shared), r.IsDBNull(n) ? null : Shared(r.GetString(n)),
                new LandSnapshot.Box(r.GetDouble(n + 1), r.GetDouble(n + 2), r.GetDouble(n + 3), r.GetDouble(n + 4))));
        return rows;
    }

    private static async Task<List<(string Code, LandSnapshot.Source Source)>> SourcesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql,
        NpgsqlParameter[] parameters, CancellationToken ct)
    {
        var sources = new List<(string, LandSnapshot.Source)>();
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddRange(parameters);
        cmd.CommandTimeout = 600;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var chains = r.GetFieldValue<string?[]>(1).OfType<string>().ToArray();
            sources.Add((r.GetString(0), new LandSnapshot.Source(chains, new(r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5)))));
        }
        return sources;
    }

    private static readonly string[] AvailableStatuses = [.. ResourceStatus.Available];
}
