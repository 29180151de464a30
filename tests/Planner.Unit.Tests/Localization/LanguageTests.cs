using System.Globalization;
using Planner.Localization;
using Planner.Sites;

namespace Planner.Tests.Localization;

/// <summary>Messages are Chinese by default and English for an English-speaking user; history notes follow the reader.</summary>
public sealed class LanguageTests
{
    [Fact]
    public void Messages_follow_the_users_language_and_default_to_Chinese()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            Assert.Contains("下一步只能是", SiteWorkflow.ExplainRefusal(SiteStatus.Planning, SiteStatus.Completed, null));
            L10n.Use(L10n.CultureFor("en-US"));
            Assert.Contains("allowed next: approved (立项)", SiteWorkflow.ExplainRefusal(SiteStatus.Planning, SiteStatus.Completed, null));
            L10n.Use(L10n.CultureFor("zh"));
            Assert.Contains("“立项”（approved）", SiteWorkflow.ExplainRefusal(SiteStatus.Planning, SiteStatus.Completed, null));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData("zh", "由 GC-XQ-001 拆分而来")]
    [InlineData("en", "split from GC-XQ-001")]
    public void History_notes_are_stored_once_and_read_in_each_readers_language(string language, string expected)
    {
        var stored = HistoryNote.SplitFrom("GC-XQ-001");
        Assert.DoesNotContain("拆分", stored);
        var before = CultureInfo.CurrentUICulture;
        try
        {
            L10n.Use(L10n.CultureFor(language));
            Assert.Equal(expected, HistoryNote.Render(stored));
            // A measure with the separator in it comes back whole; a user's own note is shown as written.
            Assert.EndsWith("a|b", HistoryNote.Render(HistoryNote.TaskDone(new DateOnly(2026, 11, 30), "a|b"))!);
            Assert.Equal("自己写的说明", HistoryNote.Render("自己写的说明"));
            Assert.Contains(language == "zh" ? "施工 → 完工" : "construction → completed",
                HistoryNote.Render(HistoryNote.Progress(SiteStatus.Construction, SiteStatus.Completed, 100)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
