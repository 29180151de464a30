using System.ComponentModel;
using System.IO.Compression;

namespace Planner.Web.Hosting;

/// <summary>
/// A tile as the cache keeps it. Marked immutable so that HybridCache hands out the same instance on every hit: for a
/// mutable <c>byte[]</c> it returns a fresh copy each time, and at a district view (hundreds of KB, on the large object
/// heap) those copies were what the cached answer's p95 was made of. Gzipped once, on the first client that accepts it,
/// instead of by the compression middleware on every answer.
/// </summary>
[ImmutableObject(true)]
public sealed class CachedTile
{
    readonly Lazy<byte[]> gzip;

    public CachedTile(byte[] bytes)
    {
        Bytes = bytes;
        gzip = new Lazy<byte[]>(() => Compress(bytes), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The tile as made; callers must not change it.</summary>
    public byte[] Bytes { get; }

    /// <summary>The same tile gzipped (made once, then shared).</summary>
    public byte[] Gzip => gzip.Value;

    static byte[] Compress(byte[] bytes)
    {
        using var buffer = new MemoryStream(bytes.Length / 2 + 64);
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) zip.Write(bytes);
        return buffer.ToArray();
    }
}
