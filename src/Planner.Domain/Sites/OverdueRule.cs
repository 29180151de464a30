using System.Linq.Expressions;

namespace Planner.Sites;

/// <summary>
/// When a site is overdue, said once: not finished (completed or accepted) and its planned end has passed, in the
/// district's calendar. An expression, so that databases filter and count by it; compiled for sites in memory.
/// </summary>
public static class OverdueRule
{
    static readonly Expression<Func<SiteStatus, DateOnly?, DateOnly, bool>> Rule = (status, plannedEnd, today) =>
        plannedEnd < today && status != SiteStatus.Completed && status != SiteStatus.Accepted;

    static readonly Func<SiteStatus, DateOnly?, DateOnly, bool> Compiled = Rule.Compile();

    public static bool IsOverdue(SiteStatus status, DateOnly? plannedEnd, DateOnly today) => Compiled(status, plannedEnd, today);

    /// <summary>
    /// The rule on an earlier day, from the dates a site carries: its planned end had passed and it was not finished by
    /// then (finished: completed or accepted, with an actual end on or before that day; one without an actual end
    /// counts as finished from <paramref name="today"/>). On today it agrees with <see cref="IsOverdue"/>.
    /// </summary>
    public static bool WasOverdue(SiteStatus status, DateOnly? plannedEnd, DateOnly? actualEnd, DateOnly day, DateOnly today) =>
        plannedEnd < day && !WasFinished(status, actualEnd, day, today);

    /// <summary>Finished by a day (see <see cref="WasOverdue"/>).</summary>
    public static bool WasFinished(SiteStatus status, DateOnly? actualEnd, DateOnly day, DateOnly today) =>
        status.IsFinished() && (actualEnd is { } end ? end <= day : day >= today);

    /// <summary>The rule as a filter on sites, for a query.</summary>
    public static Expression<Func<Site, bool>> On(DateOnly today)
    {
        var site = Expression.Parameter(typeof(Site), "s");
        var body = new Substitute(new Dictionary<ParameterExpression, Expression>
        {
            [Rule.Parameters[0]] = Expression.Property(site, nameof(Site.Status)),
            [Rule.Parameters[1]] = Expression.Property(site, nameof(Site.PlannedEnd)),
            // A captured value, not a constant: the query is parameterised and its plan reused from day to day.
            [Rule.Parameters[2]] = Expression.Property(Expression.Constant(new Today(today)), nameof(Today.Value)),
        }).Visit(Rule.Body);
        return Expression.Lambda<Func<Site, bool>>(body, site);
    }

    /// <summary>
    /// A projection of sites that carries the rule's answer, for a query: the template's second parameter is whether the
    /// site is overdue (the map's tiles select it beside the other columns).
    /// </summary>
    public static Expression<Func<Site, T>> Project<T>(Expression<Func<Site, bool, T>> template, DateOnly today)
    {
        var on = On(today);
        var site = template.Parameters[0];
        var overdue = new Substitute(new Dictionary<ParameterExpression, Expression> { [on.Parameters[0]] = site }).Visit(on.Body);
        var body = new Substitute(new Dictionary<ParameterExpression, Expression> { [template.Parameters[1]] = overdue }).Visit(template.Body);
        return Expression.Lambda<Func<Site, T>>(body, site);
    }

    sealed record Today(DateOnly Value);

    sealed class Substitute(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => map.GetValueOrDefault(node, node);
    }
}
