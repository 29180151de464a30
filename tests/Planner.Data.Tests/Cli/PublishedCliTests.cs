using System.CommandLine;
using Planner.Cli;
using Planner.Data;

namespace Planner.Tests.Cli;

/// <summary>
/// The command line as docs/deploy.md publishes it (the linux-x64 profile: self-contained, one composite ReadyToRun image)
/// runs the commands a district office scripts, and writes what the in-process command writes, byte for byte.
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

    async Task<(int Exit, string Output)> PublishedAsync(params string[] args) =>
        await PublishedCli.RunAsync(await published.ExecutableAsync(), [.. args, "--db", connectionString], TimeSpan.FromMinutes(2));

    async Task<int> InProcessAsync(params string[] args) =>
        await PlannerCommands.InvokeAsync([.. args, "--db", connectionString],
            new InvocationConfiguration { Output = new StringWriter(), Error = new StringWriter() }, cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task The_published_command_line_seeds_exports_and_reports_as_the_in_process_one_does()
    {
        var planner = await published.ExecutableAsync();
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(planner)!, "planner.r2r.dll")), "the profile makes one composite image");

        var seed = await PublishedAsync("seed");
        Assert.True(seed.Exit == 0, seed.Output);
        Assert.Contains("112 个项目", seed.Output);

        // Each format a field team takes out, for one township (the case the profile was made for) and the whole district.
        foreach (var format in new[] { "csv", "geojson", "kml", "gpx" })
        foreach (var filter in new[] { new[] { "--township", "南曹乡" }, [] })
        {
            var fromPublished = Path.Combine(work, $"published.{format}");
            var fromInProcess = Path.Combine(work, $"in-process.{format}");
            var run = await PublishedAsync(["export", "--format", format, "--out", fromPublished, .. filter]);
            Assert.True(run.Exit == 0, run.Output);
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

        // A database fault is one line, as in-process.
        var bad = await PublishedCli.RunAsync(planner, ["export", "--format", "csv", "--out", Path.Combine(work, "x.csv"), "--db", "Host=127.0.0.1;Port=1;Database=none;Timeout=2"], TimeSpan.FromMinutes(1));
        Assert.Equal(1, bad.Exit);
        Assert.Contains("--db", bad.Output);
        Assert.DoesNotContain("   at ", bad.Output);
    }
}

public sealed class SqlitePublishedCliTests(PostgisServer server, PublishedCli published) : PublishedCliTests(server, published, DatabaseEngine.Sqlite);

public sealed class PostgisPublishedCliTests(PostgisServer server, PublishedCli published) : PublishedCliTests(server, published, DatabaseEngine.Postgres);
