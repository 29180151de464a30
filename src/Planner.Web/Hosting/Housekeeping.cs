using Planner.Data;
using Planner.Web.Access;
using Planner.Web.Imports;

namespace Planner.Web.Hosting;

/// <summary>
/// At start and then every ten minutes: removes import previews nobody committed and expired sessions, escalates
/// unanswered 督办, and freezes last month's assessment once it has ended (as <c>planner assess</c> would).
/// </summary>
sealed class Housekeeping(UploadFolder uploads, IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<Housekeeping> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10), clock);
        do
        {
            try
            {
                var previews = uploads.Sweep();
                await using var scope = scopes.CreateAsyncScope();
                var sessions = await DatabaseTicketStore.RemoveExpiredAsync(scope.ServiceProvider.GetRequiredService<PlannerDbContext>(), clock.GetUtcNow(), stoppingToken);
                if (previews + sessions > 0) logger.LogInformation("Removed {Previews} old import previews and {Sessions} expired sessions", previews, sessions);
                var escalated = await scope.ServiceProvider.GetRequiredService<Planner.Supervision.SupervisionService>().EscalateAsync(stoppingToken);
                if (escalated > 0) logger.LogInformation("Escalated {Orders} unanswered supervision orders", escalated);
                if (configuration.GetValue("Planner:Assessment:AutoFreeze", true))
                {
                    var time = scope.ServiceProvider.GetRequiredService<Planner.Sites.DistrictTime>();
                    var lastMonth = new DateOnly(time.Today.Year, time.Today.Month, 1).AddMonths(-1);
                    var (month, frozen) = await scope.ServiceProvider.GetRequiredService<Planner.Assessment.AssessmentService>().FreezeAsync(lastMonth, "system", stoppingToken);
                    if (frozen) logger.LogInformation("Froze the assessment of {Month}", month.Month);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Housekeeping failed; it runs again in ten minutes");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
