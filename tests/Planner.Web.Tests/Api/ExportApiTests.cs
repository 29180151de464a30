using System.Net;
using System.Text.Json;

namespace Planner.Tests.Api;

public sealed class ExportApiTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    [Fact]
    public async Task A_field_user_exports_only_their_township_whatever_they_ask()
    {
        var client = await factory.SignedInAsync("field1");
        var response = await client.GetAsync("/api/sites/export?format=geojson&programme=compound,road,fringe", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString() ?? response.Headers.ToString());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var townships = doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("township").GetString()).Distinct().ToList();
        Assert.Equal(["南关街道"], townships);
    }

    [Theory]
    [InlineData("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("csv", "text/csv")]
    [InlineData("kml", "application/vnd.google-earth.kml+xml")]
    [InlineData("gpx", "application/gpx+xml")]
    public async Task Every_format_downloads(string format, string contentType)
    {
        var client = await factory.SignedInAsync("leader1");
        var response = await client.GetAsync($"/api/sites/export?format={format}&overdue=1", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.True(bytes.Length > 100);
        if (format == "xlsx") Assert.Equal((byte)'P', bytes[0]); // a zip package
        if (format == "csv") Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
    }

    [Theory]
    [InlineData("", "项目台账-")]
    [InlineData("&township=1", "项目台账-北下街街道-")]
    [InlineData("&township=1,3&programme=compound", "项目台账-北下街街道-南关街道-老旧小区综合改造-")]
    [InlineData("&township=1,2,3,4", "项目台账-")]
    [InlineData("&programme=road,fringe", "项目台账-")]
    [InlineData("&programme=road", "sites-road-", true)]
    public async Task The_downloads_name_says_which_townships_and_programme_it_holds(string query, string prefix, bool english = false)
    {
        var client = await factory.SignedInAsync("leader1");
        if (english) client.DefaultRequestHeaders.Add("Cookie", "planner-lang=en");
        var response = await client.GetAsync($"/api/sites/export?format=xlsx{query}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        var name = disposition.FileNameStar!;
        Assert.StartsWith(prefix, name, StringComparison.Ordinal);
        Assert.Matches(@"-\d{8}-\d{4}\.xlsx$", name);
        // What comes after the prefix is the date alone: nothing named that the filter did not name.
        Assert.Equal(prefix.Length + "20261203-2024.xlsx".Length, name.Length);
        // An ASCII stand-in for clients that do not read filename*.
        Assert.True(disposition.FileName!.Trim('"').All(c => c < 128), disposition.FileName);
    }

    [Fact]
    public async Task Anonymous_and_bad_formats_are_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Anonymous().GetAsync("/api/sites/export?format=csv", TestContext.Current.CancellationToken)).StatusCode);
        var client = await factory.SignedInAsync("leader1");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/sites/export?format=docx", TestContext.Current.CancellationToken)).StatusCode);
    }
}
