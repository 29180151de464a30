using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Planner.Localization;
using Planner.Users;
using Planner.Web.Access;

namespace Planner.Web.Pages.Account;

/// <summary>
/// Sign-in: rate-limited per client (the page's rate limit) and per account (<see cref="SignInThrottle"/>),
/// never locking an account; an unknown name costs the same password hashing as a known one, so the
/// answer's timing does not tell which names exist.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(AccessSetup.SignInRateLimit)]
public sealed class LoginModel(SignInManager<PlannerUser> signIn, SignInThrottle throttle, IPasswordHasher<PlannerUser> hasher) : PageModel
{
    // A hash made with the same hasher and settings as real ones, to verify against for unknown names.
    static string? decoyHash;
    static readonly PlannerUser Decoy = new() { UserName = "decoy" };

    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var name = (UserName ?? "").Trim();
        var client = AccessSetup.Client(HttpContext);
        var (allowed, retryAfter) = throttle.Check(name, client);
        if (!allowed)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
            Error = L10n.T($"该账号密码错误次数过多，请 {minutes} 分钟后再试。", $"Too many wrong passwords for this account: try again in {minutes} minutes.");
            Password = "";
            return Page();
        }
        var user = name.Length == 0 ? null : await signIn.UserManager.FindByNameAsync(name);
        Microsoft.AspNetCore.Identity.SignInResult result;
        if (user is null)
        {
            decoyHash ??= hasher.HashPassword(Decoy, "decoy-password-for-timing");
            hasher.VerifyHashedPassword(Decoy, decoyHash, Password ?? "");
            result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }
        else result = await signIn.PasswordSignInAsync(user, Password ?? "", isPersistent: false, lockoutOnFailure: false);
        if (!result.Succeeded)
        {
            throttle.Failed(name, client);
            Error = L10n.T("用户名或密码错误。", "Wrong user name or password.");
            Password = "";
            return Page();
        }
        if (Url.IsLocalUrl(ReturnUrl)) return LocalRedirect(ReturnUrl!);
        // Each role lands where its day starts: leaders on the dashboard, field teams and inspectors on their work, planners on the map.
        var roles = await signIn.UserManager.GetRolesAsync(user!);
        return LocalRedirect(roles.Contains(Planner.Users.Roles.Leader) && roles.Count == 1 ? "/Dashboard"
            : roles.Contains(Planner.Users.Roles.FieldTeam) || roles.Contains(Planner.Users.Roles.Inspector) ? "/Work"
            : "/Map");
    }
}
