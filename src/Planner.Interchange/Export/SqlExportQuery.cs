using System.Data.Common;
using Planner.Data;
using Planner.Data.Configurations;
using Planner.Sites;

namespace Planner.Export;

/// <summary>
/// The CLI's export selection without EF Core: one plain SQL statement on the open connection (PostGIS or SQLite), the
/// rows as <see cref="ExportQuery.RowsAsync"/> gives them. A one-township export spends most of its time starting EF
/// Core (translating its first query, building the relational model: docs/benchmarks.md, export), more than
/// <c>ogr2ogr -where</c> takes for the whole job. What the statement selects is held equal to
/// <see cref="SiteSelection.SelectSites"/> by a test over every filter on both engines; the overdue rule and the text
/// filters are the domain's own functions, applied to the rows (the SQL only narrows to sites past their planned end).
/// The whole district only: the CLI has no map box, drawn area or township scope.
/// </summary>
public static class SqlExportQuery
{
    /// <summary>The site's own columns in reading order (<see cref="Read"/>); each of <see cref="SiteFields"/> follows them.</summary>
    static readonly string[] OwnColumns = ["id", "programme", "status", "progress", "geom", "area_m2", "length_m", "actual_start", "actual_end"];

    static readonly string SiteColumns = string.Join(", ", OwnColumns.Concat(SiteFields.All.Select(f => f.Column)).Select(c => "s." + c));

    public static async IAsyncEnumerable<ExportRow> RowsAsync(DbConnection connection, DatabaseEngine engine, SiteFilter filter, DateOnly today,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (filter.Area is not null || filter.Bbox is not null)
            throw new ArgumentException("the plain export reads the whole district: no box or drawn area", nameof(filter));
        await using var command = connection.CreateCommand();
        var where = new List<string> { "s.deleted_at IS NULL" };
        void In<T>(string column, IReadOnlyCollection<T> values, Func<T, object> value)
        {
            if (values.Count == 0) return;
            var names = new List<string>();
            foreach (var v in values)
            {
                var p = command.CreateParameter();
                p.ParameterName = "@p" + command.Parameters.Count;
                p.Value = value(v);
                command.Parameters.Add(p);
                names.Add(p.ParameterName);
            }
            where.Add($"{column} IN ({string.Join(", ", names)})");
        }
        In("s.programme", filter.Programmes, p => p.Code());
        In("s.township_id", filter.TownshipIds, id => id);
        In("s.status", filter.Statuses, s => s.Code());
        if (filter.PilotOnly) where.Add("s.is_pilot");
        if (filter.ShowcaseOnly) where.Add("s.is_showcase");
        if (filter.OverdueOnly)
        {
            // Only what is past its planned end: the rule itself (not finished by then) is OverdueRule's, on each row.
            var p = command.CreateParameter();
            p.ParameterName = "@today";
            p.Value = today;
            command.Parameters.Add(p);
            where.Add("s.planned_end < @today");
        }
        command.CommandText = $"""
            SELECT {SiteColumns}, t.name, t.code, COALESCE(o.n, 0)
            FROM sites s
            JOIN townships t ON t.id = s.township_id
            LEFT JOIN (SELECT site_id, count(*) AS n FROM site_tasks WHERE done_on IS NULL GROUP BY site_id) o ON o.site_id = s.id
            WHERE {string.Join(" AND ", where)}
            ORDER BY s.programme, s.code
            """;
        var text = string.IsNullOrWhiteSpace(filter.Text) ? null : filter.Text.Trim();
        var unit = string.IsNullOrWhiteSpace(filter.Unit) ? null : filter.Unit.Trim();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var townshipColumn = OwnColumns.Length + SiteFields.All.Count;
        while (await reader.ReadAsync(cancellationToken))
        {
            var site = Read(reader, engine);
            var overdue = site.IsOverdue(today);
            if (filter.OverdueOnly && !overdue) continue;
            if (text is not null && !site.Name.Contains(text, StringComparison.Ordinal) && !site.Code.Contains(text, StringComparison.Ordinal)) continue;
            if (unit is not null && site.ResponsibleUnit?.Contains(unit, StringComparison.Ordinal) != true) continue;
            var point = site.Geometry.InteriorPoint;
            yield return new ExportRow
            {
                Site = site,
                Township = reader.GetString(townshipColumn),
                TownshipCode = reader.GetString(townshipColumn + 1),
                Overdue = overdue,
                OpenTasks = Convert.ToInt32(reader.GetValue(townshipColumn + 2), System.Globalization.CultureInfo.InvariantCulture),
                Point = (point.X, point.Y),
            };
        }
    }

    static Site Read(DbDataReader reader, DatabaseEngine engine)
    {
        if (!ProgrammeExtensions.TryParse(reader.GetString(1), out var programme))
            throw new InvalidDataException($"site {reader.GetValue(0)}: unknown programme '{reader.GetString(1)}'");
        var site = SiteFactory.Blank(programme);
        var geometry = engine == DatabaseEngine.Postgres
            ? reader.GetFieldValue<NetTopologySuite.Geometries.Geometry>(4)
            : Ewkb.Read(reader.GetFieldValue<byte[]>(4));
        site.Load(reader.GetInt64(0), SiteStatusExtensions.FromCode(reader.GetString(2)), reader.GetInt32(3), geometry,
            reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.GetDouble(6));
        site.ActualStart = Date(reader, 7);
        site.ActualEnd = Date(reader, 8);
        for (var i = 0; i < SiteFields.All.Count; i++)
        {
            var field = SiteFields.All[i];
            if (!field.AppliesTo(programme)) continue;
            var c = OwnColumns.Length + i;
            field.Set(site, reader.IsDBNull(c) ? null : field.Kind switch
            {
                SiteFieldKind.Text => reader.GetString(c),
                SiteFieldKind.Date => Date(reader, c),
                SiteFieldKind.Money => reader.GetDecimal(c),
                SiteFieldKind.Number => reader.GetDouble(c),
                SiteFieldKind.Integer => reader.GetInt32(c),
                SiteFieldKind.Flag or SiteFieldKind.OptionalFlag => reader.GetBoolean(c),
                SiteFieldKind.WorksClass => EnumCodes.ParseWorksClass(reader.GetString(c)),
                _ => throw new InvalidDataException($"unknown field kind {field.Kind}"),
            });
        }
        return site;
    }

    static DateOnly? Date(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetFieldValue<DateOnly>(column);
}
