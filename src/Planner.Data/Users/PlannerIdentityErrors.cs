using Microsoft.AspNetCore.Identity;
using Planner.Localization;

namespace Planner.Users;

/// <summary>Identity's messages in the user's language.</summary>
public sealed class PlannerIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new()
    {
        Code = nameof(PasswordTooShort),
        Description = L10n.T($"密码至少需要 {length} 个字符", $"passwords must be at least {length} characters long"),
    };

    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = L10n.T("密码至少需要一个数字", "passwords must have at least one digit") };

    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = L10n.T("密码至少需要一个小写字母", "passwords must have at least one lower-case letter") };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new()
    {
        Code = nameof(PasswordRequiresUniqueChars),
        Description = L10n.T($"密码至少需要 {uniqueChars} 个不同的字符", $"passwords must use at least {uniqueChars} different characters"),
    };

    public override IdentityError DuplicateUserName(string userName) => new()
    {
        Code = nameof(DuplicateUserName),
        Description = L10n.T($"用户名 {userName} 已被使用", $"the user name {userName} is already taken"),
    };

    public override IdentityError InvalidUserName(string? userName) => new()
    {
        Code = nameof(InvalidUserName),
        Description = L10n.T($"用户名“{userName}”无效：只能使用字母、数字和 -._@+", $"the user name \"{userName}\" is not valid: use letters, digits and -._@+"),
    };
}
