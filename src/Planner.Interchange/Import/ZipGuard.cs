using System.IO.Compression;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

/// <summary>
/// How much a zip (or KMZ) may unpack to, configurable (Planner:Import). Every entry counts: 400 entries
/// of 1 MiB of zeros are refused like one entry of 400 MiB.
/// </summary>
public sealed record ZipLimits
{
    public static ZipLimits Default { get; } = new();

    public int MaxEntries { get; init; } = 10_000;
    /// <summary>All entries together, unpacked.</summary>
    public long MaxUnpackedBytes { get; init; } = 1L << 30;
    /// <summary>Unpacked over packed, for the whole archive and for any entry over 64 KiB: real GIS files compress 3–20×.</summary>
    public double MaxRatio { get; init; } = 100;
}

/// <summary>Refuses zip bombs: too many entries, too much when unpacked, or a compression ratio no real GIS file has.</summary>
static class ZipGuard
{
    const long SmallEntry = 64 << 10;

    public static void Check(ZipArchive zip, string fileName, ZipLimits limits)
    {
        if (zip.Entries.Count > limits.MaxEntries)
            throw new ValidationFailedException(fileName, L10n.T($"包含 {zip.Entries.Count} 个条目，超过上限 {limits.MaxEntries} 个", $"holds {zip.Entries.Count} entries, more than the limit of {limits.MaxEntries}"));
        long total = 0, packed = 0;
        foreach (var e in zip.Entries)
        {
            total += e.Length;
            packed += e.CompressedLength;
            if (e.Length > SmallEntry && (e.CompressedLength == 0 || (double)e.Length / e.CompressedLength > limits.MaxRatio))
                throw new ValidationFailedException($"{fileName}/{e.FullName}", Bomb(e.CompressedLength, e.Length, limits));
        }
        if (total > limits.MaxUnpackedBytes)
            throw new ValidationFailedException(fileName, L10n.T($"解压后共 {total:N0} 字节，超过上限 {limits.MaxUnpackedBytes:N0} 字节（Planner:Import:MaxUnpackedBytes）：已拒绝",
                $"unpacks to {total:N0} bytes, more than the limit of {limits.MaxUnpackedBytes:N0} (Planner:Import:MaxUnpackedBytes): refused"));
        if (total > 1 << 20 && (packed == 0 || (double)total / packed > limits.MaxRatio))
            throw new ValidationFailedException(fileName, Bomb(packed, total, limits));
    }

    static string Bomb(long packed, long unpacked, ZipLimits limits) =>
        L10n.T($"{packed:N0} 字节解压为 {unpacked:N0} 字节（压缩比超过 {limits.MaxRatio}）：疑似 zip 炸弹，已拒绝",
            $"unpacks {packed:N0} bytes to {unpacked:N0} (ratio over {limits.MaxRatio}): refused as a zip bomb");

    /// <summary>An entry's stream that stops at its declared size, so a lying header cannot unpack more.</summary>
    public static Stream Open(ZipArchiveEntry entry, string fileName) => new LimitedStream(entry.Open(), entry.Length, $"{fileName}/{entry.FullName}");

    public static void Extract(ZipArchiveEntry entry, string path, string fileName)
    {
        using var source = Open(entry, fileName);
        using var target = File.Create(path);
        source.CopyTo(target);
    }

    sealed class LimitedStream(Stream inner, long limit, string where) : Stream
    {
        long read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => limit;
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            read += n;
            if (read > limit) throw new ValidationFailedException(where, L10n.T("解压后比文件头声明的更大：疑似 zip 炸弹，已拒绝", "unpacks to more than its header says: refused as a zip bomb"));
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
