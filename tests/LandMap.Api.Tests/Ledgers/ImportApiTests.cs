using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LandMap.Core.Crs;
using NetTopologySuite.Geometries;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace LandMap.Api.Tests.Ledgers;

/// <summary>
/// Importing ledgers over HTTP into the fixture's PostGIS: dry run, all-or-nothing, upsert with history, CRS detection.
/// The rows live in a zone of their own (IMP, near 121.0°E 37.0°N, Gauss–Krüger zone 40, CM 120°E) that the tests
/// create, so nothing here changes what other tests count.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class ImportApiTests(LandMapFixture fx)
{
    private static readonly GeometryFactory Factory = new();

    /// <summary>Easting/northing (CM 120°E, no prefix) of the zone's corner; parcels are laid out from it in metres.</summary>
    private static readonly Coordinate Origin = GaussKruger.Project(Factory.CreatePoint(new Coordinate(121.002, 37.002)), 120).Coordinate;

    private async Task EnsureZoneAsync(string code = "IMP", double west = 121.0)
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("""
            INSERT INTO zones (code, name_zh, name_en, level, city, geom, area_mu)
            VALUES ($1, '导入测试区', 'Import test zone', 'provincial', '测试', ST_Multi(ST_MakeEnvelope($2, 37.0, $2 + 0.05, 37.05, 4490)), 1000)
            ON CONFLICT (code) DO NOTHING
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = code });
        cmd.Parameters.Add(new NpgsqlParameter { Value = west });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A w × d metre rectangle at (dx, dy) from the origin as WKT in zone 40 with the prefix, optionally northing first.</summary>
    private static string Wkt(double dx, double dy, double w, double d, bool swapped = false)
    {
        var (e, n) = (40_000_000 + Origin.X + dx, Origin.Y + dy);
        var corners = new[] { (e, n), (e + w, n), (e + w, n + d), (e, n + d), (e, n) };
        string P((double E, double N) c) => swapped
            ? string.Create(CultureInfo.InvariantCulture, $"{c.N:0.###} {c.E:0.###}")
            : string.Create(CultureInfo.InvariantCulture, $"{c.E:0.###} {c.N:0.###}");
        return "POLYGON((" + string.Join(", ", corners.Select(P)) + "))";
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(string kind, string fileName, byte[] content, string query = "",
        HttpClient? client = null, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/imports/{kind}?fileName={Uri.EscapeDataString(fileName)}{query}")
        {
            Content = new ByteArrayContent(content),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        using var res = await (client ?? fx.Client).SendAsync(request);
        var text = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    private const string Header = "宗地编号,坐落,面积（亩）,用地性质,状态,闲置时间,WKT";

    private static string Line(string code, string wkt, string area = "30", string landUse = "M1", string idle = "2021年3月5日") =>
        $"{code},\"青岛市测试路{code}号\",{area},{landUse},闲置,{idle},\"{wkt}\"";

    [Fact]
    public async Task Dry_run_reports_zone_40_and_counts_and_writes_nothing_then_the_real_run_upserts_with_history()
    {
        await EnsureZoneAsync();
        var file = Csv(Header, Line("IMP-01", Wkt(0, 0, 200, 100)), Line("IMP-02", Wkt(300, 0, 150, 200.0 / 3), area: "15亩"));

        var (status, dry) = await ImportAsync("parcels", "宗地台账.csv", file);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal(4528, dry.GetProperty("crs").GetProperty("epsg").GetInt32());
        Assert.Equal(40, dry.GetProperty("crs").GetProperty("zone").GetInt32());
        Assert.Equal(2, dry.GetProperty("counts").GetProperty("new").GetInt32());
        Assert.Equal(0, dry.GetProperty("problems").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Client.GetAsync("/collections/parcels/items/IMP-01")).StatusCode);

        var (realStatus, real) = await ImportAsync("parcels", "宗地台账.csv", file, "&dryRun=false");
        Assert.Equal(HttpStatusCode.OK, realStatus);
        var importId = real.GetProperty("importId").GetInt64();
        var p = (await fx.GetJsonAsync("/collections/parcels/items/IMP-01")).GetProperty("properties");
        Assert.Equal(30.0, p.GetProperty("areaMu").GetDouble(), 1); // 200 m × 100 m in its own zone = 30 亩
        Assert.Equal("IMP", p.GetProperty("zone").GetString());      // found from the zone outline
        Assert.Equal("100101", p.GetProperty("landUse").GetString());
        Assert.Equal("2021-03-05", p.GetProperty("idleSince").GetString());
        var history = await fx.GetJsonAsync("/api/history/parcel/IMP-02");
        Assert.Contains($"#{importId}", history[0].GetProperty("note").GetString());

        // The same file again changes nothing.
        var (_, again) = await ImportAsync("parcels", "宗地台账.csv", file, "&dryRun=false");
        Assert.Equal((0, 0, 2), (again.GetProperty("counts").GetProperty("new").GetInt32(), again.GetProperty("counts").GetProperty("changed").GetInt32(),
            again.GetProperty("counts").GetProperty("unchanged").GetInt32()));
        var imports = await fx.GetJsonAsync("/api/imports");
        Assert.Contains(imports.EnumerateArray(), i => i.GetProperty("id").GetInt64() == importId && i.GetProperty("createdBy").GetString() == "key:test-editor-key");
    }

    [Fact]
    public async Task One_bad_row_means_nothing_is_written_and_the_report_names_row_field_and_reason()
    {
        await EnsureZoneAsync();
        var file = Csv(Header,
            Line("IMP-11", Wkt(0, 300, 100, 100)),
            Line("IMP-12", Wkt(200, 300, 100, 100), landUse: "X9"),
            Line("IMP-11", Wkt(400, 300, 100, 100)),
            Line("IMP-13", Wkt(600, 300, 100, 100), area: "三十"),
            Line("IMP-14", Wkt(800, 300, 100, 100), idle: "2021-02-30"));
        var (status, report) = await ImportAsync("parcels", "bad.csv", file, "&dryRun=false");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var problems = report.GetProperty("problems").EnumerateArray()
            .Select(p => (p.GetProperty("row").GetInt32(), p.GetProperty("field").GetString(), p.GetProperty("code").GetString())).ToList();
        Assert.Contains((2, "landUse", "unreadable"), problems);
        Assert.Contains((3, "code", "duplicate-code"), problems);
        Assert.Contains((4, "ledgerAreaMu", "unreadable"), problems);
        Assert.Contains((5, "idleSince", "unreadable"), problems);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Client.GetAsync("/collections/parcels/items/IMP-11")).StatusCode);
    }

    [Fact]
    public async Task Swapped_axes_are_detected_and_said_and_the_area_still_comes_from_the_geometry()
    {
        await EnsureZoneAsync();
        var file = Csv(Header, Line("IMP-21", Wkt(0, 600, 200, 100, swapped: true), area: "40"));
        var (status, report) = await ImportAsync("parcels", "swapped.csv", file);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(report.GetProperty("crs").GetProperty("swapped").GetBoolean());
        Assert.Contains("swapped", report.GetProperty("crs").GetProperty("description").GetString());
        var flag = Assert.Single(report.GetProperty("problems").EnumerateArray());
        Assert.Equal(("area-mismatch", false), (flag.GetProperty("code").GetString(), flag.GetProperty("blocking").GetBoolean())); // 40 against 30 亩
        Assert.Equal(30.0, report.GetProperty("preview").GetProperty("features")[0].GetProperty("properties").GetProperty("areaMu").GetDouble(), 1);
    }

    [Fact]
    public async Task Only_editors_import_and_a_form_or_text_body_is_refused()
    {
        var file = Csv(Header, Line("IMP-31", Wkt(0, 900, 100, 100)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ImportAsync("parcels", "a.csv", file, client: fx.Anonymous)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ImportAsync("parcels", "a.csv", file, client: fx.ClientFor("staff"))).Status);
        using var text = new StringContent("宗地编号\n", Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await fx.Client.PostAsync("/api/imports/parcels?fileName=a.csv", text)).StatusCode);
    }

    [Fact]
    public async Task A_coordinate_outside_the_zone_of_the_file_is_a_row_problem()
    {
        await EnsureZoneAsync();
        // Zone 40 spans 118.5–121.5°E; 400 km east of the origin is outside it.
        var file = Csv(Header, Line("IMP-41", Wkt(0, 1200, 100, 100), area: "15"), Line("IMP-42", Wkt(400_000, 1200, 100, 100), area: "15"));
        var (_, report) = await ImportAsync("parcels", "far.csv", file);
        var problem = Assert.Single(report.GetProperty("problems").EnumerateArray());
        Assert.Equal((2, "outside-zone"), (problem.GetProperty("row").GetInt32(), problem.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Retiring_takes_records_the_ledger_no_longer_lists_out_of_the_available_stock_only_when_asked()
    {
        await EnsureZoneAsync("IMR", 121.1); // its own zone, 0.1° east: retiring touches only the zones a file covers
        var both = Csv(Header, Line("IMR-01", Wkt(9000, 0, 200, 100)), Line("IMR-02", Wkt(9300, 0, 200, 100)));
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync("parcels", "both.csv", both, "&dryRun=false")).Status);
        var one = Csv(Header, Line("IMR-01", Wkt(9000, 0, 200, 100)));

        var (_, kept) = await ImportAsync("parcels", "one.csv", one, "&dryRun=false");
        Assert.Equal(0, kept.GetProperty("counts").GetProperty("retired").GetInt32());
        Assert.Equal("idle", (await fx.GetJsonAsync("/collections/parcels/items/IMR-02")).GetProperty("properties").GetProperty("status").GetString());

        var (_, retired) = await ImportAsync("parcels", "one.csv", one, "&dryRun=false&retireMissing=true");
        Assert.Equal(1, retired.GetProperty("counts").GetProperty("retired").GetInt32());
        Assert.Equal("retired", (await fx.GetJsonAsync("/collections/parcels/items/IMR-02")).GetProperty("properties").GetProperty("status").GetString());
        var last = (await fx.GetJsonAsync("/api/history/parcel/IMR-02")).EnumerateArray().Last();
        Assert.Equal(("idle", "retired"), (last.GetProperty("fromStatus").GetString(), last.GetProperty("toStatus").GetString()));
        Assert.Contains($"#{retired.GetProperty("importId").GetInt64()}", last.GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_saved_mapping_reads_a_ledger_with_its_own_headers()
    {
        await EnsureZoneAsync();
        using var save = await fx.Client.PutAsync("/api/imports/mappings/乙区自然资源局",
            new StringContent("""{"kind":"parcels","mapping":{"code":"地块号","landUse":"规划性质","wkt":"边界"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        var file = Csv("地块号,规划性质,边界", $"IMP-61,100102,\"{Wkt(0, 1500, 200, 100)}\"");
        var (status, report) = await ImportAsync("parcels", "乙区.csv", file, "&mapping=" + Uri.EscapeDataString("乙区自然资源局"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("地块号", report.GetProperty("mapping").GetProperty("code").GetString());
        Assert.Equal(1, report.GetProperty("counts").GetProperty("new").GetInt32());
        var (missing, problem) = await ImportAsync("parcels", "乙区.csv", file, "&mapping=nope");
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("mapping", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_self_intersecting_outline_is_rejected_or_repaired_and_flagged_when_asked()
    {
        await EnsureZoneAsync();
        var (e, n) = (40_000_000 + Origin.X, Origin.Y + 1800);
        var bowtie = string.Create(CultureInfo.InvariantCulture, $"POLYGON(({e} {n}, {e + 200} {n + 100}, {e + 200} {n}, {e} {n + 100}, {e} {n}))");
        var file = Csv("宗地编号,用地性质,WKT", $"IMP-71,M1,\"{bowtie}\"");
        var (_, rejected) = await ImportAsync("parcels", "bowtie.csv", file);
        var problem = Assert.Single(rejected.GetProperty("problems").EnumerateArray());
        Assert.Equal(("invalid-geometry", true), (problem.GetProperty("code").GetString(), problem.GetProperty("blocking").GetBoolean()));
        var (_, repaired) = await ImportAsync("parcels", "bowtie.csv", file, "&repair=true");
        Assert.Contains(repaired.GetProperty("problems").EnumerateArray(), p => p.GetProperty("code").GetString() == "repaired" && !p.GetProperty("blocking").GetBoolean());
        Assert.Equal(0, repaired.GetProperty("counts").GetProperty("rejected").GetInt32());
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_413_and_a_file_that_is_no_ledger_is_422()
    {
        await using var app = fx.Factory.WithWebHostBuilder(b => b.UseSetting("Imports:MaxBytes", "2048"));
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", fx.KeyFor("editor"));
        var (tooBig, _) = await ImportAsync("parcels", "big.csv", new byte[4096], client: client);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig);
        var (notLedger, problem) = await ImportAsync("parcels", "x.zip", Encoding.ASCII.GetBytes("this is not a zip"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notLedger);
        Assert.Equal("unreadable-file", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_report_says_reasons_notes_and_the_coordinate_system_in_the_callers_language()
    {
        await EnsureZoneAsync();
        var file = Csv(Header,
            Line("IMP-A1", Wkt(0, 3000, 100, 100), landUse: "X9"),
            Line("IMP-A2", Wkt(200, 3000, 100, 100), area: "45"),
            Line("IMP-A2", Wkt(400, 3000, 100, 100)),
            Line("IMP-A3", Wkt(600, 3000, 100, 100), area: "三十"),
            Line("IMP-A4", Wkt(800, 3000, 100, 100), idle: "2021-02-30"),
            Line("IMP-A6", Wkt(1000, 3000, 100, 100)).Replace(",闲置,", ",作废,"),
            Line("IMP-A7", Wkt(1200, 3000, 100, 100).Replace("POLYGON((", "LINESTRING(").Replace("))", ")")),
            Line("IMP-A8", Wkt(-200_000, 3000, 100, 100)));
        var (_, en) = await ImportAsync("parcels", "language.csv", file);
        var (_, zh) = await ImportAsync("parcels", "language.csv", file, language: "zh-CN,zh;q=0.9,en;q=0.8");

        static List<(int Row, string Field, string Code, string Reason)> Problems(JsonElement report) => [.. report.GetProperty("problems")
            .EnumerateArray().Select(p => (p.GetProperty("row").GetInt32(), p.GetProperty("field").GetString()!, p.GetProperty("code").GetString()!,
                p.GetProperty("reason").GetString()!))];
        var (enProblems, zhProblems) = (Problems(en), Problems(zh));
        // The same problems either way: only the words change.
        Assert.Equal(enProblems.Select(p => (p.Row, p.Field, p.Code)), zhProblems.Select(p => (p.Row, p.Field, p.Code)));
        Assert.Equal(["area-mismatch", "duplicate-code", "no-zone", "not-a-polygon", "unreadable"],
            enProblems.Select(p => p.Code).Distinct().Order());
        Assert.Contains(zhProblems, p => p.Reason == "未知的用地性质代码或名称“X9”");
        Assert.Contains(zhProblems, p => p.Reason == "编号 IMP-A2 在文件前面已出现");
        // Every Chinese text is Chinese: no English word is left in a reason, a note or the coordinate system.
        var said = zhProblems.Select(p => p.Reason)
            .Concat(zh.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!))
            .Append(zh.GetProperty("crs").GetProperty("description").GetString()!).ToList();
        Assert.All(said, text => Assert.DoesNotMatch("[a-z]{3,}", text));
        Assert.All(enProblems, p => Assert.Matches("[a-z]{3,}", p.Reason));
        Assert.Contains("高斯-克吕格", zh.GetProperty("crs").GetProperty("description").GetString());
        Assert.Contains("Gauss–Krüger", en.GetProperty("crs").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Rejected_rows_are_in_the_preview_in_red_and_rows_in_no_zone_are_not_counted_as_new()
    {
        await EnsureZoneAsync();
        // Row 1: a fine parcel; row 2: an unknown land-use code but a readable outline; row 3: 200 km west, inside no zone.
        var file = Csv(Header, Line("IMP-81", Wkt(0, 2100, 100, 100), area: "15"), Line("IMP-82", Wkt(200, 2100, 100, 100), area: "15", landUse: "X9"),
            Line("IMP-83", Wkt(-200_000, 2100, 100, 100), area: "15"));
        var (_, report) = await ImportAsync("parcels", "preview.csv", file);
        var states = report.GetProperty("preview").GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("properties").GetProperty("row").GetInt32(), f => f.GetProperty("properties").GetProperty("state").GetString());
        Assert.Equal(new Dictionary<int, string?> { [1] = "ok", [2] = "rejected", [3] = "rejected" }, states);
        Assert.Equal((1, 2), (report.GetProperty("counts").GetProperty("new").GetInt32(), report.GetProperty("counts").GetProperty("rejected").GetInt32()));
        Assert.Contains(report.GetProperty("problems").EnumerateArray(), p => p.GetProperty("row").GetInt32() == 3 && p.GetProperty("code").GetString() == "no-zone");
    }

    [Fact]
    public async Task An_empty_override_unmaps_a_field()
    {
        await EnsureZoneAsync();
        var file = Csv(Header, Line("IMP-91", Wkt(0, 2400, 100, 100), area: "99"));
        var (_, mapped) = await ImportAsync("parcels", "unmap.csv", file);
        Assert.Contains(mapped.GetProperty("problems").EnumerateArray(), p => p.GetProperty("code").GetString() == "area-mismatch");
        var (status, unmapped) = await ImportAsync("parcels", "unmap.csv", file, "&map.ledgerAreaMu=");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(unmapped.GetProperty("mapping").TryGetProperty("ledgerAreaMu", out _));
        Assert.Equal(0, unmapped.GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public async Task An_empty_status_cell_keeps_a_stored_status_and_does_not_reset_it_to_idle()
    {
        await EnsureZoneAsync();
        var withStatus = Csv(Header, Line("IMP-95", Wkt(0, 2700, 100, 100), area: "15"));
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync("parcels", "s.csv", withStatus, "&dryRun=false")).Status);
        await using (var db = NpgsqlDataSource.Create(fx.ConnectionString))
        await using (var cmd = db.CreateCommand("UPDATE parcels SET status = 'reserved' WHERE code = 'IMP-95'")) await cmd.ExecuteNonQueryAsync();

        var blankStatus = Csv(Header, Line("IMP-95", Wkt(0, 2700, 100, 100), area: "15").Replace(",闲置,", ",,"));
        var (_, report) = await ImportAsync("parcels", "s.csv", blankStatus, "&dryRun=false");
        Assert.Equal(1, report.GetProperty("counts").GetProperty("unchanged").GetInt32());
        Assert.Equal("reserved", (await fx.GetJsonAsync("/collections/parcels/items/IMP-95")).GetProperty("properties").GetProperty("status").GetString());
    }

    /// <summary>
    /// A zone's ledger carries the facts of supplied land in and out (issue 13): read under the headers zones write
    /// (供地方式, 约定开工日期, 实际开工日期, 已开发面积比例 in per cent, 已投资比例, 停工日期, 土地出让价款), exported to staff under
    /// the catalogue's headers (and never to the public), and that export reads back to the same values.
    /// </summary>
    [Fact]
    public async Task Supplied_land_facts_come_in_under_zone_headers_and_go_out_to_staff_only()
    {
        await EnsureZoneAsync();
        var file = Csv(Header + ",供地方式,约定开工日期,实际开工日期,已开发面积比例,已投资比例,停工日期,土地出让价款",
            Line("IMP-97", Wkt(0, 3100, 100, 100), area: "15") + ",出让,2023年3月1日,2023-06-01,30%,0.2,2024/5/1,1200万",
            Line("IMP-98", Wkt(200, 3100, 100, 100), area: "15") + ",划拨,2025-09-01,,,,,");
        var (status, report) = await ImportAsync("parcels", "供地台账.csv", file, "&dryRun=false");
        Assert.True(status == HttpStatusCode.OK, report.ToString());
        var p = (await fx.GetJsonAsync("/collections/parcels/items/IMP-97")).GetProperty("properties");
        Assert.Equal(("出让", "2023-03-01", "2023-06-01", 0.3, 0.2, "2024-05-01", 1200.0),
            (p.GetProperty("supplyType").GetString(), p.GetProperty("agreedStartOn").GetString(), p.GetProperty("actualStartOn").GetString(),
             p.GetProperty("developedShare").GetDouble(), p.GetProperty("investedShare").GetDouble(), p.GetProperty("haltedOn").GetString(),
             p.GetProperty("landPriceWan").GetDouble()));

        // Staff export carries them under the catalogue's headers; the public's never does.
        using var staff = await fx.ClientFor(LandMap.Core.Access.Roles.Staff).GetAsync("/collections/parcels/export?format=csv&zone=IMP");
        var lines = (await staff.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        var row = lines.Single(l => l.StartsWith("IMP-97,", StringComparison.Ordinal)).Split(',');
        string Cell(string name) => row[Array.IndexOf(header, name)];
        Assert.Equal(("出让", "2023-03-01", "0.3", "2024-05-01", "1200"), (Cell("供地方式"), Cell("约定动工日期"), Cell("已开发面积占比"), Cell("停工日期"), Cell("土地价款(万元)")));
        using var pub = await fx.Anonymous.GetAsync("/collections/parcels/export?format=csv&zone=IMP");
        var pubHeader = (await pub.Content.ReadAsStringAsync()).Split('\n')[0];
        foreach (var f in LandMap.Core.Ledgers.LedgerFields.SuppliedLand) Assert.DoesNotContain(f.HeaderZh, pubHeader);

        // The export reads back with nothing changed (for the two rows of this test).
        var mine = string.Join("\r\n", lines.Where((l, i) => i == 0 || l.StartsWith("IMP-97,", StringComparison.Ordinal) || l.StartsWith("IMP-98,", StringComparison.Ordinal)));
        var (_, again) = await ImportAsync("parcels", "export.csv", Encoding.UTF8.GetBytes(mine + "\r\n"));
        Assert.True(again.GetProperty("problems").GetArrayLength() == 0, again.ToString());
        Assert.Equal((0, 0, 2), (again.GetProperty("counts").GetProperty("new").GetInt32(), again.GetProperty("counts").GetProperty("changed").GetInt32(),
            again.GetProperty("counts").GetProperty("unchanged").GetInt32()));

        // Halted before it started, or a supply type no ledger knows, is a row problem, not a database error.
        var bad = Csv(Header + ",供地方式,实际开工日期,停工日期",
            Line("IMP-99", Wkt(400, 3100, 100, 100), area: "15") + ",出让,2024-06-01,2024-05-01",
            Line("IMP-99B", Wkt(600, 3100, 100, 100), area: "15") + ",租赁,,");
        var (badStatus, badReport) = await ImportAsync("parcels", "bad.csv", bad, "&dryRun=false");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badStatus);
        var problems = badReport.GetProperty("problems").EnumerateArray().Select(x => (x.GetProperty("row").GetInt32(), x.GetProperty("field").GetString())).ToList();
        Assert.Contains((1, "haltedOn"), problems);
        Assert.Contains((2, "supplyType"), problems);
    }
}
