using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LandMap.Api.Tests.Ogc;

/// <summary>
/// The API definition at /api: valid OpenAPI 3.0 (checked by SwaggerParser from npm), every query parameter a GET
/// endpoint accepts declared on it (read back from the endpoint's own 400 for an unknown parameter, which lists what it
/// allows), every write's body declared, and every operation's problem answers declared with the shared Problem schema.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed partial class OpenApiDocumentTests(LandMapFixture fx)
{
    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "LandMap.sln"))) return dir.FullName;
            throw new InvalidOperationException("LandMap.sln not found");
        }
    }

    private async Task<JsonElement> Document() => JsonDocument.Parse(await fx.Anonymous.GetStringAsync("/api")).RootElement;

    [Fact]
    public async Task The_document_is_valid_openapi_3_0()
    {
        var file = Path.Combine(Path.GetTempPath(), $"landmap-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await fx.Anonymous.GetStringAsync("/api"));
        try
        {
            var start = new ProcessStartInfo("node", [Path.Combine(Root, "tests", "tools", "validate-openapi.mjs"), file])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var node = Process.Start(start)!;
            var stdout = await node.StandardOutput.ReadToEndAsync();
            var stderr = await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            Assert.True(node.ExitCode == 0, stderr + stdout);
            Assert.StartsWith("valid: OpenAPI 3.0", stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"allowed: ([\w\-, ]+)")]
    private static partial Regex Allowed();

    /// <summary>Sample values for path parameters, so each GET reaches its query parser.</summary>
    private static string Fill(string path) => path
        .Replace("{collectionId}", "parcels").Replace("{featureId}", "TST-01").Replace("{code}", "TST-01")
        .Replace("{kind}", "parcels").Replace("{id}", "1").Replace("{name}", "x").Replace("{documentName}", "v1");

    [Fact]
    public async Task Every_query_parameter_a_get_endpoint_accepts_is_declared()
    {
        var doc = await Document();
        var checkedCount = 0;
        var missing = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get)) continue;
            var declared = get.TryGetProperty("parameters", out var ps)
                ? ps.EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToHashSet() : [];
            using var response = await fx.Client.GetAsync(Fill(path.Name) + "?zz-not-a-parameter=1");
            if (response.StatusCode != HttpStatusCode.BadRequest) continue;
            var body = await response.Content.ReadAsStringAsync();
            var match = Allowed().Match(body);
            if (!body.Contains("unknown-parameter", StringComparison.Ordinal) || !match.Success) continue;
            var allowed = match.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            missing.AddRange(allowed.Where(name => !declared.Contains(name)).Select(name => $"GET {path.Name} ?{name}"));
            checkedCount++;
        }
        Assert.True(missing.Count == 0, "accepted but not declared: " + string.Join("; ", missing));
        Assert.True(checkedCount >= 8, $"only {checkedCount} GET endpoints listed their parameters");
    }

    [Fact]
    public async Task Every_operation_declares_its_problems_and_every_write_its_body()
    {
        var doc = await Document();
        Assert.True(doc.GetProperty("components").GetProperty("schemas").TryGetProperty("Problem", out _));
        var noBody = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
            foreach (var op in path.Value.EnumerateObject())
            {
                var responses = op.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("400", out var bad), $"{op.Name} {path.Name} declares 400");
                Assert.Equal("#/components/schemas/Problem",
                    bad.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
                Assert.True(responses.TryGetProperty("503", out _), $"{op.Name} {path.Name} declares 503");
                var name = $"{op.Name.ToUpperInvariant()} {path.Name}";
                if (op.Name is "post" or "put" or "patch" && !NoBody.Contains(name) && !op.Value.TryGetProperty("requestBody", out _)) noBody.Add(name);
            }
        Assert.True(noBody.Count == 0, "writes without a declared body: " + string.Join("; ", noBody));
    }

    /// <summary>Writes that take no body: the action is the request itself.</summary>
    private static readonly HashSet<string> NoBody = ["POST /api/auth/logout"];

    [Fact]
    public async Task The_reference_page_is_served()
    {
        var response = await fx.Anonymous.GetAsync("/api.html/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("scalar", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
