using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Planner.Localization;
using Planner.Sites;
using Planner.Validation;
using Planner.Web.Hosting;

namespace Planner.Web.Api;

/// <summary>A site as a GeoJSON Feature with its ETag: 200, 201, or 412 with the current version.</summary>
public sealed class FeatureResponse(Site site, DateOnly today, int status) : IResult
{
    public int StatusCode => status;

    public Task ExecuteAsync(HttpContext http)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, SiteFeature.WriterOptions)) SiteFeature.Write(w, site, today);
        http.Response.StatusCode = status;
        http.Response.Headers.ETag = SiteResults.ETag(site);
        http.Response.ContentType = "application/geo+json";
        http.Response.ContentLength = buffer.WrittenCount;
        return http.Response.Body.WriteAsync(buffer.WrittenMemory).AsTask();
    }
}

/// <summary>The editing API's answers and the If-Match rules, in one place.</summary>
public static class SiteResults
{
    public static string ETag(Site site) => $"\"v{site.Version}\"";

    /// <summary>The version an If-Match header names ("v7", weak or not), or null.</summary>
    public static int? ExpectedVersion(HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.StartsWith("W/", StringComparison.Ordinal)) header = header[2..];
        return header.Length > 3 && header[0] == '"' && header[1] == 'v' && header[^1] == '"' &&
               int.TryParse(header[2..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    public static ProblemHttpResult PreconditionRequired() => TypedResults.Problem(
        L10n.T("请带上 If-Match（来自 GET /api/sites/{id} 的 ETag）：否则可能覆盖他人的修改", "send If-Match with the ETag from GET /api/sites/{id}: edits without it could overwrite someone else's"),
        statusCode: StatusCodes.Status428PreconditionRequired, title: ErrorResponses.Title(StatusCodes.Status428PreconditionRequired));

    /// <summary>400 with every problem and its place.</summary>
    public static ProblemHttpResult Invalid(IEnumerable<Problem> problems)
    {
        var list = problems.ToList();
        return TypedResults.Problem(string.Join("; ", list.Select(p => p.ToString())), statusCode: StatusCodes.Status400BadRequest,
            title: L10n.T("项目未保存", "The site was not saved"), extensions: new Dictionary<string, object?> { ["problems"] = ErrorResponses.ProblemList(list) });
    }

    public static ProblemHttpResult Overlaps(OverlapWarningException e) => TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict,
        title: L10n.T("与同类项目重叠", "The site overlaps others of its programme"),
        extensions: new Dictionary<string, object?>
        {
            ["overlaps"] = e.Overlaps.Select(o => new { o.Id, o.Code, o.Name, areaM2 = Math.Round(o.AreaSquareMetres, 1) }).ToList(),
            ["confirm"] = L10n.T("确认后加 ?confirmOverlap=true 再次发送即可保存", "send again with ?confirmOverlap=true to save anyway"),
        });
}
