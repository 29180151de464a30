namespace Planner.Sites;

/// <summary>Enums that users and files name by a code or by their Chinese name.</summary>
static class CodedEnum
{
    public static bool TryParse<T>(string? text, Func<T, string> code, Func<T, string> chineseName, out T value) where T : struct, Enum
    {
        var trimmed = text?.Trim();
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(trimmed, code(candidate), StringComparison.OrdinalIgnoreCase) || trimmed == chineseName(candidate))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
