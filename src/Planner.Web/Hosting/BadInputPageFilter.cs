using Microsoft.AspNetCore.Diagnostics;

namespace Planner.Web.Hosting;

/// <summary>
/// Development's developer exception page would answer bad input (a body of the wrong JSON type, an empty body) with the
/// framework's English text and a stack trace, unlike every other environment; the README's own run command is
/// Development. Bad input gets the answer it gets in production; the page keeps our own faults for the developer.
/// </summary>
sealed class BadInputPageFilter : IDeveloperPageExceptionFilter
{
    public async Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        var http = errorContext.HttpContext;
        var (status, detail, problems) = PlannerExceptionHandler.Classify(http, errorContext.Exception);
        if (status >= 500 || http.Response.HasStarted)
        {
            await next(errorContext);
            return;
        }
        http.Response.Clear();
        await ErrorResponses.WriteAsync(http, status, detail, problems);
    }
}
