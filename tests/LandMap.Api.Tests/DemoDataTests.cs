using System.Net.Http.Json;
using System.Text.Json;
using LandMap.Api.Database;
using LandMap.Core.Projects;
using LandMap.Core.Resources;
using LandMap.Seeds;
using Npgsql;
using Xunit.Abstractions;

namespace LandMap.Api.Tests;

[Collection(LandMapCollection.Name)]
public sealed class DemoDataTests(LandMapFixture fx, ITestOutputHelper output)
{
    private static readonly string[] DemoZoneCodes = DemoZones.All.Select(z => z.Code).ToArray();
    private static readonly string[] QingdaoZones = DemoZones.All.Where(z => z.City == "青岛").Select(z => z.Code).ToArray();
    private static readonly string[] DemoProjectNames = DemoProjects.All.Select(p => p.Project.Name).ToArray();

    [Fact]
    public async Task Migrations_rerun_is_a_no_op()
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        Assert.Empty(await Migrator.MigrateAsync(db));
        await using var cmd = db.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)Migrator.Migrations().Count, (long)(await cmd.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("QDDZ")]
    [InlineData("LXEDZ")]
    [InlineData("JMLP")]
    [InlineData("LCRJ")]
    [InlineData("CQEDZ")]
    public async Task Each_demo_zone_has_plausible_parcels_inside_its_outline(string zone)
    {
        var stats = await fx.GetJsonAsync($"/api/stats?zone={zone}");
        Assert.InRange(stats.GetProperty("parcels").GetProperty("count").GetInt32(), 60, 120);
        Assert.InRange(stats.GetProperty("factories").GetProperty("count").GetInt32(), 20, 40);

        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("""
            SELECT count(*) FILTER (WHERE NOT ST_Within(p.geom, z.geom)),
                   min(p.area_mu), max(p.area_mu),
                   (SELECT count(*) FROM parcels a JOIN parcels b ON a.id < b.id AND a.zone_code = $1 AND b.zone_code = $1
                      AND ST_Intersects(a.geom, b.geom))
            FROM parcels p JOIN zones z ON z.code = p.zone_code WHERE p.zone_code = $1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = zone });
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        Assert.Equal(0, r.GetInt64(0));            // every parcel inside its zone outline
        Assert.InRange(r.GetDouble(1), 0.5, 300);  // 0.5–300 mu
        Assert.InRange(r.GetDouble(2), 0.5, 300);
        Assert.Equal(0, r.GetInt64(3));            // no two parcels touch or overlap
    }

    [Fact]
    public async Task Every_non_idle_demo_parcel_has_a_history_ending_in_its_status()
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("""
            SELECT count(*) FROM parcels p
            WHERE p.zone_code = ANY($1) AND p.status <> (
              SELECT h.status_after FROM changes h
              WHERE h.kind = 'parcel' AND h.code = p.code ORDER BY h.changed_at DESC, h.id DESC LIMIT 1)
            """);
        // The demo zones only: other tests create rows of their own elsewhere (and some set a status by SQL on purpose).
        cmd.Parameters.Add(new NpgsqlParameter { Value = LandMap.Seeds.DemoGenerator.Generate().Zones.Select(z => z.Code).ToArray() });
        Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync())!);
    }

    /// <summary>
    /// The demo's history tells the same story as its rows: walking back from a record by putting back old values meets
    /// each earlier change's new values (status and measure chain), the first change is version 1 'create', versions count
    /// the changes, and the last change ends at the record as stored (status or stage; a factory's vacant floor).
    /// </summary>
    [Fact]
    public async Task Demo_history_is_consistent_with_the_stored_rows()
    {
        var records = await ScalarAsync<long>("""
            WITH recs AS (
                SELECT 'parcel' AS kind, code, status, version, NULL::float8 AS amount FROM parcels WHERE zone_code = ANY($1)
                UNION ALL SELECT 'factory', code, status, version, vacant_floor_m2 FROM factories WHERE zone_code = ANY($1)
                UNION ALL SELECT 'project', id::text, stage, version, NULL FROM projects WHERE name = ANY($2)),
            last AS (
                SELECT DISTINCT ON (kind, code) kind, code, status_after, amount_after, count(*) OVER (PARTITION BY kind, code) AS n
                FROM changes ORDER BY kind, code, changed_at DESC, id DESC)
            SELECT count(*) FROM recs r LEFT JOIN last l USING (kind, code)
            WHERE l.code IS NULL OR l.status_after <> r.status OR l.n <> r.version
               OR (r.kind = 'factory' AND l.amount_after IS DISTINCT FROM r.amount)
            """, DemoZoneCodes, DemoProjectNames);
        var changes = await ScalarAsync<long>("""
            WITH mine AS (
                SELECT c.*, row_number() OVER w AS n, lag(c.status_after) OVER w AS prev_status, lag(c.amount_after) OVER w AS prev_amount
                FROM changes c
                WHERE (c.kind <> 'project' AND c.zone_code = ANY($1)) OR (c.kind = 'project' AND c.code IN (SELECT id::text FROM projects WHERE name = ANY($2)))
                WINDOW w AS (PARTITION BY c.kind, c.code ORDER BY c.changed_at, c.id))
            SELECT count(*) FROM mine
            WHERE version <> n OR (n = 1) <> (action = 'create')
               OR (n > 1 AND status_before IS DISTINCT FROM prev_status)
               OR (n > 1 AND kind <> 'project' AND amount_before IS DISTINCT FROM prev_amount)
               OR (diff ? 'status' AND diff -> 'status' ->> 1 IS DISTINCT FROM status_after)
               OR (diff ? 'vacant_floor_m2' AND (diff -> 'vacant_floor_m2' ->> 1)::float8 IS DISTINCT FROM amount_after)
               OR (kind = 'factory' AND amount_before IS DISTINCT FROM amount_after AND NOT diff ? 'vacant_floor_m2')
               OR changed_at < '2021-01-01 00:00+08' OR changed_at > '2026-11-01 00:00+08'
            """, DemoZoneCodes, DemoProjectNames);
        Assert.Equal(0, records);
        Assert.Equal(0, changes);
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM changes WHERE source = 'seed' AND kind = 'factory' AND action = 'update' AND zone_code = ANY($1)",
            (object)DemoZoneCodes) > 10); // factories half let: vacant floor changed, status kept
    }

    /// <summary>Absorbed m² (去化): vacant floor leaving idle/negotiating (by a status step or a let), summed over Laixi's 2023 (Asia/Shanghai).</summary>
    [Fact]
    public async Task Laixi_absorbed_about_55000_m2_of_factory_space_in_2023()
    {
        var absorbed = await ScalarAsync<double>("""
            SELECT coalesce(sum(greatest(0, CASE WHEN status_before = ANY($2) THEN amount_before ELSE 0 END
                                           - CASE WHEN status_after = ANY($2) THEN amount_after ELSE 0 END)), 0)
            FROM changes
            WHERE kind = 'factory' AND zone_code = $1 AND action <> 'create'
              AND changed_at >= '2023-01-01 00:00+08' AND changed_at < '2024-01-01 00:00+08'
            """, DemoHistory.LaixiZone, ResourceStatus.Available.ToArray());
        output.WriteLine($"Laixi factory space absorbed in 2023: {absorbed:N0} m²");
        Assert.InRange(absorbed, 50_000, 60_000);

        // The dashboard's endpoint reads the same changes.
        var stats = await fx.GetJsonAsync("/api/stats/absorption?zone=LXEDZ&from=2023-01-01&to=2023-12-31&by=year");
        var year = Assert.Single(stats.GetProperty("periods").EnumerateArray());
        Assert.InRange(year.GetProperty("factoryAbsorbedM2").GetDouble(), 50_000, 60_000);
    }

    /// <summary>Revitalised mu (盘活): parcels moving from idle, negotiating or reserved into allocated or in use, per year in the Qingdao zones.</summary>
    [Fact]
    public async Task Qingdao_zones_revitalise_hundreds_of_mu_of_idle_land_a_year()
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("""
            SELECT extract(year FROM changed_at AT TIME ZONE 'Asia/Shanghai')::int, sum(amount_after)
            FROM changes
            WHERE kind = 'parcel' AND zone_code = ANY($1) AND status_before = ANY($2) AND status_after = ANY($3)
            GROUP BY 1 ORDER BY 1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = QingdaoZones });
        cmd.Parameters.Add(new NpgsqlParameter { Value = new[] { ResourceStatus.Idle, ResourceStatus.Negotiating, ResourceStatus.Reserved } });
        cmd.Parameters.Add(new NpgsqlParameter { Value = new[] { ResourceStatus.Allocated, ResourceStatus.InUse } });
        var byYear = new Dictionary<int, double>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) byYear[r.GetInt32(0)] = r.GetDouble(1);
        output.WriteLine(string.Join(", ", byYear.Select(kv => $"{kv.Key}: {kv.Value:N0} mu")));
        Assert.Equal([2021, 2022, 2023, 2024, 2025, 2026], byYear.Keys.Order());
        foreach (var year in new[] { 2022, 2023, 2024, 2025 }) Assert.InRange(byYear[year], 100, 1500);
    }

    [Fact]
    public async Task Demo_projects_span_the_stages_and_industries_and_hold_resources_whose_status_fits()
    {
        var all = (await fx.GetJsonAsync("/api/projects?limit=1000")).GetProperty("items").EnumerateArray()
            .Where(p => DemoProjectNames.Contains(p.GetProperty("name").GetString())).ToList();
        Assert.Equal(DemoProjectNames.Length, all.Count);
        Assert.InRange(all.Count, 12, 20);
        Assert.Equal(ProjectStages.All.Order(), all.Select(p => p.GetProperty("stage").GetString()!).Distinct().Order());
        var chains = all.Select(p => p.GetProperty("industryChain").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "新型显示", "智能家电", "半导体功率器件", "新能源汽车零部件", "跨境电商物流", "高端石化" }, chains);

        var holding = all.Where(p => p.GetProperty("resources").GetArrayLength() > 0).ToList();
        Assert.InRange(holding.Count, 8, 12);
        foreach (var p in all)
        {
            var stage = p.GetProperty("stage").GetString();
            foreach (var held in p.GetProperty("resources").EnumerateArray())
            {
                Assert.NotEqual(ProjectStages.Withdrawn, stage);
                Assert.Equal(stage is ProjectStages.Negotiating or ProjectStages.Signed ? ResourceStatus.Reserved : ResourceStatus.Allocated,
                    held.GetProperty("status").GetString());
                Assert.Contains(held.GetProperty("zoneCode").GetString(), p.GetProperty("preferredZones").EnumerateArray().Select(z => z.GetString()));
            }
        }

        // A held parcel's reserved step names its project, and its history matches the reservation's previous status.
        var parcel = holding.SelectMany(p => p.GetProperty("resources").EnumerateArray().Select(r => (Project: p, Resource: r)))
            .First(x => x.Resource.GetProperty("kind").GetString() == "parcel");
        var history = await fx.GetJsonAsync($"/collections/parcels/items/{parcel.Resource.GetProperty("code").GetString()}/history");
        var reserved = history.GetProperty("changes").EnumerateArray().Single(c =>
            c.GetProperty("fields").TryGetProperty("status", out var s) && s.GetProperty("new").GetString() == ResourceStatus.Reserved);
        Assert.Contains(parcel.Project.GetProperty("name").GetString()!, reserved.GetProperty("note").GetString());
        Assert.Equal(ResourceStatus.Negotiating, reserved.GetProperty("fields").GetProperty("status").GetProperty("old").GetString());
    }

    [Fact]
    public async Task Every_demo_record_was_verified_and_about_one_in_ten_is_older_than_90_days()
    {
        var stale = await ScalarAsync<double>("""
            SELECT avg(CASE WHEN verified_at < $2 THEN 1.0 ELSE 0.0 END)::float8 FROM (
                SELECT verified_at FROM parcels WHERE zone_code = ANY($1) UNION ALL SELECT verified_at FROM factories WHERE zone_code = ANY($1)) v
            """, DemoZoneCodes, DateTimeOffset.UtcNow.AddDays(-90)); // stale as the app sees it today, whenever the demo is loaded
        Assert.InRange(stale, 0.05, 0.2);
        Assert.Equal(0, await ScalarAsync<long>("""
            SELECT count(*) FROM (SELECT verified_at, verified_by FROM parcels WHERE zone_code = ANY($1)
                                  UNION ALL SELECT verified_at, verified_by FROM factories WHERE zone_code = ANY($1)) v
            WHERE verified_at IS NULL OR verified_by IS NULL
            """, (object)DemoZoneCodes));
    }

    /// <summary>
    /// Laixi's demo year (<see cref="DemoRevitalisation.Year"/>) in the article's terms (累计盘活闲置低效用地991亩、闲置厂房3.2万平方米，
    /// 引导18家企业改扩建，引进13个新项目落地，增加固定资产投资10亿元), summed over its done plans as the revitalisation figures
    /// sum them: a parcel's area, a factory's vacant floor when it was revitalised (the floor its status step on that day
    /// took), the outcomes' kinds, investment and output. What was revitalised is no longer idle, by a seed change on that day.
    /// </summary>
    [Fact]
    public async Task Laixi_revitalises_in_2026_about_what_the_article_reports()
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("""
            WITH done AS (
                SELECT p.*, c.amount_before AS taken_m2, c.status_after, c.source,
                       coalesce(pa.status, f.status) AS status_now, pa.area_mu
                FROM plans p
                LEFT JOIN parcels pa ON p.resource_kind = 'parcel' AND pa.code = p.resource_code
                LEFT JOIN factories f ON p.resource_kind = 'factory' AND f.code = p.resource_code
                LEFT JOIN LATERAL (
                    SELECT amount_before, status_after, source FROM changes c
                    WHERE c.kind = p.resource_kind AND c.code = p.resource_code
                      AND (c.changed_at AT TIME ZONE 'Asia/Shanghai')::date = p.revitalised_on AND c.status_before = ANY($3) AND NOT c.status_after = ANY($3)
                    ORDER BY c.changed_at DESC LIMIT 1) c ON true
                WHERE p.zone_code = $1 AND p.status = 'done' AND extract(year FROM p.revitalised_on) = $2)
            SELECT coalesce(sum(area_mu) FILTER (WHERE resource_kind = 'parcel'), 0)::float8,
                   coalesce(sum(taken_m2) FILTER (WHERE resource_kind = 'factory'), 0)::float8,
                   count(*) FILTER (WHERE outcome_kind = 'expanded'), count(*) FILTER (WHERE outcome_kind = 'new_project'),
                   sum(investment_added_wan)::float8, sum(expected_output_wan)::float8,
                   count(*) FILTER (WHERE status_after IS NULL OR source <> 'seed' OR status_now = ANY($3))
            FROM done
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = DemoRevitalisation.Laixi });
        cmd.Parameters.Add(new NpgsqlParameter { Value = DemoRevitalisation.Year });
        cmd.Parameters.Add(new NpgsqlParameter { Value = ResourceStatus.Available.ToArray() });
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        var (mu, m2, expanded, newProjects, investment, outputWan, inconsistent) =
            (r.GetDouble(0), r.GetDouble(1), r.GetInt64(2), r.GetInt64(3), r.GetDouble(4), r.GetDouble(5), r.GetInt64(6));
        output.WriteLine($"Laixi {DemoRevitalisation.Year}: {mu:N1} mu, {m2:N0} m², {expanded} expanded, {newProjects} new projects, "
                         + $"{investment:N0} 万元 investment added, {outputWan:N0} 万元 expected output");
        Assert.InRange(mu, 900, 1100);          // 991 亩
        Assert.InRange(m2, 28_000, 36_000);     // 3.2万 m²
        Assert.Equal((18L, 13L), (expanded, newProjects));
        Assert.InRange(investment, 90_000, 110_000); // 10亿元 = 100 000 万元
        Assert.True(outputWan > investment);
        Assert.Equal(0, inconsistent);          // each revitalised by a seed change on its day, and not idle now

        // The dashboard's figures (GET /api/stats/revitalisation) read the same: every amount from the exit change.
        var doc = await fx.GetJsonAsync($"/api/stats/revitalisation?zone={DemoRevitalisation.Laixi}&year={DemoRevitalisation.Year}");
        Assert.Equal(mu, doc.GetProperty("landRevitalisedMu").GetDouble(), 0.01); // the endpoint rounds to 0.01
        Assert.Equal((m2, 18, 13, investment, outputWan), (doc.GetProperty("factoryRevitalisedM2").GetDouble(),
            doc.GetProperty("firmsExpanded").GetInt32(), doc.GetProperty("newProjects").GetInt32(), doc.GetProperty("investmentAddedWan").GetDouble(),
            doc.GetProperty("expectedOutputWan").GetDouble()));
        Assert.All(doc.GetProperty("plans").EnumerateArray(), x => Assert.Equal("exit-change", x.GetProperty("amountBasis").GetString()));
    }

    /// <summary>
    /// The demo's supplied-land dates follow the day it is loaded (SeedWriter.KeepDemoCurrentAsync), so the warning list
    /// shows Laixi parcels nearing one full year without a start whenever the demo is loaded (the test database today).
    /// </summary>
    [Fact]
    public async Task The_warning_list_shows_laixi_parcels_nearing_one_year_without_a_start_on_any_load_day()
    {
        var list = await fx.GetJsonAsync($"/api/idle-land/warnings?zone={DemoRevitalisation.Laixi}");
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.InRange(items.Count, 3, 6);
        Assert.All(items, i => Assert.InRange(i.GetProperty("daysLeft").GetInt32(), 1, 90));
    }

    [Fact]
    public async Task Demo_findings_show_the_fee_and_recovery_for_the_enterprise_and_the_allowed_methods_for_the_government()
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("""
            SELECT DISTINCT ON (f.cause) f.parcel_code, f.cause FROM idle_findings f JOIN parcels p ON p.code = f.parcel_code
            WHERE p.zone_code = $1 ORDER BY f.cause, f.found_on
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = DemoRevitalisation.Laixi });
        var byCause = new Dictionary<string, string>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) byCause[r.GetString(1)] = r.GetString(0);

        var enterprise = (await fx.GetJsonAsync($"/api/idle-land/{byCause["enterprise"]}")).GetProperty("assessment");
        Assert.Equal("found", enterprise.GetProperty("status").GetString());
        var consequences = enterprise.GetProperty("consequences").EnumerateArray().ToDictionary(c => c.GetProperty("kind").GetString()!);
        Assert.True(consequences["fee"].GetProperty("amountWan").GetDouble() > 0);
        Assert.True(consequences["recovery"].GetProperty("reached").GetBoolean()); // the oldest enterprise finding: recovery due

        var government = (await fx.GetJsonAsync($"/api/idle-land/{byCause["government"]}")).GetProperty("assessment");
        Assert.All(government.GetProperty("consequences").EnumerateArray(), c => Assert.Equal("disposal", c.GetProperty("kind").GetString()));

        // Laixi's open plans: some with an overdue milestone; its two past meetings decided on some of them.
        var overdue = await fx.GetJsonAsync($"/api/plans?zone={DemoRevitalisation.Laixi}&status=open&overdue=true");
        Assert.True(overdue.GetProperty("total").GetInt64() >= 1);
        var meetings = await ScalarAsync<long>("SELECT count(*) FROM meetings m WHERE zone_code = $1 AND EXISTS (SELECT 1 FROM meeting_decisions d WHERE d.meeting_id = m.id)",
            DemoRevitalisation.Laixi);
        Assert.Equal(2, meetings);
    }

    /// <summary>
    /// A demo parcel found idle through the enterprise's fault with recovery due is offered to a project that fits it as
    /// available after recovery (issue 13 §5), never as a candidate.
    /// </summary>
    [Fact]
    public async Task A_project_matched_in_the_demo_sees_land_due_for_recovery_apart_from_the_free_land()
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("""
            SELECT p.code, p.zone_code, p.area_mu, p.land_use FROM parcels p
            WHERE p.zone_code = ANY($1) AND p.actual_start_on IS NULL AND (p.agreed_start_on + interval '2 years')::date <= (now() AT TIME ZONE 'Asia/Shanghai')::date
              AND (SELECT f.cause FROM idle_findings f WHERE f.parcel_code = p.code ORDER BY f.found_on DESC, f.id DESC LIMIT 1) = 'enterprise'
              AND p.land_use = ANY($2)
            ORDER BY p.code LIMIT 1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = DemoZoneCodes });
        cmd.Parameters.Add(new NpgsqlParameter { Value = new[] { "100101", "100102", "100103", "110101", "110102" } });
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync(), "the demo has land found idle through the enterprise's fault with recovery due");
        var (code, zone, mu, landUse) = (r.GetString(0), r.GetString(1), r.GetDouble(2), r.GetString(3));
        var pollution = landUse switch { "100101" => "1", "100102" => "2", "100103" => "3", _ => PollutionClasses.Logistics };

        using var res = await fx.Client.PostAsJsonAsync("/api/match", new
        {
            project = new { name = "回收后用地演示", pollutionClass = pollution, investmentWan = Math.Ceiling(mu) * 2000, landNeedMu = Math.Floor(mu) },
            zones = new[] { zone },
        });
        var m = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.True(res.IsSuccessStatusCode, m.ToString());
        Assert.DoesNotContain(code, m.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        var later = m.GetProperty("afterRecovery").EnumerateArray().Single(x => x.GetProperty("candidate").GetProperty("code").GetString() == code);
        Assert.True(later.GetProperty("recoveryDue").GetBoolean());
        output.WriteLine($"{code} ({mu:0.#} mu): available after recovery from {later.GetProperty("availableFrom").GetString()}");
    }

    private async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
