using System.CommandLine;
using Planner.Cli;

var root = new RootCommand("planner: the remediation planner's command line (three projects, one management)");
root.Subcommands.Add(DatabaseCommands.Migrate());
root.Subcommands.Add(DatabaseCommands.Seed());
root.Subcommands.Add(SampleCommands.Sample());
return await root.Parse(args).InvokeAsync();
