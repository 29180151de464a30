using Planner.Geometry;
using Planner.Townships;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Sites;

/// <summary>
/// One remediation project on the map. Kind-specific fields live on the subclasses
/// (<see cref="RoadSite"/>, <see cref="CompoundSite"/>, <see cref="FringeSite"/>), stored in one table.
/// </summary>
public abstract class Site
{
    // Set by storage: EF Core, or an import that takes ids from the sequence ahead of its COPY.
    public long Id { get; internal set; }
    public abstract Programme Programme { get; }
    public required string Code { get; set; }
    public required string Name { get; set; }

    public int TownshipId { get; set; }
    public Township? Township { get; set; }
    /// <summary>True when a user chose the township; otherwise it follows the geometry (largest overlap).</summary>
    public bool TownshipAssigned { get; set; }

    public string? Community { get; set; }
    public string? ResponsibleUnit { get; set; }
    public string? ResponsiblePerson { get; set; }
    public string? ResponsiblePhone { get; set; }
    public string? LeadOfficial { get; set; }
    public DateOnly? PlannedStart { get; set; }
    public DateOnly? PlannedEnd { get; set; }
    public DateOnly? ActualStart { get; set; }
    public DateOnly? ActualEnd { get; set; }
    /// <summary>Budget in 万元 (10,000 CNY).</summary>
    public decimal? Budget { get; set; }
    public bool IsPilot { get; set; }
    public bool IsShowcase { get; set; }
    public string? Notes { get; set; }

    public SiteStatus Status { get; private set; } = SiteStatus.Planning;
    /// <summary>The state a suspended site returns to.</summary>
    public SiteStatus? SuspendedFrom { get; private set; }
    public int Progress { get; private set; }

    public NetTopologySuite.Geometries.Geometry Geometry { get; private set; } = Cgcs2000.Factory.CreateGeometryCollection();
    /// <summary>Area in m² (polygonal sites), measured in the nearest Gauss–Krüger zone.</summary>
    public double? AreaSquareMetres { get; private set; }
    /// <summary>Length in m: the line's length, or the polygon's perimeter.</summary>
    public double LengthMetres { get; private set; }
    // Bounding box: the spatial index on SQLite, and cheap bbox filters on both engines.
    public double MinLon { get; private set; }
    public double MinLat { get; private set; }
    public double MaxLon { get; private set; }
    public double MaxLat { get; private set; }

    /// <summary>Optimistic concurrency token, bumped on every save that changes the site.</summary>
    public int Version { get; internal set; }
    public DateTimeOffset CreatedAt { get; internal set; }
    public DateTimeOffset UpdatedAt { get; internal set; }
    public DateTimeOffset? DeletedAt { get; internal set; }

    public List<ProgressRecord> ProgressRecords { get; } = [];
    public List<SiteTask> Tasks { get; } = [];

    public double? AreaMu => AreaSquareMetres is { } a ? Measure.ToMu(a) : null;

    public bool IsOverdue(DateOnly today) => SiteWorkflow.IsOverdue(Status, PlannedEnd, today);

    /// <summary>Sets the geometry (already validated) and the measures derived from it.</summary>
    public void SetGeometry(NetTopologySuite.Geometries.Geometry geometry) => SetGeometry(geometry, Measure.AreaAndLength(geometry));

    /// <summary>Sets the geometry with its measures already taken (an import measures in parallel).</summary>
    internal void SetGeometry(NetTopologySuite.Geometries.Geometry geometry, (double Area, double Length) measured)
    {
        if (geometry.SRID != Cgcs2000.Srid)
            throw new ArgumentException($"Site geometry must be CGCS2000 lon/lat (SRID {Cgcs2000.Srid}), not SRID {geometry.SRID}.", nameof(geometry));
        Geometry = geometry;
        AreaSquareMetres = Programme.GeometryKind() == SiteGeometryKind.Polygonal ? measured.Area : null;
        LengthMetres = measured.Length;
        var e = geometry.EnvelopeInternal;
        (MinLon, MinLat, MaxLon, MaxLat) = (e.MinX, e.MinY, e.MaxX, e.MaxY);
    }

    /// <summary>The state and measures a store read, as stored (not derived again): for readers that build sites without EF Core.</summary>
    internal void Load(long id, SiteStatus status, int progress, NetTopologySuite.Geometries.Geometry geometry, double? area, double length)
    {
        Id = id;
        Status = status;
        Progress = progress;
        SetGeometry(geometry, (area ?? 0, length));
    }

    internal ProgressRecord RecordInitial(SiteStatus status, int percent, string by, DateTimeOffset at, string note)
    {
        Status = status;
        Progress = percent;
        var record = new ProgressRecord { At = at, By = by, Status = status, Percent = percent, Note = note };
        ProgressRecords.Add(record);
        return record;
    }

    /// <summary>
    /// Moves the site through the workflow (or updates its progress within a state) and appends the
    /// progress record. Refuses illegal jumps and a progress % that contradicts the state.
    /// </summary>
    public ProgressRecord RecordProgress(SiteStatus status, int percent, string by, DateTimeOffset at,
        string? note = null, DateOnly? actualDate = null)
    {
        var problems = new List<Problem>();
        if (status != Status && SiteWorkflow.ExplainRefusal(Status, status, SuspendedFrom) is { } refusal)
            problems.Add(new Problem("status", refusal));
        var newSuspendedFrom = status == SiteStatus.Suspended ? (Status == SiteStatus.Suspended ? SuspendedFrom : Status) : null;
        if (SiteWorkflow.CheckProgress(status, percent, newSuspendedFrom) is { } progressProblem)
            problems.Add(progressProblem);
        if (status == Status && percent == Progress && string.IsNullOrWhiteSpace(note))
            problems.Add(new Problem("progress", L10n.T("没有变化：状态和进度相同，也没有说明", "nothing changed: same status and progress, and no note")));
        if (string.IsNullOrWhiteSpace(by))
            problems.Add(new Problem("by", L10n.T("必须注明修改人", "who made the change is required")));

        var actualStart = ActualStart;
        var actualEnd = ActualEnd;
        if (status == SiteStatus.Construction && actualStart is null)
            actualStart = actualDate ?? DistrictTime.System.DateOf(at); // the service passes the configured district's date
        if (status == SiteStatus.Completed && Status != SiteStatus.Completed)
        {
            actualEnd = actualDate ?? actualEnd;
            if (actualEnd is null)
                problems.Add(new Problem("actualEnd", L10n.T("完工的项目需要填写实际完工日期", "a completed site needs its actual end date")));
            else if (actualStart is { } s && actualEnd < s)
                problems.Add(new Problem("actualEnd", L10n.T($"{actualEnd:yyyy-MM-dd} 早于实际开工日期 {s:yyyy-MM-dd}", $"{actualEnd:yyyy-MM-dd} is before the actual start {s:yyyy-MM-dd}")));
        }
        if (problems.Count > 0) throw new ValidationFailedException(problems);

        Status = status;
        SuspendedFrom = newSuspendedFrom;
        Progress = percent;
        ActualStart = actualStart;
        ActualEnd = actualEnd;
        var record = new ProgressRecord { At = at, By = by.Trim(), Status = status, Percent = percent, Note = note };
        ProgressRecords.Add(record);
        return record;
    }
}
