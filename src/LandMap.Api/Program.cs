using System.Text.Json;
using LandMap.Api;
using LandMap.Api.Admin;
using LandMap.Api.Collections;
using LandMap.Api.Configuration;
using LandMap.Api.Database;
using LandMap.Api.MapConfig;
using LandMap.Api.Stats;
using LandMap.Api.Allocation;
using LandMap.Api.Matching;
using LandMap.Api.Projects;
using LandMap.Api.Reservations;

if (args is ["seed-scale", ..]) return await ScaleSeed.RunAsync(args);
if (args is ["bench", ..]) return await Bench.RunAsync();

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
builder.Services.AddOptions<MapOptions>().BindConfiguration(MapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<MatchingOptions>().BindConfiguration(MatchingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddLandMapDatabase(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
    o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
});
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseLandMapWeb();

app.MapOpenApi("/openapi/{documentName}.json");
app.MapCollections();
app.MapStats();
app.MapMapConfig();
app.MapProjects();
app.MapMatching();
app.MapReservations();
app.MapAllocation();

await DatabaseSetup.PrepareAsync(app.Services);
await app.RunAsync();
return 0;

public partial class Program;
