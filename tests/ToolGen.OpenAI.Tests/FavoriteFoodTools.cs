using System.Text;
using System.Text.Json;

namespace ToolGen.OpenAI.Tests;

/// <summary>The tool of the recorded session, written by hand until the generator produces it.</summary>
internal sealed class FavoriteFoodTools : ToolSet
{
    private static readonly ToolDefinition[] Tools =
    [
        new(
            "get_favorite_food_for_day_of_week",
            "gets the user's favorite food for a given day of the week, like Tuesday",
            Encoding.UTF8.GetBytes("""{"type":"object","properties":{"day_of_week":{"type":"string","description":"a day of the week, like Tuesday or Saturday"}},"required":["day_of_week"],"additionalProperties":false}"""),
            strict: true),
    ];

    public static ToolSet AssistantTools { get; } = new FavoriteFoodTools();

    public override IReadOnlyList<ToolDefinition> Definitions => Tools;

    protected override ValueTask<ToolResult> InvokeCoreAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (call.Name != Tools[0].Name)
        {
            return ValueTask.FromResult(UnknownTool(call));
        }

        using var arguments = JsonDocument.Parse(call.Arguments);
        return arguments.RootElement.TryGetProperty("day_of_week", out var day) && day.ValueKind == JsonValueKind.String
            ? ValueTask.FromResult(ToolResult.Success(call.Id, "tacos"))
            : ValueTask.FromResult(ToolResult.Failure(call.Id, new ToolError(ToolErrorKind.MissingRequired, call.Name, "day_of_week is required.") { Path = "day_of_week", Expected = "string" }));
    }
}
