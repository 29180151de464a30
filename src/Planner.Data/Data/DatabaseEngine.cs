using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Planner.Data;

public enum DatabaseEngine { Sqlite, Postgres }
