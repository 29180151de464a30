using Microsoft.AspNetCore.Identity;
using Planner.Users;

namespace Planner.Tests.Localization;

/// <summary>Passwords: not in lists of common ones (also with digits added), not the user's own name.</summary>
public sealed class PasswordRulesTests
{
    [Theory]
    [InlineData("password1234", false)]
    [InlineData("qwerty123456!", false)]
    [InlineData("woaini1314520", false)]
    [InlineData("zhangwei-2026-guancheng", false)] // holds the user name
    [InlineData("aaaaaaaaaaaaaa", false)]
    [InlineData("Lotus-bridge-river-7", true)]
    public async Task Common_passwords_and_the_user_name_are_refused(string password, bool accepted)
    {
        var result = await new CommonPasswordValidator().ValidateAsync(null!, new PlannerUser { UserName = "zhangwei" }, password);
        Assert.Equal(accepted, result.Succeeded);
        if (!accepted) Assert.Matches("[\u4e00-\u9fff]", Assert.Single(result.Errors).Description);
    }
}
