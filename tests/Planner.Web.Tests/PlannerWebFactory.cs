using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Planner.Tests;

/// <summary>The real web app on a fresh SQLite file, seeded with the sample district on start.</summary>
public sealed class PlannerWebFactory : WebApplicationFactory<Program>
{
    public string DatabaseFile { get; } = Path.Combine(Path.GetTempPath(), $"planner-web-{Guid.NewGuid():N}.db");
    public string ConnectionString => $"Data Source={DatabaseFile};Pooling=False";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Planner", ConnectionString);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (File.Exists(DatabaseFile)) File.Delete(DatabaseFile);
    }
}
