namespace Planner.Tests;

/// <summary>The repository's folders, found from the test binaries.</summary>
static class Paths
{
    public static string Repository { get; } = FindRepository();
    public static string Data => Path.Combine(Repository, "data", "guancheng");
    /// <summary>../shared beside the checkout (real data from the product's owners).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Repository, "..", "shared"));

    static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Planner.sln"))) return dir.FullName;
        throw new InvalidOperationException("Planner.sln not found above " + AppContext.BaseDirectory);
    }
}
