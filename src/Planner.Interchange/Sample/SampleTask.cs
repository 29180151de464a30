using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Planner.Geometry;
using Planner.Localization;
using Planner.Validation;

namespace Planner.Sample;

public sealed record SampleTask(string Measure, DateOnly Deadline, string Responsible, DateOnly? DoneOn);
