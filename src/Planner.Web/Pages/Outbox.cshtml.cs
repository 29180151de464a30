using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Planner.Web.Pages;

/// <summary>
/// 待发送: what this phone keeps for the server — reports and cases made without network, with their photos. The list
/// lives in the browser (IndexedDB), so the page is a frame the outbox script fills; the server never sees it until sent.
/// </summary>
[Authorize]
public sealed class OutboxModel : PageModel
{
    public void OnGet()
    {
    }
}
