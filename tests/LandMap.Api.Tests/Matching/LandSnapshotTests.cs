using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LandMap.Api.Matching;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LandMap.Api.Tests.Matching;

/// <summary>
/// Issue 11: matching reads the available land from a snapshot in memory (LandSnapshot). It must never be stale: each write
/// (an edit, a reservation, an import, an idle finding) is seen by the very next match, with no wait and no other request
/// between. Zone LSN (104°E 34°N) is this test's own; its parcels are 0.002° × 0.002° (about 61 mu), laid out in slots.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class LandSnapshotTests(LandMapFixture fx)
{
    private const string Zone = "LSN";

    private static readonly object Project = new { name = "快照测试项目", pollutionClass = "1", investmentWan = 50000, landNeedMu = 55 };

    [Fact]
    public async Task Every_kind_of_write_is_seen_by_the_very_next_match()
    {
        await ZoneAsync(Zone, 104.0);
        var run = Guid.NewGuid().ToString("N")[..6];
        var (edited, reserved, found, imported) = ($"LSN-E{run}", $"LSN-R{run}", $"LSN-F{run}", $"LSN-I{run}");
        await MatchAsync(); // the snapshot is loaded, and from here on each write must make it reload

        // Edit: a new parcel is a candidate at once; its land use changed to one a class-1 project may not use, a near miss.
        var version = await CreateAsync(edited, 0);
        Assert.Contains(edited, (await MatchAsync()).Candidates);
        using (var patch = await fx.Client.SendAsync(Patch($"/collections/parcels/items/{edited}", new { properties = new { landUse = "110101" } }, version)))
            Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        var afterEdit = await MatchAsync();
        Assert.DoesNotContain(edited, afterEdit.Candidates);
        Assert.Contains(edited, afterEdit.NearMisses);

        // Reservation: a reserved parcel is offered to no one else.
        await CreateAsync(reserved, 1);
        Assert.Contains(reserved, (await MatchAsync()).Candidates);
        using (var project = await fx.Client.PostAsJsonAsync("/api/projects", Project))
        {
            var id = JsonDocument.Parse(await project.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            using var reserve = await fx.Client.PostAsJsonAsync("/api/reservations", new { projectId = id, kind = "parcel", code = reserved });
            Assert.True(reserve.IsSuccessStatusCode, await reserve.Content.ReadAsStringAsync());
        }
        var afterReserve = await MatchAsync();
        Assert.DoesNotContain(reserved, afterReserve.Candidates);
        Assert.DoesNotContain(reserved, afterReserve.NearMisses);

        // Idle finding through the enterprise's fault (no parcel row changes): land held by the enterprise is never free.
        await CreateAsync(found, 2);
        Assert.Contains(found, (await MatchAsync()).Candidates);
        await fx.ExecuteAsync("INSERT INTO idle_findings (parcel_code, found_on, cause, created_by) VALUES ($1, DATE '2025-01-10', 'enterprise', 'test')", found);
        Assert.DoesNotContain(found, (await MatchAsync()).Candidates);

        // Import: a ledger's new parcel is a candidate of the next match.
        await ImportAsync(imported, 104.001 + 3 * 0.003);
        Assert.Contains(imported, (await MatchAsync()).Candidates);
    }

    [Fact]
    public async Task Chain_neighbours_kept_from_an_earlier_match_follow_a_change_of_the_reserving_project_chain()
    {
        // Neighbours read once stay with the snapshot until a write; reservations of a chain's projects count as its sources
        // but bump no version, so a project moving into the chain (no parcel row changes) must still be seen at once.
        await ZoneAsync(ChainZone, 104.2);
        var run = Guid.NewGuid().ToString("N")[..6];
        var (offered, held, chain) = ($"LSC-O{run}", $"LSC-H{run}", $"快照链{run}");
        await CreateAsync(offered, 0, ChainZone, 104.201);
        await CreateAsync(held, 1, ChainZone, 104.201);
        long other;
        using (var created = await fx.Client.PostAsJsonAsync("/api/projects", new { name = "别链项目", pollutionClass = "1", investmentWan = 50000, landNeedMu = 55, industryChain = $"别链{run}" }))
            other = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        using (var reserve = await fx.Client.PostAsJsonAsync("/api/reservations", new { projectId = other, kind = "parcel", code = held }))
            Assert.True(reserve.IsSuccessStatusCode, await reserve.Content.ReadAsStringAsync());
        var project = new { name = "链测试项目", pollutionClass = "1", investmentWan = 50000, landNeedMu = 55, industryChain = chain };

        Assert.Equal(0, await ChainScoreAsync(project, offered));
        Assert.Equal(0, await ChainScoreAsync(project, offered)); // now from what the first match read
        await fx.ExecuteAsync("UPDATE projects SET industry_chain = $1 WHERE id = $2", chain, other);
        var joined = await ChainScoreAsync(project, offered);
        Assert.True(joined > 0, $"the reserved neighbour 0.001° away now counts: chain score {joined}");
        await fx.ExecuteAsync("UPDATE projects SET industry_chain = $1 WHERE id = $2", $"别链{run}", other);
        Assert.Equal(0, await ChainScoreAsync(project, offered));
    }

    [Fact]
    public async Task The_snapshot_followed_through_every_kind_of_write_equals_one_read_whole()
    {
        // Migration 015's stamps: after each write the snapshot reads only the rows written since (ChangedRows), and what it then
        // holds (rows, their facts, parks, boxes, order by size, chain sources) is what a whole read at the same moment holds.
        await ZoneAsync(FollowZone, 104.6);
        var db = fx.Factory.Services.GetRequiredService<NpgsqlDataSource>();
        var run = Guid.NewGuid().ToString("N")[..6];
        var (edited, reserved, deleted, found, recoded, occupied) = ($"LSF-E{run}", $"LSF-R{run}", $"LSF-D{run}", $"LSF-F{run}", $"LSF-C{run}", $"LSF-O{run}");
        var chain = $"跟随链{run}";
        await LandSnapshot.CurrentAsync(db, default);

        async Task<LandSnapshot> FollowedAsync(string what, bool whole = false)
        {
            var followed = await LandSnapshot.CurrentAsync(db, default);
            if (whole) Assert.True(followed.ChangedRows is null, $"{what}: read whole");
            else Assert.True(followed.ChangedRows is not null, $"{what}: followed row by row");
            AssertSame(what, followed, await SnapshotLoader.LoadAsync(db, null, default));
            return followed;
        }

        // Edit: a new parcel, its land use and its price; each seen at once.
        var version = await CreateAsync(edited, 0, FollowZone, 104.601);
        Assert.Contains(edited, Codes(await FollowedAsync("create")));
        using (var patch = await fx.Client.SendAsync(Patch($"/collections/parcels/items/{edited}", new { properties = new { landUse = "110101", priceWanPerMu = 12.5 } }, version)))
            Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        var afterEdit = await FollowedAsync("edit");
        Assert.Equal(12.5, afterEdit.Contents().Rows.Single(r => r.Parcel.Code == edited).Parcel.PriceWanPerMu);

        // Reservation and its release.
        await CreateAsync(reserved, 1, FollowZone, 104.601);
        await FollowedAsync("create another");
        long reservation;
        using (var project = await fx.Client.PostAsJsonAsync("/api/projects", Project))
        {
            var id = JsonDocument.Parse(await project.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            using var reserve = await fx.Client.PostAsJsonAsync("/api/reservations", new { projectId = id, kind = "parcel", code = reserved });
            var body = await reserve.Content.ReadAsStringAsync();
            Assert.True(reserve.IsSuccessStatusCode, body);
            reservation = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
        }
        Assert.DoesNotContain(reserved, Codes(await FollowedAsync("reserve")));
        using (var release = await fx.Client.DeleteAsync($"/api/reservations/{reservation}"))
            Assert.True(release.IsSuccessStatusCode, await release.Content.ReadAsStringAsync());
        Assert.Contains(reserved, Codes(await FollowedAsync("release")));

        // Delete, and a change of code (the old code is gone, the new one offered).
        await CreateAsync(deleted, 2, FollowZone, 104.601);
        await CreateAsync(recoded, 3, FollowZone, 104.601);
        await FollowedAsync("create two");
        await fx.ExecuteAsync("DELETE FROM changes WHERE kind = 'parcel' AND code = $1", deleted);
        await fx.ExecuteAsync("DELETE FROM parcels WHERE code = $1", deleted);
        Assert.DoesNotContain(deleted, Codes(await FollowedAsync("delete")));
        await fx.ExecuteAsync("UPDATE parcels SET code = $2 WHERE code = $1", recoded, recoded + "N");
        var afterRecode = Codes(await FollowedAsync("code change"));
        Assert.DoesNotContain(recoded, afterRecode);
        Assert.Contains(recoded + "N", afterRecode);

        // Idle finding through the enterprise's fault, and its removal (no parcel row changes either time).
        await CreateAsync(found, 4, FollowZone, 104.601);
        await FollowedAsync("create for a finding");
        await fx.ExecuteAsync("INSERT INTO idle_findings (parcel_code, found_on, cause, created_by) VALUES ($1, DATE '2025-01-10', 'enterprise', 'test')", found);
        Assert.DoesNotContain(found, Codes(await FollowedAsync("idle finding")));
        await fx.ExecuteAsync("DELETE FROM idle_findings WHERE parcel_code = $1", found);
        Assert.Contains(found, Codes(await FollowedAsync("finding removed")));

        // Import: a ledger's new parcel.
        var imported = $"LSF-I{run}";
        await ImportAsync(imported, 104.601 + 5 * 0.003);
        Assert.Contains(imported, Codes(await FollowedAsync("import")));

        // A chain source comes and goes: an occupied parcel of the chain, then the same parcel free again.
        await CreateAsync(occupied, 6, FollowZone, 104.601);
        await FollowedAsync("create a source");
        await fx.ExecuteAsync("UPDATE parcels SET status = 'in_use', industry_chains = ARRAY[$2] WHERE code = $1", occupied, chain);
        var withSource = await FollowedAsync("occupied");
        Assert.Contains(withSource.Contents().Sources, x => x.Chain == chain && x.Code == occupied);
        await fx.ExecuteAsync("UPDATE parcels SET status = 'idle' WHERE code = $1", occupied);
        Assert.DoesNotContain((await FollowedAsync("freed")).Contents().Sources, x => x.Code == occupied);

        // Bulk: every parcel of the zone at once, in one statement, then back; and a change of many rows' sizes.
        await fx.ExecuteAsync("UPDATE parcels SET status = 'negotiating' WHERE zone_code = $1 AND status = 'idle'", FollowZone);
        await FollowedAsync("bulk status");
        await fx.ExecuteAsync("UPDATE parcels SET status = 'idle', area_mu = area_mu * 1.5 WHERE zone_code = $1", FollowZone);
        await FollowedAsync("bulk sizes");
        await fx.ExecuteAsync("UPDATE parcels SET price_wan_per_mu = coalesce(price_wan_per_mu, 0) + 1 WHERE zone_code = $1", FollowZone);
        await FollowedAsync("bulk edit");

        // A write that leaves the parcels as they were, and a zone's change (its city is in every row of it: read whole).
        await fx.ExecuteAsync("UPDATE factories SET rent_yuan_m2_month = rent_yuan_m2_month WHERE code IN (SELECT code FROM factories ORDER BY code LIMIT 1)");
        Assert.Equal(0, (await FollowedAsync("factory")).ChangedRows);
        await fx.ExecuteAsync("UPDATE zones SET city = city WHERE code = $1", FollowZone);
        await FollowedAsync("zone", whole: true);
        await fx.ExecuteAsync("UPDATE parcels SET price_wan_per_mu = 7 WHERE code = $1", edited);
        await FollowedAsync("after a whole read");
    }

    private const string FollowZone = "LSF";

    private static HashSet<string> Codes(LandSnapshot snapshot) => [.. snapshot.Contents().Rows.Select(r => r.Parcel.Code)];

    /// <summary>The same rows (parcel, facts, park, box), sorted by size, and the same chain sources.</summary>
    private static void AssertSame(string what, LandSnapshot followed, LandSnapshot whole)
    {
        var (a, b) = (followed.Contents(), whole.Contents());
        var (rowsA, rowsB) = (a.Rows.ToList(), b.Rows.ToList());
        Assert.True(rowsA.Zip(rowsA.Skip(1)).All(p => p.First.Parcel.AreaMu <= p.Second.Parcel.AreaMu), $"{what}: sorted by size");
        Assert.Equal(rowsB.Count, rowsA.Count);
        Assert.True(rowsB.OrderBy(r => r.Parcel.Code, StringComparer.Ordinal).SequenceEqual(rowsA.OrderBy(r => r.Parcel.Code, StringComparer.Ordinal)),
            $"{what}: the same rows as a whole read");
        Assert.Equal(b.Sources.OrderBy(x => x.Chain, StringComparer.Ordinal).ThenBy(x => x.Code, StringComparer.Ordinal),
            a.Sources.OrderBy(x => x.Chain, StringComparer.Ordinal).ThenBy(x => x.Code, StringComparer.Ordinal));
        Assert.Equal(whole.Versions, followed.Versions);
    }

    private const string ChainZone = "LSC";

    /// <summary>The chain criterion's score of <paramref name="code"/> as a candidate of <paramref name="project"/> in <see cref="ChainZone"/>.</summary>
    private async Task<double> ChainScoreAsync(object project, string code)
    {
        using var res = await fx.Client.PostAsJsonAsync("/api/match", new { project, zones = new[] { ChainZone } });
        var m = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.True(res.StatusCode == HttpStatusCode.OK, m.ToString());
        var candidate = m.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("code").GetString() == code);
        return candidate.GetProperty("breakdown").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "chain").GetProperty("score").GetDouble();
    }

    /// <summary>This test's zone <paramref name="code"/>: 0.1° × 0.05° from (<paramref name="west"/>, 34°N).</summary>
    private Task ZoneAsync(string code, double west) => fx.ExecuteAsync("""
        INSERT INTO zones (code, name_zh, name_en, level, city, geom, area_mu)
        VALUES ($1, '快照测试区', 'Snapshot test zone', 'provincial', '测试', ST_Multi(ST_MakeEnvelope($2, 34.0, $2 + 0.1, 34.05, 4490)), 1000)
        ON CONFLICT (code) DO NOTHING
        """, code, west);

    /// <summary>A match of <see cref="Project"/> in the zone: the codes of its candidates and near misses.</summary>
    private async Task<(List<string> Candidates, List<string> NearMisses)> MatchAsync()
    {
        using var res = await fx.Client.PostAsJsonAsync("/api/match", new { project = Project, zones = new[] { Zone } });
        var m = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.True(res.StatusCode == HttpStatusCode.OK, m.ToString());
        List<string> Codes(string list) => [.. m.GetProperty(list).EnumerateArray().Select(c => c.GetProperty("code").GetString()!)];
        return (Codes("candidates"), Codes("nearMisses"));
    }

    /// <summary>Creates an idle class-1 industrial parcel through the API in slot <paramref name="slot"/>; returns its version.</summary>
    private async Task<int> CreateAsync(string code, int slot, string zone = Zone, double west = 104.001)
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
        return int.Parse(res.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
    }

    /// <summary>Imports an idle M1 parcel <paramref name="code"/> of 0.002° × 0.002° from (<paramref name="west"/>, 34.001°N) from a CSV ledger.</summary>
    private async Task ImportAsync(string code, double west)
    {
        var (w, s) = (west, 34.001);
        var wkt = string.Create(CultureInfo.InvariantCulture, $"POLYGON(({w} {s}, {w + 0.002} {s}, {w + 0.002} {s + 0.002}, {w} {s + 0.002}, {w} {s}))");
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes($"宗地编号,坐落,面积（亩）,用地性质,状态,闲置时间,WKT\r\n{code},\"测试路1号\",61,M1,闲置,2021年3月5日,\"{wkt}\"\r\n"));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var import = await fx.Client.PostAsync("/api/imports/parcels?fileName=snapshot.csv&dryRun=false", body);
        Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());
    }

    private static HttpRequestMessage Patch(string url, object body, int version)
    {
        var req = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body) };
        req.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return req;
    }
}
