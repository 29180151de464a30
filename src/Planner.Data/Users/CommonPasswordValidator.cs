using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Planner.Localization;

namespace Planner.Users;

/// <summary>
/// Refuses passwords that appear in lists of common ones, also with digits or symbols added at the end
/// ("password1234"), and passwords that contain the user's own name.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<PlannerUser>
{
    static readonly HashSet<string> Common = Load();

    public Task<IdentityResult> ValidateAsync(UserManager<PlannerUser> manager, PlannerUser user, string? password)
    {
        if (string.IsNullOrEmpty(password)) return Task.FromResult(IdentityResult.Success);
        var lower = password.ToLowerInvariant();
        var stem = lower.TrimEnd("0123456789!@#$%^&*.-_+=?~ ".ToCharArray());
        var repeated = lower.Distinct().Count() <= 2;
        if (IsCommon(lower) || (stem.Length >= 4 && IsCommon(stem)) || repeated)
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = L10n.T("密码太常见，容易被猜到：请换一个不在常见密码表中的密码", "the password is too common and easy to guess: choose one that is not in lists of common passwords"),
            }));
        if (user.UserName is { Length: >= 3 } name && lower.Contains(name.ToLowerInvariant(), StringComparison.Ordinal))
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordContainsUserName",
                Description = L10n.T("密码不能包含用户名", "the password must not contain the user name"),
            }));
        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>Whether the text (lower case) is a listed password.</summary>
    public static bool IsCommon(string lower) => Common.Contains(lower);

    static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("users/common-passwords.txt")
                           ?? throw new InvalidOperationException("the common password list is not embedded");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') set.Add(line.Trim());
        return set;
    }
}
