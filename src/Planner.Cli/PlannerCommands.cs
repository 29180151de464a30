using System.CommandLine;

namespace Planner.Cli;

public static class PlannerCommands
{
    public static RootCommand Root(TextReader? input = null)
    {
        var root = new RootCommand("planner: the remediation planner's command line (three projects, one management)");
        root.Subcommands.Add(DatabaseCommands.Migrate());
        root.Subcommands.Add(DatabaseCommands.Seed());
        root.Subcommands.Add(DatabaseCommands.Backup());
        root.Subcommands.Add(DatabaseCommands.Restore());
        root.Subcommands.Add(SampleCommands.Sample());
        root.Subcommands.Add(UserCommands.Users(input));
        root.Subcommands.Add(ImportCommand.Import());
        root.Subcommands.Add(ExportCommand.Export());
        root.Subcommands.Add(AssessCommand.Assess());
        root.Subcommands.Add(ReportCommand.Report());
        root.Subcommands.Add(TokenCommands.Tokens());
        return root;
    }
}
