using Planner.Data;
using Planner.Sample;

namespace Planner.Web;

/// <summary>Applies migrations on start and seeds the sample district into a new, empty database.</summary>
sealed class DatabaseStartup(IServiceProvider services, IConfiguration configuration, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
        var applied = await MigrationRunner.MigrateAsync(db, cancellationToken);
        foreach (var m in applied) logger.LogInformation("Applied migration {Migration} on {Engine}", m.Name, db.Engine);
        if (configuration.GetValue("Planner:SeedSampleDistrict", true))
        {
            var result = await SampleDistrictSeeder.SeedAsync(db, configuration["Planner:SampleData"], cancellationToken);
            if (result.Seeded)
                logger.LogInformation("Seeded the sample district: {Townships} townships, {Sites} sites", result.Townships, result.Sites);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
