using System.Text;
using System.Text.RegularExpressions;

namespace Planner.Tests;

public sealed class SheetTests(PlannerServer server)
{
    [Fact]
    public async Task A_field_team_prints_its_site_sheets_to_PDF_one_page_per_site()
    {
        var page = await server.SignInAsync("field1");
        await page.GotoAsync($"{server.BaseUrl}/Sites/Sheets?programme=compound");
        var sheets = page.Locator("section.sheet");
        var count = await sheets.CountAsync();
        Assert.True(count > 0);
        // Only their township, each with its drawing, north arrow and scale bar.
        Assert.All(await page.Locator("section.sheet p.code").AllInnerTextsAsync(), t => Assert.Contains("南关街道", t));
        Assert.Equal(count, await page.Locator("section.sheet svg.sheet-map .north").CountAsync());
        Assert.Equal(count, await page.Locator("section.sheet svg.sheet-map .scale").CountAsync());
        Assert.Equal(count, await page.Locator("section.sheet svg.sheet-map path.site").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "site-sheet.png") });

        var pdf = await page.PdfAsync(new() { Format = "A4", Path = Path.Combine(PlannerServer.Artefacts, "site-sheets.pdf") });
        var pages = Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?!s)").Count;
        Assert.Equal(count, pages);
        await page.Context.CloseAsync();
    }
}
