using Planner.Sites;
using Planner.Validation;

namespace Planner.Tests.Sites;

public class SiteWorkflowTests
{
    static readonly DateTimeOffset At = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    static CompoundSite NewSite() => new() { Code = "T-1", Name = "测试小区" };

    [Fact]
    public void Walks_the_whole_workflow_and_keeps_every_record()
    {
        var site = NewSite();
        site.RecordProgress(SiteStatus.Planning, 0, "planner", At, "created");
        site.RecordProgress(SiteStatus.Approved, 0, "planner", At);
        site.RecordProgress(SiteStatus.Design, 0, "planner", At);
        site.RecordProgress(SiteStatus.Tender, 0, "planner", At);
        site.RecordProgress(SiteStatus.Construction, 10, "planner", At, actualDate: new DateOnly(2026, 5, 2));
        site.RecordProgress(SiteStatus.Construction, 60, "field", At);
        site.RecordProgress(SiteStatus.Completed, 100, "field", At, actualDate: new DateOnly(2026, 9, 30));
        site.RecordProgress(SiteStatus.Accepted, 100, "leader", At);
        Assert.Equal(SiteStatus.Accepted, site.Status);
        Assert.Equal([0, 0, 0, 0, 10, 60, 100, 100], site.ProgressRecords.Select(r => r.Percent));
        Assert.Equal(new DateOnly(2026, 5, 2), site.ActualStart);
        Assert.Equal(new DateOnly(2026, 9, 30), site.ActualEnd);
    }

    [Theory]
    [InlineData(SiteStatus.Planning, SiteStatus.Construction)]
    [InlineData(SiteStatus.Planning, SiteStatus.Completed)]
    [InlineData(SiteStatus.Design, SiteStatus.Approved)]
    public void Illegal_jumps_are_refused_and_change_nothing(SiteStatus from, SiteStatus to)
    {
        var site = NewSite();
        site.RecordProgress(SiteStatus.Planning, 0, "p", At, "created");
        for (var s = SiteStatus.Approved; s <= from; s++) site.RecordProgress(s, 0, "p", At);
        var records = site.ProgressRecords.Count;
        var e = Assert.Throws<ValidationFailedException>(() => site.RecordProgress(to, to >= SiteStatus.Completed ? 100 : 0, "p", At, actualDate: new DateOnly(2026, 6, 1)));
        Assert.Contains(e.Problems, p => p.Where == "status" && p.What.Contains($"不能从 {from.Display()}"));
        Assert.Equal(from, site.Status);
        Assert.Equal(records, site.ProgressRecords.Count);
    }

    [Theory]
    [InlineData(SiteStatus.Approved, 20, "要求 0%")]
    [InlineData(SiteStatus.Construction, 101, "不在 0 到 100 之间")]
    [InlineData(SiteStatus.Construction, -5, "不在 0 到 100 之间")]
    public void Progress_that_contradicts_the_status_is_refused(SiteStatus status, int percent, string message)
    {
        var site = NewSite();
        site.RecordProgress(SiteStatus.Planning, 0, "p", At, "created");
        for (var s = SiteStatus.Approved; s < status; s++) site.RecordProgress(s, 0, "p", At);
        var p = Assert.Single(Assert.Throws<ValidationFailedException>(() => site.RecordProgress(status, percent, "p", At)).Problems);
        Assert.Equal("progress", p.Where);
        Assert.Contains(message, p.What);
    }

    [Fact]
    public void Completed_needs_100_percent_and_an_actual_end()
    {
        var site = AtConstruction(50);
        var problems = Assert.Throws<ValidationFailedException>(() => site.RecordProgress(SiteStatus.Completed, 90, "p", At)).Problems;
        Assert.Contains(problems, p => p.Where == "progress" && p.What.Contains("要求 100%"));
        Assert.Contains(problems, p => p.Where == "actualEnd");
        Assert.Equal(SiteStatus.Construction, site.Status);
    }

    [Fact]
    public void Suspension_returns_to_the_state_it_came_from_only()
    {
        var site = AtConstruction(40);
        site.RecordProgress(SiteStatus.Suspended, 40, "p", At, "管线迁改");
        Assert.Equal(SiteStatus.Construction, site.SuspendedFrom);
        Assert.Equal([SiteStatus.Construction], SiteWorkflow.NextStates(site.Status, site.SuspendedFrom));
        Assert.Throws<ValidationFailedException>(() => site.RecordProgress(SiteStatus.Completed, 100, "p", At, actualDate: new DateOnly(2026, 6, 1)));
        site.RecordProgress(SiteStatus.Construction, 40, "p", At, "恢复");
        Assert.Null(site.SuspendedFrom);
    }

    [Fact]
    public void Finished_sites_cannot_be_suspended()
    {
        Assert.Equal([SiteStatus.Accepted], SiteWorkflow.NextStates(SiteStatus.Completed, null));
        Assert.Empty(SiteWorkflow.NextStates(SiteStatus.Accepted, null));
    }

    [Theory]
    [InlineData(SiteStatus.Construction, "2026-10-31", "2026-11-01", true)]
    [InlineData(SiteStatus.Construction, "2026-11-01", "2026-11-01", false)]
    [InlineData(SiteStatus.Completed, "2026-01-01", "2026-11-01", false)]
    [InlineData(SiteStatus.Suspended, "2026-01-01", "2026-11-01", true)]
    public void Overdue_means_unfinished_past_the_planned_end(SiteStatus status, string end, string today, bool overdue)
    {
        Assert.Equal(overdue, SiteWorkflow.IsOverdue(status, DateOnly.Parse(end), DateOnly.Parse(today)));
    }

    [Fact]
    public void Ledger_tasks_are_overdue_when_open_past_their_deadline()
    {
        var task = new SiteTask { Measure = "加装电梯", Deadline = new DateOnly(2026, 6, 30), ResponsiblePerson = "王建国" };
        Assert.Equal(LedgerState.Open, task.StateOn(new DateOnly(2026, 6, 30)));
        Assert.Equal(LedgerState.Overdue, task.StateOn(new DateOnly(2026, 7, 1)));
        task.MarkDone(new DateOnly(2026, 7, 2));
        Assert.Equal(LedgerState.Done, task.StateOn(new DateOnly(2026, 7, 3)));
    }

    static CompoundSite AtConstruction(int percent)
    {
        var site = NewSite();
        site.RecordProgress(SiteStatus.Planning, 0, "p", At, "created");
        for (var s = SiteStatus.Approved; s < SiteStatus.Construction; s++) site.RecordProgress(s, 0, "p", At);
        site.RecordProgress(SiteStatus.Construction, percent, "p", At);
        return site;
    }
}

public class CodedEnumTests
{
    [Theory]
    [InlineData("construction", SiteStatus.Construction)]
    [InlineData("施工", SiteStatus.Construction)]
    [InlineData(" Accepted ", SiteStatus.Accepted)]
    [InlineData("暂停", SiteStatus.Suspended)]
    public void Statuses_parse_from_code_or_Chinese_name(string text, SiteStatus expected)
    {
        Assert.True(SiteStatusExtensions.TryParse(text, out var status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("road", Programme.Road)]
    [InlineData("老旧小区综合改造", Programme.Compound)]
    [InlineData("FRINGE", Programme.Fringe)]
    public void Programmes_parse_from_code_or_Chinese_name(string text, Programme expected)
    {
        Assert.True(ProgrammeExtensions.TryParse(text, out var programme));
        Assert.Equal(expected, programme);
    }

    [Fact]
    public void Every_status_s_stored_code_reads_back_and_an_unknown_code_is_named()
    {
        foreach (var status in Enum.GetValues<SiteStatus>())
        {
            Assert.Equal(status.ToString().ToLowerInvariant(), status.Code());
            Assert.Equal(status, SiteStatusExtensions.FromCode(status.Code()));
            Assert.Equal(status, SiteStatusExtensions.FromCode(status.Code().ToUpperInvariant()));
        }
        Assert.Contains("'done'", Assert.Throws<FormatException>(() => SiteStatusExtensions.FromCode("done")).Message);
        // Only codes: a Chinese name is for people typing, not for what the database stores.
        Assert.Throws<FormatException>(() => SiteStatusExtensions.FromCode("施工"));
    }

    [Fact]
    public void Unknown_names_do_not_parse()
    {
        Assert.False(SiteStatusExtensions.TryParse("done", out _));
        Assert.False(ProgrammeExtensions.TryParse(null, out _));
    }
}
