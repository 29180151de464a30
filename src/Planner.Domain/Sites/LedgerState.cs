namespace Planner.Sites;

public enum LedgerState { Open, Done, Overdue }
