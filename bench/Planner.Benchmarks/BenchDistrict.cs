using System.Diagnostics;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetTopologySuite.Geometries;
using Npgsql;
using Planner.Data;
using Planner.Sample;
using Planner.Tests;
using Planner.Users;
using Planner.Web;

namespace Planner.Benchmarks;

/// <summary>
/// A large district on PostGIS for the read-path benchmarks: a fresh database (on a throwaway cluster unless
/// PLANNER_BENCH_POSTGRES names one), the sample district and generated sites up to a count, a leader to sign in as.
/// </summary>
sealed class BenchDistrict : IAsyncDisposable
{
    readonly ThrowawayPostgres? cluster;

    BenchDistrict(ThrowawayPostgres? cluster, string connectionString, string password, Envelope bounds)
    {
        this.cluster = cluster;
        ConnectionString = connectionString;
        Password = password;
        Bounds = bounds;
    }

    public string ConnectionString { get; }
    public string Password { get; }
    public const string Leader = "bench-leader";
    /// <summary>The townships' extent, lon/lat.</summary>
    public Envelope Bounds { get; }

    public static async Task<BenchDistrict> CreateAsync(int siteCount)
    {
        var cluster = Environment.GetEnvironmentVariable("PLANNER_BENCH_POSTGRES") is { Length: > 0 } ? null : await ThrowawayPostgres.StartAsync();
        var admin = Environment.GetEnvironmentVariable("PLANNER_BENCH_POSTGRES") ?? cluster!.AdminConnectionString;
        var database = $"planner_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", c).ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = true }.ConnectionString;

        // The database as the app leaves it at first start, a leader to sign in, and the generated sites.
        var password = UserAdministration.GeneratePassword();
        await using (var setup = PlannerApp.Build(["--environment", "Testing"], b =>
                     {
                         b.Configuration["ConnectionStrings:Planner"] = cs;
                         b.Logging.SetMinimumLevel(LogLevel.Warning);
                     }))
        {
            await using (var db = PlannerDatabase.Open(cs))
            {
                await MigrationRunner.MigrateAsync(db);
                await SampleDistrictSeeder.SeedAsync(db, null);
            }
            await using var scope = setup.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync(Leader, password, Roles.Leader, []);
        }
        var fill = Stopwatch.StartNew();
        await SyntheticDistrict.AddSitesAsync(cs, siteCount - 112);
        await using (var c = new NpgsqlConnection(cs))
        {
            await c.OpenAsync();
            await new NpgsqlCommand("ANALYZE", c).ExecuteNonQueryAsync();
        }
        Console.WriteLine($"{siteCount:N0} sites on PostGIS ({fill.Elapsed.TotalSeconds:N1} s to generate and insert)");
        Envelope district;
        await using (var db = PlannerDatabase.Open(cs))
            district = db.Townships.AsEnumerable().Aggregate(new Envelope(), (e, t) => { e.ExpandToInclude(t.Boundary.EnvelopeInternal); return e; });
        return new BenchDistrict(cluster, cs, password, district);
    }

    /// <summary>Signs a client in as the leader (its cookie container keeps the session).</summary>
    public async Task SignInAsync(HttpClient http)
    {
        var form = await http.GetStringAsync("/Account/Login");
        var token = new HtmlParser().ParseDocument(form).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = Leader, ["Password"] = Password, ["__RequestVerificationToken"] = token,
        }));
        if ((int)response.StatusCode != 302) throw new InvalidOperationException("sign-in failed");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (cluster is not null) await cluster.DisposeAsync();
    }
}
