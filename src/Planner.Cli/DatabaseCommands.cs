using System.CommandLine;
using Planner.Data;
using Planner.Sample;
using Planner.Validation;

namespace Planner.Cli;

static class DatabaseCommands
{
    public static Command Migrate()
    {
        var db = CommonOptions.Database();
        var command = new Command("migrate", "Apply pending schema migrations, each in one transaction.") { db };
        command.SetAction(async (parse, ct) =>
        {
            await using var context = PlannerDatabase.Open(CommonOptions.ConnectionString(parse.GetValue(db)));
            var applied = await MigrationRunner.MigrateAsync(context, ct);
            parse.InvocationConfiguration.Output.WriteLine($"{context.Engine}: {(applied.Count == 0 ? "schema is up to date" : $"applied {string.Join(", ", applied.Select(m => m.Name))}")}");
            return 0;
        });
        return command;
    }

    public static Command Seed()
    {
        var db = CommonOptions.Database();
        var data = new Option<DirectoryInfo?>("--data") { Description = "Folder with the sample district files (default: data/guancheng beside the program)." };
        var command = new Command("seed", "Migrate, then load the sample district into an empty database.") { db, data };
        command.SetAction(async (parse, ct) =>
        {
            await using var context = PlannerDatabase.Open(CommonOptions.ConnectionString(parse.GetValue(db)));
            await MigrationRunner.MigrateAsync(context, ct);
            try
            {
                var result = await SampleDistrictSeeder.SeedAsync(context, parse.GetValue(data)?.FullName, ct);
                if (!result.Seeded)
                {
                    parse.InvocationConfiguration.Output.WriteLine("The database already has townships; nothing was seeded.");
                    return 0;
                }
                parse.InvocationConfiguration.Output.WriteLine($"Seeded {result.Townships} townships, {result.Sites} sites, {result.ProgressRecords} progress records, {result.Tasks} ledger tasks.");
                return 0;
            }
            catch (ValidationFailedException e)
            {
                var error = parse.InvocationConfiguration.Error;
                foreach (var p in e.Problems) error.WriteLine(p);
                error.WriteLine("Nothing was stored.");
                return 1;
            }
        });
        return command;
    }
}
