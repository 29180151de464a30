using Planner.Cli;

return await PlannerCommands.Root().Parse(args).InvokeAsync();
