using System.IO.Compression;
using Planner.Validation;

namespace Planner.Import;

/// <summary>Refuses zip bombs: too many entries, too much when unpacked, or a compression ratio no real GIS file has.</summary>
static class ZipGuard
{
    public const long MaxTotalBytes = 4L << 30;
    public const int MaxEntries = 10_000;
    public const double MaxRatio = 200;

    public static void Check(ZipArchive zip, string fileName)
    {
        if (zip.Entries.Count > MaxEntries) throw new ValidationFailedException(fileName, $"holds {zip.Entries.Count} entries, more than {MaxEntries}");
        long total = 0;
        foreach (var e in zip.Entries)
        {
            total += e.Length;
            if (e.Length > 1 << 20 && e.CompressedLength > 0 && (double)e.Length / e.CompressedLength > MaxRatio)
                throw new ValidationFailedException($"{fileName}/{e.FullName}", $"unpacks {e.CompressedLength:N0} bytes to {e.Length:N0} (ratio over {MaxRatio}): refused as a zip bomb");
        }
        if (total > MaxTotalBytes) throw new ValidationFailedException(fileName, $"unpacks to {total:N0} bytes, more than {MaxTotalBytes:N0}: refused");
    }

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
            if (read > limit) throw new ValidationFailedException(where, "unpacks to more than its header says: refused as a zip bomb");
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
