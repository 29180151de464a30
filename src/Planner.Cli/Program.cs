using Planner.Cli;
using Planner.Localization;

// Messages in the user's language: PLANNER_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG), else Chinese.
L10n.Use(L10n.CultureFor(Environment.GetEnvironmentVariable("PLANNER_LANG")
                         ?? new[] { "LC_ALL", "LC_MESSAGES", "LANG" }.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v) && v is not ("C" or "POSIX") && !v.StartsWith("C.", StringComparison.Ordinal))));
return await PlannerCommands.InvokeAsync(args);
