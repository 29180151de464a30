using Planner.Import;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Tests.Import;

/// <summary>.prj files as GDAL writes them for a shapefile (ogr2ogr -t_srs EPSG:n), read with ProjNet and the datum allow-list.</summary>
public class SourceCrsPrjTests
{
    const string Cgcs2000Geog = """GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";
    const string Wgs84Geog = """GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";
    const string Beijing54Geog = """GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";
    const string Xian80Geog = """GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";

    static string GaussKruger(string name, string geog, double falseEasting, double cm) =>
        $"""PROJCS["{name}",{geog},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",{falseEasting:R}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",{cm:R}],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";

    public static TheoryData<string, string> Accepted => new()
    {
        { Cgcs2000Geog, "EPSG:4490" },
        { Wgs84Geog, "EPSG:4326" },
        { $"""PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",{Wgs84Geog},PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]""", "EPSG:3857" },
        { GaussKruger("CGCS2000_3_Degree_GK_CM_114E", Cgcs2000Geog, 500000, 114), "EPSG:4547" },
        { GaussKruger("CGCS2000_3_Degree_GK_Zone_38", Cgcs2000Geog, 38500000, 114), "EPSG:4526" },
        { GaussKruger("CGCS2000_3_Degree_GK_Zone_25", Cgcs2000Geog, 25500000, 75), "EPSG:4513" },
        { GaussKruger("CGCS2000_GK_Zone_13", Cgcs2000Geog, 13500000, 75), "EPSG:4491" },
        { GaussKruger("CGCS2000_GK_Zone_19", Cgcs2000Geog, 19500000, 111), "EPSG:4497" },
        { GaussKruger("CGCS2000_GK_CM_111E", Cgcs2000Geog, 500000, 111).Replace("GK_CM", "6_Degree_GK_CM"), "EPSG:4508" },
    };

    [Theory, MemberData(nameof(Accepted))]
    public void CGCS2000_and_WGS84_systems_are_read_as_what_they_are(string wkt, string code) =>
        Assert.Equal(code, SourceCrs.FromPrj(wkt).Code);

    [Fact]
    public void A_Gauss_Kruger_prj_converts_as_its_EPSG_code_does()
    {
        var fromPrj = SourceCrs.FromPrj(GaussKruger("CGCS2000_3_Degree_GK_CM_114E", Cgcs2000Geog, 500000, 114));
        var (lon, lat) = fromPrj.ToCgcs2000(473_000, 3_842_000);
        Assert.Equal(SourceCrs.FromEpsg(4547)!.ToCgcs2000(473_000, 3_842_000), (lon, lat));
    }

    public static TheoryData<string, string> OtherDatums => new()
    {
        { GaussKruger("Beijing_1954_3_Degree_GK_CM_114E", Beijing54Geog, 500000, 114), "北京 1954" },
        { GaussKruger("Beijing_1954_GK_Zone_19", Beijing54Geog, 19500000, 111), "北京 1954" },
        { Beijing54Geog, "北京 1954" },
        { GaussKruger("Xian_1980_3_Degree_GK_CM_114E", Xian80Geog, 500000, 114), "西安 1980" },
        { Xian80Geog, "西安 1980" },
    };

    [Theory, MemberData(nameof(OtherDatums))]
    public void Beijing_1954_and_Xian_1980_are_refused_with_the_datum_and_what_to_do(string wkt, string datum)
    {
        L10n.Use(L10n.Chinese); // the product's default; the culture flows with this test only
        var e = Assert.Throws<ValidationFailedException>(() => SourceCrs.FromPrj(wkt, "zones.prj"));
        Assert.Equal("zones.prj", e.Problems[0].Where);
        Assert.Contains(datum, e.Problems[0].What);
        Assert.Contains("七参数", e.Problems[0].What);
        Assert.Contains("--towgs84", e.Problems[0].What);
    }

    [Fact]
    public void With_seven_parameters_a_Beijing_1954_prj_is_converted_and_says_so()
    {
        var crs = SourceCrs.FromPrj(GaussKruger("Beijing_1954_3_Degree_GK_CM_114E", Beijing54Geog, 500000, 114), "zones.prj",
            DatumShift.Parse("15.8,-154.4,-82.3,0,0,0,0"));
        Assert.Contains("+towgs84", crs.Code);
        var (lon, lat) = crs.ToCgcs2000(473_000, 3_842_000);
        // Zhengzhou: about 113.70°E 34.70°N, and not where the same numbers on CGCS2000 would be (≈ 70 m away).
        Assert.InRange(lon, 113.6, 113.8);
        Assert.InRange(lat, 34.6, 34.8);
        var (lon2000, lat2000) = SourceCrs.FromEpsg(4547)!.ToCgcs2000(473_000, 3_842_000);
        var metres = Math.Sqrt(Math.Pow((lon - lon2000) * 111_320 * Math.Cos(lat * Math.PI / 180), 2) + Math.Pow((lat - lat2000) * 110_574, 2));
        Assert.InRange(metres, 20, 200);
    }

    [Theory]
    [InlineData("PROJCS[\"x\",GEOGCS[")]
    [InlineData("not a coordinate system")]
    public void An_unreadable_prj_is_refused_with_its_name(string wkt)
    {
        var e = Assert.Throws<ValidationFailedException>(() => SourceCrs.FromPrj(wkt, "bad.prj"));
        Assert.Equal("bad.prj", e.Problems[0].Where);
    }

    [Theory]
    [InlineData("1,2")]
    [InlineData("1,2,3,4")]
    [InlineData("1,2,3,a,5,6,7")]
    [InlineData("1,2,3,4,5,6,NaN")]
    public void Seven_parameters_that_are_not_seven_numbers_are_refused(string text) =>
        Assert.Throws<ValidationFailedException>(() => DatumShift.Parse(text));

    [Fact]
    public void Three_parameters_are_a_shift_without_rotation() =>
        Assert.Equal(new DatumShift(1, 2, 3, 0, 0, 0, 0), DatumShift.Parse(" 1, 2 ,3 "));
}
