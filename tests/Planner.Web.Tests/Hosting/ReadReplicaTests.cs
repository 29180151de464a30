using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Planner.Data;
using Planner.Geometry;
using Planner.Sites;
using Planner.Tests.Api;

namespace Planner.Tests.Hosting;

/// <summary>
/// The app with its site tiles read from a real streaming standby (<c>ConnectionStrings:PlannerRead</c>): a primary
/// and a hot standby made by pg_basebackup, the standby's replay paused to hold it behind the primary.
/// </summary>
public sealed class ReadReplicaTests(ReadReplicaTests.Factory factory) : IClassFixture<ReadReplicaTests.Factory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A primary and its standby of their own, the app on the primary with its reads on the standby.</summary>
    public sealed class Factory : PlannerWebFactory, IAsyncLifetime
    {
        ThrowawayPostgres? primary, standby;
        string? connectionString, readConnectionString, unavailable;

        public override string ConnectionString => connectionString ?? Unavailable();
        public string ReadConnectionString => readConnectionString ?? Unavailable();

        string Unavailable()
        {
            if (Environment.GetEnvironmentVariable("PLANNER_REQUIRE_POSTGIS") == "1") throw new InvalidOperationException($"{unavailable} (PLANNER_REQUIRE_POSTGIS=1)");
            Assert.Skip(unavailable ?? "PostGIS unavailable");
            return null!;
        }

        public async ValueTask InitializeAsync()
        {
            try
            {
                primary = await ThrowawayPostgres.StartAsync();
                standby = await primary.StartStandbyAsync();
                await using (var c = new NpgsqlConnection(primary.AdminConnectionString))
                {
                    await c.OpenAsync();
                    await new NpgsqlCommand("CREATE DATABASE planner_replicated", c).ExecuteNonQueryAsync();
                }
                connectionString = new NpgsqlConnectionStringBuilder(primary.AdminConnectionString) { Database = "planner_replicated", Pooling = true }.ConnectionString;
                readConnectionString = new NpgsqlConnectionStringBuilder(standby.AdminConnectionString) { Database = "planner_replicated", Pooling = true }.ConnectionString;
            }
            catch (Exception e)
            {
                unavailable = $"PostgreSQL with a standby unavailable: {e.Message}";
            }
        }

        protected override void Configure(IWebHostBuilder builder)
        {
            if (readConnectionString is not null) builder.UseSetting("ConnectionStrings:PlannerRead", readConnectionString);
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            if (standby is not null) await standby.DisposeAsync();
            if (primary is not null) await primary.DisposeAsync();
        }
    }

    async Task<long> MapVersionAsync(string cs)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync(Ct);
        return (long)(await new NpgsqlCommand("SELECT version FROM data_versions WHERE name = 'map'", c).ExecuteScalarAsync(Ct))!;
    }

    async Task OnStandbyAsync(string sql)
    {
        await using var c = new NpgsqlConnection(factory.ReadConnectionString);
        await c.OpenAsync(Ct);
        await new NpgsqlCommand(sql, c).ExecuteNonQueryAsync(Ct);
    }

    /// <summary>Until the standby has replayed what the primary has (a bounded wait).</summary>
    async Task CaughtUpAsync()
    {
        for (var i = 0; i < 200 && await MapVersionAsync(factory.ReadConnectionString) < await MapVersionAsync(factory.ConnectionString); i++) await Task.Delay(50, Ct);
        Assert.Equal(await MapVersionAsync(factory.ConnectionString), await MapVersionAsync(factory.ReadConnectionString));
    }

    static async Task<string?> StatusInTileAsync(HttpResponseMessage response, TileAddress tile, long siteId)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return TileFeature.Read(await response.Content.ReadAsByteArrayAsync(Ct), tile).Where(f => f.Id == siteId).Select(f => f.Properties["status"] as string).SingleOrDefault();
    }

    [Fact]
    public async Task Site_tiles_come_from_the_standby_and_one_made_while_it_is_behind_is_answered_but_never_kept_under_the_newer_version()
    {
        var leader = await factory.SignedInAsync("leader1");
        Site site;
        await using (var db = factory.OpenDatabase())
            site = (await db.Sites.AsNoTracking().Where(s => s.DeletedAt == null && s.Status != SiteStatus.Suspended).ToListAsync(Ct)).First(s => s.Programme == Programme.Compound);
        var p = site.Geometry.InteriorPoint;
        var tile = TileAddress.Containing(p.X, p.Y, 15);
        var url = $"/tiles/sites/{tile}.mvt";
        await CaughtUpAsync();

        var first = await leader.GetAsync(url, Ct);
        Assert.NotNull(first.Headers.ETag);
        Assert.Equal(site.Status.Code(), await StatusInTileAsync(first, tile, site.Id));

        await OnStandbyAsync("SELECT pg_wal_replay_pause()");
        try
        {
            await using (var db = factory.OpenDatabase())
                await db.Sites.Where(s => s.Id == site.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SiteStatus.Suspended), Ct);
            // The node hears the primary's new version (NOTIFY); the standby has not replayed it.
            HttpResponseMessage behind;
            var asked = 0;
            do
            {
                if (asked++ > 0) await Task.Delay(50, Ct);
                behind = await leader.GetAsync(url, Ct);
            } while (behind.Headers.ETag is not null && asked < 100);
            Assert.Null(behind.Headers.ETag);
            Assert.Contains("no-store", behind.Headers.CacheControl!.ToString());
            // Read from the standby: the site as it was there.
            Assert.Equal(site.Status.Code(), await StatusInTileAsync(behind, tile, site.Id));
            // Not kept: asked again, it is made again, and still says it is behind.
            var again = await leader.GetAsync(url, Ct);
            Assert.Null(again.Headers.ETag);
            Assert.Equal(site.Status.Code(), await StatusInTileAsync(again, tile, site.Id));
        }
        finally
        {
            await OnStandbyAsync("SELECT pg_wal_replay_resume()");
        }

        await CaughtUpAsync();
        var caughtUp = await leader.GetAsync(url, Ct);
        Assert.NotNull(caughtUp.Headers.ETag);
        Assert.NotEqual(first.Headers.ETag, caughtUp.Headers.ETag);
        Assert.Equal("suspended", await StatusInTileAsync(caughtUp, tile, site.Id));
        var cached = await leader.GetAsync(url, Ct);
        Assert.Equal(caughtUp.Headers.ETag, cached.Headers.ETag);
        Assert.Equal(await caughtUp.Content.ReadAsByteArrayAsync(Ct), await cached.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public void A_read_connection_string_beside_a_SQLite_database_is_refused_at_start_and_says_why()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var refused = Assert.Throws<InvalidOperationException>(() =>
            Planner.Web.Hosting.ReadReplica.Add(services, "Data Source=planner.db", "Host=127.0.0.1;Database=planner"));
        Assert.Contains("PlannerRead", refused.Message);
        Assert.Contains("PostgreSQL", refused.Message);
    }
}
