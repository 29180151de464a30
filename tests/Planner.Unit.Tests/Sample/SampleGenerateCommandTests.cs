using System.CommandLine;
using Planner.Cli;

namespace Planner.Tests.Sample;

/// <summary>`planner sample generate` given a source it cannot use: one line naming the option and the file, nothing written.</summary>
public class SampleGenerateCommandTests
{
    static async Task<(int Exit, string Error, bool Wrote)> GenerateAsync(string source)
    {
        var output = Path.Combine(Path.GetTempPath(), $"planner-sample-{Guid.NewGuid():N}");
        var error = new StringWriter();
        var config = new InvocationConfiguration { Output = new StringWriter(), Error = error };
        var exit = await PlannerCommands.InvokeAsync(["sample", "generate", "--source", source, "--out", output], config,
            cancellationToken: TestContext.Current.CancellationToken);
        var wrote = Directory.Exists(output);
        if (wrote) Directory.Delete(output, true);
        return (exit, error.ToString(), wrote);
    }

    [Fact]
    public async Task A_missing_source_file_is_named_with_its_option()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.json");
        var (exit, error, wrote) = await GenerateAsync(missing);
        Assert.Equal(1, exit);
        Assert.Contains("--source", error);
        Assert.Contains(missing, error);
        Assert.DoesNotContain("   at ", error); // a message, not a stack trace
        Assert.False(wrote);
    }

    [Theory]
    [InlineData("{\"type\":")] // cut short
    [InlineData("[1, 2]")] // JSON, not a feature collection
    [InlineData("{\"type\":\"FeatureCollection\"}")] // no features
    public async Task A_source_that_is_not_a_DataV_city_file_is_refused_whole(string text)
    {
        var file = Path.Combine(Path.GetTempPath(), $"planner-bad-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, text, TestContext.Current.CancellationToken);
        try
        {
            var (exit, error, wrote) = await GenerateAsync(file);
            Assert.Equal(1, exit);
            Assert.Contains("--source", error);
            Assert.Contains(Path.GetFileName(file), error);
            Assert.DoesNotContain("   at ", error);
            Assert.False(wrote);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_city_file_without_the_sample_district_is_refused_with_its_adcode()
    {
        var beijing = Path.Combine(Paths.Shared, "data", "china-admin-gcj02", "110000_full.json");
        var (exit, error, wrote) = await GenerateAsync(beijing);
        Assert.Equal(1, exit);
        Assert.Contains("410104", error);
        Assert.Contains("110000_full.json", error);
        Assert.False(wrote);
    }
}
