using LandMap.Api.Configuration;
using LandMap.Core.History;

namespace LandMap.Api.Collections;

/// <summary>
/// The moment a request reads the stock at: now, or the end of an asOf day (China time), and the verification time before
/// which a record counts as stale at that moment (Freshness:StaleDays earlier).
/// </summary>
internal sealed record Moment(DateTimeOffset? AsOf, DateTimeOffset StaleBefore)
{
    public static Moment Of(DateOnly? asOfDay, FreshnessOptions freshness, TimeProvider time)
    {
        DateTimeOffset? cut = asOfDay is { } day ? ChinaDay.End(day) : null;
        return new(cut?.ToUniversalTime(), freshness.StaleBefore(cut ?? time.GetUtcNow()).ToUniversalTime());
    }
}
