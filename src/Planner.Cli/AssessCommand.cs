using System.CommandLine;
using System.Globalization;
using Planner.Assessment;
using Planner.Data;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Cli;

/// <summary><c>planner assess --month 2026-11</c>: freezes a month's township assessment (the first freeze stands) and prints the ranking.</summary>
static class AssessCommand
{
    public static Command Assess()
    {
        var db = CommonOptions.Database();
        var month = new Option<string?>("--month") { Description = "The month to freeze, YYYY-MM (default: last month)." };
        var command = new Command("assess", "Freeze a month's township scores and 红黑榜 (月考核) so that later edits never change them; print the ranking.") { db, month };
        command.SetAction(async (parse, ct) =>
        {
            await using var context = PlannerDatabase.Open(CommonOptions.ConnectionString(parse, db));
            await MigrationRunner.MigrateAsync(context, ct);
            var time = CommonOptions.Time;
            var output = parse.InvocationConfiguration.Output;
            try
            {
                var start = parse.GetValue(month) is { } m ? AssessmentService.ParseMonth(m, "--month") : new DateOnly(time.Today.Year, time.Today.Month, 1).AddMonths(-1);
                var service = new AssessmentService(context) { Time = time, Formula = CommonOptions.Formula };
                var (result, created) = await service.FreezeAsync(start, Environment.UserName, ct);
                output.WriteLine(created
                    ? L10n.T($"{result.Month} 已固化（公式 {result.FormulaVersion}）", $"{result.Month} frozen (formula {result.FormulaVersion})")
                    : L10n.T($"{result.Month} 已于 {result.FrozenAt:yyyy-MM-dd HH:mm} 固化，未改变", $"{result.Month} was frozen on {result.FrozenAt:yyyy-MM-dd HH:mm}; unchanged"));
                output.WriteLine(result.Formula);
                foreach (var t in result.Townships)
                {
                    var score = t.Score?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—";
                    var list = t.List switch { TownshipScore.Red => L10n.T(" 红榜", " red"), TownshipScore.Black => L10n.T(" 黑榜", " black"), _ => "" };
                    output.WriteLine(t.Ranked ? $"{t.Rank,3}  {t.Name}  {score}{list}" : $"  —  {t.Name}  {score}  {L10n.T("样本不足", "too few items")}（{t.Sample}）");
                }
                return 0;
            }
            catch (ValidationFailedException e)
            {
                foreach (var p in e.Problems) parse.InvocationConfiguration.Error.WriteLine(p);
                return 1;
            }
        });
        return command;
    }
}
