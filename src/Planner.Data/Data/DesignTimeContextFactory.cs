using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Planner.Data;

/// <summary>
/// For `dotnet ef dbcontext optimize` only: a context for the engine named in PLANNER_DESIGN_ENGINE (sqlite or postgres),
/// so that each engine's compiled model is generated from its own provider (see Data/CompiledModels/README.md).
/// No connection is opened.
/// </summary>
sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<PlannerDbContext>
{
    public PlannerDbContext CreateDbContext(string[] args)
    {
        var postgres = string.Equals(Environment.GetEnvironmentVariable("PLANNER_DESIGN_ENGINE"), "postgres", StringComparison.OrdinalIgnoreCase);
        var options = PlannerDatabase.Configure(new DbContextOptionsBuilder<PlannerDbContext>(),
            postgres ? "Host=localhost;Database=planner_design" : "Data Source=:memory:", compiledModel: false);
        return new PlannerDbContext((DbContextOptions<PlannerDbContext>)options.Options);
    }
}
