namespace ToolGen.OpenAI.Tests.Replay;

/// <summary>The tool of the recorded streamed sessions StreamingToolCall and StreamingToolCallAsync, answering what
/// the recorded submission carries.</summary>
internal static partial class CurrentWeatherTools
{
    /// <summary>Gets the user's current weather</summary>
    /// <returns>The weather.</returns>
    [AssistantTool]
    public static string GetCurrentWeather() => "warm and sunny";
}
