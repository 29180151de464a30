using Planner.Localization;
using Planner.Web.Hosting;

namespace Planner.Web.Access;

/// <summary>
/// A request that carries an access token may read (GET, HEAD); anything else is refused with 403 before it is
/// authorised or reaches an endpoint, whatever the token (a write never depends on which policy an endpoint names).
/// </summary>
public static class ReadOnlyTokens
{
    public static IApplicationBuilder UseReadOnlyTokens(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (AccessTokenHandler.CarriesToken(http.Request) && !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)))
        {
            await ErrorResponses.WriteAsync(http, StatusCodes.Status403Forbidden,
                L10n.T("访问令牌只能读取数据；修改请登录后在网页上操作", "an access token only reads; sign in to the web page to change anything"), null);
            return;
        }
        await next(http);
    });
}
