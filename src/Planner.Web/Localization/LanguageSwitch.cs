namespace Planner.Web.Localization;

/// <summary>GET /lang?to=en|zh&amp;returnUrl=/…: switches the interface language and goes back to a page of this site.</summary>
public static class LanguageSwitch
{
    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/lang", (HttpContext http, string? to, string? returnUrl) =>
        {
            http.Response.Cookies.Append(UiText.Cookie, to == "en" ? "en" : "zh", new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// A path on this site: "/…" but not "//host" or "/\host" (browsers read both as another host), and no
    /// control characters. The same rule as ASP.NET Core's IsLocalUrl, without which LocalRedirect throws.
    /// </summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } u && u[0] == '/' && (u.Length == 1 || (u[1] != '/' && u[1] != '\\')) && !u.Any(char.IsControl);
}
