using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Planner.Field;
using Planner.Localization;
using Planner.Photos;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Hosting;

namespace Planner.Web.Api;

/// <summary>What the field's multipart posts (reports, cases, their steps) share: the antiforgery check, the form's fields, the photos, the refusals.</summary>
static class FieldForms
{
    /// <summary>
    /// Photos decoded at once, whatever the number of uploads: each takes tens of megabytes of pixels while it is read,
    /// and the work is CPU-bound, so more at once only costs memory (docs/benchmarks.md).
    /// </summary>
    static readonly SemaphoreSlim Decoding = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>Cookie-signed multipart posts need the page's antiforgery token (X-CSRF-TOKEN): another site cannot post photos as the user.</summary>
    public static async Task<ProblemHttpResult?> CrossSiteRefusal(HttpContext http, IAntiforgery antiforgery)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return TypedResults.Problem(L10n.T("缺少或无效的防伪令牌（X-CSRF-TOKEN）：请刷新页面后重试", "the antiforgery token (X-CSRF-TOKEN) is missing or invalid: reload the page and try again"),
                statusCode: StatusCodes.Status400BadRequest, title: L10n.T("请求被拒绝", "The request was refused"),
                // The phone's outbox fetches a fresh token and sends again when it sees this (a token kept offline may be stale).
                extensions: new Dictionary<string, object?> { ["code"] = "antiforgery" });
        }
    }

    public static async Task<(IFormCollection? Form, List<Problem> Problems)> ReadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
            return (null, [new Problem("body", L10n.T("必须是 multipart/form-data（含照片）", "must be multipart/form-data (with the photos)"))]);
        return (await http.Request.ReadFormAsync(cancellationToken), []);
    }

    public static string? Text(IFormCollection form, string name) => form.TryGetValue(name, out var v) && v.ToString().Trim() is { Length: > 0 } s ? s : null;

    public static int? Int(IFormCollection form, string name, List<Problem> problems)
    {
        var text = Text(form, name);
        if (text is null)
        {
            problems.Add(new Problem(name, Messages.IsRequired));
            return null;
        }
        if (int.TryParse(text.TrimEnd('%'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        problems.Add(new Problem(name, Messages.NotANumber(text)));
        return null;
    }

    public static double? Number(IFormCollection form, string name, List<Problem> problems)
    {
        var text = Text(form, name);
        if (text is null)
        {
            problems.Add(new Problem(name, Messages.IsRequired));
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)) return n;
        problems.Add(new Problem(name, Messages.NotANumber(text)));
        return null;
    }

    /// <summary>A progress report's fields (progress, status, actualDate, note), as the API and the report page read them.</summary>
    public static ReportSubmission? Report(IFormCollection form, Guid clientId, List<Problem> problems)
    {
        var percent = Int(form, "progress", problems);
        SiteStatus? status = null;
        if (Text(form, "status") is { } statusText)
        {
            if (SiteStatusExtensions.TryParse(statusText, out var parsed)) status = parsed;
            else problems.Add(new Problem("status", Messages.NotAStatus(statusText)));
        }
        var actualDate = Dates.Day(Text(form, "actualDate"), "actualDate", problems);
        return percent is null ? null : new ReportSubmission(clientId, percent.Value, status, actualDate, Text(form, "note"));
    }

    /// <summary>
    /// Where a case is: lon/lat as sent (the phone's position or a point on the map), or else where its first photo was
    /// taken (a phone without a position fix, or offline, still has the camera's GPS); neither is a problem saying what to do.
    /// </summary>
    public static (double Lon, double Lat)? Position(IFormCollection form, IReadOnlyList<EvidencePhoto> photos, List<Problem> problems)
    {
        if (Text(form, "lon") is not null || Text(form, "lat") is not null)
        {
            var lon = Number(form, "lon", problems);
            var lat = Number(form, "lat", problems);
            return lon is { } x && lat is { } y ? (x, y) : null;
        }
        if (photos.FirstOrDefault(p => p.Lon is not null && p.Lat is not null) is { } located) return (located.Lon!.Value, located.Lat!.Value);
        problems.Add(new Problem("lon", L10n.T("没有位置：请允许定位，或上传带 GPS 的照片，或从地图上选点", "no position: allow location, send a photo with GPS, or pick the place on the map")));
        return null;
    }

    public static Guid ClientId(IFormCollection form, List<Problem> problems)
    {
        if (Guid.TryParse(Text(form, "clientId"), out var id)) return id;
        problems.Add(new Problem("clientId", L10n.T("必须是客户端生成的 UUID（重发时不会重复保存）", "must be a UUID the client made (a resend is then stored once)")));
        return Guid.Empty;
    }

    /// <summary>The files named "photos", each read as evidence; each fault named with the file's place and name.</summary>
    public static async Task<List<EvidencePhoto>> PhotosAsync(IFormCollection form, HttpContext http, DistrictTime time, FieldLimits limits, List<Problem> problems,
        CancellationToken cancellationToken)
    {
        var photos = new List<EvidencePhoto>();
        var files = form.Files.GetFiles("photos");
        if (files.Count > limits.MaxPhotosPerReport)
        {
            problems.Add(new Problem("photos", L10n.T($"最多 {limits.MaxPhotosPerReport} 张照片（Planner:Field:MaxPhotosPerReport），收到 {files.Count} 张",
                $"at most {limits.MaxPhotosPerReport} photos (Planner:Field:MaxPhotosPerReport); {files.Count} were sent")));
            return photos;
        }
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var where = $"photos[{i}] ({file.FileName})";
            if (file.Length > limits.MaxPhotoBytes)
            {
                problems.Add(new Problem(where, PhotoReader.TooLarge(file.Length, limits)));
                continue;
            }
            try
            {
                using var memory = new MemoryStream((int)file.Length);
                await file.CopyToAsync(memory, cancellationToken);
                await Decoding.WaitAsync(cancellationToken);
                try
                {
                    photos.Add(PhotoReader.Read(memory.ToArray(), file.FileName, where, http.User.Identity!.Name!, time, limits));
                }
                finally
                {
                    Decoding.Release();
                }
            }
            catch (ValidationFailedException e)
            {
                problems.AddRange(e.Problems);
            }
        }
        return photos;
    }

    public static ProblemHttpResult Invalid(IEnumerable<Problem> problems, string title)
    {
        var list = problems.ToList();
        return TypedResults.Problem(string.Join("; ", list.Select(p => p.ToString())), statusCode: StatusCodes.Status400BadRequest,
            title: title, extensions: new Dictionary<string, object?> { ["problems"] = ErrorResponses.ProblemList(list) });
    }

    public static ProblemHttpResult Forbidden(IEnumerable<Problem>? problems = null)
    {
        var list = problems?.ToList() ?? [];
        return TypedResults.Problem(list.Count > 0 ? string.Join("; ", list.Select(p => p.What)) : L10n.T("您的角色不能执行此操作", "your role may not do this"),
            statusCode: StatusCodes.Status403Forbidden, title: L10n.T("无权操作", "Not allowed"),
            extensions: list.Count > 0 ? new Dictionary<string, object?> { ["problems"] = ErrorResponses.ProblemList(list) } : null);
    }
}
