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

public enum ImportAction { New, Update, Refused }
