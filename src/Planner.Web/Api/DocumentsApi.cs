using Microsoft.AspNetCore.Http.HttpResults;
using Planner.Assessment;
using Planner.Export;
using Planner.Localization;
using Planner.Reports;
using Planner.Sites;
using Planner.Validation;

namespace Planner.Web.Api;

/// <summary>
/// The documents of the assessment cycle: <c>GET /api/reports/weekly.docx?week=2026-W48</c> (周通报, default: last week) and
/// <c>GET /api/reports/monthly.xlsx?month=</c> (月考核表). Leaders, planners and admins (the whole district's figures are theirs to circulate).
/// </summary>
public static class DocumentsApi
{
    const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/reports").RequireAuthorization(Policies.Documents);
        documents.MapGet("/monthly.xlsx", Monthly);
        documents.MapGet("/weekly.docx", Weekly);
    }

    const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Weekly(string? week, WeeklyBulletinSource bulletins, DistrictTime time, IConfiguration configuration,
        CancellationToken ct)
    {
        try
        {
            var (year, number) = week is null ? bulletins.LastWeek() : bulletins.ParseWeek(week);
            var data = await bulletins.LoadAsync(year, number, ct);
            using var buffer = new MemoryStream();
            WeeklyBulletin.Write(data, LedgerHeading.For(configuration["Planner:District"], time.Today).District, buffer, time.Zone);
            return TypedResults.File(buffer.ToArray(), Docx, $"周通报-{year}-W{number:00}.docx");
        }
        catch (ValidationFailedException e)
        {
            return FieldForms.Invalid(e.Problems, L10n.T("无法生成周通报", "Cannot make the weekly bulletin"));
        }
    }

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Monthly(string? month, AssessmentService assessment, DistrictTime time, IConfiguration configuration,
        CancellationToken ct)
    {
        try
        {
            var result = await assessment.GetAsync(AssessmentApi.MonthOrCurrent(month, time), ct);
            using var buffer = new MemoryStream();
            AssessmentWorkbook.Write(result, LedgerHeading.For(configuration["Planner:District"], time.Today).District, buffer);
            return TypedResults.File(buffer.ToArray(), Xlsx, $"月考核表-{result.Month}.xlsx");
        }
        catch (ValidationFailedException e)
        {
            return FieldForms.Invalid(e.Problems, L10n.T("无法生成考核表", "Cannot make the assessment workbook"));
        }
    }
}
