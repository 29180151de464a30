using Microsoft.Extensions.Options;

namespace Planner.Web.Hosting;

/// <summary>
/// Headers on every response, pages, API, files and errors alike: a Content-Security-Policy with no inline
/// script (the map's settings travel as a JSON data block, which is not script), no sniffing, no framing,
/// and no full URLs sent to other sites.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var basemap = app.ApplicationServices.GetRequiredService<IOptions<BasemapOptions>>().Value;
        var policy = ContentSecurityPolicy(basemap);
        return app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var h = http.Response.Headers;
                h.ContentSecurityPolicy = policy;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "same-origin";
                // The field pages use the phone's position and camera; nothing else may.
                h["Permissions-Policy"] = "geolocation=(self), camera=(self), microphone=(), payment=()";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(http);
        });
    }

    /// <summary>Tiles may come from the configured basemap's host; everything else from this site.</summary>
    public static string ContentSecurityPolicy(BasemapOptions basemap)
    {
        var tiles = basemap.Type switch
        {
            "osm" when Uri.TryCreate(basemap.OsmUrl.Replace("{", "").Replace("}", ""), UriKind.Absolute, out var u) => $" {u.Scheme}://{Wildcard(u.Host)}",
            "tianditu" => " https://*.tianditu.gov.cn",
            _ => "",
        };
        return "default-src 'self'; script-src 'self'; style-src 'self'; " +
               $"img-src 'self' data: blob:{tiles}; connect-src 'self'; font-src 'self' data:; worker-src 'self'; manifest-src 'self'; " +
               "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    // OpenLayers spreads tile requests over a.tile…, b.tile…: allow the host's siblings.
    static string Wildcard(string host) => host.Count(c => c == '.') >= 2 && host.Split('.')[0].Length <= 3 && host.Split('.')[0] != "www"
        ? "*." + host[(host.IndexOf('.') + 1)..]
        : host;
}
