using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Planner.Sites;
using Planner.Users;
using Planner.Validation;

namespace Planner.Web.Pages.Account;

/// <summary>访问令牌: the signed-in user's own personal access tokens — make one (shown once), see when each was used, revoke.</summary>
public sealed class TokensModel(AccessTokenService tokens, Planner.Web.Access.AccessTokenCache tokenCache, DistrictTime time) : PageModel
{
    /// <summary>The district's clock and zone: what "active" and the dates shown are measured by.</summary>
    public DistrictTime Time => time;

    public IReadOnlyList<AccessToken> Tokens { get; private set; } = [];
    public List<Problem> Problems { get; } = [];
    /// <summary>The token just made: shown on this answer only, never stored in the clear.</summary>
    public string? Created { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int Days { get; set; } = 90;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Tokens = await tokens.ListAsync(User.Identity!.Name!, cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            (Created, _) = await tokens.CreateAsync(User.Identity!.Name!, Name, Days, cancellationToken);
            Name = null;
        }
        catch (ValidationFailedException e)
        {
            Problems.AddRange(e.Problems);
        }
        // No-store: the page holding the token must not stay in a cache.
        Response.Headers.CacheControl = "no-store";
        Tokens = await tokens.ListAsync(User.Identity!.Name!, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken cancellationToken)
    {
        if (await tokens.RevokeAsync(id, User.Identity!.Name!, cancellationToken) is not { } revoked) return NotFound();
        // This node stops accepting it at once; the others within Planner:Sessions:CacheSeconds.
        tokenCache.Forget(revoked.Hash);
        return RedirectToPage();
    }
}
