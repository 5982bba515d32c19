namespace LandMap.Api.Hosting;

/// <summary>
/// Starts a background load unless one is already running, and hands back the running one: how the in-memory copies of
/// the parcels (the tiles' <c>ParcelOutlineSource</c>, the item pages' <c>ParcelItemsSource</c>) reload after a write while
/// PostGIS answers, however many requests find them behind at once.
/// </summary>
public sealed class OneLoadAtATime
{
    private readonly Lock _gate = new();
    private Task? _running;

    /// <summary>Whether a load is under way.</summary>
    public bool Running
    {
        get { lock (_gate) return _running is { IsCompleted: false }; }
    }

    public Task Start(Func<Task> load)
    {
        lock (_gate)
        {
            if (_running is { IsCompleted: false }) return _running;
            return _running = Task.Run(load);
        }
    }
}
