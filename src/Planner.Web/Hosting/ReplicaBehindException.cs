namespace Planner.Web.Hosting;

/// <summary>
/// A tile made from a standby that had not yet replayed the version the tile's key names: answered, but neither cached
/// nor given that version's ETag (a browser would otherwise keep the older tile under the newer tag). Thrown out of
/// the cache's factory so that nothing is stored, and every request that waited on the same key gets the same answer.
/// </summary>
public sealed class ReplicaBehindException(byte[] tile, long replayed, long wanted)
    : Exception($"the read replica is at map version {replayed}, the tile's key names {wanted}")
{
    public byte[] Tile { get; } = tile;
}
