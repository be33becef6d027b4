namespace ToolGen.Extensions.AI.Tests;

/// <summary>Instance tools that count their calls, so a test can tell whether a call reached the method.</summary>
public sealed partial class WeatherTools
{
    private int _calls;

    public int Calls => _calls;

    public string? LastCity { get; private set; }

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the current weather in a city.</summary>
    /// <param name="city">The city, e.g. Paris.</param>
    [AssistantTool]
    public string GetWeather(string city)
    {
        Interlocked.Increment(ref _calls);
        LastCity = city;
        return "Sunny in " + city;
    }

    /// <summary>Gets the forecast for the next days.</summary>
    /// <param name="city">The city.</param>
    /// <param name="days">How many days, 1 to 7.</param>
    [AssistantTool]
    public IReadOnlyList<string> GetForecast(string city, byte days)
    {
        Interlocked.Increment(ref _calls);
        LastCity = city;
        return Enumerable.Repeat("sunny in " + city, days).ToArray();
    }

    /// <summary>Gets a weather station's name.</summary>
    /// <param name="id">The station's id.</param>
    [AssistantTool]
    public string GetStation(Guid id)
    {
        Interlocked.Increment(ref _calls);
        return "station " + id.ToString("D");
    }

    /// <summary>Gets the current season.</summary>
    [AssistantTool]
    public string GetSeason()
    {
        Interlocked.Increment(ref _calls);
        return "autumn";
    }

    /// <summary>Gets the temperature in degrees Celsius, as a non-strict tool.</summary>
    /// <param name="city">The city.</param>
    /// <param name="hour">The hour of the day, 0 to 23.</param>
    [AssistantTool(Strict = false)]
    public int GetTemperature(string city, byte hour = 12)
    {
        Interlocked.Increment(ref _calls);
        LastCity = city;
        return 18 + hour % 5;
    }

    /// <summary>Waits for the weather to change.</summary>
    [AssistantTool(Strict = false)]
    public async Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
