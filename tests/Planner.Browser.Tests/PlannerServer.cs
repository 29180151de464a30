using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Planner.Users;
using Planner.Web;

[assembly: AssemblyFixture(typeof(Planner.Tests.PlannerServer))]

namespace Planner.Tests;

/// <summary>
/// The real web app on a free loopback port (Kestrel, SQLite, no basemap) and a real Chromium driven by
/// Playwright. Without Chromium the tests are skipped with the reason, unless PLANNER_REQUIRE_BROWSER=1 (CI).
/// </summary>
public sealed class PlannerServer : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    readonly string databaseFile = Path.Combine(Path.GetTempPath(), $"planner-browser-{Guid.NewGuid():N}.db");
    WebApplication? app;
    IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";
    public string Password { get; } = UserAdministration.GeneratePassword();
    public IBrowser? Browser { get; private set; }
    public string? UnavailableReason { get; private set; }
    public string ConnectionString => $"Data Source={databaseFile};Pooling=False";
    /// <summary>The running app's services (to make a user's access token, say).</summary>
    public IServiceProvider Services => app!.Services;

    /// <summary>Screenshots and other artefacts a person can look at after the run.</summary>
    public static string Artefacts { get; } = Directory.CreateDirectory(Path.Combine(Paths.Repository, "tests", "artefacts")).FullName;

    public async ValueTask InitializeAsync()
    {
        var contentRoot = Path.Combine(Paths.Repository, "src", "Planner.Web");
        app = PlannerApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Testing", "--contentRoot", contentRoot], b =>
        {
            b.Configuration["ConnectionStrings:Planner"] = ConnectionString;
            b.Configuration["Planner:Basemap:Type"] = "none";
            // Every test signs in from 127.0.0.1; the per-client limit has its own test.
            b.Configuration["Planner:SignIn:PerClientPerMinute"] = "10000";
            b.Configuration["Planner:SampleHistory"] = "false"; // tests count what they make
            b.Configuration["Planner:Assessment:AutoFreeze"] = "false";

        });
        await app.StartAsync();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            await users.AddAsync("leader1", Password, Roles.Leader, [], "区领导");
            await users.AddAsync("planner1", Password, Roles.Planner, [], "规划员");
            await users.AddAsync("planner2", Password, Roles.Planner, [], "规划员二");
            await users.AddAsync("field1", Password, Roles.FieldTeam, ["南关街道"], "南关街道巡查员");
            await users.AddAsync("inspector1", Password, Roles.Inspector, [], "区城管监督员");
        }

        if (!File.Exists(ChromiumPath))
        {
            UnavailableReason = $"Chromium not found at {ChromiumPath} (apt-get install chromium)";
            return;
        }
        // Lets a context's routes see the service worker's own requests (the offline test cuts them off too).
        Environment.SetEnvironmentVariable("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public IBrowser RequireBrowser()
    {
        if (Browser is not null) return Browser;
        if (Environment.GetEnvironmentVariable("PLANNER_REQUIRE_BROWSER") == "1")
            throw new InvalidOperationException($"{UnavailableReason} (PLANNER_REQUIRE_BROWSER=1)");
        Assert.Skip(UnavailableReason ?? "no browser");
        return null!;
    }

    /// <summary>A fresh browser context signed in as the user.</summary>
    public async Task<IPage> SignInAsync(string user, int width = 1400, int height = 900)
    {
        var phone = width < 768;
        var context = await RequireBrowser().NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height }, Locale = "zh-CN", IsMobile = phone, HasTouch = phone, DeviceScaleFactor = phone ? 2 : 1,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{BaseUrl}/Account/Login");
        await page.FillAsync("input[name=UserName]", user);
        await page.FillAsync("input[name=Password]", Password);
        await page.ClickAsync("form#login-form button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login"));
        return page;
    }

    /// <summary>Waits until the map has drawn what it loaded.</summary>
    public static Task WaitForMapAsync(IPage page) =>
        page.WaitForSelectorAsync("body[data-map-state=ready]", new() { Timeout = 30_000 });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (File.Exists(databaseFile)) File.Delete(databaseFile);
    }
}
