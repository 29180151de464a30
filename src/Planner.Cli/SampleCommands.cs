using System.CommandLine;
using System.Text.Json;
using Planner.Localization;
using Planner.Sample;
using Planner.Validation;

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
            var file = parse.GetValue(source)!;
            var folder = parse.GetValue(output)!;
            var error = parse.InvocationConfiguration.Error;
            // The default source is relative to a checkout: run elsewhere (a published CLI), it is not there.
            if (!file.Exists)
            {
                error.WriteLine(L10n.T($"--source：找不到 DataV 城市文件 {file.FullName}；请用 --source 指定，例如 …/china-admin-gcj02/410100_full.json。",
                    $"--source: no DataV city file at {file.FullName}; name one with --source, e.g. …/china-admin-gcj02/410100_full.json."));
                return 1;
            }
            SampleDistrictGenerator.Result result;
            try
            {
                result = new SampleDistrictGenerator().Generate(file.FullName, folder.FullName);
            }
            catch (Exception e) when (e is ValidationFailedException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                error.WriteLine(L10n.T($"--source：{file.Name} 不是含管城回族区（{SampleDistrictGenerator.DistrictAdcode}）的 DataV 城市文件：{e.Message}；未写入任何文件。",
                    $"--source: {file.Name} is not a DataV city file holding Guancheng ({SampleDistrictGenerator.DistrictAdcode}): {e.Message}; nothing was written."));
                return 1;
            }
            parse.InvocationConfiguration.Output.WriteLine($"Wrote {result.Townships} townships and {result.Sites} sites to {folder.FullName} (district area {result.DistrictAreaSquareMetres / 1e6:0.00} km²).");
            return 0;
        });
        return new Command("sample", "The sample district.") { generate };
    }
}
