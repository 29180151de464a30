using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Planner.Data;

/// <summary>
/// Chooses the engine from the connection string <c>ConnectionStrings:Planner</c>: a SQLite file
/// (the embedded default) unless it names a PostgreSQL server.
/// </summary>
public static class PlannerDatabase
{
    /// <summary>Connections one process keeps open at most unless the connection string says (Maximum Pool Size):
    /// well below PostgreSQL's default max_connections of 100, so psql, replicas and a second node still get in.</summary>
    public const int DefaultMaxPoolSize = 20;

    static readonly ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new();

    public static DatabaseEngine EngineOf(string connectionString)
    {
        var cs = connectionString.Trim();
        if (cs.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || cs.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return DatabaseEngine.Postgres;
        foreach (var part in cs.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var key = part.Split('=', 2)[0].Trim();
            if (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase))
                return DatabaseEngine.Postgres;
        }
        return DatabaseEngine.Sqlite;
    }

    /// <param name="compiledModel">Use the engine's compiled model (Data/CompiledModels) instead of building the model at
    /// start: EF Core's model building was most of a command's fixed cost. Off only to generate those models.</param>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string connectionString, bool compiledModel = true)
    {
        if (EngineOf(connectionString) == DatabaseEngine.Postgres)
        {
            builder.UseNpgsql(DataSource(connectionString), o => o.UseNetTopologySuite(precisionModel: Geometry.Cgcs2000.Factory.PrecisionModel));
            if (compiledModel) builder.UseModel(PlannerCompiledModels.Postgres.PlannerDbContextModel.Instance);
        }
        else
        {
            builder.UseSqlite(connectionString).AddInterceptors(Spatial.SqliteSpatialFunctions.Instance);
            if (compiledModel) builder.UseModel(PlannerCompiledModels.Sqlite.PlannerDbContextModel.Instance);
        }
        return builder;
    }

    public static DbContextOptions<PlannerDbContext> Options(string connectionString) =>
        (DbContextOptions<PlannerDbContext>)Configure(new DbContextOptionsBuilder<PlannerDbContext>(), connectionString).Options;

    public static PlannerDbContext Open(string connectionString) => new(Options(connectionString));

    /// <summary>A context on a connection already open (from <see cref="DataSource"/>), sharing its transaction.</summary>
    public static PlannerDbContext Open(NpgsqlConnection connection) =>
        new(new DbContextOptionsBuilder<PlannerDbContext>().UseNpgsql(connection, o => o.UseNetTopologySuite(precisionModel: Geometry.Cgcs2000.Factory.PrecisionModel))
            .UseModel(PlannerCompiledModels.Postgres.PlannerDbContextModel.Instance).Options);

    /// <summary>A plain connection, opened, for commands that need no EF Core model (PostGIS through <see cref="DataSource"/>).</summary>
    public static async Task<System.Data.Common.DbConnection> OpenConnectionAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        if (EngineOf(connectionString) == DatabaseEngine.Postgres)
            return await DataSource(connectionString).OpenConnectionAsync(cancellationToken);
        var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>One data source per connection string: it owns the pool and maps PostGIS geometry to NetTopologySuite (Npgsql's plugin).</summary>
    public static NpgsqlDataSource DataSource(string connectionString) =>
        DataSources.GetOrAdd(connectionString, cs =>
        {
            var builder = new NpgsqlDataSourceBuilder(WithDefaults(ToKeywordForm(cs)));
            builder.UseNetTopologySuite(precisionModel: Geometry.Cgcs2000.Factory.PrecisionModel);
            return builder.Build();
        });

    /// <summary>
    /// The connection string with our defaults where it says nothing itself: at most <see cref="DefaultMaxPoolSize"/>
    /// connections, and the session settings of <see cref="DefaultSettings"/>, each unless its own <c>Options</c> sets it.
    /// Npgsql's automatic preparation stays off: after five runs PostgreSQL gave the map's statement a generic plan, 7 ms
    /// slower (ninth session).
    /// </summary>
    public static string WithDefaults(string cs)
    {
        var b = new NpgsqlConnectionStringBuilder(cs);
        if (!System.Text.RegularExpressions.Regex.IsMatch(cs, @"(^|;)\s*max(imum)?\s*pool\s*size\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            b.MaxPoolSize = DefaultMaxPoolSize;
        var own = b.Options ?? "";
        var added = DefaultSettings.Where(d => !System.Text.RegularExpressions.Regex.IsMatch(own, $@"(^|\s)(-c\s*|--){d.Name}\s*=")).Select(d => $"-c {d.Name}={d.Value}");
        b.Options = string.Join(' ', new[] { own }.Concat(added).Where(o => o.Length > 0));
        return b.ConnectionString;
    }

    /// <summary>
    /// PostgreSQL settings every connection of ours starts with. <c>jit</c> off: PostGIS prices its functions high, so a map
    /// query of a few milliseconds crosses jit_above_cost and spends 10–20 ms compiling itself (docs/benchmarks.md, the map).
    /// No parallel workers: a worker is a new backend that loads the libraries its leader has, PostGIS and PROJ among them,
    /// which cost a dense map view at 10⁵ sites 40 ms of its 60 (docs/benchmarks.md, eleventh session), and on a web server
    /// the other requests are using the cores anyway.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Value)> DefaultSettings = [("jit", "off"), ("max_parallel_workers_per_gather", "0")];

    /// <summary>
    /// Ends a transaction that a batch opened (<c>BEGIN; …; COMMIT</c> in one round trip) and whose statement failed before
    /// its <c>COMMIT</c>, so the connection goes back to the pool outside any transaction; a connection already broken needs
    /// nothing (Npgsql drops it from the pool).
    /// </summary>
    internal static async Task RollBackAsync(System.Data.Common.DbConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open) return;
        try
        {
            await using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (System.Data.Common.DbException)
        {
            // The connection is unusable.
        }
    }

    internal static string ToKeywordForm(string cs)
    {
        if (!cs.Contains("://", StringComparison.Ordinal)) return cs;
        var uri = new Uri(cs);
        var userInfo = uri.UserInfo.Split(':', 2);
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/'),
            Username = Uri.UnescapeDataString(userInfo[0]),
        };
        if (userInfo.Length > 1) b.Password = Uri.UnescapeDataString(userInfo[1]);
        return b.ConnectionString;
    }
}
