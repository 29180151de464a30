using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Planner.Geometry;
using Planner.Sites;

namespace Planner.Data.Configurations;

static class ModelBuilderExtensions
{
    /// <summary>The annotation naming a geometry column's PostGIS type, e.g. geometry(MultiPolygon,4490).</summary>
    public const string PostgisType = "Planner:PostgisType";

    /// <summary>
    /// A geometry column: <c>geometry(type,4490)</c> on PostGIS, mapped by Npgsql's NetTopologySuite plugin;
    /// an EWKB BLOB on SQLite, which has no spatial plugin here (<see cref="PlannerDbContext"/> adds the converter).
    /// </summary>
    public static PropertyBuilder<T> HasGeometry<T>(this PropertyBuilder<T> property, string postgisType)
        where T : NetTopologySuite.Geometries.Geometry? =>
        property.HasAnnotation(PostgisType, $"geometry({postgisType},{Cgcs2000.Srid})");
}

/// <summary>Enums are stored as readable codes, so the district's other GIS tools can read the tables.</summary>
static class EnumCodes
{
    public static readonly ValueConverter<SiteStatus, string> Status =
        new(s => s.Code(), s => SiteStatusExtensions.FromCode(s));

    public static readonly ValueConverter<SiteStatus?, string?> NullableStatus =
        new(s => s == null ? null : s.Value.Code(), s => s == null ? null : SiteStatusExtensions.FromCode(s));

    public static readonly ValueConverter<WorksClass?, string?> NullableWorksClass =
        new(c => c == null ? null : c.Value.Code(), c => c == null ? null : ParseWorksClass(c));

    internal static WorksClass ParseWorksClass(string code) => Enum.Parse<WorksClass>(code, true);
}
