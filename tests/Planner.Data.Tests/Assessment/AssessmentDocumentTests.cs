using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Planner.Assessment;
using Planner.Data;
using Planner.Reports;
using Planner.Sample;
using Planner.Sites;

namespace Planner.Tests.Assessment;

/// <summary>月考核表 as the office opens it: valid OpenXML, read by LibreOffice, holding the figures the service gives.</summary>
public sealed class AssessmentDocumentTests(PostgisServer server) : DatabaseTest(server, DatabaseEngine.Sqlite)
{
    protected override async Task SeedAsync()
    {
        await using var db = Open();
        await SampleDistrictSeeder.SeedAsync(db, Paths.Data);
    }

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task The_monthly_workbook_is_valid_opens_in_LibreOffice_and_holds_each_township_s_rank_score_and_counts()
    {
        await using var db = Open();
        var service = new AssessmentService(db) { Time = new DistrictTime(new FixedClock(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero)), DistrictTime.DefaultZone), Formula = AssessmentFormula.Default };
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
}
