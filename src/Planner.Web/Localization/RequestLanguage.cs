using Planner.Localization;

namespace Planner.Web.Localization;

/// <summary>
/// Every request runs in its user's language: the planner-lang cookie (set by /lang), Chinese by default.
/// Messages made anywhere during the request (validation, workflow, import) follow the culture set here.
/// </summary>
public static class RequestLanguage
{
    public static string Of(HttpContext http) => http.Request.Cookies[UiText.Cookie] == "en" ? "en" : "zh";

    public static IApplicationBuilder UseRequestLanguage(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            L10n.Use(L10n.CultureFor(Of(http)));
            return next(http);
        });
}
