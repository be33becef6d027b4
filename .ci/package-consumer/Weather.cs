using ToolGen;

internal static partial class Weather
{
    /// <summary>Gets the forecast for a city.</summary>
    /// <param name="city">The city name.</param>
    /// <param name="days">How many days ahead, 1 to 7.</param>
    [AssistantTool]
    public static string GetForecast(string city, int days = 1) => $"{city}: sunny for {days} day(s)";
}
