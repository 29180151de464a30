using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Planner.Data;
using Planner.Users;

namespace Planner.Web.Access;

/// <summary>
/// <c>Authorization: Bearer plnr_…</c>: a personal access token stands for its user, with the user's roles and
/// townships, for reading only (<see cref="ReadOnlyTokens"/> refuses anything else). No header: no opinion (the
/// sign-in cookie decides); a header with a token we do not accept: 401, saying so.
/// </summary>
public sealed class AccessTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessTokenService tokens, IUserClaimsPrincipalFactory<PlannerUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AccessToken";

    /// <summary>Whether the request carries a token (Authorization: Bearer …), accepted or not.</summary>
    public static bool CarriesToken(HttpRequest request) => request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!CarriesToken(Request)) return AuthenticateResult.NoResult();
        var user = await tokens.UserOfAsync(Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("the access token is unknown, revoked or expired");
        var principal = await principals.CreateAsync(user);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(principal.Claims, SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Without a token the sign-in cookie's challenge stands (a page redirects to the sign-in form).
        if (!CarriesToken(Request)) return Task.CompletedTask;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
