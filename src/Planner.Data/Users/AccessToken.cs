namespace Planner.Users;

/// <summary>
/// A personal access token for programs that cannot use the sign-in form (QGIS, GDAL, scripts): read-only, with its
/// user's townships, until it expires or is revoked. Only its SHA-256 is stored; the token is shown once, when made.
/// </summary>
public sealed class AccessToken
{
    public long Id { get; private set; }
    public required string UserId { get; init; }
    public required string Name { get; init; }
    /// <summary>SHA-256 of the token, hex.</summary>
    public required string Hash { get; init; }
    /// <summary>The token's first characters, to tell tokens apart in a list.</summary>
    public required string Prefix { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}
