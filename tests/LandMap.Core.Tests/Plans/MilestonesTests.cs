using LandMap.Core.Plans;

namespace LandMap.Core.Tests.Plans;

public sealed class MilestonesTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-03-01", null, "2026-02-28", false)]        // due tomorrow
    [InlineData("2026-03-01", null, "2026-03-01", false)]        // due today: not yet late
    [InlineData("2026-03-01", null, "2026-03-02", true)]         // one day late
    [InlineData("2026-03-01", "2026-03-05", "2026-04-01", false)] // done late, but done
    [InlineData("2026-03-01", "2026-02-01", "2026-04-01", false)] // done early
    [InlineData("2024-02-29", null, "2024-03-01", true)]         // leap day
    public void Overdue_means_open_after_the_due_day(string due, string? done, string today, bool overdue) =>
        Assert.Equal(overdue, Milestones.IsOverdue(new Milestone(1, "m", D(due), done is null ? null : D(done)), D(today)));

    [Theory]
    [InlineData("2026-05-01|open;2026-04-01|open;2026-06-01|open", 2)]
    [InlineData("2026-04-01|done;2026-05-01|open;2026-03-01|open", 3)]
    [InlineData("2026-04-01|open;2026-04-01|open", 1)]          // same day: the one added first
    [InlineData("2026-04-01|done;2026-05-01|done", null)]
    [InlineData("", null)]
    public void Next_step_is_the_earliest_open_milestone(string table, int? expectedId)
    {
        var list = table.Split(';', StringSplitOptions.RemoveEmptyEntries).Select((row, i) =>
        {
            var parts = row.Split('|');
            return new Milestone(i + 1, $"m{i + 1}", D(parts[0]), parts[1] == "done" ? D(parts[0]) : null);
        }).ToList();
        Assert.Equal(expectedId, Milestones.NextStep(list)?.Id);
    }

    [Fact]
    public void Overdue_count_counts_open_milestones_past_due_only()
    {
        var today = D("2026-06-15");
        Milestone[] list =
        [
            new(1, "late", D("2026-06-01"), null), new(2, "late too", D("2026-06-14"), null),
            new(3, "due today", D("2026-06-15"), null), new(4, "done late", D("2026-05-01"), D("2026-06-10")),
        ];
        Assert.Equal(2, Milestones.OverdueCount(list, today));
    }

    [Fact]
    public void Method_list_matches_the_regulation_methods_for_government_causes()
    {
        Assert.Equal(11, PlanLists.DisposalMethods.Count);
        Assert.All(PlanLists.GovernmentCauseMethods, m => Assert.Contains(m, PlanLists.DisposalMethods));
        Assert.DoesNotContain("依法收回", PlanLists.GovernmentCauseMethods);
        Assert.DoesNotContain("征收闲置费", PlanLists.GovernmentCauseMethods);
    }

    /// <summary>One source: the plans' government-cause methods are the art. 12 rows of data/idle_land_rules.csv, in order.</summary>
    [Fact]
    public void Government_cause_methods_are_the_disposal_rules_of_the_table()
    {
        var rules = LandMap.Core.Revitalisation.IdleLandRuleSet.Load();
        Assert.Equal(rules.DisposalMethods.Select(r => r.PlanMethod), PlanLists.GovernmentCauseMethods);
        Assert.Equal(["延长开工期限", "调整用途/规划条件", "临时使用", "协议有偿收回", "置换土地", "其他"], PlanLists.GovernmentCauseMethods);
        Assert.All(rules.DisposalMethods, r => Assert.StartsWith("dispose-", r.Id));
    }
}
