using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Field;

namespace Planner.Tests.Field;

/// <summary>Problem cases made for a test: reported three days ago (or as asked) inside a township, their first step due when asked.</summary>
static class TestCases
{
    public static async Task<long> AddAsync(PlannerDbContext db, int township, DateTimeOffset deadline, TimeSpan? reportedAgo = null)
    {
        var reported = DateTimeOffset.UtcNow - (reportedAgo ?? TimeSpan.FromDays(3));
        var c = new ProblemCase
        {
            ClientId = Guid.NewGuid(), Category = FieldLimits.Default.CaseCategories[0].Code, TownshipId = township, ReportedBy = "inspector1", ReporterName = "inspector1",
            ReportedAt = reported, Location = (await db.Townships.AsNoTracking().Where(t => t.Id == township).Select(t => t.Boundary).FirstAsync()).InteriorPoint,
        };
        c.Open(reported, deadline);
        db.ProblemCases.Add(c);
        await db.SaveChangesAsync();
        return c.Id;
    }
}
