using System.CommandLine;
using Planner.Data;

namespace Planner.Cli;

static class CommonOptions
{
    public static Option<string?> Database() => new("--db")
    {
        Description = "Connection string: a SQLite file (\"Data Source=planner.db\") or PostgreSQL (\"Host=…;Database=…\"). Default: ConnectionStrings__Planner, else planner.db.",
    };

    public static string ConnectionString(string? option) =>
        option ?? Environment.GetEnvironmentVariable("ConnectionStrings__Planner") ?? PlannerDatabase.DefaultConnectionString;
}
