using Planner.Validation;

namespace Planner.Import;

public sealed record ImportRow(int Row, string Where, string? Code, ImportAction Action, IReadOnlyList<Problem> Problems);
