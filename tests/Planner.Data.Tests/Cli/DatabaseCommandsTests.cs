using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Planner.Cli;
using Planner.Data;
using Planner.Sample;

namespace Planner.Tests.Cli;

/// <summary>`planner migrate` and `planner seed`, run in-process on a fresh database of each engine.</summary>
public abstract class DatabaseCommandsTests(PostgisServer server, DatabaseEngine engine) : IAsyncLifetime
{
    string connectionString = "";
    string? sqliteFile;

    public async ValueTask InitializeAsync()
    {
        if (engine == DatabaseEngine.Postgres) connectionString = await server.CreateDatabaseAsync();
        else
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), $"planner-cli-{Guid.NewGuid():N}.db");
            connectionString = $"Data Source={sqliteFile};Pooling=False";
        }
    }

    public ValueTask DisposeAsync()
    {
        if (sqliteFile is not null && File.Exists(sqliteFile)) File.Delete(sqliteFile);
        return ValueTask.CompletedTask;
    }

    static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var config = new InvocationConfiguration { Output = output, Error = error };
        var exit = await PlannerCommands.Root().Parse(args).InvokeAsync(config, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Migrate_then_seed_then_seed_again()
    {
        var (exit, output, _) = await RunAsync("migrate", "--db", connectionString);
        Assert.Equal(0, exit);
        Assert.Contains("0001_initial", output);
        (exit, output, _) = await RunAsync("migrate", "--db", connectionString);
        Assert.Contains("up to date", output);

        (exit, output, _) = await RunAsync("seed", "--db", connectionString, "--data", Paths.Data);
        Assert.Equal(0, exit);
        Assert.Contains("11 townships, 112 sites", output);
        (exit, output, _) = await RunAsync("seed", "--db", connectionString, "--data", Paths.Data);
        Assert.Equal(0, exit);
        Assert.Contains("nothing was seeded", output);
    }

    [Fact]
    public async Task A_bad_sample_file_seeds_nothing_and_says_where()
    {
        var folder = Directory.CreateTempSubdirectory("planner-bad-sample-").FullName;
        try
        {
            File.Copy(Path.Combine(Paths.Data, SampleFiles.TownshipsFile), Path.Combine(folder, SampleFiles.TownshipsFile));
            var sites = JsonNode.Parse(File.ReadAllText(Path.Combine(Paths.Data, SampleFiles.SitesFile)))!;
            // Site 5 gets a bow tie; site 9 an illegal jump from planning straight to construction.
            var ring = sites["features"]![5]!["geometry"]!["coordinates"]![0]!.AsArray();
            (ring[1], ring[2]) = (ring[2]!.DeepClone(), ring[1]!.DeepClone());
            var history = sites["features"]![9]!["properties"]!["history"]!.AsArray();
            history.Insert(1, new JsonObject { ["at"] = "2025-05-01T08:00:00+00:00", ["by"] = "x", ["status"] = "construction", ["percent"] = 10 });
            File.WriteAllText(Path.Combine(folder, SampleFiles.SitesFile), sites.ToJsonString());

            var (exit, _, error) = await RunAsync("seed", "--db", connectionString, "--data", folder);
            Assert.Equal(1, exit);
            Assert.Contains("sites.geojson feature 5", error);
            Assert.Contains("self-intersection", error);
            Assert.Contains("sites.geojson feature 9", error);
            Assert.Contains("history 1 status", error);
            Assert.Contains("Nothing was stored.", error);

            await using var db = PlannerDatabase.Open(connectionString);
            Assert.Equal(0, await db.Townships.CountAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, await db.Sites.CountAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}

public sealed class SqliteDatabaseCommandsTests(PostgisServer server) : DatabaseCommandsTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisDatabaseCommandsTests(PostgisServer server) : DatabaseCommandsTests(server, DatabaseEngine.Postgres);
