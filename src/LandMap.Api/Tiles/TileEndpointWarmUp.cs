namespace LandMap.Api.Tiles;

/// <summary>
/// Runs the parcel tile endpoint itself in process (parameter binding, the tile key query, the build from memory and the
/// MVT result: what <see cref="ParcelTileWarmUp"/> does not reach) past the JIT's call-count threshold, once per process
/// when the outlines first load, and then collects the garbage of the load while nobody waits on tiles yet. Without it a
/// fresh process's first visitors pay for both: measured at 1M parcels and 8 clients, the first tiles took 140–340 ms
/// (even a 462-byte one) against 20–60 ms a second later, and the first full collection paused every request for 115 ms.
/// The tiles it asks for are thrown away: this warms code, not answers.
/// </summary>
public sealed class TileEndpointWarmUp(EndpointDataSource endpoints, IServiceScopeFactory scopes, ILogger<TileEndpointWarmUp> log)
{
    private const int Rounds = 40;
    /// <summary>Outlines from which on the load's garbage (its read buffers and growing lists scale with the parcels) is worth a full collection.</summary>
    private const int CollectFrom = 100_000;

    internal async Task RunAsync(int z, int x, int y, int parcels)
    {
        try
        {
            var endpoint = endpoints.Endpoints.OfType<RouteEndpoint>()
                .FirstOrDefault(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "GetTile");
            if (endpoint?.RequestDelegate is { } handler)
                for (var round = 0; round < Rounds; round++)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
                    context.Request.Method = HttpMethods.Get;
                    context.Request.Path = $"/collections/parcels/tiles/WebMercatorQuad/{z}/{y}/{x}";
                    context.Request.RouteValues = new()
                    {
                        ["collectionId"] = "parcels", ["z"] = z.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["y"] = y.ToString(System.Globalization.CultureInfo.InvariantCulture), ["x"] = x.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    };
                    context.Response.Body = Stream.Null;
                    await handler(context);
                }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning(e, "The tile endpoint could not be warmed up; the first visitors compile it");
        }
        if (parcels >= CollectFrom) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
