using NetTopologySuite.Geometries;
using Planner.Sites;

namespace Planner.Tests.Sites;

/// <summary>What history and imports call a change: numbers by value, every other property by its JSON.</summary>
public class SiteSnapshotChangedFieldsTests
{
    static readonly NetTopologySuite.Geometries.Geometry Square = new GeometryFactory(new PrecisionModel(), 4490).CreatePolygon(
        [new(113.7, 34.7), new(113.701, 34.7), new(113.701, 34.701), new(113.7, 34.7)]);

    static SiteSnapshot Of(string properties) => new("{\"type\":\"Feature\",\"geometry\":null,\"properties\":{" + properties + "}}", Square);

    [Theory]
    [InlineData("\"budget\":359.20", "\"budget\":359.2", "")] // PostgreSQL's numeric keeps its scale
    [InlineData("\"budget\":359.2", "\"budget\":359.3", "budget")]
    [InlineData("\"budget\":359.2", "\"budget\":null", "budget")]
    [InlineData("\"budget\":359.2", "", "budget")]
    [InlineData("\"name\":\"甲\"", "\"name\":\"乙\"", "name")]
    [InlineData("\"pilot\":false", "\"pilot\":true", "pilot")]
    [InlineData("\"areaM2\":1.5,\"name\":\"甲\"", "\"areaM2\":2.5,\"name\":\"甲\"", "")] // follows from the geometry
    public void Numbers_compare_by_value_and_the_rest_by_their_JSON(string before, string after, string changed) =>
        Assert.Equal(changed, string.Join(",", SiteSnapshot.ChangedFields(Of(before), Of(after))));
}
