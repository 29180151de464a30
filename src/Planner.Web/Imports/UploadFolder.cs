using Microsoft.Extensions.Options;

namespace Planner.Web.Imports;

/// <summary>The folder where uploads wait between preview and commit, one sub-folder per upload; old ones are swept.</summary>
public sealed class UploadFolder(IOptions<ImportSettings> settings, TimeProvider clock, ILogger<UploadFolder> logger)
{
    public string Path { get; } = System.IO.Path.GetFullPath(settings.Value.Folder ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "planner-uploads"));

    public TimeSpan Lifetime => settings.Value.PreviewLifetime;

    /// <summary>Deletes uploads older than the preview lifetime; returns how many.</summary>
    public int Sweep()
    {
        if (!Directory.Exists(Path)) return 0;
        var cutoff = clock.GetUtcNow().UtcDateTime - Lifetime;
        var removed = 0;
        foreach (var dir in new DirectoryInfo(Path).EnumerateDirectories())
        {
            if (dir.CreationTimeUtc > cutoff && dir.LastWriteTimeUtc > cutoff) continue;
            try
            {
                dir.Delete(recursive: true);
                removed++;
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Could not remove the old upload {Folder}", dir.FullName);
            }
        }
        return removed;
    }
}
