using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Sample;
using Planner.Sites;
using Planner.Users;

namespace Planner.Web;

/// <summary>
/// Applies migrations on start and seeds the sample district into a new, empty database. In the
/// Development environment it also creates demo users, each with a random password written to the log
/// once (or Planner:DemoPassword); no other environment ever gets a default account.
/// </summary>
sealed class DatabaseStartup(IServiceProvider services, IConfiguration configuration, IHostEnvironment environment, DatabaseDescription database,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Said at start, as the command line says it: both open the same database by default.
        logger.LogInformation("Database: {Database}", database);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
        IReadOnlyList<MigrationRunner.Migration> applied;
        try
        {
            applied = await MigrationRunner.MigrateAsync(db, cancellationToken);
        }
        catch (Exception e) when (DatabaseFaults.Is(e))
        {
            // One line that says what to fix, before the host's own report of the fault with its stack.
            logger.LogCritical("Cannot use the database {Database} ({Reason}): check ConnectionStrings__Planner (or Planner__DataDirectory) and that the server is running",
                database, DatabaseFaults.Describe(e));
            throw;
        }
        foreach (var m in applied) logger.LogInformation("Applied migration {Migration} on {Engine}", m.Name, db.Engine);
        if (configuration.GetValue("Planner:SeedSampleDistrict", true))
        {
            var result = await SampleDistrictSeeder.SeedAsync(db, configuration["Planner:SampleData"], cancellationToken);
            if (result.Seeded)
            {
                logger.LogInformation("Seeded the sample district: {Townships} townships, {Sites} sites", result.Townships, result.Sites);
                // A year of cases and 督办, and the months frozen, so the dashboard and the 红黑榜 show something (Planner:SampleHistory).
                if (configuration.GetValue("Planner:SampleHistory", true))
                {
                    var history = await SampleHistorySeeder.SeedAsync(db, scope.ServiceProvider.GetRequiredService<DistrictTime>(),
                        scope.ServiceProvider.GetRequiredService<Planner.Assessment.AssessmentFormula>(), scope.ServiceProvider.GetRequiredService<Planner.Field.FieldLimits>(), cancellationToken);
                    logger.LogInformation("Seeded the sample history: {Cases} cases, {Orders} supervision orders, {Months} months frozen", history.Cases, history.Supervisions, history.FrozenMonths);
                }
            }
        }
        if (environment.IsDevelopment() && !await db.Users.AnyAsync(cancellationToken))
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var password = configuration["Planner:DemoPassword"] ?? UserAdministration.GeneratePassword();
            await admin.AddAsync("admin", password, Roles.Admin, [], "系统管理员", cancellationToken);
            await admin.AddAsync("planner", password, Roles.Planner, [], "规划员", cancellationToken);
            await admin.AddAsync("leader", password, Roles.Leader, [], "区领导", cancellationToken);
            await admin.AddAsync("field", password, Roles.FieldTeam, ["南关街道"], "南关街道巡查员", cancellationToken);
            await admin.AddAsync("inspector", password, Roles.Inspector, [], "区城管监督员", cancellationToken);
            logger.LogWarning("Development: created demo users admin, planner, leader, field (南关街道) and inspector with password {Password}", password);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
