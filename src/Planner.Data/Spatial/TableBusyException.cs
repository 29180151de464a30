using Planner.Localization;

namespace Planner.Spatial;

/// <summary>A maintenance step did not get its table's exclusive lock in time, and changed nothing.</summary>
public sealed class TableBusyException(string table, TimeSpan waited, Exception inner) : Exception(L10n.T(
    $"{table} 表正被其他会话使用，{waited.TotalSeconds:0.#} 秒内未能取得排他锁：未做任何更改。请在空闲时段重试，或用 --lock-timeout 放宽等待时间。",
    $"The {table} table is in use by another session and its exclusive lock was not granted within {waited.TotalSeconds:0.#} s: nothing was changed. Try again at a quiet hour, or wait longer with --lock-timeout."), inner);
