namespace Planner.Sites;

/// <summary>How a site field's value is typed: what it is written and read as in JSON, files and the database.</summary>
public enum SiteFieldKind
{
    Text,
    Date,
    /// <summary>decimal (万元).</summary>
    Money,
    Number,
    Integer,
    Flag,
    /// <summary>true, false or unknown.</summary>
    OptionalFlag,
    WorksClass,
}
