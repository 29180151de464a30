using Planner.Benchmarks;

// dotnet run -c Release --project bench/Planner.Benchmarks -- area [folder-of-DataV-files]
var command = args.FirstOrDefault() ?? "area";
var folder = args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data", "china-admin-gcj02");
return command switch
{
    "area" => AreaBenchmark.Run(folder),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Planner.Benchmarks area [folder]");
    return 2;
}
