namespace ToolGen.OpenAI.Tests.Replay;

/// <summary>The tools of the recorded chat sessions ParallelToolCallsAsync and ConsecutiveToolCallsAsync, answering
/// what the recorded requests carry.</summary>
internal static partial class ChatWeatherTools
{
    /// <summary>gets the current weather for a given city</summary>
    /// <param name="city_name">the name of a city, e.g. Johannesburg or Ho Chi Minh City.</param>
    [AssistantTool]
    public static string GetWeatherForCity(string city_name) => city_name == "Karachi" ? "sunny" : "rainy";
}

/// <summary>The second tool of ConsecutiveToolCallsAsync.</summary>
internal static partial class ChatMoodTools
{
    /// <summary>gets the caller's mood for a given weather</summary>
    /// <param name="weather">the current weather of where the caller is located, e.g. sunny or cloudy.</param>
    [AssistantTool]
    public static string GetMoodForWeather(string weather) => weather == "rainy" ? "bored" : "happy";
}

/// <summary>The tool of NoParameterToolWorksAsync.</summary>
internal static partial class ChatFavoriteColorTools
{
    /// <summary>gets the favorite color of the caller</summary>
    [AssistantTool]
    public static string GetFavoriteColor() => "green";
}

/// <summary>The tool of ParametersWorkAsync and (as a legacy function) FunctionsWorkAsync.</summary>
internal static partial class ChatMonthColorTools
{
    /// <summary>gets the caller's favorite color for a given month</summary>
    /// <param name="month_name">the name of a calendar month, e.g. February or October.</param>
    [AssistantTool]
    public static string GetFavoriteColorForMonth(string month_name) => month_name == "February" ? "chartreuse" : "blue";
}

/// <summary>The strict tool of StructuredOutputsWithSchemaStrictAsync; its generated schema is the recorded one.</summary>
internal static partial class ChatWeekdayColorTools
{
    /// <summary>Given a weekday name like Tuesday, gets the favorite color of the user on that day.</summary>
    [AssistantTool]
    public static string GetFavoriteColorForDayOfWeek(string the_day_of_the_week) => the_day_of_the_week == "Tuesday" ? "blue" : "green";
}
