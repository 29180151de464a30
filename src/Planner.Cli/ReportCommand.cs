using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Planner.Assessment;
using Planner.Dashboard;
using Planner.Data;
using Planner.Export;
using Planner.Field;
using Planner.Localization;
using Planner.Reports;
using Planner.Validation;

namespace Planner.Cli;

/// <summary><c>planner report weekly --week 2026-W48 --out 周通报.docx</c>: the weekly bulletin, as the dashboard's download gives it.</summary>
static class ReportCommand
{
    public static Command Report()
    {
        var db = CommonOptions.Database();
        var week = new Option<string?>("--week") { Description = "The ISO week, YYYY-Www (default: last week)." };
        var output = new Option<FileInfo>("--out") { Description = "The DOCX file to write.", Required = true };
        var weekly = new Command("weekly", "Write the weekly bulletin (周通报) as DOCX in the layout of official documents (GB/T 9704).") { db, week, output };
        weekly.SetAction(async (parse, ct) =>
        {
            await using var context = PlannerDatabase.Open(CommonOptions.ConnectionString(parse, db));
            await MigrationRunner.MigrateAsync(context, ct);
            var time = CommonOptions.Time;
            var limits = CommonOptions.Configuration.GetSection("Planner:Field").Get<FieldLimits>() ?? new FieldLimits();
            var dashboard = new DashboardService(context) { Time = time, Limits = limits };
            var assessment = new AssessmentService(context) { Time = time, Formula = CommonOptions.Formula };
            var source = new WeeklyBulletinSource(context, dashboard, assessment) { Time = time, Limits = limits };
            try
            {
                var (year, number) = parse.GetValue(week) is { } w ? source.ParseWeek(w, "--week") : source.LastWeek();
                var data = await source.LoadAsync(year, number, ct);
                var file = parse.GetValue(output)!;
                var temp = file.FullName + ".part";
                await using (var stream = File.Create(temp))
                    WeeklyBulletin.Write(data, LedgerHeading.For(CommonOptions.Configuration["Planner:District"], time.Today).District, stream, time.Zone);
                File.Move(temp, file.FullName, overwrite: true); // a reader never sees half a document
                parse.InvocationConfiguration.Output.WriteLine(L10n.T($"已写入 {year} 年第 {number} 周周通报：{file.FullName}", $"Wrote the bulletin of {year}-W{number:00}: {file.FullName}"));
                return 0;
            }
            catch (ValidationFailedException e)
            {
                foreach (var p in e.Problems) parse.InvocationConfiguration.Error.WriteLine(p);
                return 1;
            }
        });
        return new Command("report", "The assessment cycle's documents.") { weekly };
    }
}
