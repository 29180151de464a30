using Planner.Data;

namespace Planner.Web.Hosting;

/// <summary>
/// Where the map's site tiles are read from: a PostgreSQL streaming standby named by <c>ConnectionStrings:PlannerRead</c>
/// (an Npgsql multi-host string may name several, e.g. <c>Target Session Attributes=prefer-standby;Load Balance
/// Hosts=true</c>), or the one database when it is not set. Everything else — sign-in, edits, the township figures —
/// stays on the primary. A standby lags the primary by its replay delay, so a tile made there is cached under the
/// primary's version only if the standby had replayed that version when the tile was read (<see cref="ReplicaBehindException"/>).
/// </summary>
public sealed class ReadReplica(bool configured)
{
    /// <summary>The DI key of the context on the read database (<c>[FromKeyedServices(ReadReplica.Key)]</c>).</summary>
    public const string Key = "read";

    /// <summary>Whether reads go to a database of their own (else the read context is the primary's).</summary>
    public bool Configured { get; } = configured;

    public static void Add(IServiceCollection services, string primaryConnectionString, string? readConnectionString)
    {
        if (string.IsNullOrWhiteSpace(readConnectionString))
        {
            services.AddSingleton(new ReadReplica(false));
            services.AddKeyedScoped<PlannerDbContext>(Key, (sp, _) => sp.GetRequiredService<PlannerDbContext>());
            return;
        }
        if (PlannerDatabase.EngineOf(primaryConnectionString) != DatabaseEngine.Postgres || PlannerDatabase.EngineOf(readConnectionString) != DatabaseEngine.Postgres)
            throw new InvalidOperationException(
                "ConnectionStrings:PlannerRead names a PostgreSQL standby of the primary (ConnectionStrings:Planner); both must be PostgreSQL. " +
                "ConnectionStrings:PlannerRead 应为主库（ConnectionStrings:Planner）的 PostgreSQL 备库，两者都须是 PostgreSQL。");
        services.AddSingleton(new ReadReplica(true));
        services.AddKeyedScoped<PlannerDbContext>(Key, (_, _) => new PlannerDbContext(PlannerDatabase.Options(readConnectionString)));
    }
}
