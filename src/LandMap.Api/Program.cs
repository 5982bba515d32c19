using System.Text.Json;
using LandMap.Api.Access;
using LandMap.Api.Admin;
using LandMap.Api.Allocation;
using LandMap.Api.Collections;
using LandMap.Api.Configuration;
using LandMap.Api.Database;
using LandMap.Api.Editing;
using LandMap.Api.Exports;
using LandMap.Api.Freshness;
using LandMap.Api.Health;
using LandMap.Api.Hosting;
using LandMap.Api.IdleLand;
using LandMap.Api.Ledgers;
using LandMap.Api.MapConfig;
using LandMap.Api.Matching;
using LandMap.Api.Ogc;
using LandMap.Api.Plans;
using LandMap.Api.Problems;
using LandMap.Api.Projects;
using LandMap.Api.Reservations;
using LandMap.Api.Revitalisation;
using LandMap.Api.Search;
using LandMap.Api.Stats;
using LandMap.Api.Tiles;
using Microsoft.AspNetCore.HttpOverrides;

if (args is ["seed-scale", ..]) return await ScaleSeed.RunAsync(args);
if (args is ["bench", ..]) return await Bench.RunAsync();
if (args is ["bench-import", ..]) return await ImportBench.RunAsync(args);
if (args is ["bench-http", ..]) return await HttpBench.RunAsync(args);
if (args is ["bench-report", ..]) return await BenchReport.RunAsync(args);
if (args is ["user" or "key", ..]) return await AccessCli.RunAsync(args);

ThreadPoolFloor.Apply();
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
builder.Services.AddOptions<MapOptions>().BindConfiguration(MapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<BasemapOptions>().BindConfiguration(BasemapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<MatchingOptions>().BindConfiguration(MatchingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddHostedService<LandSnapshotWarmUp>();
builder.Services.AddOptions<FreshnessOptions>().BindConfiguration(FreshnessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddLandMapDatabase(builder.Configuration);
builder.Services.AddDataVersionWatch();
builder.Services.AddLandMapAccess(builder.Configuration);
builder.Services.AddLandMapHealth();
builder.Services.AddRequestGuards();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
    o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
});
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
{
    ProblemCodes.AddMissingCode(ctx);
    ProblemLanguage.Localize(ctx);
});
builder.Services.AddProblemLanguages();
builder.Services.AddExceptionHandler<ExceptionProblems>();
builder.Services.AddLandMapOpenApi();
builder.Services.AddLandMapCompression();
builder.Services.AddLandMapTiles();
builder.Services.AddLandMapCollections();
builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = JsonBody.MaxBytes;
    k.Limits.MaxRequestLineSize = RequestGuards.KestrelRequestLineLimit;
    k.AddServerHeader = false;
});

var app = builder.Build();

app.UseProblemLanguages(); // first: every problem below is said in the caller's language (Accept-Language)
app.UseForwardedHeaders(); // from the loopback proxy only (the default trusted proxies)
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestGuards();
app.UseDataVersionWatch(); // before anything that may write
app.UseResponseCompression();
app.UseLandMapWeb();
app.UseRouting(); // after the web root: "/" becomes the map page for browsers before an endpoint is chosen
app.UseLandMapAccess();

// Every route says who may call it (public = AllowAnonymous); the fallback policy is staff. Writes take JSON only and,
// signed in by cookie, the antiforgery token.
var routes = app.MapGroup("").AddEndpointFilter(AccessSetup.WriteGuard);
routes.MapLandMapOpenApi();
routes.MapHealth();
routes.MapAuth();
routes.MapAdmin();
routes.MapOgc();
routes.MapCollections();
routes.MapTiles();
routes.MapStats();
routes.MapMapConfig();
routes.MapBasemap();
routes.MapProjects();
routes.MapMatching();
routes.MapReservations();
routes.MapAllocation();
routes.MapExports();
routes.MapImports();
routes.MapEditing();
routes.MapFreshness();
routes.MapPlans();
routes.MapIdleLand();
routes.MapRevitalisation();
routes.MapSearch();

await DatabaseSetup.PrepareAsync(app.Services);
await app.RunAsync();
return 0;

public partial class Program;
