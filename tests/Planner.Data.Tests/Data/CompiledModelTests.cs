using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Planner.Data;

namespace Planner.Tests.Data;

/// <summary>
/// The compiled EF Core models (src/Planner.Data/Data/CompiledModels) must describe the same tables, columns, types,
/// keys and conversions as the model the code builds, on each engine; otherwise regenerate them (their README says how).
/// </summary>
public sealed class CompiledModelTests
{
    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Host=localhost;Database=planner_model_check")]
    public void The_compiled_model_matches_the_model_the_code_builds(string connectionString)
    {
        using var built = new PlannerDbContext((DbContextOptions<PlannerDbContext>)PlannerDatabase.Configure(new DbContextOptionsBuilder<PlannerDbContext>(), connectionString, compiledModel: false).Options);
        using var compiled = new PlannerDbContext((DbContextOptions<PlannerDbContext>)PlannerDatabase.Configure(new DbContextOptionsBuilder<PlannerDbContext>(), connectionString).Options);
        Assert.NotSame(built.Model, compiled.Model);
        var expected = Describe(built.GetService<IDesignTimeModel>().Model);
        var actual = Describe(compiled.Model);
        Assert.True(expected == actual, "The compiled model is out of date: regenerate it (src/Planner.Data/Data/CompiledModels/README.md).\n" + FirstDifference(expected, actual));
    }

    /// <summary>Every table with its columns (name, store type, nullability, converter), keys, foreign keys and indexes, in a stable order.</summary>
    static string Describe(IModel model)
    {
        var text = new StringBuilder();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            text.AppendLine($"{entity.Name} → {entity.GetTableName()}");
            foreach (var p in entity.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
                text.AppendLine($"  {p.Name}: {p.GetColumnName()} {p.GetColumnType()} {(p.IsNullable ? "null" : "not null")} {p.ClrType.Name} {(p.GetValueConverter() is { } c ? $"{c.ModelClrType.Name}→{c.ProviderClrType.Name}" : "")} {p.ValueGenerated}");
            foreach (var k in entity.GetKeys()) text.AppendLine($"  key {string.Join(",", k.Properties.Select(p => p.Name))}");
            foreach (var f in entity.GetForeignKeys()) text.AppendLine($"  fk {string.Join(",", f.Properties.Select(p => p.Name))} → {f.PrincipalEntityType.Name} {f.DeleteBehavior}");
            foreach (var i in entity.GetIndexes()) text.AppendLine($"  index {i.GetDatabaseName()} {string.Join(",", i.Properties.Select(p => p.Name))} {(i.IsUnique ? "unique" : "")}");
        }
        foreach (var f in model.GetDbFunctions().OrderBy(f => f.Name, StringComparer.Ordinal)) text.AppendLine($"function {f.Name} {f.StoreType}");
        return text.ToString();
    }

    static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
            if (i >= e.Length || i >= a.Length || e[i] != a[i])
                return $"line {i + 1}: code builds “{(i < e.Length ? e[i] : "")}”, compiled has “{(i < a.Length ? a[i] : "")}”";
        return "";
    }
}
