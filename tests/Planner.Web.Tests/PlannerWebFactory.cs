using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data;
using Planner.Users;

namespace Planner.Tests;

/// <summary>The real web app on a fresh SQLite file, seeded with the sample district, with one user per role.</summary>
public class PlannerWebFactory : WebApplicationFactory<Program>
{
    bool usersCreated;

    public string DatabaseFile { get; } = Path.Combine(Path.GetTempPath(), $"planner-web-{Guid.NewGuid():N}.db");
    public virtual string ConnectionString => $"Data Source={DatabaseFile};Pooling=False";
    public string Password { get; } = UserAdministration.GeneratePassword();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Planner", ConnectionString);
        // Every test signs in from the same client; the sign-in limits have their own tests.
        builder.UseSetting("Planner:SignIn:PerClientPerMinute", "10000");
        // The sample district without its year of history: tests count what they make (the history has its own test).
        builder.UseSetting("Planner:SampleHistory", "false");
        builder.UseSetting("Planner:Assessment:AutoFreeze", "false"); // the tests freeze months themselves
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestHooks>());
        Configure(builder);
    }

    /// <summary>Settings of a factory for one kind of test (limits, environment).</summary>
    protected virtual void Configure(IWebHostBuilder builder) { }

    /// <summary>
    /// What a test needs that a browser gives for free: the client's address (X-Test-Client, as if from several
    /// phones) and a request that fails inside the app (/test/fault), to see the answer a user gets for our own faults.
    /// </summary>
    sealed class TestHooks : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers.TryGetValue("X-Test-Client", out var client)) http.Connection.RemoteIpAddress = IPAddress.Parse(client.ToString());
                return nextMiddleware(http);
            });
            next(app);
            // Reached only by paths no endpoint serves: a fault after the app's own error handling is in place.
            app.Use((http, nextMiddleware) => http.Request.Path.StartsWithSegments("/test/fault")
                ? throw new InvalidOperationException("a fault of ours, for the test")
                : nextMiddleware(http));
        };
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see 302s.</summary>
    public HttpClient Anonymous()
    {
        _ = ConnectionString; // a missing PostGIS skips (or fails) the test here, not inside the host
        return CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    /// <summary>
    /// The app's database, opened beside it once the host has started (migrated and seeded): a test that reads it first,
    /// alone or before any request, would otherwise find no tables.
    /// </summary>
    public PlannerDbContext OpenDatabase()
    {
        _ = ConnectionString; // a missing PostGIS skips (or fails) the test here, not inside the host
        _ = Server;
        return PlannerDatabase.Open(ConnectionString);
    }

    /// <summary>The id of the site with this code (a sample site such as GC-XQ-001).</summary>
    public async Task<long> SiteIdAsync(string code)
    {
        await using var db = OpenDatabase();
        return await db.Sites.Where(s => s.Code == code).Select(s => s.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A client signed in through the real sign-in form (antiforgery token and all).</summary>
    public async Task<HttpClient> SignedInAsync(string userName)
    {
        await EnsureUsersAsync();
        var client = Anonymous();
        var response = await PostLoginAsync(client, userName, Password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"sign-in as {userName} failed: {response.StatusCode}");
        return client;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        var token = new HtmlParser().ParseDocument(form).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
    }

    async Task EnsureUsersAsync()
    {
        if (usersCreated) return;
        _ = Server; // starts the host: migrated and seeded
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        await users.AddAsync("admin1", Password, Roles.Admin, []);
        await users.AddAsync("planner1", Password, Roles.Planner, []);
        await users.AddAsync("leader1", Password, Roles.Leader, []);
        await users.AddAsync("field1", Password, Roles.FieldTeam, ["南关街道"]);
        await users.AddAsync("field2", Password, Roles.FieldTeam, ["十八里河街道", "南曹乡"]);
        await users.AddAsync("inspector1", Password, Roles.Inspector, []);
        await users.AddAsync("inspector2", Password, Roles.Inspector, ["南关街道"]);
        usersCreated = true;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (File.Exists(DatabaseFile)) File.Delete(DatabaseFile);
    }
}

/// <summary>The same app on a new database in the test PostGIS server.</summary>
public sealed class PostgisWebFactory(PostgisServer server) : PlannerWebFactory
{
    string? connectionString;

    public override string ConnectionString => connectionString ??= server.CreateDatabaseAsync().GetAwaiter().GetResult();
}
