using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace Planner.Tests.Hosting;

/// <summary>
/// The README's run command starts the app in Development, where the developer exception page is on: bad input still
/// gets the user's answer (the member and what it expects, in Chinese), and only our own faults reach the developer page.
/// </summary>
public sealed class DevelopmentErrorTests(DevelopmentErrorTests.DevelopmentFactory factory) : IClassFixture<DevelopmentErrorTests.DevelopmentFactory>
{
    public sealed class DevelopmentFactory : PlannerWebFactory
    {
        protected override void Configure(IWebHostBuilder builder) => builder.UseEnvironment("Development");
    }

    [Fact]
    public async Task Bad_input_is_answered_as_in_production_and_a_fault_of_ours_reaches_the_developer_page()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await factory.SignedInAsync("planner1");
        var id = await factory.SiteIdAsync("GC-XQ-001");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{id}/progress")
        {
            Content = new StringContent("""{"status":"planning","progress":"half"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
        var response = await client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain("System.", body); // no stack trace, no framework text
        var problem = JsonDocument.Parse(body).RootElement.GetProperty("problems")[0];
        Assert.Equal("progress", problem.GetProperty("where").GetString());
        Assert.Contains("应为整数或 null", problem.GetProperty("what").GetString());

        var fault = await client.GetAsync("/test/fault", ct);
        Assert.Equal(HttpStatusCode.InternalServerError, fault.StatusCode);
        Assert.Contains("a fault of ours, for the test", await fault.Content.ReadAsStringAsync(ct)); // the developer page, for the developer
    }
}
