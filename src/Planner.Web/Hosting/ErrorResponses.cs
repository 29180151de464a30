using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Planner.Localization;
using Planner.Validation;
using Planner.Web.Localization;

namespace Planner.Web.Hosting;

/// <summary>
/// No request ends in an empty body or a bare 500 for bad input: exceptions and bare status codes become
/// problem details (JSON for the API and for clients that ask for JSON, a short page for browsers) in the
/// user's language. Bad input that reaches here as an exception is a 4xx with what was wrong; only a fault of
/// ours is a 500, and it is logged.
/// </summary>
public static class ErrorResponses
{
    public static IServiceCollection AddPlannerErrors(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<PlannerExceptionHandler>();
        // In Development the developer page shows our own faults; bad input is answered as in production, in the user's words.
        services.AddSingleton<IDeveloperPageExceptionFilter, BadInputPageFilter>();
        // A request record that does not bind (a note sent as an object) throws, so the handler can name the member.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UsePlannerErrors(this WebApplication app)
    {
        if (app.Environment.IsDevelopment()) app.UseDeveloperExceptionPage();
        else app.UseExceptionHandler();
        app.UseStatusCodePages(context => WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, null, null));
        return app;
    }

    /// <summary>
    /// After routing: a body whose declared length is over the endpoint's limit gets 413 before anything reads it.
    /// (Kestrel enforces the same limit while reading, also for bodies of unknown length.)
    /// </summary>
    public static IApplicationBuilder UseDeclaredBodyLimits(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            var limit = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
            if (limit is { } max && http.Request.ContentLength > max)
            {
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = max;
                return WriteAsync(http, StatusCodes.Status413PayloadTooLarge,
                    L10n.T($"请求体超过上限 {Megabytes(max)}。", $"The request body is larger than the limit of {Megabytes(max)}."), null);
            }
            return next(http);
        });

    /// <summary>Writes the error in the shape the client reads: problem details JSON, or a page.</summary>
    public static Task WriteAsync(HttpContext http, int status, string? detail, IReadOnlyList<Problem>? problems)
    {
        var response = http.Response;
        response.StatusCode = status;
        var title = Title(status);
        detail ??= Detail(http, status);
        if (WantsJson(http.Request))
        {
            response.ContentType = "application/problem+json; charset=utf-8";
            var body = new Dictionary<string, object?>
            {
                ["type"] = $"https://httpstatuses.io/{status}",
                ["title"] = title,
                ["status"] = status,
                ["detail"] = detail,
            };
            if (problems is { Count: > 0 }) body["problems"] = ProblemList(problems);
            return response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
        }
        response.ContentType = "text/html; charset=utf-8";
        var text = UiText.Current;
        var list = problems is { Count: > 0 }
            ? "<ul>" + string.Concat(problems.Select(p => $"<li><b>{WebUtility.HtmlEncode(text.Where(p.Where))}</b>: {WebUtility.HtmlEncode(p.What)}</li>")) + "</ul>"
            : "";
        return response.WriteAsync($"""
            <!DOCTYPE html><html lang="{(L10n.English ? "en" : "zh-CN")}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{status} · {WebUtility.HtmlEncode(title)}</title><link rel="stylesheet" href="/css/site.css"><link rel="icon" href="/favicon.svg" type="image/svg+xml"></head>
            <body class="error-page"><main><h1>{status} · {WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(detail)}</p>{list}
            <p><a href="/">{L10n.T("返回首页", "Back to the start page")}</a></p></main></body></html>
            """);
    }

    /// <summary>
    /// The problems as the API lists them: where (field and place, as the API and files spell it), label (the same in the
    /// user's words, for a form to show), what, and the lon/lat of a geometry fault.
    /// </summary>
    public static List<object> ProblemList(IEnumerable<Problem> problems)
    {
        var text = UiText.Current;
        return problems.Select(p => (object)new { where = p.Where, label = text.Where(p.Where), what = p.What, at = p.At is { } c ? new[] { c.X, c.Y } : null }).ToList();
    }

    static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    static bool WantsJson(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") ||
        request.Headers.Accept.Any(a => a is not null && (a.Contains("json", StringComparison.OrdinalIgnoreCase)) && !a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    public static string Title(int status) => status switch
    {
        400 => L10n.T("请求有误", "Bad request"),
        401 => L10n.T("请先登录", "Sign in first"),
        403 => L10n.T("没有权限", "Not allowed"),
        404 => L10n.T("未找到", "Not found"),
        405 => L10n.T("不支持该请求方法", "Method not allowed"),
        409 => L10n.T("冲突", "Conflict"),
        412 => L10n.T("已被他人修改", "Changed by someone else"),
        413 => L10n.T("请求体太大", "Request body too large"),
        415 => L10n.T("不支持的内容类型", "Unsupported content type"),
        428 => L10n.T("缺少 If-Match", "If-Match required"),
        429 => L10n.T("请求太频繁", "Too many requests"),
        503 => L10n.T("服务暂时不可用", "Service unavailable"),
        >= 500 => L10n.T("服务器出错", "Server error"),
        _ => ReasonPhrases.GetReasonPhrase(status),
    };

    static string Detail(HttpContext http, int status) => status switch
    {
        400 => L10n.T("请求的格式或参数有误。", "The request's format or parameters are wrong."),
        401 => L10n.T("请先登录。", "Sign in first."),
        403 => L10n.T("您的角色或所属乡/街道不允许此操作。", "Your role or townships do not allow this."),
        404 => L10n.T($"没有 {http.Request.Path} 这个地址，或您无权查看。", $"There is nothing at {http.Request.Path}, or you may not see it."),
        405 => L10n.T($"{http.Request.Path} 不接受 {http.Request.Method} 请求。", $"{http.Request.Path} does not take {http.Request.Method}."),
        413 => TooLarge(http),
        415 => L10n.T("请以 JSON（application/json 或 application/geo+json）发送。", "Send JSON (application/json or application/geo+json)."),
        429 => L10n.T("请求太频繁，请稍后再试。", "Too many requests: try again later."),
        >= 500 => L10n.T("请求未能完成，请稍后再试；问题已记录。", "The request could not be completed; the fault was logged. Try again later."),
        _ => ReasonPhrases.GetReasonPhrase(status),
    };

    /// <summary>Names the limit the body broke.</summary>
    static string TooLarge(HttpContext http)
    {
        var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        return limit is { } l
            ? L10n.T($"请求体超过上限 {Megabytes(l)}。", $"The request body is larger than the limit of {Megabytes(l)}.")
            : L10n.T("请求体超过上限。", "The request body is larger than the limit.");
    }

    public static string Megabytes(long bytes) => bytes >= 1 << 20
        ? (bytes / 1048576.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " KB";
}

/// <summary>Exceptions as answers: bad input as a 4xx naming it, our own faults as a logged 500.</summary>
sealed class PlannerExceptionHandler(ILogger<PlannerExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (http.Response.HasStarted) return false;
        var (status, detail, problems) = Classify(http, exception);
        if (status == StatusCodes.Status503ServiceUnavailable) logger.LogWarning(exception, "The database is unavailable on {Method} {Path}", http.Request.Method, http.Request.Path);
        else if (status >= 500) logger.LogError(exception, "Unhandled fault on {Method} {Path}", http.Request.Method, http.Request.Path);
        http.Response.Clear();
        // A client that retries (the field outbox, a load balancer, QGIS) waits this long rather than hammering a database that is down.
        if (status == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = RetryAfterSeconds;
        await ErrorResponses.WriteAsync(http, status, detail, problems);
        return true;
    }

    /// <summary>The answer an exception gets: bad input a 4xx naming what was wrong, anything else a 500.</summary>
    internal static (int Status, string? Detail, IReadOnlyList<Problem>? Problems) Classify(HttpContext http, Exception exception) =>
        exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, null, null),
            // A request record whose JSON does not fit (a note given as a number, a broken body): name the member.
            BadHttpRequestException { InnerException: JsonException j } => JsonAnswer(j),
            // A request record with no body at all: the framework's own text names a C# parameter, not what to send.
            BadHttpRequestException when NoJsonBody(http) => (400, L10n.T("请求体为空：请以 JSON 对象发送", "The body is empty: send a JSON object"),
                [new Problem(Body, L10n.T("为空", "is empty"))]),
            BadHttpRequestException b => (b.StatusCode, L10n.T($"请求有误：{b.Message}", $"Bad request: {b.Message}"), null),
            ValidationFailedException v => (400, v.Message, v.Problems),
            JsonException j => JsonAnswer(j),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, "", null),
            _ when DatabaseUnavailable(exception) => (503, L10n.T("数据库暂时不可用，请稍后重试；已填写的内容未保存", "The database is unavailable for the moment: try again shortly; nothing was saved"), null),
            _ => (500, (string?)null, (IReadOnlyList<Problem>?)null),
        };

    const string RetryAfterSeconds = "10";

    /// <summary>
    /// The database could not be reached or is busy, not a fault in the request or in our code: Npgsql's transient faults
    /// (refused or dropped connections, timeouts, a server shutting down), SQLite's busy and locked, wherever EF Core's
    /// retrying strategy wrapped them.
    /// </summary>
    internal static bool DatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Npgsql.NpgsqlException { IsTransient: true } or Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }) return true;
        return false;
    }

    static (int, string?, IReadOnlyList<Problem>?) JsonAnswer(JsonException j) =>
        (400, L10n.T("请求体的 JSON 有误", "The JSON body is not right"), [new Problem(JsonMember(j), JsonFault(j))]);

    static string Body => L10n.T("请求体", "body");

    /// <summary>
    /// The endpoint reads a JSON body and none came. The endpoint's own metadata says whether it takes one, so a GET whose
    /// query parameter does not parse keeps the framework's text naming that parameter.
    /// </summary>
    static bool NoJsonBody(HttpContext http) => http.Request.ContentLength is 0 or null
        // The exception handler has cleared the request's endpoint by now; its feature keeps the one that threw.
        && (http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint())?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is { } accepts
        && accepts.ContentTypes.Contains("application/json");

    /// <summary>
    /// What was wrong with a member, in the user's words: System.Text.Json names the .NET type it could not make
    /// ("could not be converted to System.Int64"), which is turned into the JSON the member expects.
    /// </summary>
    static string JsonFault(JsonException j)
    {
        const string marker = "could not be converted to ";
        var at = j.Message.IndexOf(marker, StringComparison.Ordinal);
        // Malformed JSON: System.Text.Json's own text is English and technical; where it stopped is what helps.
        if (at < 0) return j.LineNumber is { } line && j.BytePositionInLine is { } column
            ? L10n.T($"JSON 格式错误：第 {line + 1} 行第 {column + 1} 个字节附近不完整或有多余字符", $"malformed JSON near line {line + 1}, byte {column + 1}: {j.Message.Split(" Path:", 2)[0]}")
            : L10n.T("JSON 格式错误", $"malformed JSON: {j.Message.Split(" Path:", 2)[0]}");
        // Type.GetType finds the framework's types and ours (this assembly) by the name the message gives.
        var type = Type.GetType(j.Message[(at + marker.Length)..].Split(' ', 2)[0].TrimEnd('.'));
        // A record bound through its constructor is named instead of the member's type: look the member up in it.
        if (type?.Assembly == typeof(PlannerExceptionHandler).Assembly
            && type.GetProperty(JsonMember(j), BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } member)
            type = member.PropertyType;
        var underlying = type is null ? null : Nullable.GetUnderlyingType(type);
        var (zh, en) = (underlying ?? type) switch
        {
            var t when t == typeof(int) || t == typeof(long) || t == typeof(short) => ("整数", "a whole number"),
            var t when t == typeof(double) || t == typeof(decimal) || t == typeof(float) => ("数字", "a number"),
            var t when t == typeof(string) => ("文本（带引号）", "text (in quotes)"),
            var t when t == typeof(bool) => ("true 或 false", "true or false"),
            var t when t == typeof(DateOnly) => ("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"),
            var t when t == typeof(DateTimeOffset) || t == typeof(DateTime) => ("时间（ISO 8601）", "a time (ISO 8601)"),
            var t when t is not null && typeof(System.Collections.IEnumerable).IsAssignableFrom(t) => ("数组", "an array"),
            _ => ("JSON 对象", "a JSON object"),
        };
        return underlying is not null ? L10n.T($"类型不对：应为{zh}或 null", $"wrong type: expected {en} or null") : L10n.T($"类型不对：应为{zh}", $"wrong type: expected {en}");
    }

    /// <summary>"$.note" → "note": the member as the request spells it.</summary>
    static string JsonMember(JsonException e) => e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : Body;
}
