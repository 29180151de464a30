namespace Planner.Field;

/// <summary>
/// A photo kept as evidence: the file as uploaded (with its EXIF, for planners and admins), a re-encoded copy and a
/// thumbnail without any metadata (what browsers are sent), what its EXIF says about where and when it was taken,
/// and what the checks found suspicious. Stored in the database with what it documents, in one transaction.
/// </summary>
public sealed class EvidencePhoto
{
    public long Id { get; private set; }
    /// <summary>The progress report it documents.</summary>
    public long? ReportId { get; private set; }
    /// <summary>The problem case it documents, and which part of it: "report" (the problem) or "handled" (the result).</summary>
    public long? CaseId { get; private set; }
    /// <summary>The 督办 whose answer it documents.</summary>
    public long? SupervisionId { get; private set; }
    public string? Stage { get; internal set; }
    public string? FileName { get; init; }
    /// <summary>image/jpeg, image/png or image/webp: the uploaded file's real format, read from its bytes.</summary>
    public required string ContentType { get; init; }
    public required byte[] Original { get; init; }
    /// <summary>JPEG, upright, at most <see cref="FieldLimits.DisplayEdge"/> pixels on its long side, no metadata.</summary>
    public required byte[] Display { get; init; }
    /// <summary>JPEG, upright, at most <see cref="FieldLimits.ThumbnailEdge"/> pixels on its long side, no metadata.</summary>
    public required byte[] Thumbnail { get; init; }
    /// <summary>SHA-256 of the uploaded bytes, in hex: the same file sent twice is found.</summary>
    public required string Sha256 { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    /// <summary>When the camera says it was taken (EXIF DateTimeOriginal, in the district's time unless the file gives an offset).</summary>
    public DateTimeOffset? TakenAt { get; init; }
    /// <summary>Where the camera says it was (EXIF GPS, WGS 84, which CGCS2000 matches to well under a metre).</summary>
    public double? Lon { get; init; }
    public double? Lat { get; init; }
    public required DateTimeOffset UploadedAt { get; init; }
    public required string UploadedBy { get; init; }

    /// <summary>Metres between where the photo was taken and what it documents; null without a GPS position.</summary>
    public double? DistanceMetres { get; internal set; }
    /// <summary>Taken farther than <see cref="FieldLimits.EvidenceDistanceMetres"/> from what it documents.</summary>
    public bool TooFar { get; internal set; }
    /// <summary>Taken before the step it documents began.</summary>
    public bool TakenBeforeStep { get; internal set; }
    /// <summary>The earlier photo with the same bytes, when there is one.</summary>
    public long? DuplicateOf { get; internal set; }

    public bool Flagged => TooFar || TakenBeforeStep || DuplicateOf is not null;
}
