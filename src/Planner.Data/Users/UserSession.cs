namespace Planner.Users;

/// <summary>
/// A signed-in session, kept in the database: the cookie carries only its key, so signing out ends it on the
/// server (a copied cookie stops working) and every web node sees the same sessions.
/// </summary>
public sealed class UserSession
{
    public required string Id { get; init; }
    public required string UserId { get; init; }
    /// <summary>The serialized authentication ticket (claims, expiry).</summary>
    public required byte[] Ticket { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; set; }
}
