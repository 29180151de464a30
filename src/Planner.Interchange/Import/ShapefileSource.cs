using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

/// <summary>
/// ESRI Shapefile (.shp + .shx + .dbf, optional .cpg and .prj), read record by record. Attribute text is
/// decoded with the code page from .cpg or the .dbf header, GBK when neither says, as Chinese GIS files usually are.
/// </summary>
public sealed class ShapefileSource : IFeatureSource
{
    static ShapefileSource() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    readonly string shpPath;
    readonly string name;
    readonly string? dbfPath;
    readonly Encoding encoding;
    readonly bool strictUtf8;

    public ShapefileSource(string shpPath)
    {
        this.shpPath = shpPath;
        name = Path.GetFileName(shpPath);
        dbfPath = Sibling(".dbf");
        if (dbfPath is null) throw new ValidationFailedException(name, L10n.T("旁边没有 .dbf：Shapefile 需要 .shp、.shx 和 .dbf 三个文件", "has no .dbf beside it: a shapefile needs its .shp, .shx and .dbf"));
        if (Sibling(".prj") is { } prj) DeclaredCrs = SourceCrs.FromPrj(File.ReadAllText(prj));
        (encoding, strictUtf8) = EncodingFor(Sibling(".cpg"), dbfPath);
        EncodingName = encoding.WebName;
    }

    public SourceCrs? DeclaredCrs { get; }
    public string EncodingName { get; }

    string? Sibling(string extension)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(shpPath))!;
        var stem = Path.GetFileNameWithoutExtension(shpPath);
        return Directory.EnumerateFiles(dir).FirstOrDefault(f =>
            string.Equals(Path.GetFileNameWithoutExtension(f), stem, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(Path.GetExtension(f), extension, StringComparison.OrdinalIgnoreCase));
    }

    static (Encoding, bool Strict) EncodingFor(string? cpg, string dbf)
    {
        var declared = cpg is null ? null : File.ReadAllText(cpg).Trim();
        if (!string.IsNullOrEmpty(declared))
        {
            var key = declared.ToUpperInvariant().Replace("CP", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            if (key is "UTF8" or "65001") return (new UTF8Encoding(false, throwOnInvalidBytes: true), true);
            if (key is "GBK" or "936" or "GB2312" or "GB18030") return (Encoding.GetEncoding(936), false);
            if (int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cp)) return (Encoding.GetEncoding(cp), false);
            try { return (Encoding.GetEncoding(declared), false); } catch (ArgumentException) { }
        }
        using var f = File.OpenRead(dbf);
        f.Position = 29;
        var ldid = f.ReadByte();
        return ldid switch
        {
            0x4D or 0x7A => (Encoding.GetEncoding(936), false),
            0x03 or 0x57 when cpg is not null => (Encoding.GetEncoding(1252), false),
            _ => (Encoding.GetEncoding(936), false), // unsaid: GBK, as Chinese GIS files usually are
        };
    }

    public IEnumerable<SourceFeature> Read()
    {
        using var shp = new BinaryReader(File.OpenRead(shpPath));
        using var dbf = new DbfReader(File.OpenRead(dbfPath!), Path.GetFileName(dbfPath!), encoding, strictUtf8);
        var length = shp.BaseStream.Length;
        if (length < 100) throw new ValidationFailedException(name, L10n.T($"只有 {length} 字节：不足 100 字节的文件头（文件被截断？）", $"is {length} bytes: too short for the 100-byte header (truncated?)"));
        var header = shp.ReadBytes(100);
        if (BinaryPrimitives.ReadInt32BigEndian(header) != 9994) throw new ValidationFailedException(name, L10n.T("不是 Shapefile（文件代码不是 9994）", "is not a shapefile (file code is not 9994)"));
        var declaredLength = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(24)) * 2L;
        if (declaredLength != length)
            throw new ValidationFailedException(name, L10n.T($"文件头声明 {declaredLength} 字节，实际有 {length} 字节（被截断或有填充？）", $"header says {declaredLength} bytes but the file has {length} (truncated or padded?)"));
        if (Sibling(".shx") is { } shx)
        {
            var records = (new FileInfo(shx).Length - 100) / 8;
            if (records != dbf.RecordCount)
                throw new ValidationFailedException(name, L10n.T($".shx 列出 {records} 个图形，而 {Path.GetFileName(dbfPath)} 有 {dbf.RecordCount} 条记录：这些文件不属于同一数据", $".shx lists {records} shapes but {Path.GetFileName(dbfPath)} has {dbf.RecordCount} records: the files do not belong together"));
        }

        var row = 0;
        while (shp.BaseStream.Position < length)
        {
            row++;
            var where = Place.Record(name, row);
            var offset = shp.BaseStream.Position;
            if (length - offset < 12) throw new ValidationFailedException(Place.Byte(where, offset), L10n.T("记录头不完整（文件被截断？）", "record header is cut off (truncated?)"));
            var recordHeader = shp.ReadBytes(8);
            var contentLength = BinaryPrimitives.ReadInt32BigEndian(recordHeader.AsSpan(4)) * 2L;
            if (contentLength < 4 || offset + 8 + contentLength > length)
                throw new ValidationFailedException(Place.Byte(where, offset), L10n.T($"{contentLength} 字节的记录超出了文件末尾（文件被截断？）", $"record of {contentLength} bytes runs past the end of the file (truncated?)"));
            var content = shp.ReadBytes((int)contentLength);
            if (!dbf.TryRead(out var attributes))
                throw new ValidationFailedException($"{where}", L10n.T($"{Path.GetFileName(dbfPath)} 只有 {dbf.RecordCount} 条记录：.dbf 与 .shp 不一致", $"{Path.GetFileName(dbfPath)} has only {dbf.RecordCount} records: the .dbf and .shp disagree"));
            var (geometry, problem) = Shape(content, where);
            if (dbf.LastProblem is { } textProblem) problem ??= new Problem(where, textProblem);
            yield return new SourceFeature(row, where, geometry, attributes, problem);
        }
        if (dbf.TryRead(out _))
            throw new ValidationFailedException(name, L10n.T($"有 {row} 个图形，而 {Path.GetFileName(dbfPath)} 有 {dbf.RecordCount} 条记录：这些文件不属于同一数据", $"has {row} shapes but {Path.GetFileName(dbfPath)} has {dbf.RecordCount} records: the files do not belong together"));
    }

    static (NetTopologySuite.Geometries.Geometry?, Problem?) Shape(byte[] c, string where)
    {
        var f = SourceFactory.Raw;
        var type = BinaryPrimitives.ReadInt32LittleEndian(c);
        try
        {
            switch (type)
            {
                case 0:
                    return (null, new Problem(where, L10n.T("是空图形（没有几何）", "has a null shape (no geometry)")));
                case 1 or 11 or 21:
                    return (f.CreatePoint(new Coordinate(D(c, 4), D(c, 12))), null);
                case 8 or 18 or 28:
                {
                    var n = BinaryPrimitives.ReadInt32LittleEndian(c.AsSpan(36));
                    return (f.CreateMultiPointFromCoords(Enumerable.Range(0, n).Select(i => new Coordinate(D(c, 40 + 16 * i), D(c, 48 + 16 * i))).ToArray()), null);
                }
                case 3 or 13 or 23 or 5 or 15 or 25:
                {
                    var parts = BinaryPrimitives.ReadInt32LittleEndian(c.AsSpan(36));
                    var points = BinaryPrimitives.ReadInt32LittleEndian(c.AsSpan(40));
                    var pointsAt = 44 + 4 * parts;
                    if (parts <= 0 || points <= 0 || pointsAt + 16L * points > c.Length)
                        return (null, new Problem(where, L10n.T($"声明了 {parts} 个部分和 {points} 个点，超出记录容量", $"declares {parts} parts and {points} points, more than the record holds")));
                    var starts = Enumerable.Range(0, parts).Select(i => BinaryPrimitives.ReadInt32LittleEndian(c.AsSpan(44 + 4 * i))).Append(points).ToArray();
                    var rings = new List<Coordinate[]>();
                    for (var i = 0; i < parts; i++)
                    {
                        if (starts[i] < 0 || starts[i + 1] < starts[i] || starts[i + 1] > points)
                            return (null, new Problem(where, L10n.T($"第 {i} 部分的点索引有误", $"part {i} has bad point indexes")));
                        rings.Add(Enumerable.Range(starts[i], starts[i + 1] - starts[i]).Select(k => new Coordinate(D(c, pointsAt + 16 * k), D(c, pointsAt + 16 * k + 8))).ToArray());
                    }
                    return type is 3 or 13 or 23 ? (Lines(rings, where, out var p), p) : (Polygons(rings, where, out var q), q);
                }
                default:
                    return (null, new Problem(where, L10n.T($"不支持图形类型 {type}（支持点、线、面）", $"shape type {type} is not supported (points, lines and polygons are)")));
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            return (null, new Problem(where, L10n.T("记录长度不够其图形所需", "record is shorter than its shape needs")));
        }
    }

    static NetTopologySuite.Geometries.Geometry? Lines(List<Coordinate[]> parts, string where, out Problem? problem)
    {
        problem = null;
        for (var i = 0; i < parts.Count; i++)
            if (parts[i].Length < 2) { problem = new Problem(Place.Part(where, i), Messages.LineTooShort(parts[i].Length)); return null; }
        var lines = parts.Select(p => SourceFactory.Raw.CreateLineString(p)).ToArray();
        return lines.Length == 1 ? lines[0] : SourceFactory.Raw.CreateMultiLineString(lines);
    }

    /// <summary>Shapefile rings: outer rings clockwise, holes counter-clockwise; each hole goes to the shell that contains it.</summary>
    static NetTopologySuite.Geometries.Geometry? Polygons(List<Coordinate[]> rings, string where, out Problem? problem)
    {
        problem = null;
        var shells = new List<(LinearRing Ring, List<LinearRing> Holes)>();
        var holes = new List<LinearRing>();
        for (var i = 0; i < rings.Count; i++)
        {
            var r = rings[i];
            if (r.Length > 0 && !r[0].Equals2D(r[^1]))
            {
                problem = new Problem(Place.Ring(where, i), Messages.RingNotClosed(r[0], r.Length - 1, r[^1]));
                return null;
            }
            if (r.Length < 4) { problem = new Problem(Place.Ring(where, i), Messages.RingTooShort(r.Length)); return null; }
            var ring = SourceFactory.Raw.CreateLinearRing(r);
            if (Orientation.IsCCW(ring.CoordinateSequence)) holes.Add(ring); else shells.Add((ring, []));
        }
        foreach (var hole in holes)
        {
            var owner = shells.FirstOrDefault(s => SourceFactory.Raw.CreatePolygon(s.Ring).Contains(SourceFactory.Raw.CreatePoint(hole.Coordinates[0])));
            if (owner.Ring is null) shells.Add((hole, [])); // a lone counter-clockwise ring: written the wrong way round, still a shell
            else owner.Holes.Add(hole);
        }
        var polygons = shells.Select(s => SourceFactory.Raw.CreatePolygon(s.Ring, s.Holes.ToArray())).ToArray();
        return polygons.Length == 1 ? polygons[0] : SourceFactory.Raw.CreateMultiPolygon(polygons);
    }

    static double D(byte[] c, int at) => BinaryPrimitives.ReadDoubleLittleEndian(c.AsSpan(at));

    public void Dispose() { }

    /// <summary>dBASE III records, decoded with the shapefile's code page.</summary>
    sealed class DbfReader : IDisposable
    {
        readonly BinaryReader reader;
        readonly string name;
        readonly Encoding encoding;
        readonly bool strict;
        readonly List<(string Name, char Type, int Length)> fields = [];
        readonly int recordLength;
        int read;

        public DbfReader(Stream stream, string name, Encoding encoding, bool strict)
        {
            reader = new BinaryReader(stream);
            this.name = name;
            this.encoding = encoding;
            this.strict = strict;
            var header = reader.ReadBytes(32);
            if (header.Length < 32) throw new ValidationFailedException(name, L10n.T("太短，不足 dBASE 文件头", "is too short for a dBASE header"));
            RecordCount = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
            var headerLength = BinaryPrimitives.ReadInt16LittleEndian(header.AsSpan(8));
            recordLength = BinaryPrimitives.ReadInt16LittleEndian(header.AsSpan(10));
            while (stream.Position < headerLength - 1)
            {
                var d = reader.ReadBytes(32);
                if (d.Length < 32 || d[0] == 0x0D) break;
                var fieldName = encoding.GetString(d, 0, Math.Max(0, Array.IndexOf(d, (byte)0, 0, 11) is var z and >= 0 ? z : 11)).Trim();
                fields.Add((fieldName, (char)d[11], d[16]));
            }
            stream.Position = headerLength;
            if (stream.Length < headerLength + (long)recordLength * RecordCount)
                throw new ValidationFailedException(name, L10n.T($"文件头声明 {RecordCount} 条 {recordLength} 字节的记录，但文件只有 {stream.Length} 字节（文件被截断？）", $"header promises {RecordCount} records of {recordLength} bytes but the file is {stream.Length} bytes (truncated?)"));
        }

        public int RecordCount { get; }
        public string? LastProblem { get; private set; }

        public bool TryRead(out Dictionary<string, string?> attributes)
        {
            attributes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            LastProblem = null;
            if (read >= RecordCount) return false;
            var record = reader.ReadBytes(recordLength);
            read++;
            var at = 1; // deletion flag
            foreach (var (fieldName, type, length) in fields)
            {
                var raw = record.AsSpan(at, Math.Min(length, Math.Max(0, record.Length - at)));
                at += length;
                string text;
                try
                {
                    text = encoding.GetString(raw).Trim('\0', ' ');
                }
                catch (DecoderFallbackException)
                {
                    LastProblem ??= L10n.T($"字段 {fieldName} 不是有效的 {encoding.WebName} 文本：.cpg 是否有误？（GBK 编码的文件很常见）", $"field {fieldName} is not valid {encoding.WebName} text: is the .cpg wrong? (GBK files are common)");
                    text = Encoding.GetEncoding(936).GetString(raw).Trim('\0', ' ');
                }
                if (!strict && text.Contains('\uFFFD')) LastProblem ??= L10n.T($"字段 {fieldName} 含有非 {encoding.WebName} 字节：代码页是否有误？", $"field {fieldName} has bytes that are not {encoding.WebName}: is the code page wrong?");
                attributes[fieldName] = text.Length == 0 ? null : type == 'D' && text.Length == 8 ? $"{text[..4]}-{text[4..6]}-{text[6..]}" : text;
            }
            return true;
        }

        public void Dispose() => reader.Dispose();
    }
}
