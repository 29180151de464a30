using System.Diagnostics;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetTopologySuite.Geometries;
using Npgsql;
using Planner.Data;
using Planner.Sample;
using Planner.Tests;
using Planner.Townships;
using Planner.Users;
using Planner.Web;

namespace Planner.Benchmarks;

/// <summary>
/// A large district on PostGIS for the read-path benchmarks: a fresh database (on a throwaway cluster unless
/// PLANNER_BENCH_POSTGRES names one), the sample district and generated sites up to a count, a leader to sign in as.
/// <see cref="Packing"/> says where the generated sites go.
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
    /// <summary>The sample district's extent, lon/lat: where the views and tiles are measured (in a city, its densest part).</summary>
    public Envelope Bounds { get; }

    /// <summary>
    /// <c>district</c> (the default): every generated site in the sample district's 11 townships (≈ 14 × 12 km), a stress
    /// case of 600 sites per km². <c>city</c> (<c>PLANNER_BENCH_PACKING=city</c>): the city's other eleven county-level
    /// units (DataV 410100, Zhengzhou) become townships too, and the sites spread over all 22 by the square root of
    /// their area, as <see cref="SyntheticDistrict"/> weighs them: ≈ 13 % stay in the sample district (≈ 80 per km²),
    /// the rest over 7,400 km² of the city.
    /// </summary>
    public static string Packing => Environment.GetEnvironmentVariable("PLANNER_BENCH_PACKING") is { Length: > 0 } p ? p : "district";

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
                if (Packing == "city") AddCityTownships(db);
                else if (Packing != "district") throw new ArgumentException($"PLANNER_BENCH_PACKING: district or city, not {Packing}");
                await db.SaveChangesAsync();
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
        Console.WriteLine($"{siteCount:N0} sites on PostGIS, {Packing} packing ({fill.Elapsed.TotalSeconds:N1} s to generate and insert)");
        Envelope district;
        await using (var db = PlannerDatabase.Open(cs))
            district = db.Townships.AsEnumerable().Where(t => t.Code.StartsWith(SampleDistrictGenerator.DistrictAdcode, StringComparison.Ordinal))
                .Aggregate(new Envelope(), (e, t) => { e.ExpandToInclude(t.Boundary.EnvelopeInternal); return e; });
        return new BenchDistrict(cluster, cs, password, district);
    }

    /// <summary>The city's county-level units but the sample district, each one township (code: its adcode and 000).</summary>
    static void AddCityTownships(PlannerDbContext db)
    {
        foreach (var d in SampleDistrictGenerator.ReadDistricts(Path.Combine(Paths.Shared, "data", "china-admin-gcj02", "410100_full.json")))
        {
            if (d.Adcode == SampleDistrictGenerator.DistrictAdcode) continue;
            var township = new Township { Code = d.Adcode + "000", Name = d.Name };
            township.SetBoundary(d.Boundary);
            db.Townships.Add(township);
        }
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
