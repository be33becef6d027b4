// A project that knows ToolGen only as a NuGet package: the generator must arrive with it and run.
using ToolGen;

var tools = Weather.AssistantTools;
Console.WriteLine(tools.Definitions[0].Name);
Console.WriteLine(tools.Definitions[0].ParametersSchemaJson);
Console.WriteLine((await tools.InvokeAsync(new ToolCall("call_1", "get_forecast", """{"city":"Oslo","days":2}"""))).Output);
Console.WriteLine((await tools.InvokeAsync(new ToolCall("call_2", "get_forecast", """{"days":2}"""))).Output);

internal static partial class Weather
{
    /// <summary>Gets the forecast for a city.</summary>
    /// <param name="city">The city name.</param>
    /// <param name="days">How many days ahead, 1 to 7.</param>
    [AssistantTool]
    public static string GetForecast(string city, int days = 1) => $"{city}: sunny for {days} day(s)";
}
