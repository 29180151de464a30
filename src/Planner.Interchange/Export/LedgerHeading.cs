namespace Planner.Export;

/// <summary>What a printed ledger says above its table: whose district it is and the date its figures were taken.</summary>
public sealed record LedgerHeading(string District, DateOnly Date)
{
    /// <summary>The sample district's name, used when the deployment names none (Planner:District).</summary>
    public const string DefaultDistrict = "管城回族区";

    public static LedgerHeading For(string? district, DateOnly date) =>
        new(string.IsNullOrWhiteSpace(district) ? DefaultDistrict : district.Trim(), date);

    public string DateText => $"统计日期：{Date.Year}年{Date.Month}月{Date.Day}日";
}
