// A project that knows ToolGen only as a NuGet package: the generator must arrive with it and run.
using ToolGen;

var tools = Weather.AssistantTools;
Console.WriteLine(tools.Definitions[0].Name);
Console.WriteLine(tools.Definitions[0].ParametersSchemaJson);
Console.WriteLine((await tools.InvokeAsync(new ToolCall("call_1", "get_forecast", """{"city":"Oslo","days":2}"""))).Output);
Console.WriteLine((await tools.InvokeAsync(new ToolCall("call_2", "get_forecast", """{"days":2}"""))).Output);
Console.WriteLine((await Trips.AssistantTools.InvokeAsync(new ToolCall("call_3", "plan", """{"trip":{"stops":[{"city":"Oslo","on":"2026-05-01"}],"tags":["a"]}}"""))).Output);

internal static partial class Weather
{
    /// <summary>Gets the forecast for a city.</summary>
    /// <param name="city">The city name.</param>
    /// <param name="days">How many days ahead, 1 to 7.</param>
    [AssistantTool]
    public static string GetForecast(string city, int days = 1) => $"{city}: sunny for {days} day(s)";
}

internal sealed record Stop(string City, DateOnly On);

internal sealed record Trip(IReadOnlyList<Stop> Stops, HashSet<string> Tags);

internal static partial class Trips
{
    // Records, lists, sets and dates in and out: the generated readers and writers must stay NativeAOT-safe.
    [AssistantTool]
    public static Trip Plan(Trip trip) => trip;
}
