using Planner.Geometry;

namespace Planner.Field;

/// <summary>
/// What a reviewer should look at twice: a photo taken far from what it documents, taken before the step it
/// documents began, or the same file as an earlier photo. Flags, not refusals: a phone without GPS fix, or a
/// camera clock set wrong, is common, and the reviewer decides.
/// </summary>
public static class EvidenceCheck
{
    /// <param name="anchor">What the photo documents (a site's outline, a case's point), CGCS2000 lon/lat.</param>
    /// <param name="stepStarted">When the documented step began: a photo taken before then shows an earlier state.</param>
    /// <param name="earlierWithSameBytes">The id of an earlier photo with the same SHA-256, if any.</param>
    public static void Apply(EvidencePhoto photo, NetTopologySuite.Geometries.Geometry anchor, DateTimeOffset? stepStarted, long? earlierWithSameBytes, FieldLimits limits)
    {
        if (photo.Lon is { } lon && photo.Lat is { } lat)
        {
            photo.DistanceMetres = Math.Round(Measure.DistanceMetres(anchor, lon, lat), 1);
            photo.TooFar = photo.DistanceMetres > limits.EvidenceDistanceMetres;
        }
        photo.TakenBeforeStep = photo.TakenAt is { } taken && stepStarted is { } started && taken < started.AddMinutes(-limits.ClockToleranceMinutes);
        photo.DuplicateOf = earlierWithSameBytes;
    }
}
