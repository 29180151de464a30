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

    static Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunWithInputAsync("", args);

    static async Task<(int Exit, string Output, string Error)> RunWithInputAsync(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var config = new InvocationConfiguration { Output = output, Error = error };
        var exit = await PlannerCommands.Root(new StringReader(input)).Parse(args).InvokeAsync(config, TestContext.Current.CancellationToken);
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
    public async Task Users_add_reads_the_password_from_standard_input_and_binds_townships()
    {
        await RunAsync("seed", "--db", connectionString, "--data", Paths.Data);
        var (exit, output, error) = await RunWithInputAsync("field-password-1\n", "users", "add", "wang", "--role", "fieldteam", "--township", "南关街道", "--township", "410104010", "--db", connectionString);
        Assert.True(exit == 0, error);
        Assert.Contains("Created wang (FieldTeam)", output);
        await using var db = PlannerDatabase.Open(connectionString);
        var user = await db.Users.SingleAsync(u => u.UserName == "wang", TestContext.Current.CancellationToken);
        Assert.NotEqual("field-password-1", user.PasswordHash); // hashed, never stored as given
        var townships = await db.UserTownships.Where(t => t.UserId == user.Id).Join(db.Townships, u => u.TownshipId, t => t.Id, (u, t) => t.Name).OrderBy(n => n).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["十八里河街道", "南关街道"], townships.OrderBy(n => n == "南关街道").ToList());
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["FieldTeam"], roles);
    }

    [Theory]
    [InlineData("", "--role", "leader", "password: none on standard input")]
    [InlineData("long-enough-pw\n", "--role", "boss", "role: \"boss\" is not one of")]
    [InlineData("short\n", "--role", "leader", "password")]
    public async Task Users_add_refuses_bad_input_and_creates_nothing(string input, string roleOption, string role, string message)
    {
        await RunAsync("seed", "--db", connectionString, "--data", Paths.Data);
        var (exit, _, error) = await RunWithInputAsync(input, "users", "add", "li", roleOption, role, "--db", connectionString);
        Assert.Equal(1, exit);
        Assert.Contains(message, error);
        await using var db = PlannerDatabase.Open(connectionString);
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "li", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_field_user_without_a_township_is_refused()
    {
        await RunAsync("seed", "--db", connectionString, "--data", Paths.Data);
        var (exit, _, error) = await RunWithInputAsync("long-enough-pw\n", "users", "add", "zhao", "--role", "FieldTeam", "--township", "不存在乡", "--db", connectionString);
        Assert.Equal(1, exit);
        Assert.Contains("no township is named 不存在乡", error);
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
