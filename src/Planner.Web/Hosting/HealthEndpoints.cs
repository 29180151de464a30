using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Planner.Data;

namespace Planner.Web.Hosting;

/// <summary>
/// <c>/healthz</c>: the process answers (for a load balancer's liveness probe; nothing is checked). <c>/readyz</c>: the
/// database answers and every migration this build knows is applied (for readiness: a node behind on its schema takes
/// no traffic). Both without sign-in; they say what is wrong, never a secret.
/// </summary>
public static class HealthEndpoints
{
    const string Ready = "ready";

    public static IServiceCollection AddPlannerHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<PlannerDbContext>("database", tags: [Ready])
            .AddCheck<MigrationsCheck>("migrations", tags: [Ready]);
        return services;
    }

    public static void MapPlannerHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous();
    }

    static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        }));
    }

    /// <summary>Every migration of this build applied, with the checksum it was applied with.</summary>
    sealed class MigrationsCheck(PlannerDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var pending = await MigrationRunner.PendingAsync(db, cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy($"{MigrationRunner.Available(db.Engine).Count} migrations applied")
                : HealthCheckResult.Unhealthy($"pending: {string.Join(", ", pending.Select(m => m.Name))}");
        }
    }
}
