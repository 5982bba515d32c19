using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using LandMap.Api.Collections;
using LandMap.Api.Exports;
using LandMap.Core.Access;
using LandMap.Core.Crs;
using LandMap.Core.Ledgers;
using MiniExcelLibs;
using nietras.SeparatedValues;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.IO.Esri;

namespace LandMap.Api.Tests;

/// <summary>
/// GET /collections/{id}/export: every format is opened with its own library's reader and holds the test zone's rows
/// under the ledger catalogue's names; coordinates in a Gauss–Krüger zone on request; the public's file holds only
/// public fields and statuses, in every format.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class ExportTests(LandMapFixture fx)
{
    /// <summary>An export as read back: column names in file order, the rows by column name, the geometries.</summary>
    private sealed record Table(IReadOnlyList<string> Columns, IReadOnlyList<Dictionary<string, object?>> Rows, IReadOnlyList<Geometry> Geometries)
    {
        public Dictionary<string, object?> Row(string format, string code, string collection = "parcels") =>
            Rows.Single(r => Equals(r[NameIn(format, "code", collection)]?.ToString(), code));

        public Geometry GeometryOf(string format, string code) => Geometries[Rows.ToList().IndexOf(Row(format, code))];
    }

    private static readonly string[] FormatNames = ["geojson", "csv", "xlsx", "shp", "gpkg"];

    public static TheoryData<string> Formats() => new(FormatNames);

    /// <summary>The name a catalogue field has in a format: the camelCase key, the Chinese header or the DBF name.</summary>
    private static string NameIn(string format, string key, string collection = "parcels")
    {
        var field = (collection == "parcels" ? LedgerFields.Parcel.Append(ExportColumns.ComputedAreaMu) : LedgerFields.Factory.Append(ExportColumns.VacancyRate))
            .First(f => f.Key == key);
        return format switch { "csv" or "xlsx" => field.HeaderZh, "shp" => field.ShpName, _ => field.Key };
    }

    /// <summary>Internal fields (Public: false in <see cref="Visibility"/>) with every name they could have in a file.</summary>
    private static readonly string[] InternalKeys =
        [.. Visibility.Parcel.Where(f => !f.Public).Select(f => f.Name).Union(["ownership", "idleReason", "idleSince", "ledgerAreaMu", "areaMismatch"])];

    private static IEnumerable<string> InternalNames(string format) =>
        InternalKeys.Select(k => LedgerFields.Parcel.FirstOrDefault(f => f.Key == k) is { } f ? NameIn(format, f.Key) : k);

    private async Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(HttpClient client, string url)
    {
        var res = await client.GetAsync(url);
        return (res, await res.Content.ReadAsByteArrayAsync());
    }

    private async Task<(HttpResponseMessage Response, Table Table)> ExportAsync(HttpClient client, string format, string query = "zone=TST", string collection = "parcels")
    {
        var url = $"/collections/{collection}/export?format={format}&{query}";
        var (res, body) = await GetAsync(client, url);
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)res.StatusCode}: {Encoding.UTF8.GetString(body)}");
        return (res, Read(format, body));
    }

    private static Table Read(string format, byte[] body) => format switch
    {
        "geojson" => ReadGeoJson(body),
        "csv" => ReadCsv(body),
        "xlsx" => ReadXlsx(body),
        "shp" => ReadShapefile(body).Table,
        "gpkg" => ReadGeoPackage(body).Table,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static Table ReadGeoJson(byte[] body)
    {
        var options = new JsonSerializerOptions { Converters = { new GeoJsonConverterFactory() } };
        var fc = JsonSerializer.Deserialize<FeatureCollection>(body, options)!;
        var rows = fc.Select(f => f.Attributes.GetNames().ToDictionary(n => n, n => (object?)f.Attributes[n])).ToList();
        return new(rows.Count == 0 ? [] : [.. rows[0].Keys], rows, [.. fc.Select(f => f.Geometry)]);
    }

    private static Table ReadCsv(byte[] body)
    {
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, body[..3]); // UTF-8 BOM, so Excel reads the Chinese right
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(Encoding.UTF8.GetString(body, 3, body.Length - 3));
        var columns = reader.Header.ColNames.ToList();
        var rows = new List<Dictionary<string, object?>>();
        var geometries = new List<Geometry>();
        foreach (var row in reader)
        {
            var cells = new Dictionary<string, object?>();
            foreach (var c in columns) cells[c] = row[c].ToString() is { Length: > 0 } s ? s : null;
            rows.Add(cells);
            geometries.Add(new WKTReader().Read(row["WKT"].ToString()));
        }
        return new(columns, rows, geometries);
    }

    private static Table ReadXlsx(byte[] body, string sheet = XlsxExport.LedgerSheet)
    {
        using var stream = new MemoryStream(body);
        // A header-only sheet has no columns for MiniExcel's header-row reader: take the first row's cells then.
        var columns = MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().First()
            .Values.Select(v => v?.ToString() ?? "").ToList();
        stream.Position = 0;
        var rows = MiniExcel.Query(stream, useHeaderRow: true, sheetName: sheet)
            .Select(r => ((IDictionary<string, object?>)r).ToDictionary(kv => kv.Key, kv => kv.Value)).ToList();
        return new(columns, rows, [.. rows.Where(r => r.ContainsKey("WKT")).Select(r => new WKTReader().Read((string)r["WKT"]!))]);
    }

    /// <summary>Unzips into a temporary folder and reads the .shp with its .dbf (encoding from the .cpg).</summary>
    private static (Table Table, Dictionary<string, string> Files) ReadShapefile(byte[] body)
    {
        var folder = Directory.CreateTempSubdirectory("landmap-export-test-");
        try
        {
            using (var zip = new ZipArchive(new MemoryStream(body))) zip.ExtractToDirectory(folder.FullName);
            var files = Directory.GetFiles(folder.FullName).ToDictionary(f => Path.GetExtension(f).TrimStart('.'), f => f);
            using var reader = Shapefile.OpenRead(files["shp"]);
            var columns = reader.Fields.Select(f => f.Name).ToList();
            var rows = new List<Dictionary<string, object?>>();
            var geometries = new List<Geometry>();
            while (reader.Read(out var deleted, out var feature))
            {
                if (deleted) continue;
                rows.Add(columns.ToDictionary(c => c, c => (object?)feature.Attributes[c]));
                geometries.Add(feature.Geometry);
            }
            var texts = files.Where(f => f.Key is "prj" or "cpg").ToDictionary(f => f.Key, f => File.ReadAllText(f.Value));
            foreach (var ext in files.Keys.Where(k => k is not ("prj" or "cpg"))) texts[ext] = "";
            return (new(columns, rows, geometries), texts);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Reads the one feature table and the srs it registers, with Microsoft.Data.Sqlite and NTS's GeoPackage reader.</summary>
    private static (Table Table, string SrsDefinition, List<int> BlobSrsIds) ReadGeoPackage(byte[] body)
    {
        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, body);
        try
        {
            using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            db.Open();
            string Scalar(string sql)
            {
                using var cmd = db.CreateCommand();
                cmd.CommandText = sql;
                return Convert.ToString(cmd.ExecuteScalar(), CultureInfo.InvariantCulture)!;
            }
            var table = Scalar("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'");
            var srs = Scalar($"SELECT s.definition FROM gpkg_geometry_columns g JOIN gpkg_spatial_ref_sys s USING (srs_id) WHERE g.table_name = '{table}'");
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
            using var r = cmd.ExecuteReader();
            var names = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToList();
            var columns = names.Where(n => n is not ("fid" or GeoPackageExport.GeometryColumn)).ToList();
            var rows = new List<Dictionary<string, object?>>();
            var geometries = new List<Geometry>();
            var srsIds = new List<int>();
            while (r.Read())
            {
                rows.Add(columns.ToDictionary(c => c, c => r.IsDBNull(names.IndexOf(c)) ? null : r.GetValue(names.IndexOf(c))));
                var blob = (byte[])r[GeoPackageExport.GeometryColumn];
                geometries.Add(new GeoPackageGeoReader().Read(blob));
                // The binary header (§2.1.3.1.1): "GP", version, flags (bit 0 = little-endian), then the srs_id as int32.
                Assert.Equal(1, blob[3] & 1);
                srsIds.Add(BitConverter.ToInt32(blob, 4));
            }
            return (new(columns, rows, geometries), srs, srsIds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double Number(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Each_format_opens_with_its_reader_and_holds_the_zones_parcels(string format)
    {
        var (_, table) = await ExportAsync(fx.Client, format);

        Assert.Equal(TestRows.Parcels.Select(p => p.Code).Order(StringComparer.Ordinal),
            table.Rows.Select(r => r[NameIn(format, "code")]!.ToString()!).Order(StringComparer.Ordinal));
        Assert.Equal(NameIn(format, "code"), table.Columns[0]);
        foreach (var key in new[] { "zone", "address", "areaMu", "landUse", "status", "ownership", "idleReason" })
            Assert.Contains(NameIn(format, key), table.Columns);

        var tst01 = table.Row(format, "TST-01");
        Assert.Equal(30.00, Number(tst01[NameIn(format, "areaMu")]), 0.01);
        Assert.Equal("测试路1号", tst01[NameIn(format, "address")]);
        // The ledger's own land-use code, so a re-import keeps it: TST-05's ledger said M1.
        Assert.Equal("M1", table.Row(format, "TST-05")[NameIn(format, "landUse")]);
        var ledger = format is "csv" or "xlsx" or "shp";
        Assert.Equal(ledger ? "闲置" : "idle", tst01[NameIn(format, "status")]);
        Assert.Equal(ledger ? "政府收储" : "state", tst01[NameIn(format, "ownership")]);
        Assert.Equal("新型显示", tst01[NameIn(format, "industryChains")]);

        // Lon/lat CGCS2000 by default, and the parcel's outline: 200 m × 100 m near 118.0°E 37.0°N.
        var g = table.GeometryOf(format, "TST-01");
        Assert.InRange(g.Centroid.X, 117.98, 118.02);
        Assert.InRange(g.Centroid.Y, 36.98, 37.02);
        Assert.Equal(20_000, GaussKruger.AreaM2(g), 1.0);
        Assert.True(g.IsValid);
    }

    [Fact]
    public async Task Csv_has_chinese_headers_with_units_and_a_wkt_column()
    {
        var (res, body) = await GetAsync(fx.Client, "/collections/parcels/export?format=csv&zone=TST&status=idle");
        Assert.Equal("text/csv", res.Content.Headers.ContentType?.MediaType);
        var table = ReadCsv(body);
        Assert.Equal(["宗地编号", "开发区", "园区", "坐落", "计算面积(亩)", "面积(亩)"], table.Columns.Take(6));
        Assert.Equal("WKT", table.Columns[^1]);
        Assert.Equal(4, table.Rows.Count);
        Assert.Equal("30.00", table.Row("csv", "TST-01")["计算面积(亩)"]);
        Assert.Equal("2020-01-01", table.Row("csv", "TST-01")["闲置起始日期"]);
        Assert.StartsWith("MULTIPOLYGON", (string)table.Row("csv", "TST-01")["WKT"]!);
    }

    [Fact]
    public async Task Xlsx_is_a_printable_ledger_with_a_totals_sheet_and_the_filter_written()
    {
        var (res, body) = await GetAsync(fx.Client, "/collections/parcels/export?format=xlsx&zone=TST");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        using (var stream = new MemoryStream(body))
            Assert.Equal([XlsxExport.LedgerSheet, XlsxExport.TotalsSheet, XlsxExport.NotesSheet], MiniExcel.GetSheetNames(stream));

        var ledger = ReadXlsx(body);
        Assert.Contains("计算面积(亩)", ledger.Columns);
        Assert.Contains("用地性质", ledger.Columns);
        Assert.Equal(new DateTime(2020, 1, 1), ledger.Row("xlsx", "TST-01")["闲置起始日期"]);

        var totals = ReadXlsx(body, XlsxExport.TotalsSheet).Rows;
        var all = totals.Single(r => (string?)r["分类"] == "合计");
        Assert.Equal(TestRows.Parcels.Length, Number(all["宗数"]));
        Assert.Equal(TestRows.Parcels.Sum(p => p.ExpectedMu), Number(all["计算面积(亩)"]), 0.01); // 275 mu
        var zone = totals.Single(r => (string?)r["分类"] == "开发区");
        Assert.Equal("测试开发区（TST）", zone["名称"]);
        var idle = totals.Single(r => (string?)r["分类"] == "状态" && (string?)r["名称"] == "闲置");
        Assert.Equal(4, Number(idle["宗数"]));
        Assert.Equal(30 + 60 + 20 + 45, Number(idle["计算面积(亩)"]), 0.01);

        var notes = ReadXlsx(body, XlsxExport.NotesSheet).Rows.ToDictionary(r => (string)r["项目"]!, r => (string?)r["内容"]);
        Assert.Contains("zone=TST", notes["筛选条件"]);
        Assert.Contains("EPSG:4490", notes["坐标系"]);
        Assert.Equal("7", notes["记录数"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", notes["导出时间"]);
    }

    [Fact]
    public async Task An_empty_export_still_has_its_headers()
    {
        var (_, csv) = await ExportAsync(fx.Client, "csv", "zone=TST&minMu=100000");
        Assert.Empty(csv.Rows);
        Assert.Contains("宗地编号", csv.Columns);
        var (_, xlsx) = await ExportAsync(fx.Client, "xlsx", "zone=TST&minMu=100000");
        Assert.Empty(xlsx.Rows);
        Assert.Contains("宗地编号", xlsx.Columns);
        var (_, shp) = await ExportAsync(fx.Client, "shp", "zone=TST&minMu=100000");
        Assert.Empty(shp.Rows);
        Assert.Contains("CODE", shp.Columns);
        var (_, geojson) = await ExportAsync(fx.Client, "geojson", "zone=TST&minMu=100000");
        Assert.Empty(geojson.Rows);
    }

    [Fact]
    public async Task Shapefile_zip_has_prj_and_a_utf8_cpg_and_reads_back_chinese()
    {
        var (res, body) = await GetAsync(fx.Client, "/collections/parcels/export?format=shp&zone=TST");
        Assert.Equal("application/zip", res.Content.Headers.ContentType?.MediaType);
        var (table, files) = ReadShapefile(body);
        Assert.Equal(["cpg", "dbf", "prj", "shp", "shx"], files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("UTF-8", files["cpg"].Trim());
        Assert.Equal(GaussKruger.Cgcs2000.WKT, files["prj"].Trim());
        Assert.All(table.Columns, c => Assert.InRange(c.Length, 1, 10));
        Assert.Equal("政府收储待出让", table.Row("shp", "TST-01")["IDLE_WHY"]);
        Assert.Equal(new DateTime(2020, 1, 1), table.Row("shp", "TST-01")["IDLE_SINCE"]);
    }

    [Fact]
    public async Task Gk_gives_the_rows_own_zone_in_metres()
    {
        // TST lies at 118.0°E 37.0°N: zone CM 117°E (EPSG:4548), 1° east of the central meridian ≈ 89 km.
        var (res, body) = await GetAsync(fx.Client, "/collections/parcels/export?format=shp&zone=TST&crs=gk");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains("-epsg4548.zip", res.Content.Headers.ContentDisposition?.FileName);
        var (table, files) = ReadShapefile(body);
        Assert.Equal(GaussKruger.Projection(117).WKT, files["prj"].Trim());
        var g = table.GeometryOf("shp", "TST-01");
        Assert.InRange(g.Centroid.X, 586_000, 592_000);
        Assert.InRange(g.Centroid.Y, 4_094_000, 4_100_000);
        Assert.Equal(20_000, g.Area, 1.0); // 200 m × 100 m, laid out in this very zone

        var (_, csv) = await ExportAsync(fx.Client, "csv", "zone=TST&crs=EPSG:4548");
        Assert.Equal(g.Centroid.X, csv.GeometryOf("csv", "TST-01").Centroid.X, 0.01);
    }

    [Fact]
    public async Task A_zone_prefixed_crs_adds_the_zone_number_to_the_easting()
    {
        // EPSG:4527 = CGCS2000 3° zone 39 (CM 117°E) with the zone in X: false easting 39 500 000 m.
        var (_, plain) = await ExportAsync(fx.Client, "csv", "zone=TST&crs=EPSG:4548");
        var (_, prefixed) = await ExportAsync(fx.Client, "xlsx", "zone=TST&crs=EPSG:4527");
        Assert.Equal(plain.GeometryOf("csv", "TST-01").Centroid.X + 39_000_000, prefixed.GeometryOf("xlsx", "TST-01").Centroid.X, 0.01);
        Assert.Equal(plain.GeometryOf("csv", "TST-01").Centroid.Y, prefixed.GeometryOf("xlsx", "TST-01").Centroid.Y, 0.01);
    }

    [Fact]
    public async Task Gk_over_rows_in_several_zones_is_422_naming_them()
    {
        // The demo data lies in Jinan (CM 117°E) and Qingdao (CM 120°E).
        var (res, body) = await GetAsync(fx.Client, "/collections/parcels/export?format=csv&crs=gk");
        var text = Encoding.UTF8.GetString(body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        Assert.Equal(LandMap.Api.Problems.Problems.CrsAmbiguous, AuthMatrixTests.ProblemCode(res, text));
        Assert.Contains("EPSG:4548", text);
        Assert.Contains("EPSG:4549", text);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task The_public_export_holds_no_internal_field_and_no_hidden_status(string format)
    {
        var (_, table) = await ExportAsync(fx.Anonymous, format);
        Assert.Equal(["TST-01", "TST-02", "TST-03", "TST-05", "TST-06"],
            table.Rows.Select(r => r[NameIn(format, "code")]!.ToString()!).Order(StringComparer.Ordinal));
        var leaked = table.Columns.Intersect(InternalNames(format)).ToList();
        Assert.True(leaked.Count == 0, $"{format}: internal columns sent to the public: {string.Join(", ", leaked)}");
        var statuses = table.Rows.Select(r => r[NameIn(format, "status")]!.ToString()).Distinct().ToList();
        Assert.All(statuses, s => Assert.Contains(s, format is "csv" or "xlsx" or "shp" ? new[] { "闲置", "洽谈中" } : new[] { "idle", "negotiating" }));
        Assert.DoesNotContain(table.Rows.SelectMany(r => r.Values), v => v is string s && s.Contains("政府收储待出让", StringComparison.Ordinal));

        var (_, staff) = await ExportAsync(fx.ClientFor(Roles.Staff), format);
        Assert.Equal(TestRows.Parcels.Length, staff.Rows.Count);
        Assert.All(new[] { "ownership", "idleReason", "idleSince", "ledgerAreaMu" }, k => Assert.Contains(NameIn(format, k), staff.Columns));
    }

    [Fact]
    public async Task The_public_asking_for_a_hidden_status_is_403()
    {
        var (res, body) = await GetAsync(fx.Anonymous, "/collections/parcels/export?format=csv&zone=TST&status=reserved");
        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        Assert.Equal("status-not-public", AuthMatrixTests.ProblemCode(res, Encoding.UTF8.GetString(body)));
    }

    [Theory]
    [InlineData("zone=TST", "format")]
    [InlineData("format=pdf", "format")]
    [InlineData("format=csv&crs=EPSG:3857", "crs")]
    [InlineData("format=csv&crs=EPSG:4555", "crs")]
    [InlineData("format=geojson&crs=gk", "crs")]
    [InlineData("format=geojson&crs=EPSG:4548", "crs")]
    [InlineData("format=csv&limit=5", "limit")]
    [InlineData("format=csv&minMu=abc", "minMu")]
    [InlineData("format=csv&zone=NOPE", "zone")]
    public async Task A_bad_parameter_is_400_naming_it(string query, string field)
    {
        var (res, body) = await GetAsync(fx.Client, $"/collections/parcels/export?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
    }

    [Fact]
    public async Task Zones_cannot_be_exported()
    {
        var (res, body) = await GetAsync(fx.Client, "/collections/zones/export?format=csv");
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Equal("collection-not-found", AuthMatrixTests.ProblemCode(res, Encoding.UTF8.GetString(body)));
    }

    [Fact]
    public async Task The_file_is_an_attachment_with_a_dated_ascii_name_and_a_chinese_one()
    {
        var (res, _) = await GetAsync(fx.Client, "/collections/parcels/export?format=xlsx&zone=TST");
        var disposition = res.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches(@"^parcels-\d{8}\.xlsx$", disposition.FileName!.Trim('"'));
        Assert.Matches(@"^闲置土地-\d{8}\.xlsx$", disposition.FileNameStar);
    }

    [Theory]
    [InlineData("geojson")]
    [InlineData("csv")]
    public async Task A_large_export_streams_every_matching_row(string format)
    {
        var matched = (await fx.GetJsonAsync("/collections/parcels/items?limit=1")).GetProperty("numberMatched").GetInt32();
        var (_, table) = await ExportAsync(fx.Client, format, "status=idle,negotiating,reserved,allocated,in_use");
        Assert.Equal(matched, table.Rows.Count);
        Assert.Equal(matched, table.Rows.Select(r => r[NameIn(format, "code")]).Distinct().Count());
    }

    /// <summary>Format, export crs, and what the import must be told: a CSV in a zone without its prefix cannot say its zone.</summary>
    public static TheoryData<string, string, string> RoundTrips()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var format in FormatNames) data.Add(format, "", "");
        data.Add("shp", "&crs=gk", "");
        data.Add("xlsx", "&crs=EPSG:4527", "");
        data.Add("csv", "&crs=EPSG:4548", "&centralMeridian=117");
        return data;
    }

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public async Task Importing_an_export_again_changes_nothing(string format, string crs, string importQuery)
    {
        var (res, body) = await GetAsync(fx.Client, $"/collections/parcels/export?format={format}&zone=TST{crs}");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        var fileName = Uri.EscapeDataString(res.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        using var import = await fx.Client.PostAsync($"/api/imports/parcels?fileName={fileName}{importQuery}", content); // a dry run: writes nothing
        var report = JsonDocument.Parse(await import.Content.ReadAsStringAsync()).RootElement;
        Assert.True(import.StatusCode == HttpStatusCode.OK, report.ToString());
        var counts = report.GetProperty("counts");
        Assert.True(counts.GetProperty("changed").GetInt32() == 0 && counts.GetProperty("new").GetInt32() == 0 && counts.GetProperty("rejected").GetInt32() == 0,
            $"{format}{crs}: {counts} {report.GetProperty("problems")}");
        Assert.Equal(TestRows.Parcels.Length, counts.GetProperty("unchanged").GetInt32());
    }

    [Theory]
    [InlineData("", 4490)]
    [InlineData("&crs=gk", 4548)]
    public async Task GeoPackage_registers_the_crs_of_its_table(string crs, int epsg)
    {
        var (res, body) = await GetAsync(fx.Client, $"/collections/parcels/export?format=gpkg&zone=TST{crs}");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var (table, definition, srsIds) = ReadGeoPackage(body);
        Assert.Equal(ExportCrs.FromEpsg(epsg)!.Wkt, definition);
        Assert.Equal(TestRows.Parcels.Length, table.Rows.Count);
        Assert.All(srsIds, id => Assert.Equal(epsg, id));
    }

    [Fact]
    public async Task Factories_export_has_their_ledger_columns_and_the_vacancy_rate()
    {
        var (_, table) = await ExportAsync(fx.Client, "xlsx", collection: "factories");
        Assert.Equal(TestRows.Factories.Select(f => f.Code).Order(StringComparer.Ordinal),
            table.Rows.Select(r => (string)r["厂房编号"]!).Order(StringComparer.Ordinal));
        var f01 = table.Row("xlsx", "TST-F01", "factories");
        Assert.Equal(3000, Number(f01["空置面积(平方米)"]));
        Assert.Equal(0.5, Number(f01["空置率"]), 3);
        Assert.Equal(10, Number(f01["行车吨位(吨)"]));
        Assert.Equal(2, Number(f01["层数"]));
    }
}
