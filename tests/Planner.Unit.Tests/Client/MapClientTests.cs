using System.Diagnostics;

namespace Planner.Tests.Client;

/// <summary>
/// The map client's own unit tests (URL state, API links and refusals, the list, measures) run with Node's test
/// runner, so that `dotnet test` runs them too. The web project's build installs the client's packages.
/// </summary>
public sealed class MapClientTests
{
    [Fact]
    public async Task The_map_clients_unit_tests_pass()
    {
        var client = Path.Combine(Paths.Repository, "src", "Planner.Web", "ClientApp");
        Assert.True(Directory.Exists(Path.Combine(client, "node_modules")), "npm ci has not run in src/Planner.Web/ClientApp (building Planner.Web does it)");
        var start = new ProcessStartInfo("npm", ["test", "--silent"]) { WorkingDirectory = client, RedirectStandardOutput = true, RedirectStandardError = true };
        using var npm = Process.Start(start)!;
        var output = npm.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await npm.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await npm.WaitForExitAsync(TestContext.Current.CancellationToken);
        var report = await output;
        Assert.True(npm.ExitCode == 0, report + error);
        // A runner that found no tests also exits 0: there must be passes and no failures.
        Assert.Matches(@"# pass [1-9]\d*", report);
        Assert.Contains("# fail 0", report, StringComparison.Ordinal);
    }
}
