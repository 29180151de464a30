namespace Planner.Sites;

public sealed record CompoundFields(int? BuildYear = null, int? Buildings = null, int? Households = null,
    double? FloorAreaSquareMetres = null, bool? HasPropertyManagement = null, WorksClass? WorksClass = null);
