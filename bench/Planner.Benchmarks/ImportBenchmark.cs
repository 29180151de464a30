using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Planner.Geometry;
using Planner.Tests;

namespace Planner.Benchmarks;

/// <summary>
/// Loads every district of China (all DataV files merged into one GeoJSON, GCJ-02) into PostGIS twice:
/// with `planner import` (GCJ-02 → CGCS2000, validation, measurement, township, binary COPY, one transaction)
/// and with `ogr2ogr` (PG_USE_COPY=YES, no conversion, no checks). Both are whole processes timed with
/// /usr/bin/time, which also gives their peak memory.
/// </summary>
static class ImportBenchmark
{
    public static async Task<int> RunAsync(string folder, int runs)
    {
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "planner-bench-import")).FullName;
        var merged = Path.Combine(work, "china.geojson");
        var (features, vertices) = Merge(folder, merged);
        Console.WriteLine($"{features:N0} features, {vertices:N0} vertices, {new FileInfo(merged).Length / 1048576.0:N1} MB: {merged}");

        var planner = PublishCli();

        await using var cluster = await ThrowawayPostgres.StartAsync();
        var ours = new List<(double Seconds, long KiB)>();
        var gdal = new List<(double Seconds, long KiB)>();
        string? ourSummary = null;
        long ogrRows = 0;
        for (var run = 0; run < runs; run++)
        {
            var database = $"bench_import_{run}";
            await ExecuteAsync(cluster.AdminConnectionString, $"CREATE DATABASE {database}");
            var cs = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = database }.ConnectionString;
            Run("dotnet", [planner, "seed", "--db", cs], null);

            // All of China's districts as "fringe zones" of one township: a load test, so the district's plausibility
            // limits (a zone's size, its share inside the district) are lifted as a city- or province-wide deployment would.
            var (seconds, kib, output) = Timed("dotnet", [planner, "import", merged, "--crs", "gcj02", "--programme", "fringe", "--township", "南曹乡",
                "--field", "code=adcode", "--source", "china", "--db", cs], LoadTestLimits);
            ours.Add((seconds, kib));
            ourSummary = output.Split('\n').LastOrDefault(l => l.Contains("rows read", StringComparison.Ordinal))?.Trim();

            var builder = new NpgsqlConnectionStringBuilder(cs);
            var pg = $"PG:host={builder.Host} port={builder.Port} user={builder.Username} dbname={database}";
            var (gs, gk, _) = Timed("ogr2ogr", ["-f", "PostgreSQL", pg, merged, "-nln", "ogr_china", "-overwrite", "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=GIST", "-a_srs", "EPSG:4326"],
                new Dictionary<string, string> { ["PG_USE_COPY"] = "YES" });
            gdal.Add((gs, gk));
            ogrRows = await ScalarAsync(cs, "SELECT count(*) FROM ogr_china");
        }
        double Median(IEnumerable<double> v) { var s = v.Order().ToList(); return s[s.Count / 2]; }
        var oursTime = Median(ours.Select(o => o.Seconds));
        var gdalTime = Median(gdal.Select(o => o.Seconds));
        Console.WriteLine();
        Console.WriteLine($"planner: {ourSummary}");
        Console.WriteLine($"ogr2ogr: {ogrRows:N0} rows loaded");
        Console.WriteLine();
        Console.WriteLine("| load all of China's districts into PostGIS | planner import | ogr2ogr (PG_USE_COPY=YES) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| wall time, median of {runs} (whole process) | {oursTime:N2} s | {gdalTime:N2} s | {gdalTime / oursTime:N2}× {(oursTime < gdalTime ? "faster" : "slower")} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| peak memory (max RSS) | {ours.Max(o => o.KiB) / 1024.0:N0} MB | {gdal.Max(o => o.KiB) / 1024.0:N0} MB | |"));
        return 0;
    }

    static readonly Dictionary<string, string> LoadTestLimits = new()
    {
        ["Planner__Limits__MinShareInsideDistrict"] = "0",
        ["PLANNER_LANG"] = "en", // the summary line is read back in English
        ["Planner__Limits__MaxFringeSquareKilometres"] = "2000000",
    };

    /// <summary>The CLI as it is deployed: Release, ReadyToRun (start-up without JIT-compiling EF Core).</summary>
    internal static string PublishCli()
    {
        var output = Path.Combine(Path.GetTempPath(), "planner-bench-cli");
        Run("dotnet", ["publish", Path.Combine(Paths.Repository, "src", "Planner.Cli"), "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
            "-p:PublishReadyToRun=true", "-o", output, "-v", "q", "-nologo"], null);
        return Path.Combine(output, "planner.dll");
    }

    static (int Features, long Vertices) Merge(string folder, string target)
    {
        var features = 0;
        long vertices = 0;
        using var stream = File.Create(target);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteStartArray("features");
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            using var doc = GeoJsonGeometry.ParseFile(File.ReadAllBytes(file));
            foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
            {
                var props = f.GetProperty("properties");
                writer.WriteStartObject();
                writer.WriteString("type", "Feature");
                writer.WriteStartObject("properties");
                writer.WriteString("adcode", props.GetProperty("adcode").ToString());
                writer.WriteString("name", props.TryGetProperty("name", out var n) ? n.GetString() : "");
                writer.WriteEndObject();
                writer.WritePropertyName("geometry");
                f.GetProperty("geometry").WriteTo(writer);
                writer.WriteEndObject();
                features++;
                vertices += JsonNode.Parse(f.GetProperty("geometry").GetRawText())!["coordinates"]!.ToJsonString().Count(c => c == '[') ;
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        return (features, vertices);
    }

    internal static (double Seconds, long KiB, string Output) Timed(string file, string[] args, Dictionary<string, string>? env)
    {
        var output = Run("/usr/bin/time", ["-f", "TIME %e %M", file, .. args], env);
        var line = output.Split('\n').Last(l => l.StartsWith("TIME ", StringComparison.Ordinal)).Split(' ');
        return (double.Parse(line[1], CultureInfo.InvariantCulture), long.Parse(line[2], CultureInfo.InvariantCulture), output);
    }

    internal static string Run(string file, string[] args, Dictionary<string, string>? env)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env ?? []) start.Environment[k] = v;
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        var all = stdout.Result + stderr.Result;
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args.Take(3))} failed: {all[^Math.Min(all.Length, 2000)..]}");
        return all;
    }

    static async Task ExecuteAsync(string cs, string sql)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await new NpgsqlCommand(sql, c).ExecuteNonQueryAsync();
    }

    static async Task<long> ScalarAsync(string cs, string sql)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        return (long)(await new NpgsqlCommand(sql, c).ExecuteScalarAsync())!;
    }
}
