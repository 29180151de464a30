using Microsoft.Extensions.Caching.Hybrid;

namespace Planner.Web.Hosting;

/// <summary>
/// HybridCache's fetch in a DI scope of its own. The fetch is shared by every request that asks for the key meanwhile
/// and goes on when the request that started it ends (the map aborts its requests as it pans): made with that request's
/// <c>PlannerDbContext</c>, it failed the others with "Cannot access a disposed context instance".
/// </summary>
public static class ScopedCacheFetch
{
    public static async ValueTask<T> GetOrCreateInOwnScopeAsync<T>(this HybridCache cache, IServiceScopeFactory scopes, string key,
        Func<IServiceProvider, CancellationToken, Task<T>> make, HybridCacheEntryOptions? options = null, CancellationToken cancellationToken = default) =>
        await cache.GetOrCreateAsync(key, async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            return await make(scope.ServiceProvider, ct);
        }, options, cancellationToken: cancellationToken);
}
