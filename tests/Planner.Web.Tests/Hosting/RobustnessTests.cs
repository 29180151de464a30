using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planner.Data;

namespace Planner.Tests.Hosting;

/// <summary>
/// Never a 500 for bad input and never an empty error: what real users and an attacker's probing sent, on both
/// engines (PostgreSQL refuses a NUL in text, which SQLite stores).
/// </summary>
public abstract class RobustnessTests(PlannerWebFactory factory)
{
    static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.False(string.IsNullOrWhiteSpace(text));
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Theory]
    [InlineData("/api/sites?q=%00", "q")]
    [InlineData("/api/sites?unit=a%00b", "unit")]
    [InlineData("/api/sites/export?format=geojson&q=%00", "q")]
    [InlineData("/api/sites/export?format=csv&unit=%00", "unit")]
    [InlineData("/api/townships?q=%01", "q")]
    [InlineData("/api/sites?bbox=1,2,3", "bbox")]
    [InlineData("/api/sites?programme=bridge", "programme")]
    public async Task Control_characters_and_bad_filters_get_400_naming_the_parameter(string url, string parameter)
    {
        var client = await factory.SignedInAsync("leader1");
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await ProblemAsync(response)).GetProperty("detail").GetString()!;
        Assert.StartsWith(parameter, detail);
        Assert.Matches("[\u4e00-\u9fff]", detail); // in the user's language, Chinese by default
    }

    [Fact]
    public async Task A_return_address_on_another_host_is_not_followed_and_not_an_error()
    {
        var client = factory.Anonymous();
        foreach (var url in new[] { "/lang?to=en&returnUrl=/%5Cevil.example", "/lang?to=en&returnUrl=//evil.example", "/lang?to=zh&returnUrl=https://evil.example", "/lang" })
        {
            var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location!.OriginalString);
        }
        var ok = await client.GetAsync("/lang?to=en&returnUrl=/Map%3Fz%3D14", TestContext.Current.CancellationToken);
        Assert.Equal("/Map?z=14", ok.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_fault_of_ours_is_a_500_with_a_body_never_an_empty_answer()
    {
        var client = await factory.SignedInAsync("planner1");
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put })
        {
            var api = await client.SendAsync(new HttpRequestMessage(method, "/test/fault") { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/json") } } },
                TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
            var problem = await ProblemAsync(api);
            Assert.Equal("服务器出错", problem.GetProperty("title").GetString());
            Assert.DoesNotContain("for the test", problem.GetRawText()); // the exception's text stays in the log
            var page = await client.SendAsync(new HttpRequestMessage(method, "/test/fault"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
            Assert.Contains("请求未能完成", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Bare_status_codes_come_with_a_body_in_the_users_language()
    {
        var client = await factory.SignedInAsync("field1");
        var missing = await client.GetAsync("/api/sites/999999", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("未找到", (await ProblemAsync(missing)).GetProperty("title").GetString());
        var forbidden = await client.PostAsync("/api/sites", new StringContent("{}", Encoding.UTF8, "application/geo+json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("没有权限", (await ProblemAsync(forbidden)).GetProperty("title").GetString());
        var english = await factory.SignedInAsync("field1");
        english.DefaultRequestHeaders.Add("Cookie", "planner-lang=en");
        Assert.Equal("Not found", (await ProblemAsync(await english.GetAsync("/api/sites/999999", TestContext.Current.CancellationToken))).GetProperty("title").GetString());
        var page = await client.GetAsync("/no/such/page", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("未找到", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_naming_the_limit_and_nothing_is_stored()
    {
        var client = await factory.SignedInAsync("planner1");
        var huge = "{\"type\":\"Feature\",\"properties\":{\"code\":\"API-HUGE\",\"name\":\"大\",\"programme\":\"compound\",\"notes\":\"" + new string('x', 5 << 20) + "\"},\"geometry\":null}";
        var response = await client.PostAsync("/api/sites", new StringContent(huge, Encoding.UTF8, "application/geo+json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("4 MB", (await ProblemAsync(response)).GetProperty("detail").GetString());
        await using var db = factory.OpenDatabase();
        Assert.False(await db.Sites.AnyAsync(s => s.Code == "API-HUGE", TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("progress", """{"status":"planning","progress":0,"note":{"evil":true}}""", "note", "应为文本")]
    [InlineData("progress", """{"status":"planning","progress":"half"}""", "progress", "应为整数或 null")]
    [InlineData("merge", """{"with":"GC-XQ-002","withVersion":1}""", "with", "应为整数或 null")]
    [InlineData("merge", """[1,2]""", "请求体", "应为JSON 对象")]
    [InlineData("merge", """{"with":1""", "with", "第 1 行")]
    [InlineData("merge", "", "请求体", "为空")]
    [InlineData("restore", """{"revision":1,"before":"yes"}""", "before", "应为true 或 false")]
    public async Task A_request_of_the_wrong_JSON_type_names_the_member_and_what_it_expects(string action, string body, string member, string expected)
    {
        var client = await factory.SignedInAsync("planner1");
        var id = await factory.SiteIdAsync("GC-XQ-001");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{id}/{action}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await ProblemAsync(response)).GetProperty("problems")[0];
        Assert.Equal(member, problem.GetProperty("where").GetString());
        var what = problem.GetProperty("what").GetString()!;
        Assert.Contains(expected, what);
        Assert.DoesNotContain("System.", what); // the .NET type the framework names is not the user's business
    }

    [Fact]
    public async Task A_role_without_the_right_gets_403_before_its_body_is_read()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await factory.SiteIdAsync("GC-XQ-001");
        var field = await factory.SignedInAsync("field1");
        foreach (var body in new[] { "", "[1,2]", """{"with":"x"}""" })
        {
            var response = await field.PostAsync($"/api/sites/{id}/merge", new StringContent(body, Encoding.UTF8, "application/json"), ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }
}

public sealed class SqliteRobustnessTests(PlannerWebFactory factory) : RobustnessTests(factory), IClassFixture<PlannerWebFactory>;

public sealed class PostgisRobustnessTests(PostgisWebFactory factory) : RobustnessTests(factory), IClassFixture<PostgisWebFactory>;

/// <summary>Security headers on every kind of response, and HSTS outside Development.</summary>
public sealed class SecurityHeaderTests(SecurityHeaderTests.ProductionFactory factory) : IClassFixture<SecurityHeaderTests.ProductionFactory>
{
    public sealed class ProductionFactory : PlannerWebFactory
    {
        protected override void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) => Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseEnvironment(builder, "Production");
    }

    [Theory]
    [InlineData("/Account/Login", 200)]
    [InlineData("/api/sites", 401)]
    [InlineData("/css/site.css", 200)]
    [InlineData("/favicon.svg", 200)]
    [InlineData("/no/such/page", 302)]
    public async Task Every_response_carries_the_security_headers(string path, int status)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://planner.example") });
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(status, (int)response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
    }
}
