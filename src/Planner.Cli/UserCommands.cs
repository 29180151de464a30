using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data;
using Planner.Localization;
using Planner.Users;
using Planner.Validation;

namespace Planner.Cli;

static class UserCommands
{
    /// <param name="input">Where the password comes from: standard input unless a test says otherwise.</param>
    public static Command Users(TextReader? input = null)
    {
        var db = CommonOptions.Database();
        var name = new Argument<string>("NAME") { Description = "Sign-in name." };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}.", Required = true };
        var townships = new Option<string[]>("--township")
        {
            Description = "Township name or code the user works in (field teams; inspectors, who without one cover the district; repeat for several).",
            AllowMultipleArgumentsPerToken = true,
        };
        var display = new Option<string?>("--display-name") { Description = "Name shown in the app (e.g. 王建国)." };
        var add = new Command("add", "Create a user. The password is read from standard input (one line), never from the command line.")
        {
            name, role, townships, display, db,
        };
        add.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var password = (input ?? Console.In).ReadLine();
            if (string.IsNullOrEmpty(password))
            {
                error.WriteLine(L10n.T("password：标准输入中没有密码（例如 `read -s PW; echo \"$PW\" | planner users add …`）", "password: none on standard input (e.g. `read -s PW; echo \"$PW\" | planner users add …`)"));
                return 1;
            }
            await using var services = Services(CommonOptions.ConnectionString(parse, db));
            await using var scope = services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
            await MigrationRunner.MigrateAsync(context, ct);
            try
            {
                var user = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                    .AddAsync(parse.GetValue(name)!, password, parse.GetValue(role)!, parse.GetValue(townships) ?? [], parse.GetValue(display), ct);
                parse.InvocationConfiguration.Output.WriteLine(L10n.T($"已创建用户 {user.UserName}（{Roles.Normalize(parse.GetValue(role))}）。", $"Created {user.UserName} ({Roles.Normalize(parse.GetValue(role))})."));
                return 0;
            }
            catch (ValidationFailedException e)
            {
                foreach (var p in e.Problems) error.WriteLine(p);
                error.WriteLine(L10n.T("未创建用户。", "No user was created."));
                return 1;
            }
        });
        return new Command("users", "Sign-in accounts.") { add };
    }

    static ServiceProvider Services(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<PlannerDbContext>(o => PlannerDatabase.Configure(o, connectionString));
        services.AddPlannerIdentityCore();
        services.AddScoped<UserAdministration>();
        return services.BuildServiceProvider();
    }
}
