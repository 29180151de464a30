using System.CommandLine;
using Planner.Data;
using Planner.Localization;
using Planner.Users;
using Planner.Validation;

namespace Planner.Cli;

/// <summary><c>planner tokens create NAME --user U [--days 90]</c>: a personal access token, printed alone on the last line (for scripts to capture).</summary>
static class TokenCommands
{
    public static Command Tokens()
    {
        var db = CommonOptions.Database();
        var name = new Argument<string>("NAME") { Description = "What the token is for (e.g. QGIS)." };
        var user = new Option<string>("--user") { Description = "Whose token: it reads what this user may see.", Required = true };
        var days = new Option<int>("--days") { Description = $"Days it is valid, 1–{AccessTokenService.MaxDays} (default 90).", DefaultValueFactory = _ => 90 };
        var create = new Command("create", "Make a read-only personal access token for desktop GIS or scripts (sent as Authorization: Bearer …).") { name, user, days, db };
        create.SetAction(async (parse, ct) =>
        {
            await using var context = PlannerDatabase.Open(CommonOptions.ConnectionString(parse, db));
            await MigrationRunner.MigrateAsync(context, ct);
            try
            {
                var (token, stored) = await new AccessTokenService(context, TimeProvider.System).CreateAsync(parse.GetValue(user)!, parse.GetValue(name), parse.GetValue(days), ct);
                var output = parse.InvocationConfiguration.Output;
                output.WriteLine(L10n.T($"令牌“{stored.Name}”有效期至 {stored.ExpiresAt:yyyy-MM-dd}，只显示这一次：", $"Token \"{stored.Name}\" valid until {stored.ExpiresAt:yyyy-MM-dd}, shown this once:"));
                output.WriteLine(token);
                return 0;
            }
            catch (ValidationFailedException e)
            {
                foreach (var p in e.Problems) parse.InvocationConfiguration.Error.WriteLine(p);
                return 1;
            }
        });
        return new Command("tokens", "Personal access tokens.") { create };
    }
}
