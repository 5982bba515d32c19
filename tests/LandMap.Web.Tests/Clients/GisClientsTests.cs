using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LandMap.Web.Tests.Clients;

/// <summary>
/// Real GIS clients from Debian against LandMap on Kestrel: GDAL 3.6 (OAPIF driver, ogr2ogr to GeoPackage), OWSLib
/// 0.27 and QGIS 3.22 (OAPIF provider, headless). What they ask the server is read from the request log. The public
/// view (no key) is what they see; counts are compared with what the API answers the public for the same question.
/// </summary>
[Collection(ClientsCollection.Name)]
public sealed partial class GisClientsTests(ClientsFixture fx)
{
    private const string IssueFilter = "landUse LIKE '1001%' AND areaMu BETWEEN 20 AND 50";
    private static readonly string Python = "/usr/bin/python3"; // Debian's, where python3-owslib and python3-qgis live

    private async Task<JsonElement> PublicJson(string url) => JsonDocument.Parse(await fx.Anonymous.GetStringAsync(url)).RootElement;

    private async Task<int> PublicCount(string query) =>
        (await PublicJson($"/collections/parcels/items?limit=1&{query}")).GetProperty("numberMatched").GetInt32();

    private static string Script(string name) => Path.Combine(ClientsFixture.Root, "tests", "LandMap.Web.Tests", "Clients", name);

    [GeneratedRegex(@"Feature Count: (\d+)")]
    private static partial Regex FeatureCount();

    private static int CountIn(string ogrinfo) => int.Parse(FeatureCount().Match(ogrinfo).Groups[1].Value, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Gdal_reads_the_service_without_errors_and_sends_the_filter_to_the_server()
    {
        var (code, stdout, stderr) = await ClientsFixture.RunAsync("ogrinfo", ["-ro", "-so", $"OAPIF:{fx.Url}", "parcels"]);
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("ERROR", stderr + stdout);
        Assert.Equal(await PublicCount(""), CountIn(stdout));

        var before = fx.Requests.Count;
        (code, stdout, stderr) = await ClientsFixture.RunAsync("ogrinfo", ["-ro", "-so", "-where", IssueFilter, $"OAPIF:{fx.Url}", "parcels"]);
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("ERROR", stderr + stdout);
        Assert.Equal(await PublicCount("filter=" + Uri.EscapeDataString(IssueFilter)), CountIn(stdout));
        // GDAL 3.6 hands the whole filter to the server (filter-lang=cql-text, read as CQL2): it takes the queryables from
        // the items operation's declared parameters (queryables as query parameters), numbers included.
        Assert.Contains(fx.Requests.Skip(before), r => r.Contains("filter=", StringComparison.Ordinal)
            && r.Contains("landUse%20LIKE", StringComparison.Ordinal) && r.Contains("areaMu%20%3E%3D%2020", StringComparison.Ordinal));

        var box = (Min: (Lon: 116.9, Lat: 36.5), Max: (Lon: 117.2, Lat: 36.8));
        (code, stdout, stderr) = await ClientsFixture.RunAsync("ogrinfo",
            ["-ro", "-so", "-spat", .. new[] { box.Min.Lon, box.Min.Lat, box.Max.Lon, box.Max.Lat }.Select(v => v.ToString(CultureInfo.InvariantCulture)),
             $"OAPIF:{fx.Url}", "parcels"]);
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("ERROR", stderr + stdout);
        Assert.Equal(await PublicCount(FormattableString.Invariant($"bbox={box.Min.Lon},{box.Min.Lat},{box.Max.Lon},{box.Max.Lat}")), CountIn(stdout));
    }

    [Fact]
    public async Task Ogr2ogr_exports_the_filtered_selection_to_a_geopackage_with_typed_fields()
    {
        var gpkg = Path.Combine(Path.GetTempPath(), $"landmap-{Guid.NewGuid():N}.gpkg");
        try
        {
            var (code, _, stderr) = await ClientsFixture.RunAsync("ogr2ogr",
                ["-f", "GPKG", gpkg, $"OAPIF:{fx.Url}", "parcels", "-where", IssueFilter, "-nln", "parcels"]);
            Assert.True(code == 0, stderr);
            Assert.DoesNotContain("ERROR", stderr);
            var (_, info, _) = await ClientsFixture.RunAsync("ogrinfo", ["-ro", "-so", gpkg, "parcels"]);
            Assert.Equal(await PublicCount("filter=" + Uri.EscapeDataString(IssueFilter)), CountIn(info));
            foreach (var (field, type) in new[] { ("areaMu", "Real"), ("plotRatioMin", "Real"), ("buildingCoverageMin", "Real"), ("powerKva", "Real"),
                         ("gkCentralMeridian", "Integer"), ("code", "String"), ("updatedAt", "DateTime") })
                Assert.Matches($@"(?m)^{field}: {type}", info);
        }
        finally
        {
            File.Delete(gpkg);
        }
    }

    [Fact]
    public async Task Owslib_reads_landing_conformance_collections_queryables_and_filtered_items()
    {
        var (code, stdout, stderr) = await ClientsFixture.RunAsync(Python, [Script("owslib_check.py"), fx.Url]);
        Assert.True(code == 0, stderr);
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.Contains("service-desc", result.GetProperty("links").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter", result.GetProperty("conformance").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["parcels", "factories", "zones"], result.GetProperty("collections").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("areaMu", result.GetProperty("queryables").EnumerateArray().Select(q => q.GetString()));
        var expected = await PublicCount("filter=" + Uri.EscapeDataString(IssueFilter));
        Assert.True(expected > 0);
        Assert.Equal(expected, result.GetProperty("filtered").GetInt32());
        Assert.Equal(expected, result.GetProperty("filteredReturned").GetInt32());
    }

    [Fact]
    public async Task Qgis_adds_both_collections_and_projects_to_zone_40_as_the_server_does()
    {
        var target = (await PublicJson("/collections/parcels/items?zone=LXEDZ&limit=1&sortby=code&properties=code"))
            .GetProperty("features")[0].GetProperty("id").GetString()!;
        var before = fx.Requests.Count;
        var runtime = Directory.CreateTempSubdirectory("landmap-qgis-"); // created 0700, as Qt wants its runtime directory
        var (code, stdout, stderr) = await ClientsFixture.RunAsync(Python, [Script("qgis_check.py"), fx.Url, target], timeoutSeconds: 600,
            env: new Dictionary<string, string> { ["QT_QPA_PLATFORM"] = "offscreen", ["XDG_RUNTIME_DIR"] = runtime.FullName });
        Assert.True(code == 0, $"exit {code}: {stderr} {stdout}");
        var result = JsonDocument.Parse(stdout[stdout.IndexOf('{')..]).RootElement;
        foreach (var (name, query) in new[] { ("parcels", "/collections/parcels/items?limit=1"), ("factories", "/collections/factories/items?limit=1") })
        {
            var layer = result.GetProperty(name);
            Assert.True(layer.GetProperty("valid").GetBoolean(), name);
            Assert.Equal((await PublicJson(query)).GetProperty("numberMatched").GetInt32(), layer.GetProperty("count").GetInt32());
        }
        Assert.Equal("Real", result.GetProperty("parcels").GetProperty("fields").GetProperty("buildingCoverageMin").GetString());
        var apiFiltered = (await PublicJson("/collections/parcels/items?limit=10000&properties=code&filter=" + Uri.EscapeDataString(IssueFilter)))
            .GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(apiFiltered, result.GetProperty("filtered").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(apiFiltered, result.GetProperty("filteredThroughGdal").EnumerateArray().Select(c => c.GetString()));
        // Through QGIS's GDAL/OGR provider the subset string reaches the server whole, as CQL2 text.
        Assert.Contains(fx.Requests.Skip(before), r => r.Contains("filter=", StringComparison.Ordinal)
            && r.Contains("landUse%20LIKE", StringComparison.Ordinal) && r.Contains("areaMu", StringComparison.Ordinal));

        // The server's CGCS2000 GK zone 40 output (EPSG:4528: northing, then easting with the zone number) is where QGIS
        // puts the same vertex; the vertex QGIS read was rounded to 7 decimals of a degree (≤ 1.1 cm), hence 2 cm.
        var vertex = result.GetProperty("vertex");
        var gk = (await PublicJson($"/collections/parcels/items/{target}?crs=" + Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/4528")))
            .GetProperty("geometry").GetProperty("coordinates")[0][0][0];
        Assert.Equal(vertex.GetProperty("northing").GetDouble(), gk[0].GetDouble(), 0.02);
        Assert.Equal(vertex.GetProperty("easting").GetDouble(), gk[1].GetDouble(), 0.02);
    }

    [Fact]
    public async Task Gauss_kruger_output_matches_proj_within_a_millimetre_and_comes_back_through_bbox_crs()
    {
        // A parcel whose corners are exact 7-decimal lon/lat, so the server and PROJ start from the same numbers.
        var corners = new[] { (118.0500000, 37.0500000), (118.0505000, 37.0500000), (118.0505000, 37.0504000), (118.0500000, 37.0504000) };
        var parcelCode = $"GK-{Guid.NewGuid():N}"[..12];
        using var created = await fx.Client.PostAsJsonAsync("/collections/parcels/items", new
        {
            type = "Feature",
            geometry = new { type = "Polygon", coordinates = new[] { corners.Append(corners[0]).Select(c => new[] { c.Item1, c.Item2 }).ToArray() } },
            properties = new { code = parcelCode, zone = "TST", landUse = "100101", status = "idle" },
            note = "GK test",
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var uri = "http://www.opengis.net/def/crs/EPSG/0/4527"; // zone 39 (CM 117°E), easting prefixed with 39
        var gk = JsonDocument.Parse(await fx.Client.GetStringAsync($"/collections/parcels/items/{parcelCode}?crs={Uri.EscapeDataString(uri)}"))
            .RootElement.GetProperty("geometry").GetProperty("coordinates")[0][0].EnumerateArray()
            .Select(p => (North: p[0].GetDouble(), East: p[1].GetDouble())).ToList();
        var input = string.Join("\n", corners.Select(c => FormattableString.Invariant($"{c.Item1} {c.Item2}"))) + "\n";
        var proj = (await RunWithInput("gdaltransform", ["-s_srs", "EPSG:4490", "-t_srs", "EPSG:4527"], input))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).Select(p => (East: double.Parse(p[0], CultureInfo.InvariantCulture), North: double.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(4, proj.Count);
        foreach (var v in gk)
            Assert.Contains(proj, p => Math.Abs(p.East - v.East) <= 0.001 && Math.Abs(p.North - v.North) <= 0.001);

        // Back: a 2 mm box in GK round one corner finds the parcel (ProjNet's inverse of PROJ's forward, within a millimetre).
        var (n, e) = gk[0];
        var box = FormattableString.Invariant($"{n - 0.001},{e - 0.001},{n + 0.001},{e + 0.001}");
        var found = JsonDocument.Parse(await fx.Client.GetStringAsync($"/collections/parcels/items?zone=TST&bbox={box}&bbox-crs={Uri.EscapeDataString(uri)}"))
            .RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString());
        Assert.Contains(parcelCode, found);
    }

    private static async Task<string> RunWithInput(string file, string[] args, string input)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        return output;
    }
}
