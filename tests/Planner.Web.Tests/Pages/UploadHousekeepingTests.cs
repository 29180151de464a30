using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Planner.Web.Imports;

namespace Planner.Tests.Pages;

/// <summary>
/// Import previews nobody commits do not stay on the server: they are removed at start and after the configured
/// time (Planner:Import:PreviewLifetime); committing an expired preview says so. An upload is capped in total unpacked size.
/// </summary>
public sealed class UploadHousekeepingTests(UploadHousekeepingTests.Factory factory) : IClassFixture<UploadHousekeepingTests.Factory>
{
    public sealed class Factory : PlannerWebFactory
    {
        public string Uploads { get; } = Directory.CreateTempSubdirectory("planner-uploads-test-").FullName;
        public string Stale { get; }

        public Factory()
        {
            // A preview left over from before a restart.
            Stale = Directory.CreateDirectory(Path.Combine(Uploads, "0123456789abcdef0123456789abcdef")).FullName;
            File.WriteAllText(Path.Combine(Stale, "big.geojson"), "{}");
            Directory.SetCreationTimeUtc(Stale, DateTime.UtcNow.AddHours(-5));
            Directory.SetLastWriteTimeUtc(Stale, DateTime.UtcNow.AddHours(-5));
        }

        protected override void Configure(IWebHostBuilder builder)
        {
            builder.UseSetting("Planner:Import:Folder", Uploads);
            builder.UseSetting("Planner:Import:PreviewLifetime", "00:00:02");
            builder.UseSetting("Planner:Import:Zip:MaxUnpackedBytes", "1000000");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Directory.Delete(Uploads, true);
        }
    }

    static async Task<AngleSharp.Html.Dom.IHtmlDocument> PostFileAsync(HttpClient client, byte[] bytes, string name)
    {
        var html = await client.GetStringAsync("/Import", TestContext.Current.CancellationToken);
        var token = new HtmlParser().ParseDocument(html).QuerySelector("#import-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("fringe"), "Programme" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "upload", name);
        var response = await client.PostAsync("/Import?handler=Preview", form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Previews_are_removed_at_start_and_after_their_lifetime_and_an_expired_one_says_so()
    {
        var client = await factory.SignedInAsync("planner1");
        for (var i = 0; i < 50 && Directory.Exists(factory.Stale); i++) await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(Directory.Exists(factory.Stale), "the preview left from before the start is gone");

        var page = await PostFileAsync(client, Encoding.UTF8.GetBytes("""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"编号":"UP-1","名称":"测试"},"geometry":{"type":"Polygon","coordinates":[[[113.790,34.700],[113.791,34.700],[113.791,34.701],[113.790,34.701],[113.790,34.700]]]}}]}
            """), "村.geojson");
        var token = page.QuerySelector("#import-form input[name=Token]")!.GetAttribute("value")!;
        Assert.True(Directory.Exists(Path.Combine(factory.Uploads, token)));
        await Task.Delay(2500, TestContext.Current.CancellationToken);
        Assert.True(factory.Services.GetRequiredService<UploadFolder>().Sweep() >= 1);
        Assert.False(Directory.Exists(Path.Combine(factory.Uploads, token)));

        var commit = await client.PostAsync("/Import?handler=Commit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = page.QuerySelector("#import-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Token"] = token, ["Programme"] = "fringe",
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, commit.StatusCode);
        Assert.Contains("预览已过期", await commit.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_zip_of_many_small_entries_is_refused_by_its_total_unpacked_size()
    {
        var client = await factory.SignedInAsync("planner1");
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            var random = new Random(7);
            for (var i = 0; i < 40; i++)
            {
                // Incompressible: no ratio gives it away; only the total does.
                var data = new byte[40_000];
                random.NextBytes(data);
                using var s = zip.CreateEntry($"part{i}.bin").Open();
                s.Write(data);
            }
        }
        var page = await PostFileAsync(client, buffer.ToArray(), "parts.zip");
        var errors = page.QuerySelector(".import-errors")!.TextContent;
        Assert.Contains("超过上限 1,000,000 字节", errors);
        Assert.Contains("Planner:Import:MaxUnpackedBytes", errors);
    }
}
