using System.Data.Common;
using System.Globalization;

namespace Planner.Tests;

/// <summary>What tests read back from a database in one value.</summary>
static class DbScalar
{
    /// <summary>The first value the statement returns, as invariant text ("" for none).</summary>
    public static async Task<string> ScalarTextAsync(this DbConnection connection, string sql, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) ?? "";
    }
}
