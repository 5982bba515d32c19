using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LandMap.Api.Matching;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LandMap.Api.Tests.Matching;

/// <summary>
/// Issue 11: the chain-neighbour sums PostGIS computes are kept in memory (ChainSums) and reused by later matches and batches
/// until something they depend on changes. Reservations bump no version, so a batch must see a reserving project move into
/// the chain at once. Zone CSA (104.4°E 34°N) is this test's own.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class ChainSumsTests(LandMapFixture fx)
{
    private const string Zone = "CSA";

    [Fact]
    public async Task A_batch_reusing_kept_sums_sees_a_reserving_project_join_the_chain_and_scores_as_a_single_match()
    {
        await ZoneAsync(Zone, 104.4);
        var run = Guid.NewGuid().ToString("N")[..6];
        var (offered, held, chain, other) = ($"CSA-O{run}", $"CSA-H{run}", $"链和{run}", $"别链和{run}");
        await CreateAsync(offered, 0);
        await CreateAsync(held, 1);
        // The offered parcel as good as land gets, so that it is the project's best (and so what a batch of it assigns).
        await fx.ExecuteAsync("""
            UPDATE parcels SET readiness = '七通一平', water = true, gas = true, heat = true, power_kva = 100000, price_wan_per_mu = 0,
                   idle_since = DATE '2005-01-01' WHERE code = $1
            """, offered);
        var reserving = (await fx.PostJsonAsync("/api/projects", new { name = "别链预留", pollutionClass = "1", investmentWan = 50000, landNeedMu = 55, industryChain = other })).GetProperty("id").GetInt64();
        await fx.PostJsonAsync("/api/reservations", new { projectId = reserving, kind = "parcel", code = held });
        var need = await AreaAsync(offered);
        var project = (await fx.PostJsonAsync("/api/projects", new
        {
            name = "链和项目", pollutionClass = "1", investmentWan = 50000, landNeedMu = need, industryChain = chain, preferredZones = new[] { Zone },
        })).GetProperty("id").GetInt64();

        var before = await AssignedAsync(project);
        Assert.Equal(before, await AssignedAsync(project)); // the second batch takes the sums the first one kept
        Assert.Equal(await BestAsync(project), before);
        Assert.Equal(offered, before.Code);

        // The reserving project moves into the chain: no parcel row changes, but the reserved parcel 0.001° away now counts.
        await fx.ExecuteAsync("UPDATE projects SET industry_chain = $1 WHERE id = $2", chain, reserving);
        var after = await AssignedAsync(project);
        Assert.Equal(await BestAsync(project), after);
        Assert.True(after.Score > before.Score, $"the chain now adds points: {before.Score} → {after.Score}");
    }

    [Fact]
    public async Task Sums_kept_across_writes_give_what_a_fresh_read_gives()
    {
        // After a write the kept sums follow it (LandSnapshot, migration 015): a chain keeps its sums but the changed parcels',
        // reads at once those its complete sizes now lack, and starts afresh when one of its sources changed. Each batch and
        // match after a write must equal the same batch with every sum read afresh. Zone CSF (104.8°E) is this test's own.
        await ZoneAsync(FollowZone, 104.8);
        var db = fx.Factory.Services.GetRequiredService<NpgsqlDataSource>();
        var run = Guid.NewGuid().ToString("N")[..6];
        var (source, offered, far, added, second, chain) = ($"CSF-S{run}", $"CSF-O{run}", $"CSF-F{run}", $"CSF-A{run}", $"CSF-T{run}", $"跟随链{run}");
        await CreateAsync(source, 1, FollowZone, 104.801);
        await CreateAsync(offered, 2, FollowZone, 104.801);
        await CreateAsync(far, 8, FollowZone, 104.801);
        await fx.ExecuteAsync("UPDATE parcels SET status = 'in_use', industry_chains = ARRAY[$2] WHERE code = $1", source, chain);
        await fx.ExecuteAsync(Best, offered);
        var need = await AreaAsync(offered);
        var project = (await fx.PostJsonAsync("/api/projects", new
        {
            name = "跟随项目", pollutionClass = "1", investmentWan = 50000, landNeedMu = need, industryChain = chain, preferredZones = new[] { FollowZone },
        })).GetProperty("id").GetInt64();

        await BestAsync(project); // the land snapshot is held from here on
        var first = await AssignedAsync(project);
        Assert.True(ChainSums.Latest(db)!.Known(chain)!.Sums.ContainsKey(offered));

        async Task<(string Code, double Score)> SameAsFreshAsync(string what)
        {
            var kept = await AssignedAsync(project);
            Assert.Equal(await BestAsync(project), kept);
            ChainSums.Forget(db);
            Assert.True(kept == await AssignedAsync(project), $"{what}: the batch with kept sums equals one reading them all");
            return kept;
        }

        // An edit of another parcel: the chain keeps its sums (carried to the new versions, the offered parcel's among them).
        await fx.ExecuteAsync("UPDATE parcels SET price_wan_per_mu = 3 WHERE code = $1", far);
        var snapshot = await LandSnapshot.CurrentAsync(db, default);
        Assert.Equal(snapshot.Versions, ChainSums.Latest(db)!.At);
        Assert.True(ChainSums.Latest(db)!.Known(chain)!.Sums.ContainsKey(offered), "carried across the edit");
        Assert.Equal(first, await SameAsFreshAsync("edit"));

        // A new parcel next to the source, as good as land gets: read at once for the sizes the chain knows whole, and assigned.
        await CreateAsync(added, 0, FollowZone, 104.801);
        await fx.ExecuteAsync(Best, added);
        await SameAsFreshAsync("warm the sums");
        await fx.ExecuteAsync("UPDATE parcels SET price_wan_per_mu = 0.5 WHERE code = $1", added);
        await LandSnapshot.CurrentAsync(db, default);
        Assert.True(ChainSums.Latest(db)!.Known(chain)!.Sums.GetValueOrDefault(added) > 0, "the changed parcel's sum read again with the write");
        await SameAsFreshAsync("new parcel");

        // A second source beside the far parcel: the chain's sums start afresh, and the far parcel's chain score rises.
        await CreateAsync(second, 9, FollowZone, 104.801);
        await SameAsFreshAsync("warm again");
        await fx.ExecuteAsync("UPDATE parcels SET status = 'allocated', industry_chains = ARRAY[$2] WHERE code = $1", second, chain);
        await LandSnapshot.CurrentAsync(db, default);
        Assert.Null(ChainSums.Latest(db)!.Known(chain));
        await SameAsFreshAsync("source added");
    }

    private const string FollowZone = "CSF";

    /// <summary>Makes parcel $1 as good as land gets.</summary>
    private const string Best = """
        UPDATE parcels SET readiness = '七通一平', water = true, gas = true, heat = true, power_kva = 100000, price_wan_per_mu = 0,
               idle_since = DATE '2005-01-01' WHERE code = $1
        """;

    /// <summary>This test's zone <paramref name="code"/>: 0.1° × 0.05° from (<paramref name="west"/>, 34°N).</summary>
    private Task ZoneAsync(string code, double west) => fx.ExecuteAsync("""
        INSERT INTO zones (code, name_zh, name_en, level, city, geom, area_mu)
        VALUES ($1, '链和测试区', 'Chain sums test zone', 'provincial', '测试', ST_Multi(ST_MakeEnvelope($2, 34.0, $2 + 0.1, 34.05, 4490)), 1000)
        ON CONFLICT (code) DO NOTHING
        """, code, west);

    /// <summary>What a batch of the one project assigns: its parcel and score.</summary>
    private async Task<(string Code, double Score)> AssignedAsync(long project)
    {
        var a = (await fx.PostJsonAsync("/api/allocate", new { projectIds = new[] { project } })).GetProperty("land").GetProperty("assignments").EnumerateArray().Single();
        return (a.GetProperty("code").GetString()!, a.GetProperty("score").GetDouble());
    }

    /// <summary>The first candidate of a single match of the project.</summary>
    private async Task<(string Code, double Score)> BestAsync(long project)
    {
        var c = (await fx.PostJsonAsync("/api/match", new { projectId = project, pool = "land" })).GetProperty("candidates").EnumerateArray().First();
        return (c.GetProperty("code").GetString()!, c.GetProperty("score").GetDouble());
    }

    private async Task<double> AreaAsync(string code)
    {
        using var res = await fx.Client.GetAsync($"/collections/parcels/items/{code}");
        var f = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        return Math.Floor(f.GetProperty("properties").GetProperty("areaMu").GetDouble());
    }

    private async Task CreateAsync(string code, int slot, string zone = Zone, double west = 104.401)
    {
        var (w, s) = (west + slot * 0.003, 34.001);
        double[][] ring = [[w, s], [w + 0.002, s], [w + 0.002, s + 0.002], [w, s + 0.002], [w, s]];
        using var res = await fx.Client.PostAsJsonAsync("/collections/parcels/items", new
        {
            type = "Feature",
            geometry = new { type = "Polygon", coordinates = new[] { ring } },
            properties = new { code, zone, landUse = "100101", status = "idle" },
        });
        Assert.True(res.StatusCode == HttpStatusCode.Created, await res.Content.ReadAsStringAsync());
    }
}
