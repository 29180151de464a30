using System.CommandLine;
using Planner.Cli;
using Planner.Data;

namespace Planner.Tests.Cli;

/// <summary>
/// The command line as docs/deploy.md publishes it (the linux-x64 profile: a native image in front, which runs the export
/// itself, and the full composite ReadyToRun image in full/, to which it hands every other command) runs the commands a
/// district office scripts, and writes what the in-process command writes, byte for byte.
/// </summary>
public abstract class PublishedCliTests(PostgisServer server, PublishedCli published, DatabaseEngine engine) : IAsyncLifetime
{
    string connectionString = "";
    string? sqliteFile;
    readonly string work = Directory.CreateTempSubdirectory("planner-published-").FullName;

    public async ValueTask InitializeAsync()
    {
        if (engine == DatabaseEngine.Postgres) connectionString = await server.CreateDatabaseAsync();
        else
        {
            sqliteFile = Path.Combine(work, "planner.db");
            connectionString = $"Data Source={sqliteFile};Pooling=False";
        }
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(work, true);
        return ValueTask.CompletedTask;
    }

    async Task<(int Exit, string Output)> PublishedAsync(string[] args, string? input = null) =>
        await PublishedCli.RunAsync(await published.ExecutableAsync(), [.. args, "--db", connectionString], TimeSpan.FromMinutes(2), input);

    async Task<int> InProcessAsync(params string[] args) =>
        await PlannerCommands.InvokeAsync([.. args, "--db", connectionString],
            new InvocationConfiguration { Output = new StringWriter(), Error = new StringWriter() }, cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task The_published_command_line_seeds_exports_and_reports_as_the_in_process_one_does()
    {
        var planner = await published.ExecutableAsync();
        var folder = Path.GetDirectoryName(planner)!;
        Assert.False(File.Exists(Path.Combine(folder, "libcoreclr.so")), "the command in front is a native image, without the runtime's files");
        Assert.True(File.Exists(Path.Combine(folder, "full", "planner.r2r.dll")), "the full image beside it is one composite image");
        Assert.False(File.Exists(Path.Combine(folder, "planner.dbg")), "the native image's symbols are not deployed");

        var seed = await PublishedAsync(["seed"]);
        Assert.True(seed.Exit == 0, seed.Output);
        Assert.Contains("112 个项目", seed.Output);

        // Each format a field team takes out, for one township (the case the profile was made for), one programme, a
        // selection of nothing, and the whole district.
        foreach (var format in new[] { "csv", "geojson", "kml", "gpx" })
        foreach (var filter in new[] { ["--township", "南曹乡"], ["--programme", "road"], ["--q", "没有这个项目"], Array.Empty<string>() })
        {
            var fromPublished = Path.Combine(work, $"published.{format}");
            var fromInProcess = Path.Combine(work, $"in-process.{format}");
            var run = await PublishedAsync(["export", "--format", format, "--out", fromPublished, .. filter]);
            Assert.True(run.Exit == 0, run.Output);
            if (filter is ["--q", _]) Assert.Contains("已导出 0 个项目", run.Output);
            Assert.Equal(0, await InProcessAsync(["export", "--format", format, "--out", fromInProcess, .. filter]));
            Assert.True(File.ReadAllBytes(fromPublished).AsSpan().SequenceEqual(File.ReadAllBytes(fromInProcess)),
                $"{format} {string.Join(' ', filter)}: the published CLI wrote other bytes than the in-process one");
        }

        // Formats whose files carry their moment of writing: written and not empty (their content is tested in-process).
        foreach (var (args, file) in new[]
        {
            (new[] { "export", "--format", "xlsx", "--township", "南曹乡" }, "ledger.xlsx"),
            (new[] { "export", "--format", "gpkg" }, "sites.gpkg"),
            (new[] { "report", "weekly" }, "bulletin.docx"),
        })
        {
            var path = Path.Combine(work, file);
            var run = await PublishedAsync([.. args, "--out", path]);
            Assert.True(run.Exit == 0, run.Output);
            Assert.True(new FileInfo(path).Length > 1000, $"{file}: {new FileInfo(path).Length} bytes");
        }

        // Commands that use EF Core are handed to the full image with their standard input, output and exit code.
        var user = await PublishedAsync(["users", "add", "gis-office", "--role", "leader"], input: "Published-cli-2026\n");
        Assert.True(user.Exit == 0, user.Output);
        Assert.Contains("gis-office", user.Output);
        var token = await PublishedAsync(["tokens", "create", "QGIS", "--user", "gis-office"]);
        Assert.True(token.Exit == 0, token.Output);
        Assert.Contains(token.Output.Split('\n'), line => line.StartsWith(Planner.Users.AccessTokenService.TokenPrefix, StringComparison.Ordinal));
        var noUser = await PublishedAsync(["tokens", "create", "QGIS", "--user", "nobody"]);
        Assert.Equal(1, noUser.Exit);
        Assert.Contains("nobody", noUser.Output);

        // A database fault is one line, as in-process.
        var bad = await PublishedCli.RunAsync(planner, ["export", "--format", "csv", "--out", Path.Combine(work, "x.csv"), "--db", "Host=127.0.0.1;Port=1;Database=none;Timeout=2"], TimeSpan.FromMinutes(1));
        Assert.Equal(1, bad.Exit);
        Assert.Contains("--db", bad.Output);
        Assert.DoesNotContain("   at ", bad.Output);
    }
}

/// <summary>What the native image in front does without a database: help, usage errors, and a full image that is missing.</summary>
public sealed class PublishedCliFrontTests(PublishedCli published)
{
    [Fact]
    public async Task The_native_image_answers_help_and_usage_itself_and_says_when_the_full_image_is_missing()
    {
        var planner = await published.ExecutableAsync();
        var help = await PublishedCli.RunAsync(planner, ["--help"], TimeSpan.FromMinutes(1));
        Assert.Equal(0, help.Exit);
        foreach (var command in PlannerCommands.Root().Subcommands)
            Assert.Contains(command.Name, help.Output);
        var usersHelp = await PublishedCli.RunAsync(planner, ["users", "add", "--help"], TimeSpan.FromMinutes(1));
        Assert.Equal(0, usersHelp.Exit);
        Assert.Contains("--role", usersHelp.Output);
        var missing = await PublishedCli.RunAsync(planner, ["export", "--out", "x.csv"], TimeSpan.FromMinutes(1));
        Assert.Equal(1, missing.Exit);
        Assert.Contains("--format", missing.Output);

        // The native file copied alone still parses, and says what is missing for the commands it hands over.
        var alone = Directory.CreateTempSubdirectory("planner-alone-").FullName;
        try
        {
            File.Copy(planner, Path.Combine(alone, "planner"));
            var seed = await PublishedCli.RunAsync(Path.Combine(alone, "planner"), ["seed", "--db", $"Data Source={Path.Combine(alone, "p.db")}"], TimeSpan.FromMinutes(1));
            Assert.Equal(1, seed.Exit);
            Assert.Contains(Path.Combine(alone, "full", "planner"), seed.Output);
            Assert.DoesNotContain("   at ", seed.Output);
            Assert.False(File.Exists(Path.Combine(alone, "p.db")), "nothing written");
        }
        finally
        {
            Directory.Delete(alone, true);
        }
    }
}

public sealed class SqlitePublishedCliTests(PostgisServer server, PublishedCli published) : PublishedCliTests(server, published, DatabaseEngine.Sqlite);

public sealed class PostgisPublishedCliTests(PostgisServer server, PublishedCli published) : PublishedCliTests(server, published, DatabaseEngine.Postgres);
