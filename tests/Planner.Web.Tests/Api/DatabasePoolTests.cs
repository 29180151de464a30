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
    public async Task The_apps_connections_run_without_PostgreSQLs_JIT_unless_the_connection_string_says()
    {
        await using var connection = await PlannerDatabase.DataSource(factory.ConnectionString).OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var show = new NpgsqlCommand("SHOW jit", connection);
        Assert.Equal("off", (string)(await show.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
        Assert.Equal("-c jit=on", new NpgsqlConnectionStringBuilder(PlannerDatabase.WithDefaults("Host=db;Options=-c jit=on")).Options);
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
