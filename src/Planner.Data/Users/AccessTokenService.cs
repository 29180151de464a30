using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Users;

/// <summary>
/// Makes, lists, revokes and checks personal access tokens. A token is "plnr_" and 43 characters of 256 random bits;
/// only its SHA-256 is kept, so a copy of the database gives nobody a usable token.
/// </summary>
public sealed class AccessTokenService(PlannerDbContext db, TimeProvider clock)
{
    public const string TokenPrefix = "plnr_";
    /// <summary>The longest a token may live.</summary>
    public const int MaxDays = 366;

    public async Task<(string Token, AccessToken Stored)> CreateAsync(string userName, string? name, int days, CancellationToken cancellationToken = default)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(name)) problems.Add(new Problem("name", Messages.IsRequired));
        else if (name.Trim().Length > 100) problems.Add(new Problem("name", L10n.T("最多 100 个字符", "at most 100 characters")));
        if (days is < 1 or > MaxDays) problems.Add(new Problem("days", L10n.T($"有效期必须在 1–{MaxDays} 天之间", $"a token lives 1–{MaxDays} days")));
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        if (user is null) problems.Add(new Problem("user", L10n.T($"没有用户“{userName}”", $"no user \"{userName}\"")));
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        var token = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        var stored = new AccessToken
        {
            UserId = user!.Id, Name = name!.Trim(), Hash = Hash(token), Prefix = token[..(TokenPrefix.Length + 6)], CreatedAt = now, ExpiresAt = now.AddDays(days),
        };
        db.AccessTokens.Add(stored);
        await db.SaveChangesAsync(cancellationToken);
        return (token, stored);
    }

    public Task<List<AccessToken>> ListAsync(string userName, CancellationToken cancellationToken = default) =>
        db.AccessTokens.AsNoTracking().Where(t => db.Users.Any(u => u.Id == t.UserId && u.UserName == userName))
            .OrderByDescending(t => t.Id).ToListAsync(cancellationToken);

    /// <summary>Revokes one of the user's own tokens and gives it back; null when it is not theirs or does not exist.</summary>
    public async Task<AccessToken?> RevokeAsync(long id, string userName, CancellationToken cancellationToken = default)
    {
        var token = await db.AccessTokens.FirstOrDefaultAsync(t => t.Id == id && db.Users.Any(u => u.Id == t.UserId && u.UserName == userName), cancellationToken);
        if (token is null) return null;
        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>The user a token stands for and the token as stored (its hash, its expiry), when it is one of ours, not revoked and not expired; its use is noted (at most once a minute).</summary>
    public async Task<(PlannerUser User, AccessToken Token)?> HolderOfAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!IsWellFormed(token)) return null;
        var hash = Hash(token);
        var stored = await db.AccessTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        var now = clock.GetUtcNow();
        if (stored is null || !stored.IsActive(now)) return null;
        if (stored.LastUsedAt is not { } last || now - last > TimeSpan.FromMinutes(1))
        {
            // Bookkeeping for the owner's list: a write the database refuses now (SQLite busy with an import, say) must
            // not turn a read into an error; the next use notes it.
            try
            {
                await db.AccessTokens.Where(t => t.Id == stored.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now), cancellationToken);
            }
            catch (System.Data.Common.DbException)
            {
            }
        }
        return await db.Users.FirstOrDefaultAsync(u => u.Id == stored.UserId, cancellationToken) is { } user ? (user, stored) : null;
    }

    /// <summary>Whether a string could be one of our tokens at all (checked before anything is hashed or looked up).</summary>
    public static bool IsWellFormed(string token) => token.StartsWith(TokenPrefix, StringComparison.Ordinal) && token.Length <= 100;

    /// <summary>What is stored of a token: its SHA-256, lower-case hex.</summary>
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))).ToLowerInvariant();
}
