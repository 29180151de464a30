using Planner.Benchmarks;

// dotnet run -c Release --project bench/Planner.Benchmarks -- area [folder-of-DataV-files]
// dotnet run -c Release --project bench/Planner.Benchmarks -- map [site-count]
// dotnet run -c Release --project bench/Planner.Benchmarks -- tiles [site-count] [readers] [seconds]
// dotnet run -c Release --project bench/Planner.Benchmarks -- ogc [site-count]
// dotnet run -c Release --project bench/Planner.Benchmarks -- draw [site-count]
// dotnet run -c Release --project bench/Planner.Benchmarks -- import [folder-of-DataV-files]
// dotnet run -c Release --project bench/Planner.Benchmarks -- export [site-count]
// dotnet run -c Release --project bench/Planner.Benchmarks -- reports [report-count]
// PLANNER_BENCH_PACKING=city spreads map, tiles, ogc and draw's generated sites over the whole city (BenchDistrict.Packing).
var command = args.FirstOrDefault() ?? "area";
return command switch
{
    "area" => AreaBenchmark.Run(args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data", "china-admin-gcj02")),
    "map" => await MapBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 10_000),
    "draw" => await TileBenchmark.DrawAsync(args.Length > 1 ? int.Parse(args[1]) : 100_000),
    "ogc" => await OgcBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 100_000),
    "tiles" => await TileBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 100_000, args.Length > 2 ? int.Parse(args[2]) : 200, args.Length > 3 ? int.Parse(args[3]) : 60),
    "export" => await ExportBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 100_000, 3),
    "reports" => await ReportsBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1_000, 20, 3),
    "photo" => ReportsBenchmark.ReadOne(),
    "import" => await ImportBenchmark.RunAsync(args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data", "china-admin-gcj02"), 3),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Planner.Benchmarks area [folder] | map [site-count] | tiles [site-count] [readers] [seconds] | ogc [site-count] | draw [site-count] | import [folder] | export [site-count] | reports [report-count]");
    return 2;
}
