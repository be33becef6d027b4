// The code of docs/getting-started.md: each #region is a code block of the page, kept identical by
// GettingStartedPageTests, and compiled and run here. In the global namespace, as in a new project
// of your own, so the page's using directives mean what they mean there.
#region tool
using ToolGen;

public static partial class WeatherTools
{
    /// <summary>Gets today's weather for a city.</summary>
    /// <param name="city">The city's name, e.g. "Oslo".</param>
    [AssistantTool]
    public static string GetWeather(string city) => city switch
    {
        "Oslo" => "Oslo: 7 °C, cloudy",
        "Lisbon" => "Lisbon: 21 °C, sunny",
        _ => $"No weather known for {city}.",
    };
}
#endregion
