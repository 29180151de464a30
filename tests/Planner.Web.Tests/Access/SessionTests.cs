using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data;
using Planner.Users;

namespace Planner.Tests.Access;

/// <summary>Sessions live on the server: signing out ends them for every copy of the cookie.</summary>
public abstract class SessionTests(PlannerWebFactory factory)
{
    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_also_for_a_copied_cookie()
    {
        await factory.SignedInAsync("leader1"); // the users exist
        var client = factory.Anonymous();
        var login = await PlannerWebFactory.PostLoginAsync(client, "leader1", factory.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("planner-auth=", StringComparison.Ordinal));
        // The cookie holds a key, not the ticket: the ticket (roles, townships) stays in the database.
        Assert.True(cookie.Length < 800, $"cookie of {cookie.Length} characters");

        var thief = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        thief.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/api/townships", TestContext.Current.CancellationToken)).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<PlannerDbContext>().UserSessions.AnyAsync(TestContext.Current.CancellationToken));
        var page = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        var token = new HtmlParser().ParseDocument(page).QuerySelector("form.logout input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var logout = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.GetAsync("/api/townships", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/townships", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_session_ended_in_the_database_by_another_node_stops_working_within_the_cache_time()
    {
        var client = await factory.SignedInAsync("planner1");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/townships", TestContext.Current.CancellationToken)).StatusCode);
        // Another web node signs the user out, or `planner users remove` runs: the row goes, this node still holds it.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
            var user = await db.Users.SingleAsync(u => u.UserName == "planner1", TestContext.Current.CancellationToken);
            Assert.True(await db.UserSessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(TestContext.Current.CancellationToken) > 0);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/townships", TestContext.Current.CancellationToken)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(CacheSeconds + 0.5), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/townships", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task An_access_token_revoked_by_another_node_stops_working_within_the_cache_time()
    {
        var ct = TestContext.Current.CancellationToken;
        await factory.SignedInAsync("leader1"); // the users exist
        string token;
        await using (var scope = factory.Services.CreateAsyncScope())
            (token, _) = await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync("leader1", "QGIS", 30, ct);
        var gis = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        gis.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await gis.GetAsync("/api/townships", ct)).StatusCode);
        // Another node revokes it (or `planner tokens` does): the row says so, this node still holds what it read.
        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PlannerDbContext>().AccessTokens.Where(t => t.Hash == AccessTokenService.Hash(token))
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokedAt, DateTimeOffset.UtcNow), ct));
        Assert.Equal(HttpStatusCode.OK, (await gis.GetAsync("/api/townships", ct)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(CacheSeconds + 0.5), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gis.GetAsync("/api/townships", ct)).StatusCode);
    }

    /// <summary>
    /// Planner:Sessions:CacheSeconds of the session tests' factories: long enough that signing in, a request and
    /// deleting the row take less on a loaded CI machine (1 s did not, once), short enough to wait out.
    /// </summary>
    public const int CacheSeconds = 5;

    [Fact]
    public async Task Anonymous_wrong_passwords_lock_nobody_out_but_slow_the_guesser_down()
    {
        await factory.SignedInAsync("leader1");
        var guesser = factory.Anonymous();
        guesser.DefaultRequestHeaders.Add("X-Test-Client", "10.1.1.1");
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await PlannerWebFactory.PostLoginAsync(guesser, "field2", $"wrong-password-{i}")).StatusCode);
        // The guesser's sixth try is refused before the password is even checked, with when to try again.
        var sixth = await PlannerWebFactory.PostLoginAsync(guesser, "field2", factory.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.NotNull(sixth.Headers.RetryAfter);
        Assert.Contains("分钟后再试", await sixth.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        // The real user, on their own phone, signs in: the account is not locked.
        var owner = factory.Anonymous();
        owner.DefaultRequestHeaders.Add("X-Test-Client", "10.2.2.2");
        Assert.Equal(HttpStatusCode.Redirect, (await PlannerWebFactory.PostLoginAsync(owner, "field2", factory.Password)).StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PlannerUser>>().FindByNameAsync("field2");
        Assert.False(await scope.ServiceProvider.GetRequiredService<UserManager<PlannerUser>>().IsLockedOutAsync(user!));
    }

    [Fact]
    public async Task An_unknown_name_costs_the_same_password_hashing_as_a_known_one()
    {
        await factory.SignedInAsync("leader1");
        var hasher = (CountingHasher)factory.Services.GetRequiredService<IPasswordHasher<PlannerUser>>();
        var client = factory.Anonymous();
        client.DefaultRequestHeaders.Add("X-Test-Client", "10.3.3.3");
        var before = hasher.Verified;
        await PlannerWebFactory.PostLoginAsync(client, "leader1", "wrong-password-1");
        var known = hasher.Verified - before;
        before = hasher.Verified;
        var unknown = await PlannerWebFactory.PostLoginAsync(client, "nobody-by-this-name", "wrong-password-1");
        Assert.Contains("用户名或密码错误", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, known);
        Assert.Equal(known, hasher.Verified - before);
    }
}

/// <summary>Counts password verifications, so a test can see that an unknown name is hashed like a known one.</summary>
public sealed class CountingHasher : IPasswordHasher<PlannerUser>
{
    readonly PasswordHasher<PlannerUser> inner = new();
    int verified;

    public int Verified => verified;

    public string HashPassword(PlannerUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(PlannerUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref verified);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>The app with a password hasher that counts.</summary>
public sealed class CountingHasherFactory : PlannerWebFactory
{
    protected override void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        builder.UseSetting("Planner:Sessions:CacheSeconds", SessionTests.CacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ConfigureServices(s => s.AddSingleton<IPasswordHasher<PlannerUser>, CountingHasher>());
}

public sealed class PostgisCountingHasherFactory(PostgisServer server) : PlannerWebFactory
{
    string? connectionString;

    public override string ConnectionString => connectionString ??= server.CreateDatabaseAsync().GetAwaiter().GetResult();

    protected override void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        builder.UseSetting("Planner:Sessions:CacheSeconds", SessionTests.CacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ConfigureServices(s => s.AddSingleton<IPasswordHasher<PlannerUser>, CountingHasher>());
}

public sealed class SqliteSessionTests(CountingHasherFactory factory) : SessionTests(factory), IClassFixture<CountingHasherFactory>;

public sealed class PostgisSessionTests(PostgisCountingHasherFactory factory) : SessionTests(factory), IClassFixture<PostgisCountingHasherFactory>;

/// <summary>The per-client limit on posting the sign-in form, with a limit small enough to reach.</summary>
public sealed class SignInRateLimitTests(SignInRateLimitTests.Factory factory) : IClassFixture<SignInRateLimitTests.Factory>
{
    public sealed class Factory : PlannerWebFactory
    {
        protected override void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) => builder.UseSetting("Planner:SignIn:PerClientPerMinute", "3");
    }

    [Fact]
    public async Task One_client_posting_the_form_too_often_gets_429_in_its_language_and_others_do_not()
    {
        var client = factory.Anonymous();
        client.DefaultRequestHeaders.Add("X-Test-Client", "10.9.9.9");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await PlannerWebFactory.PostLoginAsync(client, $"someone{i}", "wrong-password-1")).StatusCode);
        var refused = await PlannerWebFactory.PostLoginAsync(client, "someone", "wrong-password-1");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("登录尝试过于频繁", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login", TestContext.Current.CancellationToken)).StatusCode); // showing the form is not limited
        var other = factory.Anonymous();
        other.DefaultRequestHeaders.Add("X-Test-Client", "10.8.8.8");
        Assert.Equal(HttpStatusCode.OK, (await PlannerWebFactory.PostLoginAsync(other, "someone", "wrong-password-1")).StatusCode);
    }
}
