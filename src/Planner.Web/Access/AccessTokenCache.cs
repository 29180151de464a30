using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Planner.Web.Access;

/// <summary>
/// The claims a node made for an access token, kept for <see cref="SessionSettings.CacheSeconds"/> (never past the
/// token's expiry), as sign-in sessions are: without it every request of QGIS or a script read the token, its user, the
/// user's claims, roles and townships (seven statements, most of a small answer's time). Keyed by the token's hash.
/// A token revoked on this node's page is forgotten at once; revoked on another node, or its user changed with the
/// command line, it is read again within the cache time.
/// </summary>
public sealed class AccessTokenCache(IMemoryCache cache, TimeProvider clock, IOptions<SessionSettings> settings)
{
    static string Key(string hash) => "access-token:" + hash;

    public bool TryGet(string hash, out IReadOnlyList<Claim> claims)
    {
        claims = cache.TryGetValue(Key(hash), out IReadOnlyList<Claim>? known) && known is not null ? known : [];
        return known is not null;
    }

    public void Keep(string hash, IReadOnlyList<Claim> claims, DateTimeOffset tokenExpiresAt)
    {
        if (settings.Value.CacheSeconds <= 0) return;
        var until = clock.GetUtcNow().AddSeconds(settings.Value.CacheSeconds);
        cache.Set(Key(hash), claims, until < tokenExpiresAt ? until : tokenExpiresAt);
    }

    public void Forget(string hash) => cache.Remove(Key(hash));
}
