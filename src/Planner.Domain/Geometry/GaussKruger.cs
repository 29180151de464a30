using System.Collections.Concurrent;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Planner.Geometry;

/// <summary>
/// CGCS2000 3-degree Gauss–Krüger zones 25–45 (central meridians 75°E–135°E):
/// EPSG:4534–4554 without the zone number in the easting, EPSG:4513–4533 with it.
/// </summary>
public sealed class GaussKrugerZone
{
    public const int FirstZone = 25;
    public const int LastZone = 45;

    static readonly ConcurrentDictionary<int, GaussKrugerZone> Zones = new();

    readonly MathTransform forward;
    readonly MathTransform inverse;

    GaussKrugerZone(int zone)
    {
        Zone = zone;
        CentralMeridian = zone * 3;
        (forward, inverse) = TransverseMercator.Create(CentralMeridian);
    }

    /// <summary>Zone number, 25–45.</summary>
    public int Zone { get; }

    /// <summary>Central meridian in degrees east (3 × zone).</summary>
    public int CentralMeridian { get; }

    /// <summary>EPSG code of this zone's CRS without the zone number in the easting (4534–4554).</summary>
    public int Epsg => 4534 + Zone - FirstZone;

    /// <summary>EPSG code of this zone's CRS with the zone number in front of the easting (4513–4533).</summary>
    public int EpsgWithZonePrefix => 4513 + Zone - FirstZone;

    public static GaussKrugerZone Get(int zone)
    {
        if (zone is < FirstZone or > LastZone)
            throw new ArgumentOutOfRangeException(nameof(zone), zone, $"CGCS2000 3-degree zones run from {FirstZone} to {LastZone}.");
        return Zones.GetOrAdd(zone, z => new GaussKrugerZone(z));
    }

    /// <summary>The zone whose central meridian is nearest to the longitude (clamped to China's zones).</summary>
    public static GaussKrugerZone ForLongitude(double longitude)
    {
        if (!double.IsFinite(longitude))
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be a finite number.");
        var zone = (int)Math.Round(longitude / 3.0, MidpointRounding.AwayFromZero);
        return Get(Math.Clamp(zone, FirstZone, LastZone));
    }

    /// <summary>The zone for an EPSG code, either form (4513–4533 or 4534–4554); null for other codes.</summary>
    public static GaussKrugerZone? ForEpsg(int epsg) => epsg switch
    {
        >= 4534 and <= 4554 => Get(epsg - 4534 + FirstZone),
        >= 4513 and <= 4533 => Get(epsg - 4513 + FirstZone),
        _ => null,
    };

    /// <summary>Projects lon/lat (degrees) to easting/northing (metres, false easting 500 km, no zone prefix).</summary>
    public (double Easting, double Northing) Project(double longitude, double latitude)
    {
        double x = longitude, y = latitude;
        forward.Transform(ref x, ref y);
        return (x, y);
    }

    /// <summary>Inverse of <see cref="Project"/>.</summary>
    public (double Longitude, double Latitude) Unproject(double easting, double northing)
    {
        double x = easting, y = northing;
        inverse.Transform(ref x, ref y);
        return (x, y);
    }

    internal void ProjectInPlace(ref double x, ref double y) => forward.Transform(ref x, ref y);
}

/// <summary>CGCS2000 Gauss–Krüger (Transverse Mercator, scale 1, false easting 500 km) about any central meridian, via ProjNet.</summary>
static class TransverseMercator
{
    static readonly ConcurrentDictionary<double, (MathTransform Forward, MathTransform Inverse)> Cache = new();

    public static (MathTransform Forward, MathTransform Inverse) Create(double centralMeridian) =>
        Cache.GetOrAdd(centralMeridian, cm =>
        {
            var factory = new CoordinateSystemFactory();
            var ellipsoid = factory.CreateFlattenedSphere("CGCS2000", Cgcs2000.SemiMajorAxis, Cgcs2000.InverseFlattening, LinearUnit.Metre);
            var datum = factory.CreateHorizontalDatum("China_2000", DatumType.HD_Geocentric, ellipsoid, null);
            var geographic = factory.CreateGeographicCoordinateSystem("China Geodetic Coordinate System 2000", AngularUnit.Degrees, datum,
                PrimeMeridian.Greenwich, new AxisInfo("Lon", AxisOrientationEnum.East), new AxisInfo("Lat", AxisOrientationEnum.North));
            var projection = factory.CreateProjection("Gauss-Kruger", "Transverse_Mercator",
            [
                new ProjectionParameter("latitude_of_origin", 0),
                new ProjectionParameter("central_meridian", cm),
                new ProjectionParameter("scale_factor", 1),
                new ProjectionParameter("false_easting", 500000),
                new ProjectionParameter("false_northing", 0),
            ]);
            var projected = factory.CreateProjectedCoordinateSystem($"CGCS2000 / Gauss-Kruger CM {cm}E",
                geographic, projection, LinearUnit.Metre, new AxisInfo("East", AxisOrientationEnum.East), new AxisInfo("North", AxisOrientationEnum.North));
            var forward = new CoordinateTransformationFactory().CreateFromCoordinateSystems(geographic, projected).MathTransform;
            return (forward, forward.Inverse());
        });

    /// <summary>Easting/northing (metres, no zone prefix) to lon/lat.</summary>
    public static (double Lon, double Lat) Unproject(double centralMeridian, double easting, double northing)
    {
        var (_, inverse) = Create(centralMeridian);
        double x = easting, y = northing;
        inverse.Transform(ref x, ref y);
        return (x, y);
    }
}
