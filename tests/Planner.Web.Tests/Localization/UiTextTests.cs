using Planner.Web.Localization;

namespace Planner.Tests.Localization;

public sealed class UiTextTests
{
    [Theory]
    [InlineData("zh", "plannedEnd", "计划完工")]
    [InlineData("en", "plannedEnd", "Planned end")]
    [InlineData("zh", "items", "所选项目")]
    [InlineData("en", "deadline", "Deadline")]
    [InlineData("zh", "photos[1] (notes.jpg)", "照片 #2 (notes.jpg)")]
    [InlineData("en", "photos[0]", "Photos #1")]
    [InlineData("zh", "photos[x]", "照片[x]")]
    [InlineData("zh", "items[2147483647]", "所选项目[2147483647]")]
    [InlineData("zh", "roads.geojson 第 3 行", "roads.geojson 第 3 行")]
    [InlineData("zh", "Planner:Field:MaxPhotoBytes", "Planner:Field:MaxPhotoBytes")]
    [InlineData("zh", "", "")]
    [InlineData("zh", "photos.geojson 第 3 个要素 geometry", "photos.geojson 第 3 个要素 geometry")]
    [InlineData("zh", "status 第 2 行", "status 第 2 行")]
    public void A_problem_is_placed_in_the_user_s_words(string language, string where, string expected) =>
        Assert.Equal(expected, new UiText(language).Where(where));
}
