using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Planner.Localization;

namespace Planner.Cli;

/// <summary>
/// The command line as deployed is two builds of this program (docs/deploy.md). In front is a native image, compiled ahead
/// of time. It parses every command line, prints help and usage errors, and runs the export itself. Beside it, in
/// <c>full/</c>, is the composite ReadyToRun image, which runs every command. Native code starts in a fifth of the time,
/// so a township's export finishes before <c>ogr2ogr -where</c> does (docs/benchmarks.md, fourteenth session). EF Core,
/// however, runs only precompiled queries there. So the native image hands the commands that use EF Core to the full one,
/// which replaces this process: the same process id, standard streams, signals and exit code.
/// </summary>
static partial class NativeImage
{
    /// <summary>The commands the native image runs itself: they read the database without EF Core.</summary>
    public static readonly IReadOnlySet<string> Runs = new HashSet<string>(StringComparer.Ordinal) { "export" };

    /// <summary>True in the ahead-of-time image, where no code is generated at run time (EF Core's queries are).</summary>
    public static bool IsNative => !RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>Where the native image finds the full one.</summary>
    public static string FullImage => Path.Combine(AppContext.BaseDirectory, "full", "planner");

    /// <summary>Makes every command but those the native image <see cref="Runs"/> hand its command line to the full image.</summary>
    public static void HandOverTheRest(RootCommand root, string[] args)
    {
        foreach (var command in root.Subcommands)
            if (!Runs.Contains(command.Name)) HandOver(command, args);
    }

    static void HandOver(Command command, string[] args)
    {
        // Only what would run: help, usage errors and commands that are only groups stay with the parser here.
        if (command.Action is not null) command.SetAction(parse => Exec(FullImage, args, parse.InvocationConfiguration.Error));
        foreach (var sub in command.Subcommands) HandOver(sub, args);
    }

    /// <summary>Replaces this process with <paramref name="program"/> run with <paramref name="args"/>; returns only if it cannot.</summary>
    internal static int Exec(string program, string[] args, TextWriter error)
    {
        if (!File.Exists(program))
        {
            error.WriteLine(L10n.T($"未找到完整程序 {program}：此命令须由它运行。请按 docs/deploy.md 发布命令行（dotnet publish src/Planner.Cli -p:PublishProfile=linux-x64 -o 目录），不要只复制 planner 一个文件。",
                $"The full program {program} was not found: it runs this command. Publish the command line as docs/deploy.md says (dotnet publish src/Planner.Cli -p:PublishProfile=linux-x64 -o DIR), not the planner file alone."));
            return 1;
        }
        Execv(program, [program, .. args, null]);
        var errno = Marshal.GetLastPInvokeError();
        error.WriteLine(L10n.T($"无法运行 {program}：{Marshal.GetPInvokeErrorMessage(errno)}", $"Cannot run {program}: {Marshal.GetPInvokeErrorMessage(errno)}"));
        return 1;
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, string?[] argv);
}
