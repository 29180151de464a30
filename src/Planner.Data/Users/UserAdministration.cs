using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Planner.Data;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Users;

/// <summary>Creates users with a role and, for field teams, their townships; all or nothing.</summary>
public sealed class UserAdministration(PlannerDbContext db, UserManager<PlannerUser> users)
{
    public async Task<PlannerUser> AddAsync(string userName, string password, string role, IReadOnlyCollection<string> townshipNames,
        string? displayName = null, CancellationToken cancellationToken = default)
    {
        var problems = new List<Problem>();
        var normalizedRole = Roles.Normalize(role);
        if (string.IsNullOrWhiteSpace(userName)) problems.Add(new Problem("name", Messages.IsRequired));
        if (normalizedRole is null) problems.Add(new Problem("role", L10n.T($"“{role}”不是角色，可选：{string.Join(", ", Roles.All)}", $"\"{role}\" is not one of {string.Join(", ", Roles.All)}")));
        if (normalizedRole == Roles.FieldTeam && townshipNames.Count == 0)
            problems.Add(new Problem("township", L10n.T("现场人员至少需要一个乡/街道", "a field team user needs at least one township")));
        var townships = await db.Townships.Where(t => townshipNames.Contains(t.Name) || townshipNames.Contains(t.Code)).ToListAsync(cancellationToken);
        if (townshipNames.Count > 0 && townships.Count == 0 && !await db.Townships.AnyAsync(cancellationToken))
            problems.Add(new Problem("township", Messages.NoTownships));
        else
            foreach (var name in townshipNames.Where(n => !townships.Any(t => t.Name == n || t.Code == n)))
                problems.Add(new Problem("township", Messages.NoTownshipNamed(name)));
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new PlannerUser { UserName = userName.Trim(), DisplayName = displayName ?? userName.Trim() };
        Check(await users.CreateAsync(user, password), "password");
        Check(await users.AddToRoleAsync(user, normalizedRole!), "role");
        foreach (var t in townships) db.UserTownships.Add(new UserTownship { UserId = user.Id, TownshipId = t.Id });
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return user;
    }

    /// <summary>A random password that meets the rules (length, a digit, a lower-case letter), for demos and tests.</summary>
    public static string GeneratePassword() =>
        "pl-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10)).ToLowerInvariant() + "-7";

    static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
            throw new ValidationFailedException(result.Errors.Select(e => new Problem(e.Code.Contains("UserName", StringComparison.Ordinal) ? "name" : field, e.Description)).ToList());
    }
}
