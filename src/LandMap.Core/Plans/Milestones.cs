namespace LandMap.Core.Plans;

/// <summary>A dated step of a plan; <see cref="DoneOn"/> is null while it is open.</summary>
public sealed record Milestone(long Id, string Title, DateOnly DueOn, DateOnly? DoneOn);

/// <summary>
/// Milestone rules with the day passed in (the calendar day in China, see History.ChinaDay): no clock here.
/// </summary>
public static class Milestones
{
    /// <summary>Overdue: still open on a day after its due date (due today is not yet late).</summary>
    public static bool IsOverdue(Milestone m, DateOnly today) => m.DoneOn is null && m.DueOn < today;

    /// <summary>The plan's next step: the earliest-due open milestone (ties: the one added first), or null when none is open.</summary>
    public static Milestone? NextStep(IEnumerable<Milestone> milestones) =>
        milestones.Where(m => m.DoneOn is null).OrderBy(m => m.DueOn).ThenBy(m => m.Id).FirstOrDefault();

    /// <summary>How many of the milestones are overdue on <paramref name="today"/>.</summary>
    public static int OverdueCount(IEnumerable<Milestone> milestones, DateOnly today) => milestones.Count(m => IsOverdue(m, today));
}
