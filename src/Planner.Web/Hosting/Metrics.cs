using OpenTelemetry.Metrics;
using Planner.Users;
using Planner.Web.Access;

namespace Planner.Web.Hosting;

/// <summary>
/// OpenTelemetry metrics for Prometheus at <c>/metrics</c>: request durations (ASP.NET Core's own meters), Kestrel's
/// connections, and database time (Npgsql's meter, on PostGIS). Scraped with an admin's access token
/// (<c>authorization: credentials</c> in Prometheus' job), never anonymously: paths and counts are not for everyone.
/// </summary>
public static class Metrics
{
    public const string Policy = "Metrics";

    public static IServiceCollection AddPlannerMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Npgsql", TileCache.MeterName)
            .AddPrometheusExporter());
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme, AccessTokenHandler.SchemeName)
            .RequireRole(Roles.Admin));
        return services;
    }

    public static void MapPlannerMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Policy);
}
