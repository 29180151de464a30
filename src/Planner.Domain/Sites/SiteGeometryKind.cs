namespace Planner.Sites;

public enum SiteGeometryKind { Linear, Polygonal }
