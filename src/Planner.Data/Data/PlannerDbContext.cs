using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Planner.Sites;
using Planner.Townships;
using Planner.Users;

namespace Planner.Data;

public sealed class PlannerDbContext(DbContextOptions<PlannerDbContext> options)
    : IdentityDbContext<PlannerUser, IdentityRole, string>(options), Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    /// <summary>The keys that protect cookies and antiforgery tokens, shared by every web node on this database.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    public DbSet<Site> Sites => Set<Site>();
    public DbSet<ProgressRecord> ProgressRecords => Set<ProgressRecord>();
    public DbSet<SiteTask> SiteTasks => Set<SiteTask>();
    public DbSet<SiteRevision> SiteRevisions => Set<SiteRevision>();
    public DbSet<Township> Townships => Set<Township>();
    public DbSet<UserTownship> UserTownships => Set<UserTownship>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Planner.Import.ImportMapping> ImportMappings => Set<Planner.Import.ImportMapping>();
    public DbSet<Planner.Field.ProgressReport> ProgressReports => Set<Planner.Field.ProgressReport>();
    public DbSet<Planner.Field.EvidencePhoto> EvidencePhotos => Set<Planner.Field.EvidencePhoto>();
    public DbSet<Planner.Field.ProblemCase> ProblemCases => Set<Planner.Field.ProblemCase>();
    public DbSet<Planner.Field.CaseEvent> CaseEvents => Set<Planner.Field.CaseEvent>();
    public DbSet<Planner.Users.AccessToken> AccessTokens => Set<Planner.Users.AccessToken>();
    public DbSet<Planner.Supervision.SupervisionOrder> SupervisionOrders => Set<Planner.Supervision.SupervisionOrder>();
    public DbSet<Planner.Supervision.SupervisionEvent> SupervisionEvents => Set<Planner.Supervision.SupervisionEvent>();

    public DatabaseEngine Engine => Database.IsNpgsql() ? DatabaseEngine.Postgres : DatabaseEngine.Sqlite;

    /// <summary>Clock for CreatedAt/UpdatedAt; tests may give another when they create a context (a pooled one keeps the system's).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Identity's tables, named like ours.
        modelBuilder.Entity<PlannerUser>().ToTable("users");
        modelBuilder.Entity<IdentityRole>().ToTable("roles");
        modelBuilder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        modelBuilder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        modelBuilder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlannerDbContext).Assembly);
        ApplySnakeCaseNames(modelBuilder);
        MapGeometry(modelBuilder, Database.IsNpgsql());
        if (Database.IsNpgsql())
            modelBuilder.HasDbFunction(typeof(Spatial.PostgisFunctions).GetMethod(nameof(Spatial.PostgisFunctions.MapGeoJson))!).HasName("planner_map_geojson").HasSchema(null);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite cannot compare or order decimals and DateTimeOffsets stored as text.
            configurationBuilder.Properties<decimal>().HaveConversion<double>();
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Stamp();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Stamp();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Timestamps and the concurrency version: a site changes if it, its ledger or its history does.
    /// New revisions get the version they produce and the site's snapshot after the change.
    /// </summary>
    void Stamp()
    {
        var now = Clock.GetUtcNow();
        ChangeTracker.DetectChanges();
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        // Entries() would detect changes again on every call: once is enough, and it matters for bulk seeding.
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var entries = ChangeTracker.Entries().ToList();
            var sites = entries.Where(e => e.Entity is Site).GroupBy(e => ((Site)e.Entity).Id).ToDictionary(g => g.Key, g => g.First());
            var touched = new HashSet<Site>();
            foreach (var entry in entries)
            {
                switch (entry.Entity)
                {
                    case Site site when entry.State == EntityState.Added:
                        site.CreatedAt = now;
                        site.UpdatedAt = now;
                        site.Version = 1;
                        break;
                    case Site site when entry.State == EntityState.Modified:
                        touched.Add(site);
                        break;
                    case ProgressRecord or SiteTask or SiteRevision when entry.State is EntityState.Added or EntityState.Modified:
                        var siteId = (long)entry.Property("SiteId").CurrentValue!;
                        if (sites.TryGetValue(siteId, out var owner) && owner.State != EntityState.Added)
                            touched.Add((Site)owner.Entity);
                        break;
                }
            }
            foreach (var site in touched)
            {
                site.UpdatedAt = now;
                site.Version++;
                Entry(site).State = EntityState.Modified;
            }
            foreach (var entry in entries)
            {
                if (entry.Entity is not SiteRevision { } revision || entry.State != EntityState.Added) continue;
                var site = revision.Site ?? (Site?)sites.GetValueOrDefault(revision.SiteId)?.Entity
                           ?? throw new InvalidOperationException("a revision must be saved with its site");
                revision.Version = site.Version;
                if (revision.After is null && revision.Action is not (RevisionAction.Deleted or RevisionAction.MergedInto)) revision.SetAfter(SiteSnapshot.Of(site));
            }
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>Geometry columns: PostGIS types on PostgreSQL (the NTS plugin reads and writes them), EWKB BLOBs on SQLite.</summary>
    static void MapGeometry(ModelBuilder modelBuilder, bool postgis)
    {
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()))
        {
            if (property.FindAnnotation(Configurations.ModelBuilderExtensions.PostgisType)?.Value is not string type) continue;
            if (postgis)
            {
                property.SetColumnType(type);
                continue;
            }
            var converter = (Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter)Activator.CreateInstance(typeof(GeometryValueConverter<>).MakeGenericType(property.ClrType))!;
            var comparer = (Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer)Activator.CreateInstance(typeof(GeometryValueComparer<>).MakeGenericType(property.ClrType))!;
            property.SetValueConverter(converter);
            property.SetValueComparer(comparer);
        }
    }

    static void ApplySnakeCaseNames(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.FindAnnotation("Relational:ColumnName") is null)
                    property.SetColumnName(ToSnakeCase(property.Name));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
