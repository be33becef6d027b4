namespace ToolGen.OpenAI.Tests.Replay;

/// <summary>The tool of the recorded responses sessions FunctionCallWorksAsync and FunctionToolChoiceWorksAsync,
/// answering what the recorded follow-up request carries.</summary>
internal static partial class ResponsesWeatherTools
{
    /// <summary>A temperature unit.</summary>
    public enum TemperatureUnit
    {
        /// <summary>Celsius.</summary>
        C,

        /// <summary>Fahrenheit.</summary>
        F,

        /// <summary>Kelvin.</summary>
        K,
    }

    /// <summary>Gets the weather at a specified location, optionally specifying units for temperature</summary>
    /// <param name="location">The location.</param>
    /// <param name="unit">The unit.</param>
    [AssistantTool]
    public static string GetWeatherAtLocation(string location, TemperatureUnit? unit = null)
        => location.Length > 0 && unit is null or TemperatureUnit.C ? "22 celcius and windy" : "unknown";
}
