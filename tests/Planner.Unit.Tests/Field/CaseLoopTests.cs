using NetTopologySuite.Geometries;
using Planner.Field;
using Planner.Geometry;
using Planner.Users;
using Planner.Validation;

namespace Planner.Tests.Field;

public class CaseLoopTests
{
    static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);
    const int Nanguan = 3, Other = 5;

    static CaseActor Actor(string user, string role, params int[] townships) =>
        new(user, user, new HashSet<string> { role }, SiteScope.For([role], townships));

    static ProblemCase NewCase()
    {
        var c = new ProblemCase
        {
            ClientId = Guid.NewGuid(), Category = "manhole", Location = Cgcs2000.Factory.CreatePoint(new Coordinate(113.68, 34.74)), TownshipId = Nanguan,
            ReportedBy = "inspector", ReporterName = "监督员", ReportedAt = T0,
        };
        c.Open(T0, T0.AddHours(1));
        return c;
    }

    [Fact]
    public void A_case_goes_round_the_loop_with_each_step_taken_by_whom_it_belongs_to()
    {
        var c = NewCase();
        var planner = Actor("planner", Roles.Planner);
        var field = Actor("field", Roles.FieldTeam, Nanguan);
        var inspector = Actor("inspector", Roles.Inspector);
        Assert.Equal([CaseAction.Accept, CaseAction.Void], c.AllowedFor(planner));
        Assert.Empty(c.AllowedFor(field));
        c.Apply(CaseAction.Accept, planner, T0.AddMinutes(30), new CaseStep(NextDeadline: T0.AddHours(2)));
        c.Apply(CaseAction.Dispatch, planner, T0.AddMinutes(40), new CaseStep(TownshipId: Nanguan, Unit: "南关街道城管中队", NextDeadline: T0.AddDays(1)));
        Assert.Equal([CaseAction.Handle], c.AllowedFor(field));
        var noPhoto = Assert.Throws<ValidationFailedException>(() => c.Apply(CaseAction.Handle, field, T0.AddHours(5), new CaseStep(Note: "已更换井盖")));
        Assert.Equal("photos", noPhoto.Problems[0].Where);
        c.Apply(CaseAction.Handle, field, T0.AddHours(5), new CaseStep(Note: "已更换井盖", Photos: 2, NextDeadline: T0.AddDays(2)));
        // The person who handled cannot verify, even as an inspector.
        var handlerAsInspector = Actor("field", Roles.Inspector);
        Assert.Throws<CaseStepForbiddenException>(() => c.Apply(CaseAction.Pass, handlerAsInspector, T0.AddHours(6), new CaseStep()));
        var failNoReason = Assert.Throws<ValidationFailedException>(() => c.Apply(CaseAction.Fail, inspector, T0.AddHours(6), new CaseStep()));
        Assert.Equal("note", failNoReason.Problems[0].Where);
        c.Apply(CaseAction.Fail, inspector, T0.AddHours(6), new CaseStep(Note: "井盖未固定", NextDeadline: T0.AddDays(2)));
        Assert.Equal((CaseState.Dispatched, 1), (c.State, c.ReworkCount));
        c.Apply(CaseAction.Handle, field, T0.AddHours(8), new CaseStep(Note: "已固定", Photos: 1, NextDeadline: T0.AddDays(2)));
        c.Apply(CaseAction.Pass, inspector, T0.AddHours(9), new CaseStep());
        Assert.Equal(CaseState.Closed, c.State);
        Assert.Equal(T0.AddHours(9), c.ClosedAt);
        Assert.Null(c.Deadline);
        Assert.Equal(["report", "accept", "dispatch", "handle", "fail", "handle", "pass"], c.Events.Select(e => e.Action));
        Assert.Equal(7, c.Version); // one more with each of the six steps
    }

    /// <summary>A case taken round to 结案 at T0 + 9 h.</summary>
    static ProblemCase ClosedCase()
    {
        var c = NewCase();
        var planner = Actor("planner", Roles.Planner);
        c.Apply(CaseAction.Accept, planner, T0.AddMinutes(30), new CaseStep(NextDeadline: T0.AddHours(2)));
        c.Apply(CaseAction.Dispatch, planner, T0.AddMinutes(40), new CaseStep(TownshipId: Nanguan, NextDeadline: T0.AddDays(1)));
        c.Apply(CaseAction.Handle, Actor("field", Roles.FieldTeam, Nanguan), T0.AddHours(5), new CaseStep(Photos: 1, NextDeadline: T0.AddDays(2)));
        c.Apply(CaseAction.Pass, Actor("inspector", Roles.Inspector), T0.AddHours(9), new CaseStep());
        return c;
    }

    [Fact]
    public void A_closed_case_is_followed_up_once_by_an_inspector_of_its_township_and_stays_closed_as_it_was()
    {
        var open = NewCase();
        var inspector = Actor("inspector2", Roles.Inspector, Nanguan);
        Assert.DoesNotContain(CaseAction.Hold, open.AllowedFor(Actor("planner", Roles.Planner)));
        Assert.Throws<ValidationFailedException>(() => open.Apply(CaseAction.Hold, inspector, T0.AddHours(1), new CaseStep()));

        var c = ClosedCase();
        Assert.Equal([CaseAction.Hold, CaseAction.Recur], c.AllowedFor(inspector));
        Assert.Equal([CaseAction.Hold, CaseAction.Recur], c.AllowedFor(Actor("planner", Roles.Planner)));
        Assert.Empty(c.AllowedFor(Actor("field", Roles.FieldTeam, Nanguan)));
        Assert.Empty(c.AllowedFor(Actor("inspector9", Roles.Inspector, Other))); // another township's
        Assert.Throws<CaseStepForbiddenException>(() => c.Apply(CaseAction.Hold, Actor("leader", Roles.Leader), T0.AddDays(30), new CaseStep()));
        // Came back: what and a photo are required.
        Assert.Equal("note", Assert.Throws<ValidationFailedException>(() => c.Apply(CaseAction.Recur, inspector, T0.AddDays(30), new CaseStep(Photos: 1))).Problems[0].Where);
        Assert.Equal("photos", Assert.Throws<ValidationFailedException>(() => c.Apply(CaseAction.Recur, inspector, T0.AddDays(30), new CaseStep(Note: "井盖又坏了"))).Problems[0].Where);

        c.Apply(CaseAction.Hold, inspector, T0.AddDays(30), new CaseStep(Note: "整改保持良好"));
        Assert.Equal((CaseState.Closed, T0.AddHours(9), T0.AddDays(30), 0), (c.State, c.ClosedAt, c.FollowedUpAt, c.LateSteps));
        Assert.Equal(("hold", CaseState.Closed, CaseState.Closed), (c.Events[^1].Action, c.Events[^1].FromState, c.Events[^1].ToState));
        Assert.Equal(6, c.Version);
        // Once only.
        Assert.Empty(c.AllowedFor(inspector));
        Assert.Throws<ValidationFailedException>(() => c.Apply(CaseAction.Recur, inspector, T0.AddDays(31), new CaseStep(Note: "x", Photos: 1)));
    }

    [Fact]
    public void Steps_out_of_turn_or_out_of_scope_are_refused_and_lateness_is_counted()
    {
        var c = NewCase();
        var planner = Actor("planner", Roles.Planner);
        Assert.Throws<ValidationFailedException>(() => c.Apply(CaseAction.Dispatch, planner, T0, new CaseStep(TownshipId: Nanguan)));
        Assert.Throws<CaseStepForbiddenException>(() => c.Apply(CaseAction.Accept, Actor("leader", Roles.Leader), T0, new CaseStep()));
        Assert.Throws<ValidationFailedException>(() => c.Apply(CaseAction.Void, planner, T0, new CaseStep()));
        // Accepted two hours after the report with one hour allowed: late.
        c.Apply(CaseAction.Accept, planner, T0.AddHours(2), new CaseStep(NextDeadline: T0.AddHours(3)));
        Assert.Equal(1, c.LateSteps);
        Assert.True(c.Events[^1].Late);
        var missing = Assert.Throws<ValidationFailedException>(() => c.Apply(CaseAction.Dispatch, planner, T0.AddHours(2), new CaseStep()));
        Assert.Equal("township", missing.Problems[0].Where);
        c.Apply(CaseAction.Dispatch, planner, T0.AddHours(2), new CaseStep(TownshipId: Nanguan, NextDeadline: T0.AddDays(1)));
        // Another township's field team may not handle it; an inspector of another township may not verify it.
        Assert.Throws<CaseStepForbiddenException>(() => c.Apply(CaseAction.Handle, Actor("field2", Roles.FieldTeam, Other), T0.AddHours(3), new CaseStep(Photos: 1)));
        c.Apply(CaseAction.Handle, Actor("field", Roles.FieldTeam, Nanguan), T0.AddHours(3), new CaseStep(Photos: 1, NextDeadline: T0.AddDays(1)));
        Assert.Throws<CaseStepForbiddenException>(() => c.Apply(CaseAction.Pass, Actor("inspector2", Roles.Inspector, Other), T0.AddHours(4), new CaseStep()));
        Assert.Equal(CaseState.Handled, c.State);
    }

    [Fact]
    public void Deadlines_count_working_time_and_the_light_turns_at_80_and_100_percent()
    {
        // 2026-10-01 (Thursday) to 10-08 is the National Day holiday; Saturday 10-10 is a make-up working day.
        var holidays = Enumerable.Range(1, 8).Select(d => new DateOnly(2026, 10, d));
        var calendar = new WorkCalendar(holidays, [new DateOnly(2026, 10, 10)]);
        // Reported on Wednesday 09-30 at 18:00 with three working days (72 h) to handle.
        var due = calendar.AddWorkingHours(new DateTime(2026, 9, 30, 18, 0, 0), 72);
        // 6 h left on 09-30, then 10-09 (Friday), 10-10 (make-up Saturday), and 42 h more than that: Monday 10-12 at 18:00.
        Assert.Equal(new DateTime(2026, 10, 12, 18, 0, 0), due);
        Assert.Equal(72, calendar.WorkingHoursBetween(new DateTime(2026, 9, 30, 18, 0, 0), due), 6);
        // A step that begins on a holiday begins at the next working day.
        Assert.Equal(new DateTime(2026, 10, 9, 4, 0, 0), calendar.AddWorkingHours(new DateTime(2026, 10, 3, 12, 0, 0), 4));
        Assert.Equal(TrafficLight.Green, TrafficLights.Of(79, 100));
        Assert.Equal(TrafficLight.Yellow, TrafficLights.Of(80, 100));
        Assert.Equal(TrafficLight.Yellow, TrafficLights.Of(100, 100));
        Assert.Equal(TrafficLight.Red, TrafficLights.Of(100.1, 100));
        Assert.Equal(TrafficLight.None, TrafficLights.Of(5, 0));
    }
}
