using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Planner.Assessment;
using Planner.Dashboard;
using Planner.Reports;

namespace Planner.Tests.Reports;

/// <summary>The edge of the documents: a district with nothing to report still gets a valid bulletin and workbook that say so.</summary>
public sealed class EmptyDocumentsTests
{
    static readonly DateOnly Monday = new(2026, 11, 23);

    static DashboardFigures Nothing(DateOnly from, DateOnly to) => new(from, to, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    static MonthAssessment EmptyMonth() =>
        new("2026-11", new DateOnly(2026, 11, 30), "2026.1", AssessmentFormula.Default.InSymbols(), 5, 3, false, null, null, [], []);

    static List<string> Errors(OpenXmlPackage document) =>
        new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();

    /// <summary>The bulletin written for the data: what the SDK's validator finds in it, and its text.</summary>
    static (List<string> Errors, string Text) Bulletin(WeeklyBulletinData data, TimeZoneInfo? zone = null)
    {
        using var stream = new MemoryStream();
        WeeklyBulletin.Write(data, "管城回族区", stream, zone);
        stream.Position = 0;
        using var document = WordprocessingDocument.Open(stream, false);
        return (Errors(document), document.MainDocumentPart!.Document!.Body!.InnerText);
    }

    [Fact]
    public void A_week_with_no_sites_cases_or_orders_gives_a_valid_bulletin_that_says_there_is_nothing()
    {
        var data = new WeeklyBulletinData(2026, 48, Monday, Monday.AddDays(6), Nothing(Monday, Monday.AddDays(6)), Nothing(Monday.AddDays(-7), Monday.AddDays(-1)),
            [], EmptyMonth(), [], [], [], WeekActivity.None);
        var (errors, text) = Bulletin(data);
        Assert.Empty(errors);
        Assert.Contains("全区共有项目0个", text);
        Assert.Contains("红榜：无", text);
        Assert.Contains("本周无逾期项目", text);
        Assert.Contains("本周无超期未处置案件", text);
        Assert.Contains("无未办结督办事项", text);
        Assert.Contains("本周无结案回访", text);
        Assert.Contains("本周签发督办0件", text);
    }

    [Fact]
    public void Deadlines_in_the_bulletin_are_the_districts_wall_clock_in_its_own_zone()
    {
        // 16:30 UTC on 1 December: half past midnight on the 2nd in Zhengzhou.
        var due = new DateTimeOffset(2026, 12, 1, 16, 30, 0, TimeSpan.Zero);
        var data = new WeeklyBulletinData(2026, 48, Monday, Monday.AddDays(6), Nothing(Monday, Monday.AddDays(6)), Nothing(Monday.AddDays(-7), Monday.AddDays(-1)),
            [], EmptyMonth(), [], [new LateCase(7, "占道经营", "南关街道", null, due)], [new OpenSupervision(3, "航海路", "区城管局", "督办", due, false, true)], WeekActivity.None);
        string Text(TimeZoneInfo? zone) => Bulletin(data, zone).Text;
        var shanghai = Text(null);
        Assert.Contains("时限12月2日00:30", shanghai);
        Assert.Contains("时限12月2日", shanghai.Replace("时限12月2日00:30", "", StringComparison.Ordinal));
        var utc = Text(TimeZoneInfo.Utc);
        Assert.Contains("时限12月1日16:30", utc);
        Assert.DoesNotContain("12月2日", utc);
    }

    [Theory]
    [InlineData(0, 0, "本周无结案回访")]
    [InlineData(5, 0, "本周回访已结案案件5件，均整改保持，无问题复发")]
    [InlineData(8, 2, "本周回访已结案案件8件，其中问题复发2件（复发率25.0%），已重新上报立案")]
    public void The_weeks_follow_ups_and_orders_are_said_in_the_bulletin(int followedUp, int recurred, string expected)
    {
        var data = new WeeklyBulletinData(2026, 48, Monday, Monday.AddDays(6), Nothing(Monday, Monday.AddDays(6)), Nothing(Monday.AddDays(-7), Monday.AddDays(-1)),
            [], EmptyMonth(), [], [], [], new WeekActivity(followedUp, recurred, 3, 2, 1));
        var (errors, text) = Bulletin(data);
        Assert.Empty(errors);
        Assert.Contains(expected, text);
        Assert.Contains("本周签发督办3件，答复2件，办结1件", text);
    }

    [Fact]
    public void A_month_with_no_townships_gives_a_valid_workbook_with_its_header_and_formula()
    {
        using var stream = new MemoryStream();
        AssessmentWorkbook.Write(EmptyMonth(), "管城回族区", stream);
        stream.Position = 0;
        using var document = SpreadsheetDocument.Open(stream, false);
        Assert.Empty(Errors(document));
        Assert.Single(document.WorkbookPart!.WorksheetParts);
    }
}
