namespace LandMap.Core.History;

/// <summary>
/// Calendar days as the zones count them: Asia/Shanghai, UTC+8 all year (China has had no daylight saving since 1991),
/// so a fixed offset is exact and needs no time-zone database.
/// </summary>
public static class ChinaDay
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The first instant of <paramref name="day"/> (00:00 +08:00).</summary>
    public static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>The end of <paramref name="day"/>: the first instant of the next day; a change before it happened on or before that day.</summary>
    public static DateTimeOffset End(DateOnly day) => Start(day.AddDays(1));

    /// <summary>The calendar day in China at <paramref name="now"/>.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(Offset).DateTime);
}
