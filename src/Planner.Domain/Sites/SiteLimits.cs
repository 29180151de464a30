using Planner.Geometry;

namespace Planner.Sites;

/// <summary>
/// What one site may hold, configurable (Planner:Limits). Every limit is named in the message that
/// refuses input over it. <see cref="Validate"/> refuses settings that make no sense.
/// </summary>
public sealed class SiteLimits
{
    public static SiteLimits Default { get; } = new();

    /// <summary>Vertices in one site's geometry (the largest real district boundary in China has 3,275).</summary>
    public int MaxVertices { get; set; } = 20_000;
    public int MaxCodeLength { get; set; } = 64;
    public int MaxNameLength { get; set; } = 200;
    /// <summary>Short text fields: community, responsible unit and person, lead official, road names, grade, villages.</summary>
    public int MaxTextLength { get; set; } = 200;
    /// <summary>A site's notes.</summary>
    public int MaxNotesLength { get; set; } = 4_000;
    /// <summary>A progress note.</summary>
    public int MaxNoteLength { get; set; } = 1_000;
    /// <summary>Planned dates may not lie before this year.</summary>
    public int EarliestYear { get; set; } = 1990;
    /// <summary>Planned dates may lie at most this many years after today.</summary>
    public int MaxYearsAhead { get; set; } = 20;
    public double MaxCompoundSquareKilometres { get; set; } = 3;
    public double MaxFringeSquareKilometres { get; set; } = 30;
    public double MaxRoadKilometres { get; set; } = 30;
    /// <summary>At least this share of a site (its area, or its length for a road) lies inside the district.</summary>
    public double MinShareInsideDistrict { get; set; } = 0.5;

    public SiteLimits Validate()
    {
        Positive(MaxVertices, nameof(MaxVertices));
        Positive(MaxCodeLength, nameof(MaxCodeLength));
        Positive(MaxNameLength, nameof(MaxNameLength));
        Positive(MaxTextLength, nameof(MaxTextLength));
        Positive(MaxNotesLength, nameof(MaxNotesLength));
        Positive(MaxNoteLength, nameof(MaxNoteLength));
        if (EarliestYear is < 1900 or > 2100) throw new ArgumentOutOfRangeException(nameof(EarliestYear), EarliestYear, "Must be a year from 1900 to 2100.");
        Positive(MaxYearsAhead, nameof(MaxYearsAhead));
        Positive(MaxCompoundSquareKilometres, nameof(MaxCompoundSquareKilometres));
        Positive(MaxFringeSquareKilometres, nameof(MaxFringeSquareKilometres));
        Positive(MaxRoadKilometres, nameof(MaxRoadKilometres));
        if (!(MinShareInsideDistrict is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(MinShareInsideDistrict), MinShareInsideDistrict, "Must be between 0 and 1.");
        return this;
    }

    /// <summary>The geometry checks with these limits.</summary>
    public SiteGeometryRules GeometryRules => geometryRules ??= new SiteGeometryRules { MaxVertices = MaxVertices };

    SiteGeometryRules? geometryRules;

    /// <summary>The largest size a site of the programme may have: km² for areas, km for roads.</summary>
    public double MaxSize(Programme programme) => programme switch
    {
        Programme.Road => MaxRoadKilometres,
        Programme.Compound => MaxCompoundSquareKilometres,
        _ => MaxFringeSquareKilometres,
    };

    static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value)) throw new ArgumentOutOfRangeException(name, value, "Must be a positive number.");
    }
}
