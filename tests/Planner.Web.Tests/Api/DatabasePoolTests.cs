using System.Net;
using Npgsql;
using Planner.Data;

namespace Planner.Tests.Api;

/// <summary>
/// The app's connection pool stays below PostgreSQL's own limit by default, so under load psql, replicas and
/// the district's other GIS tools still get a connection.
/// </summary>
public sealed class DatabasePoolTests(PostgisWebFactory factory, PostgisServer server) : IClassFixture<PostgisWebFactory>
{
    [Fact]
    public void The_default_pool_is_below_the_servers_limit_and_a_stated_one_is_kept()
    {
        Assert.Equal(PlannerDatabase.DefaultMaxPoolSize, new NpgsqlConnectionStringBuilder(PlannerDatabase.WithDefaults("Host=db;Database=planner")).MaxPoolSize);
        Assert.True(PlannerDatabase.DefaultMaxPoolSize < 100);
        Assert.Equal(50, new NpgsqlConnectionStringBuilder(PlannerDatabase.WithDefaults("Host=db;Database=planner;Maximum Pool Size=50")).MaxPoolSize);
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(PlannerDatabase.WithDefaults("Host=db;MaxPoolSize=7")).MaxPoolSize);
    }

    [Fact]
    public async Task The_apps_connections_run_without_PostgreSQLs_JIT_and_parallel_workers_unless_the_connection_string_says()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await PlannerDatabase.DataSource(factory.ConnectionString).OpenConnectionAsync(ct);
        Task<string> ShowAsync(string setting) => connection.ScalarTextAsync($"SHOW {setting}", ct);
        Assert.Equal("off", await ShowAsync("jit"));
        Assert.Equal("0", await ShowAsync("max_parallel_workers_per_gather"));
        // The server's own default, which a connection of ours does not get.
        await using (var other = new NpgsqlConnection(server.RequireAdminConnectionString()))
        {
            await other.OpenAsync(ct);
            Assert.NotEqual("0", await other.ScalarTextAsync("SHOW max_parallel_workers_per_gather", ct));
        }

        string OptionsOf(string cs) => new NpgsqlConnectionStringBuilder(PlannerDatabase.WithDefaults(cs)).Options!;
        Assert.Equal("-c jit=off -c max_parallel_workers_per_gather=0", OptionsOf("Host=db"));
        Assert.Equal("-c jit=on -c max_parallel_workers_per_gather=0", OptionsOf("Host=db;Options=-c jit=on"));
        Assert.Equal("-c max_parallel_workers_per_gather=2 -c jit=off", OptionsOf("Host=db;Options=-c max_parallel_workers_per_gather=2"));
        Assert.Equal("--search_path=planner -c jit=off -c max_parallel_workers_per_gather=0", OptionsOf("Host=db;Options=--search_path=planner"));
    }

    [Fact]
    public async Task Under_load_the_app_holds_at_most_its_pool_and_psql_still_connects()
    {
        var client = await factory.SignedInAsync("leader1");
        var database = new NpgsqlConnectionStringBuilder(factory.ConnectionString).Database;
        await using var admin = new NpgsqlConnection(server.RequireAdminConnectionString());
        await admin.OpenAsync(TestContext.Current.CancellationToken);
        var most = 0L;
        using var stop = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using var count = new NpgsqlCommand($"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}'", admin);
                most = Math.Max(most, (long)(await count.ExecuteScalarAsync())!);
                await Task.Delay(20);
            }
        });
        var requests = Enumerable.Range(0, 120).Select(i => client.GetAsync(i % 2 == 0 ? "/api/sites?bbox=113.6,34.6,113.9,34.8&res=20" : "/api/townships", TestContext.Current.CancellationToken));
        var answers = await Task.WhenAll(requests);
        await stop.CancelAsync();
        await watch;
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.InRange(most, 1, PlannerDatabase.DefaultMaxPoolSize);
        await using var another = new NpgsqlConnection(server.RequireAdminConnectionString());
        await another.OpenAsync(TestContext.Current.CancellationToken); // "too many clients" before
    }
}
