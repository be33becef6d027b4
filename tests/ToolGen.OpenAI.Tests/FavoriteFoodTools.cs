namespace ToolGen.OpenAI.Tests;

/// <summary>The tool of the recorded session FunctionToolsWorkAsync.</summary>
internal static partial class FavoriteFoodTools
{
    /// <summary>gets the user's favorite food for a given day of the week, like Tuesday</summary>
    /// <param name="day_of_week">a day of the week, like Tuesday or Saturday</param>
    /// <returns>The food.</returns>
    [AssistantTool]
    public static string GetFavoriteFoodForDayOfWeek(string day_of_week) => day_of_week.Length > 0 ? "tacos" : "nothing";
}
