using System.CommandLine;
using Planner.Sample;

namespace Planner.Cli;

static class SampleCommands
{
    public static Command Sample()
    {
        var source = new Option<FileInfo>("--source")
        {
            Description = "DataV city file holding the district (GCJ-02).",
            DefaultValueFactory = _ => new FileInfo("../shared/data/china-admin-gcj02/410100_full.json"),
        };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder to write district.geojson, townships.geojson and sites.geojson to.",
            DefaultValueFactory = _ => new DirectoryInfo("data/guancheng"),
        };
        var generate = new Command("generate", "Regenerate the sample district (Guancheng, 410104) deterministically.") { source, output };
        generate.SetAction(parse =>
        {
            var result = new SampleDistrictGenerator().Generate(parse.GetValue(source)!.FullName, parse.GetValue(output)!.FullName);
            parse.InvocationConfiguration.Output.WriteLine($"Wrote {result.Townships} townships and {result.Sites} sites to {parse.GetValue(output)!.FullName} (district area {result.DistrictAreaSquareMetres / 1e6:0.00} km²).");
            return 0;
        });
        return new Command("sample", "The sample district.") { generate };
    }
}
