using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Planner.Tests;

/// <summary>
/// Opens exported files with the tools district offices use (GDAL, LibreOffice) and says what is in them:
/// the site codes per layer or sheet. Missing tools fail the test under PLANNER_REQUIRE_GDAL / _LIBREOFFICE (CI).
/// </summary>
static class ExportFiles
{
    /// <summary>The programmes' sheet, KML folder and layer names, in the product's order.</summary>
    public static readonly string[] ProgrammeNames = ["城市道路综合改造", "老旧小区综合改造", "城乡接合部综合改造"];

    public static void RequireGdal()
    {
        if (File.Exists("/usr/bin/ogr2ogr")) return;
        if (Environment.GetEnvironmentVariable("PLANNER_REQUIRE_GDAL") == "1") throw new InvalidOperationException("ogr2ogr missing (PLANNER_REQUIRE_GDAL=1)");
        Assert.Skip("GDAL's ogr2ogr is not installed (apt-get install gdal-bin)");
    }

    public static bool LibreOfficeAvailable()
    {
        if (File.Exists("/usr/bin/soffice")) return true;
        if (Environment.GetEnvironmentVariable("PLANNER_REQUIRE_LIBREOFFICE") == "1") throw new InvalidOperationException("LibreOffice missing (PLANNER_REQUIRE_LIBREOFFICE=1)");
        return false;
    }

    /// <summary>What GDAL reads from a file's layer, as GeoJSON features.</summary>
    public static List<JsonElement> ReadWithGdal(string path, string? layer = null, params string[] openOptions)
    {
        string[] args = ["-f", "GeoJSON", "/vsistdout/", path, .. openOptions.SelectMany(o => new[] { "-oo", o }), .. layer is null ? Array.Empty<string>() : [layer]];
        var (exit, json, error) = Run("ogr2ogr", args);
        Assert.True(exit == 0, $"ogr2ogr {Path.GetFileName(path)} {layer}: {error}");
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.Clone()).ToList();
    }

    /// <summary>The layer names GDAL sees (sheets, KML folders, GPX layers); fails when GDAL cannot open the file.</summary>
    public static List<string> Layers(string path)
    {
        var (exit, output, error) = Run("ogrinfo", ["-ro", "-q", path]);
        Assert.True(exit == 0, $"ogrinfo {Path.GetFileName(path)}: {error}{output}");
        return output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && char.IsDigit(l[0]) && l.Contains(": ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split(" (")[0]).ToList();
    }

    public static string Prop(JsonElement f, string name) =>
        f.GetProperty("properties").TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "";

    /// <summary>
    /// Opens an export with GDAL and returns the site codes it holds per programme (Chinese name), checking the format's
    /// own structure on the way: XLSX has the summary and every programme's sheet (headers even when empty), the summary
    /// adds up; KML has a folder per programme present; GPX has a waypoint per site. One ogr2ogr per file: every layer
    /// to a CSV of its own.
    /// </summary>
    public static Dictionary<string, List<string>> CodesByProgramme(string path, string format)
    {
        var result = ProgrammeNames.ToDictionary(p => p, _ => new List<string>());
        var layers = AllLayers(path, format == "xlsx" ? ["HEADERS=DISABLE"] : []);
        switch (format)
        {
            case "xlsx":
            {
                Assert.Equal(new[] { "汇总" }.Concat(ProgrammeNames).Order(), layers.Keys.Order());
                foreach (var programme in ProgrammeNames)
                {
                    var (sites, total) = Ledger(layers[programme]);
                    result[programme].AddRange(sites.Select(r => r["编号"]));
                    Assert.Equal(sites.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), total["名称"]);
                    Assert.Equal(Enumerable.Range(1, sites.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), sites.Select(r => r["序号"]));
                }
                var (townships, sum) = Ledger(layers["汇总"]);
                var summed = townships.Sum(r => int.Parse(r["项目总数"], System.Globalization.CultureInfo.InvariantCulture));
                Assert.True(result.Values.Sum(v => v.Count) == summed, $"{Path.GetFileName(path)}: the summary counts {summed}, the sheets hold {result.Values.Sum(v => v.Count)}");
                Assert.Equal(summed.ToString(System.Globalization.CultureInfo.InvariantCulture), sum["项目总数"]);
                break;
            }
            case "csv":
            case "geojson":
                foreach (var row in layers.Single().Value)
                    result[format == "csv" ? row["工程类别"] : row["programme"]].Add(format == "csv" ? row["编号"] : row["code"]);
                break;
            case "gpkg":
                // A layer per programme, each there also when empty, like the workbook's sheets.
                Assert.Equal(ProgrammeNames.Order(), layers.Keys.Order());
                foreach (var (layer, rows) in layers) result[layer].AddRange(rows.Select(r => r["code"]));
                break;
            case "kml":
                foreach (var (layer, rows) in layers)
                {
                    Assert.Contains(layer, ProgrammeNames);
                    result[layer].AddRange(rows.Select(r => r["Name"].Split(' ')[0]));
                }
                break;
            case "gpx":
                foreach (var w in layers["waypoints"])
                    result[ProgrammeNames[Array.IndexOf(["road", "compound", "fringe"], w["type"])]].Add(w["name"].Split(' ')[0]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
        return result;
    }

    /// <summary>Every layer of a file as GDAL reads it (attributes only), by layer name.</summary>
    public static Dictionary<string, List<Dictionary<string, string>>> AllLayers(string path, string[] openOptions)
    {
        var outDir = Path.Combine(Path.GetTempPath(), $"planner-gdal-{Guid.NewGuid():N}");
        try
        {
            var (exit, output, error) = Run("ogr2ogr", ["-f", "CSV", outDir, path, .. openOptions.SelectMany(o => new[] { "-oo", o })]);
            Assert.True(exit == 0, $"ogr2ogr {Path.GetFileName(path)}: {error}{output}");
            if (!Directory.Exists(outDir)) return [];
            var layers = new Dictionary<string, List<Dictionary<string, string>>>();
            foreach (var csvFile in Directory.GetFiles(outDir, "*.csv"))
            {
                using var reader = new StreamReader(csvFile, Encoding.UTF8);
                using var csv = new CsvHelper.CsvReader(reader, System.Globalization.CultureInfo.InvariantCulture);
                var rows = new List<Dictionary<string, string>>();
                if (csv.Read() && csv.ReadHeader())
                    while (csv.Read()) rows.Add(csv.HeaderRecord!.ToDictionary(h => h, h => csv.GetField(h) ?? ""));
                layers[Path.GetFileNameWithoutExtension(csvFile)] = rows;
            }
            return layers;
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, true);
        }
    }

    /// <summary>
    /// A ledger sheet as GDAL reads it without headers (Field1…): the rows between the header row (序号 …) and the
    /// 合计 row, by header, and the 合计 row. Fails when the title rows, the header row or the 合计 row are missing.
    /// </summary>
    public static (List<Dictionary<string, string>> Rows, Dictionary<string, string> Total) Ledger(List<Dictionary<string, string>> rows)
    {
        var header = rows.FindIndex(r => r.GetValueOrDefault("Field1") == "序号");
        Assert.True(header >= 2, "no header row (序号 …) under the title and statistics-date rows");
        Assert.EndsWith("项目台账", rows[0]["Field1"].Replace("三项工程项目汇总", "项目台账", StringComparison.Ordinal));
        Assert.StartsWith("统计日期：", rows[1]["Field1"]);
        var names = rows[header].Where(kv => kv.Value.Length > 0).ToDictionary(kv => kv.Key, kv => kv.Value);
        var total = rows.FindIndex(header, r => r.GetValueOrDefault("Field1") == "合计");
        Assert.True(total > header, "no 合计 row");
        Dictionary<string, string> ByHeader(Dictionary<string, string> r) => names.ToDictionary(n => n.Value, n => r.GetValueOrDefault(n.Key) ?? "");
        return (rows.Skip(header + 1).Take(total - header - 1).Select(ByHeader).ToList(), ByHeader(rows[total]));
    }

    /// <summary>A ledger sheet as LibreOffice shows it (CSV lines): the header line and the lines of sites, between it and 合计.</summary>
    public static (string Header, string[] Rows) Ledger(string[] lines)
    {
        var header = Array.FindIndex(lines, l => l.StartsWith("序号,", StringComparison.Ordinal));
        Assert.True(header >= 2, "no header row (序号 …) under the title and statistics-date rows");
        var total = Array.FindIndex(lines, header, l => l.StartsWith("合计,", StringComparison.Ordinal));
        Assert.True(total > header, "no 合计 row");
        return (lines[header], lines[(header + 1)..total]);
    }

    /// <summary>
    /// Opens every workbook in LibreOffice (one process for all: it starts slowly) and returns, per workbook, each
    /// sheet's rows as LibreOffice shows them (CSV). Fails when LibreOffice cannot open one.
    /// </summary>
    public static async Task<Dictionary<string, Dictionary<string, string[]>>> SheetsInLibreOfficeAsync(IReadOnlyList<string> workbooks, string workFolder)
    {
        var outDir = Directory.CreateDirectory(Path.Combine(workFolder, "lo-out")).FullName;
        string[] args = ["--headless", "--norestore", $"-env:UserInstallation=file://{workFolder}/lo-profile",
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", outDir, .. workbooks];
        var (exit, output, error) = await Task.Run(() => Run("soffice", args));
        Assert.True(exit == 0, $"soffice: {error}{output}");
        var result = new Dictionary<string, Dictionary<string, string[]>>();
        foreach (var workbook in workbooks)
        {
            var stem = Path.GetFileNameWithoutExtension(workbook);
            var sheets = Directory.GetFiles(outDir, stem + "-*.csv")
                .ToDictionary(f => Path.GetFileNameWithoutExtension(f)[(stem.Length + 1)..], f => File.ReadAllLines(f, Encoding.UTF8));
            Assert.True(sheets.Count > 0, $"LibreOffice did not open {Path.GetFileName(workbook)}: {error}{output}");
            result[workbook] = sheets;
        }
        return result;
    }

    public static (int Exit, string Output, string Error) Run(string file, string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 })!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output.Result, error);
    }
}
