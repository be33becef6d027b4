namespace ToolGen.OpenAI.Tests.Loop;

/// <summary><c>get_weather(city)</c> and <c>explode()</c>, which always throws. <see cref="BeforeEachCall"/> lets a
/// test act while a tool runs (move a fake clock, cancel the caller's token).</summary>
internal sealed partial class WeatherTools
{
    public Action? BeforeEachCall { get; init; }

    /// <summary>Tells the weather in a city.</summary>
    /// <param name="city">The city's name.</param>
    /// <returns>The weather.</returns>
    [AssistantTool]
    public string GetWeather(string city)
    {
        BeforeEachCall?.Invoke();
        return $"Sunny in {city}";
    }

    /// <summary>Always fails.</summary>
    [AssistantTool]
    public void Explode()
    {
        BeforeEachCall?.Invoke();
        throw new InvalidOperationException("The tool broke.");
    }
}
