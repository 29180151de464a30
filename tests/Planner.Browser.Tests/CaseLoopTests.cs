using Microsoft.Playwright;

namespace Planner.Tests;

/// <summary>
/// The problem-case loop on phones (390×844), in a real Chromium: an inspector reports a broken manhole cover from
/// the phone's position with a photo, a planner accepts and dispatches it, the field team handles it with an
/// after-photo and is not offered the verification, the inspector fails it once (rework) and passes it the second time.
/// </summary>
public sealed class CaseLoopTests(PlannerServer server)
{
    const float Lon = 113.6780f, Lat = 34.7365f; // in 南关街道
    static string F(float v) => v.ToString("F5", System.Globalization.CultureInfo.InvariantCulture);

    async Task<IPage> PhoneAsync(string user)
    {
        var page = await server.SignInAsync(user, 390, 844);
        await page.Context.GrantPermissionsAsync(["geolocation"]);
        await page.Context.SetGeolocationAsync(new() { Longitude = Lon, Latitude = Lat });
        return page;
    }

    static async Task StepAsync(IPage page, string caseUrl, string step, string? note = null, string? photo = null)
    {
        await page.GotoAsync(caseUrl);
        var form = page.Locator($"form[data-step={step}]");
        if (photo is not null) await form.Locator("input[name=photos]").SetInputFilesAsync(photo);
        if (note is not null) await form.Locator("textarea[name=note]").FillAsync(note);
        Assert.True((await form.Locator("button[type=submit]").BoundingBoxAsync())!.Height >= 44, $"the {step} button is touch-sized");
        await form.Locator("button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync();
    }

    [Fact]
    public async Task An_inspector_reports_a_planner_dispatches_the_field_team_handles_and_another_person_verifies()
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime;
        var before = Path.Combine(PlannerServer.Artefacts, "case-before.jpg");
        var after = Path.Combine(PlannerServer.Artefacts, "case-after.jpg");
        await File.WriteAllBytesAsync(before, TestPhotos.Jpeg(1200, 900, gps: (Lon, Lat), taken: local, seed: 21));
        await File.WriteAllBytesAsync(after, TestPhotos.Jpeg(1200, 900, gps: (Lon, Lat), taken: local, seed: 22));

        var inspector = await PhoneAsync("inspector1");
        await inspector.GotoAsync($"{server.BaseUrl}/Work");
        await inspector.ClickAsync("a[href='/Cases/New']");
        await inspector.WaitForFunctionAsync("() => document.querySelector('input[data-position=lon]').value !== ''"); // the phone's position
        await inspector.SelectOptionAsync("select[name=Category]", "manhole");
        await inspector.FillAsync("textarea[name=Note]", "人行道井盖破损");
        Assert.Equal("environment", await inspector.GetAttributeAsync("input[name=photos]", "capture"));
        await inspector.SetInputFilesAsync("input[name=photos]", before);
        await inspector.ClickAsync("#case-form button[type=submit]");
        await inspector.WaitForURLAsync(u => u.Contains("/Cases/Detail/"));
        var caseUrl = inspector.Url;
        Assert.Equal("reported", await inspector.GetAttributeAsync("article.case", "data-state"));
        Assert.Equal(0, await inspector.Locator("form.step-form").CountAsync()); // accepting is the command centre's

        var planner = await PhoneAsync("planner1");
        await planner.GotoAsync($"{server.BaseUrl}/Work");
        Assert.True(await planner.Locator($".work-item a[href='{new Uri(caseUrl).AbsolutePath}']").CountAsync() == 1, "the planner's work list holds the new case");
        // On the map the case is a point coloured by its light; tapping it opens its page.
        await planner.GotoAsync($"{server.BaseUrl}/Map?x={F(Lon)}&y={F(Lat)}&z=17");
        await PlannerServer.WaitForMapAsync(planner);
        await planner.WaitForFunctionAsync("() => plannerMap.map.getLayers().getArray().find(l => l.get('name') === 'cases')?.getSource().getFeatures().length > 0");
        // The map also offers to report a problem at its centre (here: the case's place).
        var reportHere = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri(server.BaseUrl), await planner.GetAttributeAsync("#report-here", "href")).Query);
        Assert.Equal(Lon, double.Parse(reportHere["lon"]!, System.Globalization.CultureInfo.InvariantCulture), 1e-4);
        Assert.Equal(Lat, double.Parse(reportHere["lat"]!, System.Globalization.CultureInfo.InvariantCulture), 1e-4);
        var pixel = await planner.EvaluateAsync<double[]>($"() => plannerMap.pixelOf({F(Lon)}, {F(Lat)})");
        var mapBox = (await planner.Locator("#map").BoundingBoxAsync())!;
        await planner.Mouse.ClickAsync(mapBox.X + (float)pixel[0], mapBox.Y + (float)pixel[1]);
        await planner.WaitForURLAsync(u => u.Contains("/Cases/Detail/"));
        Assert.Equal(caseUrl, planner.Url);
        await StepAsync(planner, caseUrl, "accept");
        await StepAsync(planner, caseUrl, "dispatch", "请当日处置");
        Assert.Equal("dispatched", await planner.GetAttributeAsync("article.case", "data-state"));

        var field = await PhoneAsync("field1");
        await field.GotoAsync($"{server.BaseUrl}/Work");
        await field.WaitForSelectorAsync(".work-item .distance:not(:empty)"); // distance from the phone
        await field.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "case-field-work-390x844.png"), FullPage = true });
        await StepAsync(field, caseUrl, "handle", "已更换井盖", after);
        Assert.Equal("handled", await field.GetAttributeAsync("article.case", "data-state"));
        Assert.Equal(0, await field.Locator("form[data-step=pass], form[data-step=fail]").CountAsync()); // not the handler's to verify

        await StepAsync(inspector, caseUrl, "fail", "井盖未固定");
        Assert.Equal("dispatched", await inspector.GetAttributeAsync("article.case", "data-state"));
        await StepAsync(field, caseUrl, "handle", "已固定", after);
        await StepAsync(inspector, caseUrl, "pass");
        Assert.Equal("closed", await inspector.GetAttributeAsync("article.case", "data-state"));
        Assert.Contains("返工 1", await inspector.InnerTextAsync("article.case .status"));
        Assert.Equal(6, await inspector.Locator("article.case .timeline li").CountAsync() - 1); // report + six steps
        Assert.Equal(3, await inspector.Locator("article.case .photos img").CountAsync());
        await inspector.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "case-closed-390x844.png"), FullPage = true });
        // Closed, it leaves the map (closed cases buried the sites under grey dots); its page stays.
        var caseId = long.Parse(caseUrl.TrimEnd('/').Split('/')[^1]);
        await planner.GotoAsync($"{server.BaseUrl}/Map?x={F(Lon)}&y={F(Lat)}&z=17");
        await PlannerServer.WaitForMapAsync(planner);
        await planner.WaitForFunctionAsync("() => plannerMap.map.getLayers().getArray().find(l => l.get('name') === 'cases')?.getSource().getRevision() > 0");
        Assert.False(await planner.EvaluateAsync<bool>($"() => plannerMap.map.getLayers().getArray().find(l => l.get('name') === 'cases').getSource().getFeatures().some(f => f.getId() == {caseId})"));
        foreach (var page in new[] { inspector, planner, field }) await page.Context.CloseAsync();
    }
    [Fact]
    public async Task An_inspector_follows_up_a_case_closed_four_weeks_ago_from_the_phone()
    {
        // A case in 南关街道 taken round the loop and closed 30 days ago.
        long id;
        await using (var db = Planner.Data.PlannerDatabase.Open(server.ConnectionString))
        {
            var at = DateTimeOffset.UtcNow.AddDays(-30);
            var township = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Townships, t => t.Name == "南关街道");
            var planner = new Planner.Field.CaseActor("planner1", "规划员", new HashSet<string> { Planner.Users.Roles.Planner }, Planner.Users.SiteScope.District);
            var c = new Planner.Field.ProblemCase
            {
                ClientId = Guid.NewGuid(), Category = "manhole", TownshipId = township.Id, ReportedBy = "inspector1", ReporterName = "区城管监督员", ReportedAt = at.AddHours(-9),
                Location = Planner.Geometry.Cgcs2000.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(Lon, Lat)),
            };
            c.Open(at.AddHours(-9), at);
            c.Apply(Planner.Field.CaseAction.Accept, planner, at.AddHours(-8), new Planner.Field.CaseStep(NextDeadline: at));
            c.Apply(Planner.Field.CaseAction.Dispatch, planner, at.AddHours(-7), new Planner.Field.CaseStep(TownshipId: township.Id, NextDeadline: at));
            c.Apply(Planner.Field.CaseAction.Handle, planner, at.AddHours(-6), new Planner.Field.CaseStep(Photos: 1, NextDeadline: at));
            c.Apply(Planner.Field.CaseAction.Pass, new Planner.Field.CaseActor("inspector9", "监督员", new HashSet<string> { Planner.Users.Roles.Inspector }, Planner.Users.SiteScope.District),
                at, new Planner.Field.CaseStep());
            db.ProblemCases.Add(c);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            id = c.Id;
        }

        var inspector = await PhoneAsync("inspector1");
        await inspector.GotoAsync($"{server.BaseUrl}/Work");
        var listed = inspector.Locator($".work-follow-ups li[data-case-id='{id}'] a");
        Assert.Equal(1, await listed.CountAsync());
        await listed.ClickAsync();
        await inspector.WaitForURLAsync(u => u.EndsWith($"/Cases/Detail/{id}"));
        Assert.True(await inspector.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling");
        Assert.NotNull(await inspector.Locator("form[data-step=recur] input[name=photos]").GetAttributeAsync("required"));
        await inspector.ScreenshotAsync(new() { Path = Path.Combine(PlannerServer.Artefacts, "case-follow-up-390x844.png"), FullPage = true });
        await StepAsync(inspector, inspector.Url, "hold", "井盖完好，整改保持");
        Assert.Equal("closed", await inspector.GetAttributeAsync("article.case", "data-state"));
        Assert.Equal(0, await inspector.Locator("form[data-step=hold], form[data-step=recur]").CountAsync()); // once
        Assert.Contains("回访：整改保持", await inspector.InnerTextAsync("ol.timeline"));
        await inspector.GotoAsync($"{server.BaseUrl}/Work");
        Assert.Equal(0, await listed.CountAsync());
        await inspector.Context.CloseAsync();
    }
}
