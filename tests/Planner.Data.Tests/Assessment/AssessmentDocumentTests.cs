using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Planner.Assessment;
using Planner.Data;
using Planner.Reports;
using Planner.Sample;
using Planner.Sites;

namespace Planner.Tests.Assessment;

/// <summary>月考核表 and 周通报 as the office opens them: valid OpenXML, read by LibreOffice, holding the figures the services give.</summary>
public sealed class AssessmentDocumentTests(PostgisServer server) : DatabaseTest(server, DatabaseEngine.Sqlite)
{
    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
    }


    [Fact]
    public async Task The_monthly_workbook_is_valid_opens_in_LibreOffice_and_holds_each_township_s_rank_score_and_counts()
    {
        await using var db = Open();
        var service = new AssessmentService(db) { Time = FixedClock.District(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero)), Formula = AssessmentFormula.Default };
        var month = await service.GetAsync(new DateOnly(2026, 11, 1));
        var path = Path.Combine(Folder, "monthly-2026-11.xlsx");
        await using (var file = File.Create(path)) AssessmentWorkbook.Write(month, "管城回族区", file);

        using (var document = SpreadsheetDocument.Open(path, false))
        {
            var errors = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));
        }
        if (!ExportFiles.LibreOfficeAvailable()) Assert.Skip("LibreOffice is not installed");
        var lines = (await ExportFiles.SheetsInLibreOfficeAsync([path], Folder))[path].Single().Value;
        Assert.StartsWith("管城回族区2026年11月乡镇（街道）考核表", lines[0]);
        Assert.StartsWith("排名,乡镇（街道）,得分,按期完工率（达标/总数）", lines[2]);
        foreach (var t in month.Townships)
        {
            var row = lines.Single(l => l.Split(',')[1] == t.Name).Split(',');
            Assert.Equal(t.Rank?.ToString(CultureInfo.InvariantCulture) ?? "样本不足", row[0]);
            if (t.Score is { } s) Assert.Equal(s, double.Parse(row[2], CultureInfo.InvariantCulture), 2);
            else Assert.Equal("—", row[2]);
            var first = t.Components[0];
            Assert.Equal(first.Denominator == 0 ? "—" : $"{first.Numerator}/{first.Denominator}", row[3]);
        }
        Assert.Contains(lines, l => l.Contains("考核公式：得分 = ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_weekly_bulletin_is_a_valid_official_document_LibreOffice_prints_holding_the_week_s_figures()
    {
        await using var db = Open();
        var time = FixedClock.District(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero));
        var dashboard = new Planner.Dashboard.DashboardService(db) { Time = time, Limits = Planner.Field.FieldLimits.Default };
        var assessment = new AssessmentService(db) { Time = time, Formula = AssessmentFormula.Default };
        var source = new WeeklyBulletinSource(db, dashboard, assessment) { Time = time, Limits = Planner.Field.FieldLimits.Default };
        Assert.Equal((2026, 48), source.LastWeek());
        Assert.Equal((2026, 48), source.ParseWeek("2026-W48"));
        Assert.Throws<Planner.Validation.ValidationFailedException>(() => source.ParseWeek("2026-W54"));
        Assert.Throws<Planner.Validation.ValidationFailedException>(() => source.ParseWeek("2027-W01"));
        var data = await source.LoadAsync(2026, 48);
        Assert.Equal((new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29)), (data.Monday, data.Sunday));
        var path = Path.Combine(Folder, "weekly-2026-W48.docx");
        await using (var file = File.Create(path)) WeeklyBulletin.Write(data, "管城回族区", file);

        using (var document = WordprocessingDocument.Open(path, false))
        {
            var errors = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));
            var body = document.MainDocumentPart!.Document!.Body!;
            var margins = body.Descendants<DocumentFormat.OpenXml.Wordprocessing.PageMargin>().Single();
            Assert.Equal((2098, 1587u), (margins.Top!.Value, margins.Left!.Value)); // 37 mm and 28 mm
            var title = body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Run>().First();
            Assert.Equal(("方正小标宋简体", "44"), (title.RunProperties!.RunFonts!.EastAsia!.Value, title.RunProperties.FontSize!.Val!.Value));
            Assert.Single(document.MainDocumentPart.ImageParts); // the chart
        }
        if (!ExportFiles.LibreOfficeAvailable()) Assert.Skip("LibreOffice is not installed");
        var text = await ConvertAsync(path, "txt:Text", "txt");
        Assert.Contains("管城回族区“三项工程、一项管理”工作周通报", text);
        Assert.Contains("2026年第48周", text);
        Assert.Contains($"全区共有项目{data.ThisWeek.Sites}个，已完工{data.ThisWeek.Completed}个", text);
        Assert.Contains($"逾期项目{data.ThisWeek.Overdue}个", text);
        foreach (var t in data.Townships) Assert.Contains(t.Name, text);
        foreach (var red in data.Assessment.Townships.Where(t => t.List == TownshipScore.Red)) Assert.Contains($"{red.Name}（{red.Score:0.00}分", text);
        if (data.OverdueByUnit.Count > 0) Assert.Contains($"{data.OverdueByUnit[0].Unit}：逾期{data.OverdueByUnit[0].Sites.Count}个", text);
        var pdf = await ConvertAsync(path, "pdf", "pdf");
        Assert.StartsWith("%PDF", pdf);
    }

    /// <summary>The document converted by LibreOffice (as text when it is text).</summary>
    async Task<string> ConvertAsync(string path, string filter, string extension)
    {
        var outDir = Directory.CreateDirectory(Path.Combine(Folder, "lo-" + extension)).FullName;
        var start = new System.Diagnostics.ProcessStartInfo("soffice", ["--headless", "--norestore", $"-env:UserInstallation=file://{Folder}/lo-profile", "--convert-to", filter, "--outdir", outDir, path])
            { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var converted = Path.Combine(outDir, Path.GetFileNameWithoutExtension(path) + "." + extension);
        Assert.True(process.ExitCode == 0 && File.Exists(converted), $"soffice --convert-to {filter}: {error}");
        return await File.ReadAllTextAsync(converted);
    }
}
