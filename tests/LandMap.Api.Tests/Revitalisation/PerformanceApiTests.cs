using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LandMap.Core.Access;
using MiniExcelLibs;
using Npgsql;

namespace LandMap.Api.Tests.Revitalisation;

/// <summary>
/// Per-mu performance on real PostGIS: import as JSON, CSV and XLSX (all or nothing; a parcel and year re-imported is
/// replaced), every bad row named by row and field, hostile bodies refused with problem details, access, and the grades
/// of /api/low-efficiency. Each test makes parcels of its own in a zone of its own (EF1…, around 127°E 46°N).
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class PerformanceApiTests(LandMapFixture fx)
{
    /// <summary>In-use parcels of <paramref name="areasMu"/> in a zone of their own; their codes.</summary>
    private async Task<string[]> ParcelsAsync(string zone, double lon, params double[] areasMu)
    {
        await HistoryRows.EnsureZoneAsync(fx.ConnectionString, zone, lon, 46.0);
        var codes = new List<string>();
        for (var i = 0; i < areasMu.Length; i++)
        {
            var code = $"{zone}-{Guid.NewGuid().ToString("N")[..8]}";
            await HistoryRows.AtAsync(fx.ConnectionString, DateTimeOffset.UtcNow.AddDays(-1), HistoryRows.InsertParcel,
                code, zone, lon + 0.003 * i, 46.0, areasMu[i], "in_use");
            codes.Add(code);
        }
        return [.. codes];
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(object body, HttpClient? client = null)
    {
        using var res = await (client ?? fx.Client).PostAsJsonAsync("/api/performance", body);
        return (res.StatusCode, await Json(res));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostFileAsync(string fileName, byte[] content, string mediaType = "application/octet-stream", string query = "")
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var res = await fx.Client.PostAsync($"/api/performance?fileName={Uri.EscapeDataString(fileName)}{query}", body);
        return (res.StatusCode, await Json(res));
    }

    private static async Task<JsonElement> Json(HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static object Row(string code, int year, double tax, double revenue, double? output = null, int? jobs = null, string? enterprise = null) =>
        new { parcelCode = code, year, taxWan = tax, revenueWan = revenue, outputWan = output, jobs, enterprise };

    private static List<(string Field, string Code)> Errors(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("code").GetString()!))];

    private async Task<long> StoredAsync(string[] codes)
    {
        await using var conn = new NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM parcel_performance WHERE parcel_code = ANY($1)", conn);
        cmd.Parameters.Add(new() { Value = codes });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Json_rows_are_stored_with_per_mu_figures_and_a_reimport_replaces_the_parcel_and_year()
    {
        var p = await ParcelsAsync("EF1", 127.0, 10, 40);
        var (status, body) = await PostJsonAsync(new
        {
            rows = new[] { Row(p[0], 2024, 200, 3000, 5000, 80, "青岛某机械有限公司"), Row(p[0], 2025, 310, 3300), Row(p[1], 2025, 120, 8000) },
            sourceName = "企业名录2025",
        });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal((3, 3, 0, 2), (body.GetProperty("rows").GetInt32(), body.GetProperty("added").GetInt32(), body.GetProperty("replaced").GetInt32(),
            body.GetProperty("parcels").GetInt32()));

        var list = await fx.GetJsonAsync("/api/performance?zone=EF1&year=2025");
        var items = list.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("parcelCode").GetString()!);
        Assert.Equal(2, items.Count);
        Assert.Equal((31.0, 330.0, "json", "企业名录2025", "key:test-editor-key"), (items[p[0]].GetProperty("taxWanPerMu").GetDouble(),
            items[p[0]].GetProperty("revenueWanPerMu").GetDouble(), items[p[0]].GetProperty("source").GetString(),
            items[p[0]].GetProperty("sourceName").GetString(), items[p[0]].GetProperty("recordedBy").GetString()));
        Assert.Equal((3.0, 200.0), (items[p[1]].GetProperty("taxWanPerMu").GetDouble(), items[p[1]].GetProperty("revenueWanPerMu").GetDouble()));

        // The same parcel and year again: replaced, not added; the other years stay.
        (status, body) = await PostJsonAsync(new { rows = new[] { Row(p[0], 2025, 100, 2000) } });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal((0, 1), (body.GetProperty("added").GetInt32(), body.GetProperty("replaced").GetInt32()));
        Assert.Equal(3, await StoredAsync(p));
        var again = (await fx.GetJsonAsync($"/api/performance?zone=EF1&year=2025")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("parcelCode").GetString() == p[0]);
        Assert.Equal((10.0, JsonValueKind.Null), (again.GetProperty("taxWanPerMu").GetDouble(), again.GetProperty("outputWan").ValueKind));
        Assert.Equal(3, (await fx.GetJsonAsync("/api/performance?zone=EF1")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_csv_and_an_xlsx_register_with_chinese_headers_are_imported()
    {
        var p = await ParcelsAsync("EF2", 127.2, 20, 5);
        var csv = "宗地编号,年度,税收（万元）,营业收入(万元),产值(万元),从业人员,企业名称,备注\n"
                  + $"{p[0]},2025,\"1,200\",30000,42000,150,甲公司,\n{p[1]},2025年,0,12.5,,,乙公司,停产\n";
        var (status, body) = await PostFileAsync("亩均效益2025.csv", Encoding.UTF8.GetBytes(csv), "text/csv");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal((2, "file", "亩均效益2025.csv"), (body.GetProperty("rows").GetInt32(), body.GetProperty("source").GetString(),
            body.GetProperty("sourceName").GetString()));
        Assert.Equal(["备注"], body.GetProperty("ignoredColumns").EnumerateArray().Select(c => c.GetString()));
        var items = (await fx.GetJsonAsync("/api/performance?zone=EF2&year=2025")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("parcelCode").GetString()!);
        Assert.Equal((60.0, 150, "甲公司"), (items[p[0]].GetProperty("taxWanPerMu").GetDouble(), items[p[0]].GetProperty("jobs").GetInt32(),
            items[p[0]].GetProperty("enterprise").GetString()));
        Assert.Equal((0.0, 2.5), (items[p[1]].GetProperty("taxWanPerMu").GetDouble(), items[p[1]].GetProperty("revenueWanPerMu").GetDouble()));

        var rows = new[]
        {
            new Dictionary<string, object?> { ["地块编号"] = p[0], ["年份"] = 2024, ["实缴税收(万元)"] = 900.5, ["销售收入"] = 25000, ["企业"] = "甲公司" },
            new Dictionary<string, object?> { ["地块编号"] = p[1], ["年份"] = 2024, ["实缴税收(万元)"] = 40, ["销售收入"] = 900, ["企业"] = null },
        };
        using var xlsx = new MemoryStream();
        await xlsx.SaveAsAsync(rows);
        (status, body) = await PostFileAsync("register.xlsx", xlsx.ToArray(), query: "&sourceName=" + Uri.EscapeDataString("经发局企业库"));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var y2024 = (await fx.GetJsonAsync("/api/performance?zone=EF2&year=2024")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("parcelCode").GetString()!);
        Assert.Equal((900.5, "经发局企业库"), (y2024[p[0]].GetProperty("taxWan").GetDouble(), y2024[p[0]].GetProperty("sourceName").GetString()));
        Assert.Equal(8.0, y2024[p[1]].GetProperty("taxWanPerMu").GetDouble());
    }

    [Fact]
    public async Task Every_bad_row_is_a_422_naming_its_row_and_field_and_nothing_is_stored()
    {
        var p = await ParcelsAsync("EF3", 127.4, 10);
        var (status, body) = await PostJsonAsync(new
        {
            rows = new object[]
            {
                Row(p[0], 2025, 100, 1000),           // good, but the import is all or nothing
                Row("EF3-NO-SUCH", 2025, 1, 1),
                Row(p[0], 2024, -5, 10),
                Row(p[0], 1999, 1, 1),
                new { parcelCode = p[0], year = 2023, revenueWan = 1.0 },
                Row(p[0], 2025, 1, 1),                // the same parcel and year twice
                Row(p[0], 2022, 1, 1, jobs: -3),
            },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var errors = Errors(body);
        Assert.Contains(("rows[2].taxWan", "invalid-field"), errors);
        Assert.Contains(("rows[3].year", "invalid-field"), errors);
        Assert.Contains(("rows[4].taxWan", "invalid-field"), errors);
        Assert.Contains(("rows[5].year", "invalid-field"), errors);
        Assert.Contains(("rows[6].jobs", "invalid-field"), errors);
        Assert.Equal(0, await StoredAsync(p));

        // An unknown parcel is named once the rows themselves are good.
        (status, body) = await PostJsonAsync(new { rows = new[] { Row(p[0], 2025, 100, 1000), Row("EF3-NO-SUCH", 2025, 1, 1) } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal([("rows[1].parcelCode", "parcel-not-found")], Errors(body));
        Assert.Equal(0, await StoredAsync(p));

        // In a file: text that is no number, NaN and Infinity, each named with the file's row number.
        var csv = $"宗地编号,年度,税收,营业收入\n{p[0]},2025,abc,1\n{p[0]},2024,NaN,1\n{p[0]},2023,1,Infinity\n{p[0]},20x5,1,1\n";
        (status, body) = await PostFileAsync("bad.csv", Encoding.UTF8.GetBytes(csv), "text/csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        errors = Errors(body);
        Assert.Equal([("rows[0].taxWan", "invalid-field"), ("rows[1].taxWan", "invalid-field"), ("rows[2].revenueWan", "invalid-field"),
            ("rows[3].year", "invalid-field")], errors);
        Assert.Contains("row 1 of the file", body.GetProperty("errors")[0].GetProperty("reason").GetString());
        Assert.Equal(0, await StoredAsync(p));

        // A file without the required columns says which are missing.
        (status, body) = await PostFileAsync("cols.csv", Encoding.UTF8.GetBytes($"宗地编号,税收\n{p[0]},1\n"), "text/csv");
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "file"), (status, Errors(body)[0].Field));
        Assert.Contains("year", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Hostile_bodies_get_problem_details_never_a_500()
    {
        var p = await ParcelsAsync("EF4", 127.6, 10);
        async Task<(HttpStatusCode, string?)> Send(HttpContent? content, string url = "/api/performance?fileName=a.csv")
        {
            using var res = await fx.Client.PostAsync(url, content);
            var body = await Json(res);
            Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
            return (res.StatusCode, body.GetProperty("code").GetString());
        }

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "unsupported-media-type"), await Send(new StringContent("a,b", Encoding.UTF8, "text/plain")));
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "unsupported-media-type"), await Send(new MultipartFormDataContent { { new StringContent("x"), "f" } }));
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "unsupported-media-type"), await Send(new FormUrlEncodedContent([new("a", "b")])));
        var big = new ByteArrayContent(new byte[21 * 1024 * 1024]);
        big.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "payload-too-large"), await Send(big));
        var bigJson = new StringContent("{\"rows\":[" + string.Join(',', Enumerable.Repeat("{}", 600_000)) + "]}", Encoding.UTF8, "application/json");
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "payload-too-large"), await Send(bigJson, "/api/performance"));
        var csv = new ByteArrayContent("a"u8.ToArray());
        csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid-parameter"), await Send(csv, "/api/performance"));
        var xls = new ByteArrayContent([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]);
        xls.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ms-excel");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid-parameter"), await Send(xls, "/api/performance?fileName=old.xls"));
        var notXlsx = new ByteArrayContent("PK\u0003\u0004garbage"u8.ToArray());
        notXlsx.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "unreadable-file"), await Send(notXlsx, "/api/performance?fileName=broken.xlsx"));
        Assert.Equal((HttpStatusCode.BadRequest, "unknown-parameter"), await Send(JsonContent.Create(new { rows = Array.Empty<object>() }), "/api/performance?dryRun=true"));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid-json"),
            await Send(new StringContent($"{{\"rows\":[{{\"parcelCode\":\"{p[0]}\",\"year\":2025,\"taxWan\":1e400,\"revenueWan\":1}}]}}", Encoding.UTF8, "application/json"), "/api/performance"));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid-json"),
            await Send(new StringContent("{\"rows\":[{\"parcelCode\":\"x\",\"colour\":1}]}", Encoding.UTF8, "application/json"), "/api/performance"));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "invalid-field"),
            await Send(new StringContent($"{{\"rows\":[{{\"parcelCode\":\"{new string('x', 5000)}\",\"year\":2025,\"taxWan\":1,\"revenueWan\":1}}]}}", Encoding.UTF8, "application/json"), "/api/performance"));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "invalid-field"), await Send(JsonContent.Create(new { rows = Array.Empty<object>() }), "/api/performance"));
        Assert.Equal(0, await StoredAsync(p));

        foreach (var url in new[] { "/api/performance?year=1800", "/api/performance?zone=NO-SUCH-ZONE", "/api/low-efficiency?year=abc", "/api/stats/revitalisation?foo=1" })
        {
            using var res = await fx.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        }
    }

    [Fact]
    public async Task Staff_read_editors_import_and_the_public_gets_nothing()
    {
        var p = await ParcelsAsync("EF5", 127.8, 10);
        var staff = fx.ClientFor(Roles.Staff);
        var (status, body) = await PostJsonAsync(new { rows = new[] { Row(p[0], 2025, 1, 1) } }, staff);
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (status, body.GetProperty("code").GetString()));
        foreach (var url in new[] { "/api/performance?zone=EF5", "/api/low-efficiency?zone=EF5", "/api/stats/revitalisation?zone=EF5" })
        {
            using (var res = await fx.Anonymous.GetAsync(url)) Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
            using (var res = await staff.GetAsync(url)) Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        }
        using (var res = await fx.Anonymous.PostAsJsonAsync("/api/performance", new { rows = new[] { Row(p[0], 2025, 1, 1) } }))
            Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
        Assert.Equal(0, await StoredAsync(p));
    }

    [Fact]
    public async Task Low_efficiency_grades_the_zone_and_lists_c_and_d_parcels_with_the_land_they_could_free()
    {
        // 10 mu each: tax 300 → 30/mu (A, at the cut-off), 150 → 15 (B), 149.9 → 14.99 (C), 50 → 5 (C), 49 → 4.9 (D); one without figures.
        var p = await ParcelsAsync("EF6", 128.0, 10, 10, 10, 10, 10, 12.5);
        var (status, body) = await PostJsonAsync(new
        {
            rows = new[] { Row(p[0], 2025, 300, 1), Row(p[1], 2025, 150, 1), Row(p[2], 2025, 149.9, 1), Row(p[3], 2025, 50, 1), Row(p[4], 2025, 49, 1),
                Row(p[5], 2024, 500, 1) },
        });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var doc = await fx.GetJsonAsync("/api/low-efficiency?zone=EF6&year=2025");
        var t = doc.GetProperty("thresholds");
        Assert.Equal((30.0, 15.0, 5.0, true, "taxWanPerMu"), (t.GetProperty("aTaxWanPerMu").GetDouble(), t.GetProperty("bTaxWanPerMu").GetDouble(),
            t.GetProperty("cTaxWanPerMu").GetDouble(), t.GetProperty("localSetting").GetBoolean(), t.GetProperty("indicator").GetString()));
        Assert.Contains("local setting", t.GetProperty("source").GetString());
        Assert.Contains("亩产效益", t.GetProperty("method").GetString());

        var grades = doc.GetProperty("parcels").EnumerateArray().ToDictionary(x => x.GetProperty("code").GetString()!, x => x.GetProperty("grade").GetString());
        Assert.Equal(["A", "B", "C", "C", "D", null], p.Select(c => grades[c]));
        Assert.Equal("no-figures", doc.GetProperty("parcels").EnumerateArray().Single(x => x.GetProperty("code").GetString() == p[5])
            .GetProperty("notGradedReason").GetString());
        Assert.Equal([("A", 1, 10.0), ("B", 1, 10.0), ("C", 2, 20.0), ("D", 1, 10.0)], doc.GetProperty("totals").EnumerateArray()
            .Select(x => (x.GetProperty("grade").GetString(), x.GetProperty("parcels").GetInt32(), x.GetProperty("areaMu").GetDouble())));
        Assert.Equal([p[4], p[3], p[2]], doc.GetProperty("candidates").EnumerateArray().Select(x => x.GetProperty("code").GetString()));
        Assert.Equal((30.0, 5, 1), (doc.GetProperty("candidateFreeableMu").GetDouble(), doc.GetProperty("graded").GetInt32(), doc.GetProperty("notGraded").GetInt32()));

        // Without a year: the latest with figures in the zone.
        Assert.Equal(2025, (await fx.GetJsonAsync("/api/low-efficiency?zone=EF6")).GetProperty("year").GetInt32());
        var y2024 = await fx.GetJsonAsync("/api/low-efficiency?zone=EF6&year=2024");
        Assert.Equal(1, y2024.GetProperty("graded").GetInt32());
        Assert.Empty(y2024.GetProperty("candidates").EnumerateArray());
    }

    [Fact]
    public async Task The_demo_grades_laixi_with_some_candidates_from_its_seeded_figures()
    {
        var doc = await fx.GetJsonAsync("/api/low-efficiency?zone=LXEDZ");
        Assert.Equal(LandMap.Seeds.DemoPerformance.Years[^1], doc.GetProperty("year").GetInt32());
        Assert.True(doc.GetProperty("graded").GetInt32() >= 3, doc.GetProperty("graded").ToString());
        Assert.NotEmpty(doc.GetProperty("candidates").EnumerateArray());
        Assert.True(doc.GetProperty("candidateFreeableMu").GetDouble() > 0);
        var seeded = (await fx.GetJsonAsync("/api/performance?zone=LXEDZ")).GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(seeded);
        Assert.All(seeded, i => Assert.Equal("seed", i.GetProperty("source").GetString()));
    }
}
