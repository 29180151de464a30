using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Hybrid;

namespace Planner.Web.Hosting;

/// <summary>
/// Vector tiles kept in this node's memory (HybridCache: one maker per key, however many ask at once). Keys carry the
/// data version, so a write on any node makes every node's copies unreachable; they expire after
/// <see cref="Lifetime"/>. Counted for Prometheus as <c>planner_tiles_requests_total{result=hit|miss|not_modified|replica_behind}</c>.
/// </summary>
public sealed class TileCache(HybridCache cache, IServiceScopeFactory scopes)
{
    public const string MeterName = "Planner.Tiles";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    /// <summary>Largest tile kept: a district view of 100,000 sites is a few MB.</summary>
    public const long MaxTileBytes = 32 * 1024 * 1024;

    static readonly Meter Meter = new(MeterName);
    static readonly Counter<long> Requests = Meter.CreateCounter<long>("planner.tiles.requests", description:
        "Vector tile requests by how they were answered: hit (this node's cache), miss (made from the database), not_modified (304)");
    static readonly HybridCacheEntryOptions Entry = new() { Expiration = Lifetime, LocalCacheExpiration = Lifetime };

    public static IServiceCollection AddTileCache(IServiceCollection services)
    {
        services.AddHybridCache(o =>
        {
            o.MaximumPayloadBytes = MaxTileBytes;
            o.MaximumKeyLength = 256;
            o.DefaultEntryOptions = Entry;
        });
        services.AddSingleton<MapVersion>();
        services.AddHostedService<MapVersionListener>();
        return services.AddSingleton<TileCache>();
    }

    /// <summary>The tile under its key, made by <paramref name="make"/> if absent, with services of its own scope (not the
    /// request's: see <see cref="ScopedCacheFetch"/>); <c>Current</c> is false for a tile made from a standby behind the
    /// key's version (<see cref="ReplicaBehindException"/>), which is not kept.</summary>
    public async Task<(CachedTile Tile, bool Current)> GetOrMakeAsync(string key, Func<IServiceProvider, CancellationToken, Task<byte[]>> make, CancellationToken cancellationToken)
    {
        var made = false;
        try
        {
            var tile = await cache.GetOrCreateInOwnScopeAsync(scopes, key, async (services, ct) =>
            {
                made = true;
                return new CachedTile(await make(services, ct));
            }, Entry, cancellationToken);
            Requests.Add(1, new KeyValuePair<string, object?>("result", made ? "miss" : "hit"));
            return (tile, true);
        }
        catch (ReplicaBehindException behind)
        {
            Requests.Add(1, new KeyValuePair<string, object?>("result", "replica_behind"));
            return (new CachedTile(behind.Tile), false);
        }
    }

    public static void CountNotModified() => Requests.Add(1, new KeyValuePair<string, object?>("result", "not_modified"));
}
