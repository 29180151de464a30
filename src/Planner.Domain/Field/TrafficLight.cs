namespace Planner.Field;

/// <summary>How much of its step's time a case has used: green under 80 %, yellow 80–100 %, red beyond; none once it is closed or voided.</summary>
public enum TrafficLight
{
    None,
    Green,
    Yellow,
    Red,
}

public static class TrafficLights
{
    public static string Code(this TrafficLight light) => light.ToString().ToLowerInvariant();

    /// <param name="used">Working hours since the step began.</param>
    /// <param name="allowed">Working hours the step may take.</param>
    public static TrafficLight Of(double used, double allowed) =>
        allowed <= 0 ? TrafficLight.None : used < 0.8 * allowed ? TrafficLight.Green : used <= allowed ? TrafficLight.Yellow : TrafficLight.Red;
}
