using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Planner.Geometry;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Sample;

public sealed record SampleProgress(DateTimeOffset At, string By, string Status, int Percent, string? Note, DateOnly? ActualDate);
