namespace Planner.Supervision;

/// <summary>The step is not this user's to take (a 403, not a 400).</summary>
public sealed class SupervisionForbiddenException(string message) : Exception(message);
