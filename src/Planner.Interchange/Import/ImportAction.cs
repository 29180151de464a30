namespace Planner.Import;

public enum ImportAction { New, Update, Refused }
