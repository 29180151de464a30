using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.WebEncoders;
using Planner.Data;
using Planner.Users;
using Planner.Web.Access;
using Planner.Web.Api;
using Planner.Web.Localization;

namespace Planner.Web;

/// <summary>Builds the web app; Program.cs runs it, and browser tests start it on a real port.</summary>
public static class PlannerApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application name picks the assembly whose Razor pages are served, also when a test host starts us.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(PlannerApp).Assembly.GetName().Name });
        configure?.Invoke(builder);
        var connectionString = builder.Configuration.GetConnectionString("Planner") ?? PlannerDatabase.DefaultConnectionString;
        builder.Services.AddDbContext<PlannerDbContext>(options => PlannerDatabase.Configure(options, connectionString));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<DatabaseStartup>();
        builder.Services.AddScoped<UserAdministration>();

        builder.Services.AddPlannerIdentityCore()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<PlannerClaimsFactory>();
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/Login";
            o.Cookie.Name = "planner-auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            // The API answers 401/403; only pages redirect to the sign-in form.
            o.Events.OnRedirectToLogin = ctx => ApiOr(ctx.Request, () => ctx.Response.StatusCode = 401, () => ctx.Response.Redirect(ctx.RedirectUri));
            // A signed-in user without the role gets 403, page or API: sending them to sign in again helps nobody.
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = 403;
                return Task.CompletedTask;
            };
        });
        builder.Services.AddAuthorization(o =>
        {
            // Nothing but the sign-in page is reachable without signing in.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            o.AddPolicy(Policies.Edit, p => p.RequireRole(Roles.Admin, Roles.Planner));
        });
        builder.Services.AddRazorPages();
        builder.Services.AddProblemDetails();
        // Chinese text stays readable in the HTML; markup characters are still encoded.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.Configure<BasemapOptions>(builder.Configuration.GetSection("Planner:Basemap"));

        var app = builder.Build();
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapSitesApi();
        app.MapTownshipsApi();
        app.MapGet("/lang", (HttpContext http, string to, string? returnUrl) =>
        {
            http.Response.Cookies.Append(UiText.Cookie, to == "en" ? "en" : "zh", new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            return Results.LocalRedirect(returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") ? returnUrl : "/");
        }).AllowAnonymous();
        return app;
    }

    static Task ApiOr(HttpRequest request, Action api, Action page)
    {
        if (request.Path.StartsWithSegments("/api")) api(); else page();
        return Task.CompletedTask;
    }
}

public static class Policies
{
    public const string Edit = "Edit";
}

/// <summary>Basemap for the map page: "osm", "tianditu" (needs a key, from configuration, never the repo) or "none".</summary>
public sealed class BasemapOptions
{
    public string Type { get; set; } = "osm";
    public string OsmUrl { get; set; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    public string? TiandituKey { get; set; }
}
