using Microsoft.AspNetCore.DataProtection;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Planner.Data;
using Planner.Field;
using Planner.Sites;
using Planner.Users;
using Planner.Web.Access;
using Planner.Web.Api;
using Planner.Web.Hosting;
using Planner.Web.Imports;
using Planner.Web.Localization;
using Planner.Web.Ogc;

namespace Planner.Web;

/// <summary>Builds the web app; Program.cs runs it, and browser tests start it on a real port.</summary>
public static class PlannerApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application name picks the assembly whose Razor pages are served, also when a test host starts us.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(PlannerApp).Assembly.GetName().Name });
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        // One database for the web app and the command line, resolved the same way by both.
        var connectionString = DatabaseLocation.Resolve(configuration.GetConnectionString("Planner"), configuration["Planner:DataDirectory"]);
        // Pooled: a tile or a map request builds no context of its own (0.3–0.5 ms a request, docs/benchmarks.md).
        services.AddDbContextPool<PlannerDbContext>(options => PlannerDatabase.Configure(options, connectionString));
        services.AddSingleton(new DatabaseDescription(connectionString));
        // The map's site tiles from a standby when one is named (docs/deploy.md, "Read replicas").
        ReadReplica.Add(services, connectionString, configuration.GetConnectionString("PlannerRead"));
        services.AddSingleton(TimeProvider.System);
        var zone = DistrictTime.FindZone(configuration["Planner:TimeZone"]);
        services.AddSingleton(sp => new DistrictTime(sp.GetRequiredService<TimeProvider>(), zone));
        services.AddSingleton((configuration.GetSection("Planner:Limits").Get<SiteLimits>() ?? new SiteLimits()).Validate());
        services.AddScoped(sp => new SiteService(sp.GetRequiredService<PlannerDbContext>())
        {
            Time = sp.GetRequiredService<DistrictTime>(),
            Limits = sp.GetRequiredService<SiteLimits>(),
        });
        services.Configure<MapLimits>(configuration.GetSection("Planner:Map"));
        services.Configure<ImportSettings>(configuration.GetSection("Planner:Import"));
        services.AddSingleton<UploadFolder>();
        services.AddHostedService<DatabaseStartup>();
        services.AddHostedService<Housekeeping>();
        services.AddScoped<UserAdministration>();
        // The monthly score's formula: validated at start, so a wrong weight stops the app with the setting named.
        var formula = (configuration.GetSection("Planner:Assessment").Get<Planner.Assessment.AssessmentFormula>() ?? new Planner.Assessment.AssessmentFormula()).Validate();
        services.AddSingleton(formula);
        services.AddScoped(sp => new Planner.Dashboard.DashboardService(sp.GetRequiredService<PlannerDbContext>())
        {
            Time = sp.GetRequiredService<DistrictTime>(),
            Limits = sp.GetRequiredService<FieldLimits>(),
        });
        services.AddScoped(sp => new Planner.Reports.WeeklyBulletinSource(sp.GetRequiredService<PlannerDbContext>(), sp.GetRequiredService<Planner.Dashboard.DashboardService>(),
            sp.GetRequiredService<Planner.Assessment.AssessmentService>())
        {
            Time = sp.GetRequiredService<DistrictTime>(),
            Limits = sp.GetRequiredService<FieldLimits>(),
        });
        services.AddScoped(sp => new Planner.Reports.DailyBriefService(sp.GetRequiredService<PlannerDbContext>(), sp.GetRequiredService<Planner.Dashboard.DashboardService>(),
            sp.GetRequiredService<CaseService>(), sp.GetRequiredService<ProgressReportService>())
        {
            Time = sp.GetRequiredService<DistrictTime>(),
            Limits = sp.GetRequiredService<FieldLimits>(),
        });
        services.AddScoped(sp => new Planner.Supervision.SupervisionService(sp.GetRequiredService<PlannerDbContext>())
        {
            Time = sp.GetRequiredService<DistrictTime>(),
            Limits = sp.GetRequiredService<FieldLimits>(),
        });
        services.AddScoped(sp => new Planner.Assessment.AssessmentService(sp.GetRequiredService<PlannerDbContext>())
        {
            Time = sp.GetRequiredService<DistrictTime>(),
            Formula = formula,
        });
        var fieldLimits = (configuration.GetSection("Planner:Field").Get<FieldLimits>() ?? new FieldLimits()).Validate();
        services.AddSingleton(fieldLimits);
        services.AddScoped(sp => new ProgressReportService(sp.GetRequiredService<PlannerDbContext>(), sp.GetRequiredService<SiteService>())
        {
            Time = sp.GetRequiredService<DistrictTime>(),
            Limits = fieldLimits,
            SiteLimits = sp.GetRequiredService<SiteLimits>(),
        });
        services.AddScoped(sp => new CaseService(sp.GetRequiredService<PlannerDbContext>()) { Time = sp.GetRequiredService<DistrictTime>(), Limits = fieldLimits });
        // Pages put the token in <meta name="csrf-token">; the API's multipart posts send it back in this header.
        services.AddAntiforgery(o => o.HeaderName = "X-CSRF-TOKEN");

        builder.AddPlannerAccess();
        var maxUpload = (configuration.GetSection("Planner:Import").Get<ImportSettings>() ?? new ImportSettings()).MaxUploadBytes;
        services.AddRazorPages(o =>
        {
            // The limits are named in the 413 a larger upload gets.
            foreach (var (path, limit) in new[] { ("/Import", maxUpload), ("/Cases/New", fieldLimits.MaxReportBytes), ("/Cases/Detail", fieldLimits.MaxReportBytes),
                         ("/Sites/Report", fieldLimits.MaxReportBytes),
                         ("/Supervisions/Detail", fieldLimits.MaxReportBytes) })
                o.Conventions.AddPageApplicationModelConvention(path, page =>
                {
                    page.Filters.Add(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(limit));
                    page.Filters.Add(new Microsoft.AspNetCore.Mvc.RequestFormLimitsAttribute { MultipartBodyLengthLimit = limit });
                });
        });
        services.AddPlannerErrors();
        services.AddPlannerHealth();
        services.AddPlannerMetrics();
        TileCache.AddTileCache(services);
        // Cookie and antiforgery keys in the database: every web node on it reads the same ring (a user signed in
        // through one node carries on through another; docs/deploy is the README's "Deploying").
        services.AddDataProtection().SetApplicationName("Planner").PersistKeysToDbContext<PlannerDbContext>();
        // Forms send numbers as text ("progress": "40"); request records take both.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString);
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            // Vector tiles are not here: the tile cache gzips each tile once (CachedTile), not once per answer.
            o.MimeTypes = Microsoft.AspNetCore.ResponseCompression.ResponseCompressionDefaults.MimeTypes
                .Concat(["application/geo+json", "application/problem+json", "image/svg+xml"]);
        });
        // Chinese text stays readable in the HTML; markup characters are still encoded.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<BasemapOptions>(configuration.GetSection("Planner:Basemap"));

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseRequestLanguage();
        app.UsePlannerErrors();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseResponseCompression();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseDeclaredBodyLimits();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseReadOnlyTokens();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapSitesApi();
        app.MapTownshipsApi();
        app.MapTilesApi();
        app.MapOgcApi();
        app.MapReportsApi(fieldLimits);
        app.MapCasesApi(fieldLimits);
        app.MapMyWorkApi();
        app.MapAssessmentApi();
        app.MapDashboardApi();
        app.MapDocumentsApi();
        app.MapSupervisionsApi(fieldLimits);
        app.MapLanguageSwitch();
        app.MapPlannerHealth();
        app.MapPlannerMetrics();
        return app;
    }
}

public static class Policies
{
    public const string Edit = "Edit";
    /// <summary>Progress reports from the field: field teams on their townships' sites, planners and admins anywhere.</summary>
    public const string Report = "Report";
    /// <summary>The district's documents (月考核表, 周通报): leaders, planners and admins.</summary>
    public const string Documents = "Documents";
}

/// <summary>Basemap for the map page: "osm", "tianditu" (needs a key, from configuration, never the repo) or "none".</summary>
public sealed class BasemapOptions
{
    public string Type { get; set; } = "osm";
    public string OsmUrl { get; set; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    public string? TiandituKey { get; set; }
}

/// <summary>The database this app uses, as printed at start.</summary>
public sealed record DatabaseDescription(string ConnectionString)
{
    public override string ToString() => DatabaseLocation.Describe(ConnectionString);
}
