using System.IO.Compression;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Import;

/// <summary>Opens a file as a feature source, by the format named or by its extension; zips are unpacked (with limits) first.</summary>
public static class FeatureSources
{
    public static ImportFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".geojson" or ".json" => ImportFormat.GeoJson,
        ".shp" => ImportFormat.Shapefile,
        ".kml" => ImportFormat.Kml,
        ".kmz" => ImportFormat.Kmz,
        ".csv" or ".txt" => ImportFormat.Csv,
        ".gpkg" => ImportFormat.GeoPackage,
        ".xlsx" => ImportFormat.Xlsx,
        _ => null,
    };

    public static bool TryParseFormat(string text, out ImportFormat format) =>
        Enum.TryParse(text.Equals("gpkg", StringComparison.OrdinalIgnoreCase) ? nameof(ImportFormat.GeoPackage) : text.Replace("-", ""), true, out format);

    /// <summary>Opens the file; for a .zip returns the source inside and the temp folder to delete afterwards.</summary>
    /// <param name="datumShift">Seven parameters for a Shapefile whose .prj is on another datum (Beijing 1954, Xi'an 1980).</param>
    public static (IFeatureSource Source, string? TempFolder) Open(string path, ImportFormat? format = null, ZipLimits? limits = null, DatumShift? datumShift = null)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path)) throw new ValidationFailedException(name, L10n.T("不存在", "does not exist"));
        if (new FileInfo(path).Length == 0) throw new ValidationFailedException(name, Messages.IsEmpty);
        limits ??= ZipLimits.Default;
        if (Path.GetExtension(path).Equals(".zip", StringComparison.OrdinalIgnoreCase)) return OpenZip(path, format, limits, datumShift);
        var f = format ?? FormatOf(path) ?? throw new ValidationFailedException(name, L10n.T("无法识别的格式：请用 --format geojson|shapefile|gpkg|kml|kmz|csv|xlsx 指定", "unknown format: say --format geojson|shapefile|gpkg|kml|kmz|csv|xlsx"));
        return (OpenAs(path, f, limits, datumShift), null);
    }

    static IFeatureSource OpenAs(string path, ImportFormat format, ZipLimits limits, DatumShift? datumShift)
    {
        var name = Path.GetFileName(path);
        return format switch
        {
            ImportFormat.GeoJson => new GeoJsonSource(File.OpenRead(path), name),
            ImportFormat.Shapefile => new ShapefileSource(path, datumShift),
            ImportFormat.Kml => new KmlSource(File.OpenRead(path), name),
            ImportFormat.Kmz => Guard(() => KmlSource.FromKmz(File.OpenRead(path), name, limits), name),
            ImportFormat.Csv => new CsvSource(File.OpenRead(path), name),
            ImportFormat.GeoPackage => new GeoPackageSource(path, datumShift),
            ImportFormat.Xlsx => new XlsxSource(File.OpenRead(path), name),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    static (IFeatureSource, string?) OpenZip(string path, ImportFormat? format, ZipLimits limits, DatumShift? datumShift)
    {
        var name = Path.GetFileName(path);
        var temp = Directory.CreateTempSubdirectory("planner-import-").FullName;
        try
        {
            using (var zip = Guard(() => ZipFile.OpenRead(path), name))
            {
                ZipGuard.Check(zip, name, limits);
                foreach (var entry in zip.Entries.Where(e => e.Length > 0 && !e.FullName.EndsWith('/')))
                {
                    var target = Path.GetFullPath(Path.Combine(temp, entry.FullName));
                    if (!target.StartsWith(temp + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                        throw new ValidationFailedException($"{name}/{entry.FullName}", L10n.T("指向压缩包目录之外：已拒绝", "points outside the zip's folder: refused"));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    ZipGuard.Extract(entry, target, name);
                }
            }
            var files = Directory.EnumerateFiles(temp, "*", SearchOption.AllDirectories)
                .Where(f => FormatOf(f) is { } ff && (format is null || ff == format)).OrderBy(f => FormatOf(f) == ImportFormat.Shapefile ? 0 : 1).ToList();
            if (files.Count == 0) throw new ValidationFailedException(name, L10n.T("其中没有 .shp、.geojson、.gpkg、.kml、.kmz、.csv 或 .xlsx 文件", "holds no .shp, .geojson, .gpkg, .kml, .kmz, .csv or .xlsx file"));
            if (files.Count > 1 && files.Count(f => FormatOf(f) == FormatOf(files[0])) > 1)
                throw new ValidationFailedException(name, L10n.T($"包含 {files.Count} 个数据文件（{string.Join(", ", files.Select(Path.GetFileName))}）：请逐个导入", $"holds {files.Count} data files ({string.Join(", ", files.Select(Path.GetFileName))}): import them one at a time"));
            return (OpenAs(files[0], FormatOf(files[0])!.Value, limits, datumShift), temp);
        }
        catch
        {
            Directory.Delete(temp, true);
            throw;
        }
    }

    static T Guard<T>(Func<T> open, string name)
    {
        try
        {
            return open();
        }
        catch (InvalidDataException e)
        {
            throw new ValidationFailedException(name, L10n.T($"不是有效的 zip 文件：{e.Message}", $"is not a valid zip: {e.Message}"));
        }
    }
}
