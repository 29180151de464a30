using System.Diagnostics;

namespace Planner.Tests.Cli;

/// <summary>
/// The command line published as docs/deploy.md says (the linux-x64 profile: the native image, and the full one in
/// full/), once per test run and only when a test asks for it; into a folder of its own, artifacts included, so that the
/// checkout's obj/ stays as the build left it.
/// </summary>
public sealed class PublishedCli : IAsyncDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), $"planner-publish-{Guid.NewGuid():N}");
    readonly Lazy<Task<string>> executable;

    public PublishedCli() => executable = new(PublishAsync);

    public Task<string> ExecutableAsync() => executable.Value;

    async Task<string> PublishAsync()
    {
        var output = Path.Combine(root, "cli");
        var (exit, text) = await RunAsync("dotnet", ["publish", Path.Combine(Paths.Repository, "src", "Planner.Cli"),
            "-p:PublishProfile=linux-x64", "--artifacts-path", Path.Combine(root, "artifacts"), "-o", output, "-nologo", "-v", "q"], TimeSpan.FromMinutes(10));
        Assert.True(exit == 0, "dotnet publish with the linux-x64 profile failed:\n" + text);
        return Path.Combine(output, "planner");
    }

    /// <summary>A process run to its end: its exit code and everything it wrote.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string file, string[] args, TimeSpan timeout, string? input = null)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using var process = Process.Start(start)!;
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // a hung command must not outlive the test run
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return (process.ExitCode, await output + await error);
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(root)) Directory.Delete(root, true);
        return ValueTask.CompletedTask;
    }
}
