using System.CommandLine;
using Planner.Data;
using Planner.Localization;

namespace Planner.Cli;

public static class PlannerCommands
{
    /// <summary>
    /// Runs a command line. A database that cannot be reached, opened or migrated ends the command with one line that says
    /// so and what the server said (exit code 1), not a stack trace; any other fault is reported whole, as System.CommandLine's
    /// own handler would (exit code 1; 130 when cancelled), which is off so that the database's faults can be told apart.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, TextReader? input = null,
        CancellationToken cancellationToken = default)
    {
        var config = configuration ?? new InvocationConfiguration();
        config.EnableDefaultExceptionHandler = false;
        try
        {
            var root = Root(input);
            if (NativeImage.IsNative) NativeImage.HandOverTheRest(root, args);
            return await root.Parse(args).InvokeAsync(config, cancellationToken);
        }
        catch (Exception e) when (DatabaseFault(e) is { } message)
        {
            await config.Error.WriteLineAsync(message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception e)
        {
            await config.Error.WriteLineAsync(L10n.T($"未处理的异常：{e}", $"Unhandled exception: {e}"));
            return 1;
        }
    }

    /// <summary>What to tell the user of a database fault (the connection, the file, a migration), or null for other faults.</summary>
    internal static string? DatabaseFault(Exception e) => e switch
    {
        MigrationFailedException m => m.Message,
        _ when DatabaseFaults.Is(e) => L10n.T($"数据库出错（请检查 --db 或 ConnectionStrings__Planner）：{DatabaseFaults.Describe(e)}",
            $"Database error (check --db or ConnectionStrings__Planner): {DatabaseFaults.Describe(e)}"),
        _ => null,
    };

    public static RootCommand Root(TextReader? input = null)
    {
        var root = new RootCommand("planner: the remediation planner's command line (three projects, one management)");
        root.Subcommands.Add(DatabaseCommands.Migrate());
        root.Subcommands.Add(DatabaseCommands.Seed());
        root.Subcommands.Add(DatabaseCommands.Backup());
        root.Subcommands.Add(DatabaseCommands.Restore());
        root.Subcommands.Add(DatabaseCommands.Optimize());
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
