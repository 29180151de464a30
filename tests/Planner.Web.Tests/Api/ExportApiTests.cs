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

    [Fact]
    public async Task Anonymous_and_bad_formats_are_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Anonymous().GetAsync("/api/sites/export?format=csv", TestContext.Current.CancellationToken)).StatusCode);
        var client = await factory.SignedInAsync("leader1");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/sites/export?format=docx", TestContext.Current.CancellationToken)).StatusCode);
    }
}
