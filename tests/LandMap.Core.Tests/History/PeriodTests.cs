using LandMap.Core.History;

namespace LandMap.Core.Tests.History;

public sealed class PeriodTests
{
    [Theory]
    [InlineData(PeriodUnit.Month, "2023-05-17", "2023-05", "2023-05-01", "2023-05-31")]
    [InlineData(PeriodUnit.Month, "2024-02-29", "2024-02", "2024-02-01", "2024-02-29")]
    [InlineData(PeriodUnit.Quarter, "2023-05-17", "2023-Q2", "2023-04-01", "2023-06-30")]
    [InlineData(PeriodUnit.Quarter, "2023-12-31", "2023-Q4", "2023-10-01", "2023-12-31")]
    [InlineData(PeriodUnit.Quarter, "2023-01-01", "2023-Q1", "2023-01-01", "2023-03-31")]
    [InlineData(PeriodUnit.Year, "2023-07-01", "2023", "2023-01-01", "2023-12-31")]
    public void A_day_falls_in_its_calendar_period(PeriodUnit unit, string day, string label, string start, string end)
    {
        var p = Period.Of(unit, DateOnly.Parse(day));
        Assert.Equal((label, DateOnly.Parse(start), DateOnly.Parse(end)), (p.Label, p.Start, p.End));
        Assert.Equal(p.End.AddDays(1), p.Next.Start);
    }

    [Fact]
    public void A_span_covers_whole_periods_from_the_first_to_the_last_day()
    {
        Assert.Equal(["2022-Q4", "2023-Q1", "2023-Q2"],
            Period.Span(PeriodUnit.Quarter, new DateOnly(2022, 11, 15), new DateOnly(2023, 4, 1)).Select(p => p.Label));
        Assert.Single(Period.Span(PeriodUnit.Year, new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31)));
    }

    [Theory]
    [InlineData("month", PeriodUnit.Month)]
    [InlineData("quarter", PeriodUnit.Quarter)]
    [InlineData("year", PeriodUnit.Year)]
    [InlineData("week", null)]
    [InlineData("Month", null)]
    public void Units_are_parsed_by_their_exact_names(string name, PeriodUnit? unit) => Assert.Equal(unit, Period.ParseUnit(name));

    [Fact]
    public void A_China_day_ends_at_midnight_UTC_plus_8()
    {
        var end = ChinaDay.End(new DateOnly(2024, 6, 15));
        Assert.Equal(new DateTimeOffset(2024, 6, 15, 16, 0, 0, TimeSpan.Zero), end.ToUniversalTime());
        // 2024-06-15 23:30 UTC is already the 16th in China.
        Assert.Equal(new DateOnly(2024, 6, 16), ChinaDay.Today(new DateTimeOffset(2024, 6, 15, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2024, 6, 15), ChinaDay.Today(new DateTimeOffset(2024, 6, 15, 15, 59, 0, TimeSpan.Zero)));
    }
}
