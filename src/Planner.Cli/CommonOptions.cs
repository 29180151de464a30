using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Planner.Data;
using Planner.Import;
using Planner.Localization;
using Planner.Sites;

namespace Planner.Cli;

static class CommonOptions
{
    /// <summary>Settings from the environment, named as the web app's (Planner__Limits__MaxVertices, ConnectionStrings__Planner …).</summary>
    public static IConfiguration Configuration { get; } = new ConfigurationBuilder().AddEnvironmentVariables().Build();

    public static Option<string?> Database() => new("--db")
    {
        Description = "Connection string: a SQLite file (\"Data Source=planner.db\") or PostgreSQL (\"Host=…;Database=…\"). " +
                      "Default: ConnectionStrings__Planner, else planner.db in Planner__DataDirectory, the checkout's data/ folder, or ~/.local/share/planner (the web app's default too).",
    };

    /// <summary>The database the command works on: the option, else the same default as the web app. Says which on standard error.</summary>
    public static string ConnectionString(string? option, TextWriter? log = null)
    {
        var cs = option ?? DatabaseLocation.Resolve(Configuration.GetConnectionString("Planner"), Configuration["Planner:DataDirectory"]);
        log?.WriteLine(L10n.T($"数据库：{DatabaseLocation.Describe(cs)}", $"Database: {DatabaseLocation.Describe(cs)}"));
        return cs;
    }

    public static string ConnectionString(ParseResult parse, Option<string?> db) => ConnectionString(parse.GetValue(db), parse.InvocationConfiguration.Error);

    public static SiteLimits Limits => (Configuration.GetSection("Planner:Limits").Get<SiteLimits>() ?? new SiteLimits()).Validate();

    public static ZipLimits ZipLimits => Configuration.GetSection("Planner:Import:Zip").Get<ZipLimits>() ?? ZipLimits.Default;

    /// <summary>The assessment formula, from Planner__Assessment__… as the web app reads Planner:Assessment.</summary>
    public static Planner.Assessment.AssessmentFormula Formula =>
        (Configuration.GetSection("Planner:Assessment").Get<Planner.Assessment.AssessmentFormula>() ?? new Planner.Assessment.AssessmentFormula()).Validate();

    public static DistrictTime Time => new(TimeProvider.System, DistrictTime.FindZone(Configuration["Planner:TimeZone"]));
}
