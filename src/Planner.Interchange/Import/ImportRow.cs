using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;
using Planner.Data;
using Planner.Geometry;
using Planner.Localization;
using Planner.Sites;
using Planner.Townships;
using Planner.Validation;

namespace Planner.Import;

public sealed record ImportRow(int Row, string Where, string? Code, ImportAction Action, IReadOnlyList<Problem> Problems);
