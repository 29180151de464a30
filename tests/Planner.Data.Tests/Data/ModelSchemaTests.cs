using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Planner.Data;

namespace Planner.Tests.Data;

/// <summary>
/// The hand-written migrations and the EF model must agree: every mapped column exists in the
/// migrated database. (There is no EF migrations tooling here to keep them in step.)
/// </summary>
public abstract class ModelSchemaTests(PostgisServer server, DatabaseEngine engine) : DatabaseTest(server, engine)
{
    [Fact]
    public async Task Every_mapped_column_exists_in_the_migrated_database()
    {
        await using var db = Open();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var missing = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null) continue;
            var columns = new HashSet<string>();
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = Engine == DatabaseEngine.Postgres
                    ? $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'"
                    : $"SELECT name FROM pragma_table_info('{table}')";
                await using var reader = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
                while (await reader.ReadAsync(TestContext.Current.CancellationToken)) columns.Add(reader.GetString(0));
            }
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(store);
                if (column is not null && !columns.Contains(column)) missing.Add($"{table}.{column}");
            }
        }
        Assert.Empty(missing);
    }
}

public sealed class SqliteModelSchemaTests(PostgisServer server) : ModelSchemaTests(server, DatabaseEngine.Sqlite);

public sealed class PostgisModelSchemaTests(PostgisServer server) : ModelSchemaTests(server, DatabaseEngine.Postgres);
