namespace LandMap.Api.Hosting;

/// <summary>
/// A floor under the thread pool's worker threads: <see cref="PerCore"/> per core. The pool retires threads idle for
/// about 20 s and, when a burst then finds it short, adds one thread per half second; tiles are built synchronously
/// (10–50 ms each at a million parcels), so a burst after a quiet spell waited for those additions. Measured at 100 000
/// parcels, 2 cores, the first 8 tiles at 8 clients after 45 s of quiet: 694–764 ms each with the default floor (the
/// core count), 46.5 ms at most with 8 threads. Threads below the floor are made on demand, not up front.
/// </summary>
public static class ThreadPoolFloor
{
    public const int PerCore = 8;

    public static void Apply()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, PerCore * Environment.ProcessorCount), io);
    }
}
