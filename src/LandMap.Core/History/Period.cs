namespace LandMap.Core.History;

/// <summary>How absorption figures are grouped in time.</summary>
public enum PeriodUnit { Month, Quarter, Year }

/// <summary>
/// One calendar month, quarter or year (China time, <see cref="ChinaDay"/>): labelled "2023-05", "2023-Q2" or "2023",
/// from <see cref="Start"/> to <see cref="End"/> inclusive.
/// </summary>
public readonly record struct Period(PeriodUnit Unit, DateOnly Start)
{
    /// <summary>Months in one period of <paramref name="unit"/>.</summary>
    public static int Months(PeriodUnit unit) => unit switch { PeriodUnit.Month => 1, PeriodUnit.Quarter => 3, _ => 12 };

    /// <summary>The period of <paramref name="unit"/> that holds <paramref name="day"/>.</summary>
    public static Period Of(PeriodUnit unit, DateOnly day)
    {
        var firstMonth = unit switch { PeriodUnit.Month => day.Month, PeriodUnit.Quarter => (day.Month - 1) / 3 * 3 + 1, _ => 1 };
        return new(unit, new DateOnly(day.Year, firstMonth, 1));
    }

    /// <summary>The last day of the period.</summary>
    public DateOnly End => Start.AddMonths(Months(Unit)).AddDays(-1);

    public Period Next => new(Unit, Start.AddMonths(Months(Unit)));

    public Period Previous => new(Unit, Start.AddMonths(-Months(Unit)));

    public string Label => Unit switch
    {
        PeriodUnit.Month => $"{Start.Year:D4}-{Start.Month:D2}",
        PeriodUnit.Quarter => $"{Start.Year:D4}-Q{(Start.Month - 1) / 3 + 1}",
        _ => $"{Start.Year:D4}",
    };

    /// <summary>The periods from the one holding <paramref name="from"/> to the one holding <paramref name="to"/>, in order.</summary>
    public static IReadOnlyList<Period> Span(PeriodUnit unit, DateOnly from, DateOnly to)
    {
        var list = new List<Period>();
        for (var p = Of(unit, from); p.Start <= to; p = p.Next) list.Add(p);
        return list;
    }

    /// <summary>The unit named "month", "quarter" or "year"; null for anything else.</summary>
    public static PeriodUnit? ParseUnit(string? name) => name switch
    {
        "month" => PeriodUnit.Month,
        "quarter" => PeriodUnit.Quarter,
        "year" => PeriodUnit.Year,
        _ => null,
    };

    /// <summary>The unit's name as PostgreSQL's date_trunc and the API write it.</summary>
    public static string Name(PeriodUnit unit) => unit switch { PeriodUnit.Month => "month", PeriodUnit.Quarter => "quarter", _ => "year" };
}
