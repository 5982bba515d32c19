using System.ComponentModel.DataAnnotations;

namespace LandMap.Api.Configuration;

/// <summary>Section "Freshness": a parcel or factory not verified within <see cref="StaleDays"/> days is stale (issue 9).</summary>
public sealed class FreshnessOptions
{
    public const string Section = "Freshness";

    [Range(1, 3650)]
    public int StaleDays { get; set; } = 90;

    /// <summary>A record verified before this instant (or never) is stale at <paramref name="at"/>.</summary>
    public DateTimeOffset StaleBefore(DateTimeOffset at) => at.AddDays(-StaleDays);
}
