using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Planner.Localization;
using Planner.Users;
using Planner.Web.Hosting;

namespace Planner.Web.Access;

/// <summary>Sign-in, sessions on the server, roles and townships, and the limits on guessing passwords.</summary>
public static class AccessSetup
{
    public const string SignInRateLimit = "sign-in";

    public static WebApplicationBuilder AddPlannerAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddPlannerIdentityCore()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<PlannerClaimsFactory>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        // Personal access tokens for QGIS, GDAL and scripts: read-only, the user's scope (AccessTokenHandler, ReadOnlyTokens).
        services.AddScoped<AccessTokenService>();
        services.AddSingleton<AccessTokenCache>();
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AccessTokenHandler>(AccessTokenHandler.SchemeName, null);
        services.AddMemoryCache();
        services.Configure<SessionSettings>(builder.Configuration.GetSection("Planner:Sessions"));
        services.AddSingleton<DatabaseTicketStore>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<DatabaseTicketStore>((o, store) => o.SessionStore = store);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/Login";
            o.Cookie.Name = "planner-auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            // The API answers 401/403; only pages redirect to the sign-in form.
            o.Events.OnRedirectToLogin = ctx =>
            {
                if (ctx.Request.Path.StartsWithSegments("/api")) ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                else ctx.Response.Redirect(ctx.RedirectUri);
                return Task.CompletedTask;
            };
            // A signed-in user without the role gets 403, page or API: sending them to sign in again helps nobody.
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddAuthorization(o =>
        {
            // Nothing but the sign-in page is reachable without signing in, by the cookie or an access token (which reads
            // only). The roles' policies below take the cookie alone: a token never edits, reports or downloads documents.
            o.FallbackPolicy = new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme, AccessTokenHandler.SchemeName).RequireAuthenticatedUser().Build();
            o.DefaultPolicy = o.FallbackPolicy;
            o.AddPolicy(Policies.Edit, p => p.RequireRole(Roles.Admin, Roles.Planner));
            o.AddPolicy(Policies.Report, p => p.RequireRole(Roles.Admin, Roles.Planner, Roles.FieldTeam));
            o.AddPolicy(Policies.Documents, p => p.RequireRole(Roles.Admin, Roles.Planner, Roles.Leader));
        });

        services.Configure<SignInLimits>(builder.Configuration.GetSection("Planner:SignIn"));
        services.AddSingleton<SignInThrottle>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only posting the form counts; showing it does not.
            o.AddPolicy(SignInRateLimit, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(Client(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SignInLimits>>().Value.PerClientPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("show"));
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new ValueTask(ErrorResponses.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                    L10n.T("登录尝试过于频繁，请一分钟后再试。", "Too many sign-in attempts from this address: try again in a minute."), null));
            };
        });
        return builder;
    }

    /// <summary>The client's address: what sign-in limits count by.</summary>
    public static string Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "local";
}
