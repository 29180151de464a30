using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Planner.Data;
using Planner.Users;

namespace Planner.Web.Access;

/// <summary>
/// Sign-in sessions in the database: the cookie holds a random key, the ticket stays on the server. Signing
/// out deletes the session, so a copied cookie stops working at once; every web node reads the same table, and keeps
/// what it read for <see cref="SessionSettings.CacheSeconds"/>.
/// </summary>
public sealed class DatabaseTicketStore(IServiceScopeFactory scopes, TimeProvider clock, IMemoryCache cache, IOptions<SessionSettings> settings) : ITicketStore
{
    static string CacheKey(string key) => "session:" + key;

    void Remember(string key, AuthenticationTicket ticket)
    {
        if (settings.Value.CacheSeconds > 0)
            cache.Set(CacheKey(key), ticket, clock.GetUtcNow().AddSeconds(settings.Value.CacheSeconds));
    }

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Base64UrlKey();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
        db.UserSessions.Add(new UserSession
        {
            Id = key,
            UserId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("a session needs a user id"),
            Ticket = TicketSerializer.Default.Serialize(ticket),
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = ticket.Properties.ExpiresUtc,
        });
        await db.SaveChangesAsync();
        Remember(key, ticket);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
        var session = await db.UserSessions.FirstOrDefaultAsync(s => s.Id == key);
        if (session is null) return; // signed out meanwhile: stays signed out
        session.Ticket = TicketSerializer.Default.Serialize(ticket);
        session.ExpiresAt = ticket.Properties.ExpiresUtc;
        await db.SaveChangesAsync();
        Remember(key, ticket);
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (cache.TryGetValue(CacheKey(key), out AuthenticationTicket? known) && known is not null)
            return known.Properties.ExpiresUtc <= clock.GetUtcNow() ? null : known;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
        var session = await db.UserSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == key);
        if (session is null || session.ExpiresAt <= clock.GetUtcNow()) return null;
        var ticket = TicketSerializer.Default.Deserialize(session.Ticket);
        if (ticket is not null) Remember(key, ticket);
        return ticket;
    }

    public async Task RemoveAsync(string key)
    {
        cache.Remove(CacheKey(key));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlannerDbContext>();
        await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync();
    }

    /// <summary>Deletes expired sessions; returns how many.</summary>
    public static Task<int> RemoveExpiredAsync(PlannerDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.UserSessions.Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);

    static string Base64UrlKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
