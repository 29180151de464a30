namespace Planner.Data;

public enum DatabaseEngine { Sqlite, Postgres }
