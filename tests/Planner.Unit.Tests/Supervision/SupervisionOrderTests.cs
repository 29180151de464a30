using Planner.Assessment;
using Planner.Field;
using Planner.Supervision;
using Planner.Users;
using Planner.Validation;

namespace Planner.Tests.Supervision;

/// <summary>督办's rules: who answers, who decides, what a reopen needs, how it escalates, and how the score counts answers.</summary>
public sealed class SupervisionOrderTests
{
    static readonly DateTimeOffset Issued = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Due = Issued.AddDays(3);
    const int Township = 3;

    static CaseActor Actor(string user, string role, params int[] townships) => new(user, user, new HashSet<string> { role }, SiteScope.For([role], townships));

    static SupervisionOrder Order()
    {
        var order = new SupervisionOrder
        {
            SiteId = 7, TownshipId = Township, Subject = "GC-DL-009 豫英路", Unit = "南关街道办事处", Requirement = "本周内恢复施工", IssuedBy = "leader1", IssuerName = "区领导",
            IssuedAt = Issued, FirstDeadline = Due,
        };
        order.Issue();
        return order;
    }

    [Fact]
    public void The_township_answers_the_issuer_accepts_and_each_step_is_recorded()
    {
        var order = Order();
        Assert.Throws<SupervisionForbiddenException>(() => order.Reply(Actor("field2", Roles.FieldTeam, Township + 1), "已处理", Issued.AddDays(1)));
        Assert.Throws<SupervisionForbiddenException>(() => order.Reply(Actor("inspector1", Roles.Inspector), "已处理", Issued.AddDays(1)));
        Assert.Equal("note", Assert.Throws<ValidationFailedException>(() => order.Reply(Actor("field1", Roles.FieldTeam, Township), " ", Issued.AddDays(1))).Problems[0].Where);
        order.Reply(Actor("field1", Roles.FieldTeam, Township), "已恢复施工", Issued.AddDays(1));
        Assert.Equal((SupervisionState.Answered, false, 2), (order.State, order.FirstAnswerLate!.Value, order.Version));
        Assert.Throws<SupervisionForbiddenException>(() => order.Decide(Actor("planner2", Roles.Planner), true, null, null, Issued.AddDays(2)));
        order.Decide(Actor("leader1", Roles.Leader), true, "同意办结", null, Issued.AddDays(2));
        Assert.Equal(SupervisionState.Closed, order.State);
        Assert.Equal(["issue", "answer", "accept"], order.Events.Select(e => e.Action));
        Assert.Throws<ValidationFailedException>(() => order.Reply(Actor("field1", Roles.FieldTeam, Township), "再答复", Issued.AddDays(3)));
    }

    [Fact]
    public void A_reopen_needs_a_reason_and_a_later_date_and_a_late_first_answer_stays_late()
    {
        var order = Order();
        order.Reply(Actor("field1", Roles.FieldTeam, Township), "已处理", Due.AddHours(2)); // after its date
        var e = Assert.Throws<ValidationFailedException>(() => order.Decide(Actor("leader1", Roles.Leader), false, "", Due.AddHours(1), Due.AddHours(3)));
        Assert.Equal(["note", "deadline"], e.Problems.Select(p => p.Where));
        order.Decide(Actor("leader1", Roles.Leader), false, "照片不能说明问题", Due.AddDays(3), Due.AddHours(3));
        Assert.Equal((SupervisionState.Open, 1, Due.AddDays(3)), (order.State, order.Reopened, order.Deadline));
        order.Reply(Actor("field1", Roles.FieldTeam, Township), "补充照片", Due.AddDays(1)); // in time for the new date
        Assert.True(order.FirstAnswerLate); // the score counts the first answer against the first date
    }

    [Fact]
    public void An_unanswered_order_escalates_one_level_per_missed_date_up_to_the_last()
    {
        var order = Order();
        var levels = 3;
        var extension = TimeSpan.FromDays(3);
        Assert.False(order.Escalate(Due.AddHours(-1), levels, extension)); // not yet due
        Assert.True(order.Escalate(Due.AddHours(1), levels, extension));
        Assert.Equal((1, Due + extension), (order.Level, order.Deadline));
        Assert.False(order.Escalate(Due.AddHours(2), levels, extension)); // the new date has not passed
        Assert.True(order.Escalate(Due + extension + TimeSpan.FromHours(1), levels, extension));
        Assert.False(order.Escalate(Due.AddDays(30), levels, extension)); // 通报 is the last level
        Assert.Equal(2, order.Level);
        Assert.Equal(["issue", "escalate", "escalate"], order.Events.Select(e => e.Action));
        order.Reply(Actor("field1", Roles.FieldTeam, Township), "已处理", Due.AddDays(31));
        Assert.False(order.Escalate(Due.AddDays(60), levels, extension)); // answered: no longer escalates
    }

    [Fact]
    public void The_score_counts_orders_first_due_in_the_month_and_answered_in_time()
    {
        var november = new DateOnly(2026, 11, 1);
        SupervisionFact Fact(long id, string due, string? answered, bool? late) => new(id, $"o{id}", 1, DateOnly.Parse(due), answered is null ? null : DateOnly.Parse(answered), late);
        var t = MonthCounts.Count(november, new DateOnly(2026, 11, 30), [(1, "410101", "甲")], [], [], AssessmentFormula.Default,
            [Fact(1, "2026-11-05", "2026-11-04", false), Fact(2, "2026-11-10", "2026-11-12", true), Fact(3, "2026-11-20", null, null), Fact(4, "2026-10-20", "2026-10-19", false)]).Single();
        var count = t.Counts.Single(c => c.Code == ScoreComponent.SupervisionOnTime);
        Assert.Equal((1, 3), (count.Numerator, count.Denominator));
        Assert.All(count.Items, i => Assert.Equal(AssessedItem.Supervision, i.Kind));
    }
}
