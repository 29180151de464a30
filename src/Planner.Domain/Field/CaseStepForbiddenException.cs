using Planner.Validation;

namespace Planner.Field;

/// <summary>The step is not this user's to take (their role, their townships, or they handled what they would verify): 403, not 400.</summary>
public sealed class CaseStepForbiddenException(Problem problem) : Exception(problem.What)
{
    public Problem Problem { get; } = problem;
}
