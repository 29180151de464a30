using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Sites;
using Planner.Users;

namespace Planner.Export;

/// <summary>The selection to export: the map's filters within the user's scope, streamed in programme and code order.</summary>
public static class ExportQuery
{
    public static async IAsyncEnumerable<ExportRow> RowsAsync(PlannerDbContext db, SiteFilter filter, SiteScope scope, DateOnly today,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = db.SelectSites(filter, scope, today)
            .OrderBy(s => EF.Property<string>(s, "programme")).ThenBy(s => s.Code)
            .Select(s => new
            {
                Site = s,
                Township = s.Township!.Name,
                TownshipCode = s.Township!.Code,
                OpenTasks = s.Tasks.Count(t => t.DoneOn == null),
            });
        await foreach (var r in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var point = r.Site.Geometry.InteriorPoint;
            yield return new ExportRow
            {
                Site = r.Site,
                Township = r.Township,
                TownshipCode = r.TownshipCode,
                Overdue = r.Site.IsOverdue(today),
                OpenTasks = r.OpenTasks,
                Point = (point.X, point.Y),
            };
        }
    }
}
