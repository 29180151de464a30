using System.Text;
using System.Text.RegularExpressions;

namespace Planner.Tests;

public sealed class SheetTests(PlannerServer server)
{
    [Fact]
    public async Task A_field_team_prints_its_site_sheets_to_PDF_one_page_per_site()
    {
        var page = await server.SignInAsync("field1");
        var missing = new List<string>();
        page.Response += (_, r) => { if (r.Status == 404) missing.Add(r.Url); };
        await page.GotoAsync($"{server.BaseUrl}/Sites/Sheets?programme=compound");
        var sheets = page.Locator("section.sheet");
        var count = await sheets.CountAsync();
        Assert.True(count > 0);
        // Only their township, each with its drawing, north arrow and scale bar.
        Assert.All(await page.Locator("section.sheet p.code").AllInnerTextsAsync(), t => Assert.Contains("南关街道", t));
        Assert.Equal(count, await page.Locator("section.sheet svg.sheet-map .north").CountAsync());
        Assert.Equal(count, await page.Locator("section.sheet svg.sheet-map .scale").CountAsync());
        Assert.Equal(count, await page.Locator("section.sheet svg.sheet-map path.site").CountAsync());
        // What a team needs on site: the site's coordinates in CGCS2000 and GCJ-02, a QR code that starts AMap's
        // navigation there (the SVG QRCoder makes of that link), and the open ledger tasks.
        var html = await (await page.APIRequest.GetAsync(page.Url)).TextAsync();
        foreach (var sheet in await page.Locator("section.sheet").AllAsync())
        {
            var lon = double.Parse(await sheet.Locator(".lon-cgcs2000").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            var lat = double.Parse(await sheet.Locator(".lat-cgcs2000").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            var (gcjLon, gcjLat) = Planner.Geometry.ChineseOffsets.Cgcs2000ToGcj02(lon, lat);
            // Printed to 1e-6°, about 10 cm; the conversion from the printed CGCS2000 point agrees to that.
            Assert.InRange(double.Parse(await sheet.Locator(".lon-gcj02").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) - gcjLon, -2e-6, 2e-6);
            Assert.InRange(double.Parse(await sheet.Locator(".lat-gcj02").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) - gcjLat, -2e-6, 2e-6);
            var link = (await sheet.Locator("figure.qr").GetAttributeAsync("data-href"))!;
            Assert.StartsWith("https://uri.amap.com/navigation?to=", link);
            var to = link.Split("to=")[1].Split(',');
            Assert.InRange(double.Parse(to[0], System.Globalization.CultureInfo.InvariantCulture) - gcjLon, -2e-6, 2e-6);
            Assert.Contains(Planner.Web.Sheets.SheetQrCode.Svg(link), html);
            Assert.True(await sheet.Locator("table.tasks tr").CountAsync() >= 2);
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "site-sheet.png") });

        var pdf = await page.PdfAsync(new() { Format = "A4", Path = Path.Combine(PlannerServer.Artefacts, "site-sheets.pdf") });
        var pages = Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?!s)").Count;
        Assert.Equal(count, pages);
        Assert.Empty(missing); // the favicon included
        await page.Context.CloseAsync();
    }
}
