using Planner.Web;

PlannerApp.Build(args).Run();

public partial class Program;
