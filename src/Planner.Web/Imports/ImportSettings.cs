using Planner.Import;

namespace Planner.Web.Imports;

/// <summary>Limits and housekeeping of the import page (Planner:Import).</summary>
public sealed class ImportSettings
{
    /// <summary>Where uploads wait between preview and commit; default: the system's temp folder.</summary>
    public string? Folder { get; set; }
    /// <summary>A preview not committed within this time is deleted (also at start).</summary>
    public TimeSpan PreviewLifetime { get; set; } = TimeSpan.FromHours(2);
    /// <summary>Largest upload, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 200L << 20;
    /// <summary>What an uploaded zip or KMZ may unpack to (Planner:Import:Zip).</summary>
    public ZipLimits Zip { get; set; } = new() { MaxUnpackedBytes = 512L << 20 };
}
