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
    AccessTokenService tokens, AccessTokenCache cache, IUserClaimsPrincipalFactory<PlannerUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AccessToken";

    /// <summary>Whether the request carries a token (Authorization: Bearer …), accepted or not.</summary>
    public static bool CarriesToken(HttpRequest request) => request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!CarriesToken(Request)) return AuthenticateResult.NoResult();
        const string Refused = "the access token is unknown, revoked or expired";
        var token = Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        if (!AccessTokenService.IsWellFormed(token)) return AuthenticateResult.Fail(Refused);
        var hash = AccessTokenService.Hash(token);
        if (!cache.TryGet(hash, out var claims))
        {
            if (await tokens.HolderOfAsync(token, Context.RequestAborted) is not var (user, stored)) return AuthenticateResult.Fail(Refused);
            claims = [.. (await principals.CreateAsync(user)).Claims];
            cache.Keep(hash, claims, stored.ExpiresAt);
        }
        // A new identity per request over the kept claims: nothing downstream changes what the next request gets.
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
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
