using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

/// <summary>
/// ESRI Shapefile (.shp + .shx + .dbf, optional .cpg and .prj), read by NetTopologySuite.IO.Esri.Shapefile record by
/// record (deleted records skipped, holes given to the shells that contain them). Attribute text is decoded with the
/// code page from .cpg or the .dbf header, GBK when neither says, as Chinese GIS files usually are. The checks before
/// reading say in plain words what is wrong with a set of files that do not belong together or were cut off.
/// </summary>
public sealed class ShapefileSource : IFeatureSource
{
    static ShapefileSource() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    readonly string shpPath;
    readonly string name;
    readonly string dbfPath;
    readonly Encoding encoding;
    readonly string? prj;
    readonly DatumShift? datumShift;
    SourceCrs? declared;

    /// <param name="datumShift">The district's seven parameters, for a .prj on another datum (Beijing 1954, Xi'an 1980).</param>
    public ShapefileSource(string shpPath, DatumShift? datumShift = null)
    {
        this.shpPath = shpPath;
        this.datumShift = datumShift;
        name = Path.GetFileName(shpPath);
        dbfPath = Sibling(".dbf") ?? throw new ValidationFailedException(name, L10n.T("旁边没有 .dbf：Shapefile 需要 .shp、.shx 和 .dbf 三个文件", "has no .dbf beside it: a shapefile needs its .shp, .shx and .dbf"));
        prj = Sibling(".prj") is { } p ? File.ReadAllText(p) : null;
        encoding = EncodingFor(Sibling(".cpg"), dbfPath);
        EncodingName = encoding.WebName;
    }

    /// <summary>The .prj's coordinate system, read when asked (a system stated by the user wins, and then the .prj is not read).</summary>
    public SourceCrs? DeclaredCrs => prj is null ? null : declared ??= SourceCrs.FromPrj(prj, $"{Path.GetFileNameWithoutExtension(name)}.prj", datumShift);

    public string EncodingName { get; }

    string? Sibling(string extension)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(shpPath))!;
        var stem = Path.GetFileNameWithoutExtension(shpPath);
        return Directory.EnumerateFiles(dir).FirstOrDefault(f =>
            string.Equals(Path.GetFileNameWithoutExtension(f), stem, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(Path.GetExtension(f), extension, StringComparison.OrdinalIgnoreCase));
    }

    static Encoding EncodingFor(string? cpg, string dbf)
    {
        var declaredPage = cpg is null ? null : File.ReadAllText(cpg).Trim();
        if (!string.IsNullOrEmpty(declaredPage))
        {
            var key = declaredPage.ToUpperInvariant().Replace("CP", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            if (key is "UTF8" or "65001") return new UTF8Encoding(false);
            if (key is "GBK" or "936" or "GB2312" or "GB18030") return Encoding.GetEncoding(936);
            if (int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cp)) return Encoding.GetEncoding(cp);
            try { return Encoding.GetEncoding(declaredPage); } catch (ArgumentException) { }
        }
        using var f = File.OpenRead(dbf);
        f.Position = 29;
        return f.ReadByte() switch
        {
            0x03 or 0x57 when cpg is not null => Encoding.GetEncoding(1252),
            _ => Encoding.GetEncoding(936), // GBK (language driver 0x4D/0x7A), and when unsaid: as Chinese GIS files usually are
        };
    }

    public IEnumerable<SourceFeature> Read()
    {
        var dbfRecords = CheckFiles();
        using var reader = Open();
        var row = 0;
        var shapes = 0;
        while (true)
        {
            bool deleted;
            try
            {
                if (!reader.Read(out deleted)) break;
            }
            catch (Exception e) when (e is ShapefileException or EndOfStreamException or IOException or ArgumentException or InvalidOperationException)
            {
                throw new ValidationFailedException(Place.Record(name, row + 1), L10n.T($"无法读取：{e.Message}（文件被截断？）", $"cannot be read: {e.Message} (truncated?)"));
            }
            shapes++;
            if (deleted) continue; // marked deleted in the .dbf: not part of the data
            row++;
            var where = Place.Record(name, shapes);
            var attributes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            Problem? problem = null;
            foreach (var field in reader.Fields)
            {
                var text = Text(field.Value);
                attributes[field.Name] = text;
                if (text is not null && text.Contains('\uFFFD'))
                    problem ??= new Problem(where, L10n.T($"字段 {field.Name} 不是有效的 {encoding.WebName} 文本：.cpg 是否有误？（GBK 编码的文件很常见）",
                        $"field {field.Name} is not valid {encoding.WebName} text: is the .cpg wrong? (GBK files are common)"));
            }
            var geometry = reader.Geometry;
            if (geometry is null || geometry.IsEmpty)
            {
                geometry = null;
                problem ??= new Problem(where, L10n.T("是空图形（没有几何）", "has a null shape (no geometry)"));
            }
            yield return new SourceFeature(row, where, geometry, attributes, problem);
        }
        if (shapes != dbfRecords)
            throw new ValidationFailedException(name, L10n.T($"有 {shapes} 个图形，而 {Path.GetFileName(dbfPath)} 有 {dbfRecords} 条记录：这些文件不属于同一数据",
                $"has {shapes} shapes but {Path.GetFileName(dbfPath)} has {dbfRecords} records: the files do not belong together"));
    }

    ShapefileReader Open()
    {
        try
        {
            return Shapefile.OpenRead(shpPath, new ShapefileReaderOptions
            {
                Encoding = encoding,
                Factory = SourceFactory.Raw,
                // An invalid ring comes through as it is: the import's checks say where it is wrong.
                GeometryBuilderMode = GeometryBuilderMode.IgnoreInvalidShapes,
            });
        }
        catch (Exception e) when (e is ShapefileException or EndOfStreamException or IOException or ArgumentException or NotSupportedException)
        {
            throw new ValidationFailedException(name, L10n.T($"无法打开：{e.Message}", $"cannot be opened: {e.Message}"));
        }
    }

    /// <summary>What the library would stumble over, said plainly: not a shapefile, cut off, or files that do not belong together.</summary>
    int CheckFiles()
    {
        var length = new FileInfo(shpPath).Length;
        if (length < 100) throw new ValidationFailedException(name, L10n.T($"只有 {length} 字节：不足 100 字节的文件头（文件被截断？）", $"is {length} bytes: too short for the 100-byte header (truncated?)"));
        Span<byte> header = stackalloc byte[100];
        using (var shp = File.OpenRead(shpPath)) shp.ReadExactly(header);
        if (BinaryPrimitives.ReadInt32BigEndian(header) != 9994) throw new ValidationFailedException(name, L10n.T("不是 Shapefile（文件代码不是 9994）", "is not a shapefile (file code is not 9994)"));
        var declaredLength = BinaryPrimitives.ReadInt32BigEndian(header[24..]) * 2L;
        if (declaredLength != length)
            throw new ValidationFailedException(name, L10n.T($"文件头声明 {declaredLength} 字节，实际有 {length} 字节（被截断或有填充？）", $"header says {declaredLength} bytes but the file has {length} (truncated or padded?)"));
        Span<byte> dbfHeader = stackalloc byte[32];
        using (var dbf = File.OpenRead(dbfPath))
        {
            if (dbf.Length < 32) throw new ValidationFailedException(Path.GetFileName(dbfPath), L10n.T("太短，不足 dBASE 文件头", "is too short for a dBASE header"));
            dbf.ReadExactly(dbfHeader);
            var records = BinaryPrimitives.ReadInt32LittleEndian(dbfHeader[4..]);
            var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(dbfHeader[8..]);
            var recordLength = BinaryPrimitives.ReadUInt16LittleEndian(dbfHeader[10..]);
            if (dbf.Length < headerLength + (long)recordLength * records)
                throw new ValidationFailedException(Path.GetFileName(dbfPath), L10n.T($"文件头声明 {records} 条 {recordLength} 字节的记录，但文件只有 {dbf.Length} 字节（文件被截断？）",
                    $"header promises {records} records of {recordLength} bytes but the file is {dbf.Length} bytes (truncated?)"));
            if (Sibling(".shx") is { } shx && (new FileInfo(shx).Length - 100) / 8 is var shapes && shapes != records)
                throw new ValidationFailedException(name, L10n.T($".shx 列出 {shapes} 个图形，而 {Path.GetFileName(dbfPath)} 有 {records} 条记录：这些文件不属于同一数据",
                    $".shx lists {shapes} shapes but {Path.GetFileName(dbfPath)} has {records} records: the files do not belong together"));
            return records;
        }
    }

    /// <summary>A field's value as the text an import maps: dates as yyyy-MM-dd, numbers invariant.</summary>
    static string? Text(object? value) => value switch
    {
        null => null,
        string s => s.Trim('\0', ' ') is { Length: > 0 } t ? t : null,
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var v => v.ToString(),
    };

    public void Dispose() { }
}
