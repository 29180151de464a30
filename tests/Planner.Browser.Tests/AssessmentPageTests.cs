namespace Planner.Tests;

/// <summary>月考核 in a real Chromium: a leader opens it on a phone and a desktop, reads the lists, and traces a component to its sites.</summary>
public sealed class AssessmentPageTests(PlannerServer server)
{
    [Theory]
    [InlineData(390, 844)]
    [InlineData(1440, 900)]
    public async Task A_leader_reads_the_ranking_and_traces_a_component_to_its_sites(int width, int height)
    {
        var leader = await server.SignInAsync("leader1", width, height);
        await leader.GotoAsync($"{server.BaseUrl}/Assessment");
        await leader.Locator("table.assessment tbody tr").First.WaitForAsync();
        Assert.True(await leader.Locator(".red-list li").CountAsync() > 0);
        // The page never scrolls sideways as a whole; the table does, inside its own box.
        Assert.True(await leader.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"));
        // Every township's name on one line, however narrow the screen (the table scrolls instead).
        var lines = await leader.EvaluateAsync<double[]>("""
            () => [...document.querySelectorAll('table.assessment tbody td:nth-child(2)')].map(td => {
              const range = document.createRange(); range.selectNodeContents(td);
              return range.getClientRects().length;
            })
            """);
        Assert.NotEmpty(lines);
        Assert.All(lines, n => Assert.Equal(1, n));
        await leader.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, $"assessment-{width}x{height}.png"), FullPage = true });
        await leader.Locator("table.assessment td.component a").First.ClickAsync();
        await leader.WaitForURLAsync(u => u.Contains("/Assessment/Items"));
        Assert.True(await leader.Locator("ol.assessed-items li").CountAsync() > 0);
        await leader.Context.CloseAsync();
    }
}
