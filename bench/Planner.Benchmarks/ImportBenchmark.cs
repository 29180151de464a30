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
        // planner as deployed, then with one part swapped for the library's own (the choice docs/benchmarks.md records),
        // then ogr2ogr; each on every core and held to one (taskset -c 0), where the lead from using two cores is gone.
        var variants = new (string Name, Dictionary<string, string>? Env)[]
        {
            ("planner import", null),
            ("planner import, GeoJSON4STJ per feature instead of the byte scanner", new() { ["PLANNER_GEOJSON_READER"] = "geojson4stj" }),
            ("ogr2ogr (PG_USE_COPY=YES)", null),
        };
        var results = new Dictionary<(string, bool), List<Measured>>();
        string? ourSummary = null;
        long ogrRows = 0;
        var database = 0;
        for (var run = 0; run < runs; run++)
        {
            foreach (var oneCore in new[] { false, true })
            {
                foreach (var (name, env) in variants)
                {
                    var db = $"bench_import_{database++}";
                    await ExecuteAsync(cluster.AdminConnectionString, $"CREATE DATABASE {db}");
                    var cs = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = db }.ConnectionString;
                    Run(planner, ["seed", "--db", cs], null);
                    string[] command;
                    Dictionary<string, string> environment;
                    if (name.StartsWith("ogr2ogr", StringComparison.Ordinal))
                    {
                        var builder = new NpgsqlConnectionStringBuilder(cs);
                        command = ["ogr2ogr", "-f", "PostgreSQL", $"PG:host={builder.Host} port={builder.Port} user={builder.Username} dbname={db}", merged,
                            "-nln", "ogr_china", "-overwrite", "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=GIST", "-a_srs", "EPSG:4326"];
                        environment = new() { ["PG_USE_COPY"] = "YES" };
                    }
                    else
                    {
                        // All of China's districts as "fringe zones" of one township: a load test, so the district's plausibility
                        // limits (a zone's size, its share inside the district) are lifted as a city- or province-wide deployment would.
                        command = [planner, "import", merged, "--crs", "gcj02", "--programme", "fringe", "--township", "南曹乡",
                            "--field", "code=adcode", "--source", "china", "--db", cs];
                        environment = new(LoadTestLimits);
                        foreach (var (k, v) in env ?? []) environment[k] = v;
                    }
                    if (oneCore) command = ["taskset", "-c", "0", .. command];
                    var measured = Timed(command[0], command[1..], environment);
                    if (!results.TryGetValue((name, oneCore), out var list)) results[(name, oneCore)] = list = [];
                    list.Add(measured);
                    if (name == "planner import" && !oneCore)
                        ourSummary = measured.Output.Split('\n').LastOrDefault(l => l.Contains("rows read", StringComparison.Ordinal))?.Trim();
                    if (name.StartsWith("ogr2ogr", StringComparison.Ordinal)) ogrRows = await ScalarAsync(cs, "SELECT count(*) FROM ogr_china");
                }
            }
        }
        static double Median(IEnumerable<double> v) { var s = v.Order().ToList(); return s[s.Count / 2]; }
        var ogr = variants[^1].Name;
        Console.WriteLine();
        Console.WriteLine($"planner: {ourSummary}");
        Console.WriteLine($"ogr2ogr: {ogrRows:N0} rows loaded");
        Console.WriteLine();
        Console.WriteLine($"| load all of China's districts into PostGIS, medians of {runs} | wall time | CPU time (user + sys) | vs ogr2ogr | wall time on one core | vs ogr2ogr on one core | peak memory |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, _) in variants)
        {
            var all = results[(name, false)];
            var one = results[(name, true)];
            double wall = Median(all.Select(m => m.Seconds)), cpu = Median(all.Select(m => m.CpuSeconds)), wallOne = Median(one.Select(m => m.Seconds));
            double ogrWall = Median(results[(ogr, false)].Select(m => m.Seconds)), ogrOne = Median(results[(ogr, true)].Select(m => m.Seconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {wall:N2} s | {cpu:N2} s | {ogrWall / wall:N2}× | {wallOne:N2} s | {ogrOne / wallOne:N2}× | {all.Max(m => m.KiB) / 1024.0:N0} MB |"));
        }
        return 0;
    }

    internal sealed record Measured(double Seconds, double CpuSeconds, long KiB, string Output);

    static readonly Dictionary<string, string> LoadTestLimits = new()
    {
        ["Planner__Limits__MinShareInsideDistrict"] = "0",
        ["PLANNER_LANG"] = "en", // the summary line is read back in English
        ["Planner__Limits__MaxFringeSquareKilometres"] = "2000000",
    };

    /// <summary>
    /// The CLI as docs/deploy.md publishes it (src/Planner.Cli/Properties/PublishProfiles/linux-x64.pubxml: self-contained,
    /// one composite ReadyToRun image); the executable to run.
    /// </summary>
    internal static string PublishCli()
    {
        var output = Path.Combine(Path.GetTempPath(), "planner-bench-cli");
        if (Directory.Exists(output)) Directory.Delete(output, true); // an earlier, framework-dependent build must not mix in
        Run("dotnet", ["publish", Path.Combine(Paths.Repository, "src", "Planner.Cli"), "-p:PublishProfile=linux-x64", "-o", output, "-v", "q", "-nologo"], null);
        return Path.Combine(output, "planner");
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

    /// <summary>A whole process timed by /usr/bin/time: wall time, CPU time (user + system) and peak memory.</summary>
    internal static Measured Timed(string file, string[] args, Dictionary<string, string>? env)
    {
        var output = Run("/usr/bin/time", ["-f", "TIME %e %M %U %S", file, .. args], env);
        var line = output.Split('\n').Last(l => l.StartsWith("TIME ", StringComparison.Ordinal)).Split(' ');
        double D(int i) => double.Parse(line[i], CultureInfo.InvariantCulture);
        return new Measured(D(1), D(3) + D(4), long.Parse(line[2], CultureInfo.InvariantCulture), output);
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
