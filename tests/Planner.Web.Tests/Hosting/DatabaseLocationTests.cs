using Microsoft.Extensions.DependencyInjection;
using Planner.Data;
using Planner.Web;

namespace Planner.Tests.Hosting;

/// <summary>The web app opens, by default, the database the command line opens, and says which.</summary>
public sealed class DatabaseLocationTests
{
    [Fact]
    public async Task Without_a_connection_string_the_web_app_uses_the_shared_default_from_its_own_content_root()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("planner-data-").FullName;
        try
        {
            var contentRoot = Path.Combine(Paths.Repository, "src", "Planner.Web");
            await using var app = PlannerApp.Build(["--contentRoot", contentRoot, "--Planner:DataDirectory", dataDirectory]);
            var description = app.Services.GetRequiredService<DatabaseDescription>().ToString();
            Assert.Equal($"SQLite {Path.Combine(dataDirectory, "planner.db")}", description);
            Assert.Equal(DatabaseLocation.Describe(DatabaseLocation.Resolve(null, dataDirectory)), description);
        }
        finally
        {
            Directory.Delete(dataDirectory, true);
        }
        // Without a data directory either: the checkout's data folder, whether started from the project or the repository.
        Assert.Equal(Path.Combine(Paths.Repository, "data"), DatabaseLocation.DefaultDataDirectory(Path.Combine(Paths.Repository, "src", "Planner.Web")));
        Assert.Equal(Path.Combine(Paths.Repository, "data"), DatabaseLocation.DefaultDataDirectory(Paths.Repository));
        Assert.Equal(Path.Combine(Paths.Repository, "data"), DatabaseLocation.DefaultDataDirectory(AppContext.BaseDirectory));
    }
}
