using System.Reflection;

namespace Planner.Tests.Architecture;

/// <summary>
/// Dependencies point one way: Domain ← Data ← Interchange ← {Web, Cli}. The domain knows geometry and
/// coordinate systems (NetTopologySuite, ProjNet) and nothing of storage, files or the web.
/// </summary>
public sealed class LayeringTests
{
    static readonly Assembly Domain = typeof(Planner.Sites.Site).Assembly;
    static readonly Assembly Data = typeof(Planner.Data.PlannerDbContext).Assembly;
    static readonly Assembly Interchange = typeof(Planner.Import.Importer).Assembly;

    static string[] References(Assembly assembly) => assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

    [Fact]
    public void The_domain_uses_geometry_libraries_only()
    {
        var references = References(Domain);
        Assert.Equal("Planner.Domain", Domain.GetName().Name);
        Assert.DoesNotContain(references, r => r.StartsWith("Planner.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || r.StartsWith("Npgsql", StringComparison.Ordinal)
            || r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || r.StartsWith("Microsoft.Data", StringComparison.Ordinal) || r.StartsWith("CsvHelper", StringComparison.Ordinal));
        Assert.All(references, r => Assert.True(r is "NetTopologySuite" or "NetTopologySuite.IO.GeoJSON4STJ" or "ProjNET" || r.StartsWith("System", StringComparison.Ordinal) || r == "netstandard", r));
    }

    [Fact]
    public void Storage_knows_the_domain_and_nothing_above_it()
    {
        var references = References(Data);
        Assert.Contains("Planner.Domain", references);
        Assert.DoesNotContain(references, r => r is "Planner.Interchange" or "Planner.Web" or "planner" or "Planner.Cli");
    }

    [Fact]
    public void Files_in_and_out_sit_on_storage_and_the_domain_and_below_the_hosts()
    {
        var references = References(Interchange);
        Assert.Contains("Planner.Domain", references);
        Assert.Contains("Planner.Data", references);
        Assert.DoesNotContain(references, r => r is "Planner.Web" or "planner");
    }
}
