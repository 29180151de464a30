using System.Net;

namespace Planner.Tests.Access;

public sealed class SignInTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Map")]
    [InlineData("/Sites/Panel/1")]
    public async Task Pages_send_anonymous_users_to_the_sign_in_page(string path)
    {
        var response = await factory.Anonymous().GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("/api/sites")]
    [InlineData("/api/townships")]
    public async Task The_API_answers_anonymous_users_401(string path)
    {
        var response = await factory.Anonymous().GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_is_public_and_a_wrong_password_is_refused()
    {
        var client = factory.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login", TestContext.Current.CancellationToken)).StatusCode);
        await factory.SignedInAsync("leader1"); // makes sure the users exist
        var response = await PlannerWebFactory.PostLoginAsync(client, "leader1", "wrong-password-123");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("用户名或密码错误", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/sites", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_posted_sign_in_without_the_antiforgery_token_is_refused()
    {
        var client = factory.Anonymous();
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "leader1", ["Password"] = factory.Password,
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
