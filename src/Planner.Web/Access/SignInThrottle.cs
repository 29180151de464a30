using System.Threading.RateLimiting;

namespace Planner.Web.Access;

/// <summary>Limits on sign-in, configurable (Planner:SignIn).</summary>
public sealed class SignInLimits
{
    /// <summary>Sign-in attempts one client (IP address) may make per minute, whatever the accounts.</summary>
    public int PerClientPerMinute { get; set; } = 20;
    /// <summary>Failed passwords for one account from one client in <see cref="Window"/>.</summary>
    public int FailuresPerAccountAndClient { get; set; } = 5;
    /// <summary>Failed passwords for one account from all clients in <see cref="Window"/>: a cap on guessing from many addresses.</summary>
    public int FailuresPerAccount { get; set; } = 50;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Counts failed passwords per account (and per account and client) instead of locking accounts: five
/// anonymous wrong passwords must not lock anyone out, but a client cannot go on guessing either.
/// Counters live in this node's memory; behind several nodes each keeps its own.
/// </summary>
public sealed class SignInThrottle(Microsoft.Extensions.Options.IOptions<SignInLimits> options) : IDisposable
{
    readonly SignInLimits limits = options.Value;
    readonly PartitionedRateLimiter<string> failures = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = k.StartsWith("client|", StringComparison.Ordinal) ? options.Value.FailuresPerAccountAndClient : options.Value.FailuresPerAccount,
            Window = options.Value.Window,
            QueueLimit = 0,
        }));

    /// <summary>Whether this client may try this account now; when not, how long until it may.</summary>
    public (bool Allowed, TimeSpan RetryAfter) Check(string account, string client)
    {
        foreach (var key in Keys(account, client))
        {
            using var lease = failures.AttemptAcquire(key, 0);
            if (!lease.IsAcquired) return (false, lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : limits.Window);
        }
        return (true, TimeSpan.Zero);
    }

    /// <summary>Counts a wrong password.</summary>
    public void Failed(string account, string client)
    {
        foreach (var key in Keys(account, client)) failures.AttemptAcquire(key, 1).Dispose();
    }

    static string[] Keys(string account, string client)
    {
        var a = account.Trim().ToUpperInvariant();
        return [$"client|{client}|{a}", $"account|{a}"];
    }

    public void Dispose() => failures.Dispose();
}
