namespace Planner.Web.Access;

/// <summary>Planner:Sessions — how sign-in sessions are kept.</summary>
public sealed class SessionSettings
{
    /// <summary>
    /// Seconds a node keeps a session it read from the database before reading it again (0: read on every request).
    /// Reading costs 2–3 ms per request, a tenth of a map view; signing out on this node ends the session at once, on
    /// other nodes and for users removed with the command line within this time.
    /// </summary>
    public int CacheSeconds { get; set; } = 15;
}
